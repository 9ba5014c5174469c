"""Schemathesis hooks for `hiwar serve`: how to send a batch body (application/x-ndjson).

The document gives the batch body as text (one JSON object per line). A text value is sent as written. A value of
another type is how schemathesis tests that the server refuses what the document does not allow; it is sent as
one JSON string literal, which is text but no notice object, so the server must refuse the body.
"""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(json.dumps(value)).encode("utf-8")
