import Foundation
import HTTPTypes
import HiwarServer
import Testing

@Suite("HTTP API: refusals, keys and limits")
struct RefusalTests {
    @Test("no key, a wrong key and a key without the scope are refused; health needs none")
    func keys() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let none = try await http.say("hello", to: "c", key: "")
            let missing = try await http.call(.post, "/v1/conversations/c/messages", key: nil, body: #"{"text": "hi"}"#)
            #expect(missing.status == 401)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            #expect(none.status == 401)
            let wrong = try await http.say("hello", to: "c", key: "not-a-key")
            #expect(wrong.status == 401)
            let scope = try await http.say("hello", to: "c", key: ServerHarness.eventsKey)
            #expect(scope.status == 403)
            #expect(scope.errorCode == "forbidden")
            let notice = try await http.notice(
                "order.shipped",
                ["order_id": "A-1"],
                to: "c",
                key: ServerHarness.messagesKey
            )
            #expect(notice.status == 403)
            let erase = try await http.call(.delete, "/v1/conversations/c", key: ServerHarness.messagesKey)
            #expect(erase.status == 403)
            let metrics = try await http.call(.get, "/metrics", key: ServerHarness.eventsKey)
            #expect(metrics.status == 403)
            #expect(try await http.call(.get, "/healthz", key: nil).status == 200)
            #expect(try await http.call(.get, "/readyz", key: nil).status == 200)
            #expect(try await http.call(.get, "/openapi.json", key: nil).status == 200)
        }
    }

    @Test("malformed bodies get 400 with a code, the column and the field")
    func malformedBodies() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let path = "/v1/conversations/c/messages"
            let broken = try await http.call(.post, path, body: #"{"text": "hi""#)
            #expect(broken.status == 400)
            #expect(broken.errorCode == "invalid-json")
            #expect((broken.json["error"] as? [String: Any])?["message"] as? String ?? "" ~= "column")
            let array = try await http.call(.post, path, body: "[1]")
            #expect(array.errorCode == "invalid-json")
            let typo = try await http.call(.post, path, body: #"{"txt": "hi"}"#)
            #expect(typo.errorCode == "invalid-field")
            #expect((typo.json["error"] as? [String: Any])?["field"] as? String == "txt")
            let number = try await http.call(.post, path, body: #"{"text": 5}"#)
            #expect(number.errorCode == "invalid-field")
            let binary = try await http.call(.post, path, bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
            #expect(binary.status == 400)
            #expect(binary.errorCode == "invalid-utf8")
            let language = try await http.call(.post, path, body: #"{"text": "hi", "lang": "de"}"#)
            #expect(language.errorCode == "unknown-language")
            let longText = try await http.say(String(repeating: "a", count: 5_000), to: "c")
            #expect(longText.status == 400)
            #expect(longText.errorCode == "field-too-long")
        }
    }

    @Test("a 10 MB body is refused with 413 and the server goes on")
    func hugeBody() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
            let answer = try await http.call(.post, "/v1/conversations/c/messages", bytes: huge)
            #expect(answer.status == 413)
            #expect(answer.errorCode == "body-too-large")
            #expect(try await http.say("hello", to: "c").status == 200)
        }
    }

    @Test("notices that do not fit their event are refused with the delivery error's code")
    func badNotices() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let unknown = try await http.notice("order.teleported", [:], to: "c")
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "unknown-event")
            let missing = try await http.notice("order.shipped", [:], to: "c")
            #expect(missing.errorCode == "missing-field")
            let card = try await http.notice(
                "card.expiring",
                ["card_last4": "4111 1111 1111 1111", "expiry": "2026-02"],
                to: "c"
            )
            #expect(card.status == 400)
            #expect(!card.body.contains("4111 1111 1111 1111"))
            let badKey = try await http.notice("order.shipped", ["order_id": "A"], to: "c", idempotencyKey: "has space")
            #expect(badKey.errorCode == "invalid-idempotency-key")
            // Nothing was stored for the refused notices.
            #expect(try await http.call(.get, "/v1/conversations/c").status == 404)
        }
    }

    @Test("conversation ids: too long, odd bytes and card numbers are refused; unknown routes are 404")
    func conversationIDs() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let long = try await http.say("hi", to: String(repeating: "x", count: 129))
            #expect(long.errorCode == "invalid-conversation-id")
            let odd = try await http.say("hi", to: "a%00b")
            #expect(odd.errorCode == "invalid-conversation-id")
            let card = try await http.say("hi", to: "4111111111111111")
            #expect(card.errorCode == "card-number-refused")
            let route = try await http.call(.get, "/v2/anything")
            #expect(route.status == 404)
            #expect(route.errorCode == "not-found")
            let method = try await http.call(.put, "/v1/conversations/c/messages", body: "{}")
            #expect(method.status == 405)
            #expect(method.errorCode == "method-not-allowed")
            #expect(method.headers[.allow] == "POST")
            let trace = try await http.call(.trace, "/v1/conversations/c")
            #expect(trace.headers[.allow] == "GET, DELETE")
            let encoded = try await http.say("hi", to: "%2B9715550100")
            #expect(encoded.json["conversation"] as? String == "+9715550100")
            let batch = try await http.call(.post, "/v1/events", body: "[]\nnot json")
            #expect(batch.status == 400)
            #expect(batch.errorCode == "invalid-json")
        }
    }

    @Test("over a conversation's rate: 429 with Retry-After, and other conversations go on")
    func rateLimit() async throws {
        let harness = try ServerHarness { $0.conversationRate = (perSecond: 0.001, burst: 2) }
        try await harness.live { http in
            #expect(try await http.say("hello", to: "busy").status == 200)
            #expect(try await http.say("hello", to: "busy").status == 200)
            let limited = try await http.say("hello", to: "busy")
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate-limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await http.say("hello", to: "calm").status == 200)
        }
    }

    @Test("over a key's rate: 429 for that key, others go on")
    func keyRateLimit() async throws {
        let harness = try ServerHarness { $0.keyRate = (perSecond: 0.001, burst: 3) }
        try await harness.live { http in
            for index in 0..<3 {
                #expect(try await http.say("hello", to: "k\(index)", key: ServerHarness.messagesKey).status == 200)
            }
            let limited = try await http.say("hello", to: "k9", key: ServerHarness.messagesKey)
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate-limited")
            #expect(try await http.say("hello", to: "k9").status == 200)
        }
    }

    @Test("a batch of 100,000 notices is refused whole with 413, before any is applied")
    func hugeBatch() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let line = #"{"conversation": "b", "event": "order.delivered", "data": {"order_id": "A"}}"#
            let body = Array(repeating: line, count: 100_000).joined(separator: "\n")
            let answer = try await http.call(.post, "/v1/events", body: body)
            #expect(answer.status == 413)
            #expect(["batch-too-large", "body-too-large"].contains(answer.errorCode))
            #expect(try await http.call(.get, "/v1/conversations/b").status == 404)
        }
    }

    @Test("a card number in a message never comes back in the turn or the conversation")
    func cardNumberInMessage() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let turn = try await http.say("my card is 4111 1111 1111 1111", to: "c")
            #expect(turn.status == 200)
            #expect(!turn.body.contains("4111 1111 1111 1111"))
            let conversation = try await http.call(.get, "/v1/conversations/c")
            #expect(!conversation.body.contains("4111 1111 1111 1111"))
            #expect(conversation.body.contains("1111"))
        }
    }
}

extension String {
    fileprivate static func ~= (text: String, fragment: String) -> Bool { text.contains(fragment) }
}
