#!/usr/bin/env python3
"""Writes the OpenAPI 3.1 document of `hiwar serve` (docs/openapi.json and the server's resource copy).

The document is data; this script keeps its repeated parts (error answers, the turn record) in one place.
Run it after changing the API: `python3 scripts/openapi.py`. A test checks both copies match it.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def error_response(description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def errors(*codes):
    table = {
        "400": "The request is malformed or refused (the error's code says why).",
        "401": "No key, or a key that is not valid.",
        "403": "The key does not have the scope this route needs.",
        "404": "No such conversation.",
        "409": "The server cannot do this (a reload without bot files).",
        "413": "The body or a field is over the limit.",
        "429": "Over the rate limit; retry after Retry-After seconds.",
        "503": "The conversation store failed; retry later.",
    }
    return {code: error_response(table[code]) for code in codes}


CONVERSATION_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The conversation: 1-128 bytes of letters, digits and . _ : @ + -",
    "schema": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[A-Za-z0-9._:@+-]+$"},
}

STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
SCALAR_MAP = {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}
LANG = {"type": "string", "description": "The customer's language: one the bot speaks (en, ar, fa)."}

TURN = {
    "type": "object",
    "required": ["id", "conversation", "index", "at", "input", "slots", "language", "stateBefore", "state",
                 "replies", "effects", "handedOff"],
    "properties": {
        "id": {"type": "string", "description": "conversation#index; the same when a turn is delivered again."},
        "conversation": {"type": "string"},
        "index": {"type": "integer", "minimum": 1},
        "at": {"type": "string", "format": "date-time"},
        "input": {
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string", "enum": ["message", "event", "scheduled", "release"]},
                "text": {"type": "string"},
                "event": {"type": "string"},
                "data": STRING_MAP,
                "job": {"type": "integer"},
                "due": {"type": "string", "format": "date-time"},
            },
        },
        "intent": {"type": ["string", "null"]},
        "score": {"type": ["number", "null"]},
        "slots": STRING_MAP,
        "answered": {"type": ["string", "null"]},
        "language": {"type": "string"},
        "stateBefore": {"type": "string"},
        "state": {"type": "string"},
        "replies": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["response", "text", "language"],
                "properties": {"response": {"type": "string"}, "text": {"type": "string"}, "language": {"type": "string"}},
            },
        },
        "effects": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "details"],
                "properties": {"kind": {"type": "string"}, "details": STRING_MAP},
            },
        },
        "handedOff": {"type": "boolean"},
    },
}

ERROR_DETAIL = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
}

CONVERSATION = {
    "type": "object",
    "required": ["id", "state", "slots", "held", "transcript", "jobs", "turns"],
    "properties": {
        "id": {"type": "string"},
        "state": {"type": "string"},
        "language": {"type": "string"},
        "slots": STRING_MAP,
        "handoff": {
            "type": "object",
            "required": ["reason", "since"],
            "properties": {"reason": {"type": "string"}, "since": {"type": "string", "format": "date-time"}},
        },
        "held": {"type": "array", "items": {"type": "string"}},
        "transcript": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["speaker", "text", "at"],
                "properties": {"speaker": {"type": "string"}, "text": {"type": "string"},
                               "at": {"type": "string", "format": "date-time"}},
            },
        },
        "jobs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "due", "kind"],
                "properties": {"id": {"type": "integer"}, "due": {"type": "string", "format": "date-time"},
                               "kind": {"type": "string", "enum": ["reminder", "timeout"]}, "event": {"type": "string"}},
            },
        },
        "turns": {"type": "integer", "minimum": 0},
    },
}

DIAGNOSTIC = {
    "type": "object",
    "required": ["severity", "code", "message"],
    "properties": {
        "severity": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"},
        "path": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
    },
}


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}


def json_body(schema, example=None):
    content = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {"required": True, "content": {"application/json": content}}


def turn_answer(description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Turn"}}}}


SECURED = [{"bearer": []}]

document = {
    "openapi": "3.1.0",
    "info": {
        "title": "Hiwar",
        "version": "1.0.0",
        "description": "A Hiwar bot over HTTP: customers' messages and business notices in, turn records out. "
                       "Proactive turns (reminders, timeouts) go to the configured webhook, signed with HMAC-SHA256. "
                       "Every error is {\"error\": {\"code\", \"message\", \"field\"?}}.",
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                       "description": "An API key; its scopes (messages, events, admin) decide the routes."}},
        "schemas": {
            "Turn": TURN,
            "Conversation": CONVERSATION,
            "Error": {"type": "object", "required": ["error"], "properties": {"error": ERROR_DETAIL}},
            "Diagnostic": DIAGNOSTIC,
        },
    },
    "paths": {
        "/v1/conversations/{id}/messages": {
            "post": {
                "operationId": "sendMessage",
                "summary": "A customer's message; answers with the turn.",
                "description": "Scope: messages. With an Idempotency-Key seen before (a channel's message id), the "
                               "message changes nothing and the turn has a `duplicate` effect.",
                "security": SECURED,
                "parameters": [CONVERSATION_ID, IDEMPOTENCY_KEY],
                "requestBody": json_body({
                    "type": "object", "required": ["text"], "additionalProperties": False,
                    "properties": {"text": {"type": "string", "maxLength": 4096}, "lang": LANG},
                }, {"text": "when will it arrive?"}),
                "responses": {"200": turn_answer("The turn."), **errors("400", "401", "403", "413", "429", "503")},
            }
        },
        "/v1/conversations/{id}/events": {
            "post": {
                "operationId": "deliverNotice",
                "summary": "A notice from the business; answers with the notice's turn.",
                "description": "Scope: events. With an Idempotency-Key seen before, the notice is not applied again, "
                               "changes nothing, and the turn has a `duplicate` effect.",
                "security": SECURED,
                "parameters": [CONVERSATION_ID, IDEMPOTENCY_KEY],
                "requestBody": json_body({
                    "type": "object", "required": ["event"], "additionalProperties": False,
                    "properties": {"event": {"type": "string", "maxLength": 256}, "data": SCALAR_MAP, "lang": LANG},
                }, {"event": "order.shipped", "data": {"order_id": "A-10293", "eta": "2026-12-08"}, "lang": "en"}),
                "responses": {"200": turn_answer("The notice's turn."),
                              **errors("400", "401", "403", "413", "429", "503")},
            }
        },
        "/v1/conversations/{id}/release": {
            "post": {
                "operationId": "release",
                "summary": "Gives a handed-off conversation back to the bot; held notices are delivered.",
                "description": "Scope: messages.",
                "security": SECURED,
                "parameters": [CONVERSATION_ID],
                "responses": {"200": turn_answer("The release's turn."), **errors("400", "401", "403", "429", "503")},
            }
        },
        "/v1/conversations/{id}": {
            "get": {
                "operationId": "getConversation",
                "summary": "The conversation: state, masked slots, transcript, pending jobs.",
                "description": "Scope: messages.",
                "security": SECURED,
                "parameters": [CONVERSATION_ID],
                "responses": {
                    "200": {"description": "The conversation.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conversation"}}}},
                    **errors("400", "401", "403", "404", "429", "503"),
                },
            },
            "delete": {
                "operationId": "eraseConversation",
                "summary": "Erases a customer's conversation: state, transcript, pending jobs.",
                "description": "Scope: admin.",
                "security": SECURED,
                "parameters": [CONVERSATION_ID],
                "responses": {"204": {"description": "Erased (or there was nothing)."},
                              **errors("400", "401", "403", "429", "503")},
            },
        },
        "/v1/events": {
            "post": {
                "operationId": "deliverBatch",
                "summary": "Notices for many customers: one JSON object per line.",
                "description": "Scope: events. Each line is {conversation, event, data?, lang?, idempotencyKey?}. "
                               "Lines of one conversation run in order, conversations in parallel; each line gets "
                               "its own result.",
                "security": SECURED,
                "requestBody": {"required": True, "content": {"application/x-ndjson": {
                    "schema": {"type": "string"},
                    "example": "{\"conversation\": \"+9715550100\", \"event\": \"order.shipped\", "
                               "\"data\": {\"order_id\": \"A-1\", \"eta\": \"2026-12-08\"}}\n",
                }}},
                "responses": {
                    "200": {"description": "One result per line, in line order.", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["applied", "refused", "results"],
                        "properties": {
                            "applied": {"type": "integer"}, "refused": {"type": "integer"},
                            "results": {"type": "array", "items": {
                                "type": "object", "required": ["line", "status"],
                                "properties": {
                                    "line": {"type": "integer"}, "status": {"type": "integer"},
                                    "conversation": {"type": "string"},
                                    "turn": {"$ref": "#/components/schemas/Turn"}, "error": ERROR_DETAIL,
                                },
                            }},
                        },
                    }}}},
                    **errors("400", "401", "403", "413", "429"),
                },
            }
        },
        "/v1/admin/reload": {
            "post": {
                "operationId": "reload",
                "summary": "Recompiles the bot from its files; a failed reload keeps the old bot.",
                "description": "Scope: admin.",
                "security": SECURED,
                "responses": {
                    "200": {"description": "Reloaded.", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["reloaded", "diagnostics"],
                        "properties": {"reloaded": {"const": True},
                                       "diagnostics": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}}},
                    }}}},
                    "422": {"description": "The files do not compile; the old bot stays.", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["reloaded", "diagnostics", "error"],
                        "properties": {"reloaded": {"const": False}, "error": ERROR_DETAIL,
                                       "diagnostics": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}}},
                    }}}},
                    **errors("401", "403", "409", "429"),
                },
            }
        },
        "/healthz": {"get": {"operationId": "health", "summary": "The process answers.", "security": [],
                             "responses": {"200": {"description": "Alive.", "content": {"application/json": {"schema": {
                                 "type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}}}}}}},
        "/readyz": {"get": {"operationId": "ready", "summary": "The store answers: the server can take turns.", "security": [],
                            "responses": {"200": {"description": "Ready.", "content": {"application/json": {"schema": {
                                "type": "object", "required": ["status"], "properties": {"status": {"const": "ready"}}}}}},
                                **errors("503")}}},
        "/metrics": {"get": {"operationId": "metrics", "summary": "Metrics in the Prometheus text format.",
                             "description": "Scope: admin.", "security": SECURED,
                             "responses": {"200": {"description": "The metrics.",
                                                   "content": {"text/plain": {"schema": {"type": "string"}}}},
                                           **errors("401", "403", "429")}}},
        "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document.", "security": [],
                                  "responses": {"200": {"description": "The document.",
                                                        "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    },
}

text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
targets = [ROOT / "docs" / "openapi.json", ROOT / "Sources" / "HiwarServer" / "Resources" / "openapi.json"]
if sys.argv[1:] == ["--check"]:
    stale = [str(path.relative_to(ROOT)) for path in targets if not path.exists() or path.read_text() != text]
    if stale:
        sys.exit("openapi: out of date, run python3 scripts/openapi.py: " + ", ".join(stale))
    print("openapi: docs/openapi.json and the server's copy are current")
else:
    for path in targets:
        path.write_text(text)
    print("openapi: wrote " + ", ".join(str(path.relative_to(ROOT)) for path in targets))
