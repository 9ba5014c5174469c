import Foundation
import HTTPTypes
import Testing

@Suite("HTTP API: messages, notices, handoff, idempotency (real HTTP on loopback)")
struct ConversationAPITests {
    @Test(
        "a notice, then the customer's question answered from its payload",
        arguments: [
            ("en", "when will it arrive?", "order.track"),
            ("ar", "متى يوصل؟", "order.track"),
            ("fa", "کی می‌رسه؟", "order.track"),
        ]
    )
    func noticeThenAnswer(language: String, question: String, intent: String) async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let id = "+97155501\(language == "en" ? "00" : language == "ar" ? "01" : "02")"
            let notice = try await http.notice(
                "order.shipped",
                ["order_id": "A-10293", "eta": "2026-12-08"],
                lang: language,
                to: id
            )
            #expect(notice.status == 200, "\(notice.body)")
            #expect(notice.json["state"] as? String == "order.shipped")
            #expect(notice.json["language"] as? String == language)
            #expect(notice.replies.first?.contains("A-10293") == true)

            let answer = try await http.say(question, to: id)
            #expect(answer.status == 200)
            #expect(answer.json["intent"] as? String == intent)
            #expect(answer.json["id"] as? String == "\(id)#2")
            #expect(answer.replies.first?.contains("A-10293") == true, "\(answer.replies)")
            let requestID = try #require(HTTPField.Name("X-Request-Id"))
            #expect(answer.headers[requestID]?.isEmpty == false)

            let conversation = try await http.call(.get, "/v1/conversations/\(id)")
            #expect(conversation.status == 200)
            #expect(conversation.json["turns"] as? Int == 2)
            #expect((conversation.json["transcript"] as? [Any])?.count == 4)
        }
    }

    @Test(
        "asking for a person hands off; a notice meanwhile is held; release delivers it",
        arguments: [
            ("en", "I want to talk to a person"),
            ("ar", "أريد التحدث مع موظف"),
            ("fa", "می‌خوام با یه نفر صحبت کنم"),
        ]
    )
    func handoffAndRelease(language: String, ask: String) async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let id = "customer-\(language)"
            let handoff = try await http.say(ask, to: id)
            #expect(handoff.json["handedOff"] as? Bool == true, "\(handoff.body)")
            let held = try await http.notice("order.shipped", ["order_id": "B-7", "eta": "2026-12-09"], to: id)
            #expect(held.effects == ["held"])
            #expect(held.replies.isEmpty)
            let waiting = try await http.call(.get, "/v1/conversations/\(id)")
            #expect(waiting.json["held"] as? [String] == ["order.shipped"])
            #expect((waiting.json["handoff"] as? [String: Any])?["reason"] != nil)

            let release = try await http.call(.post, "/v1/conversations/\(id)/release")
            #expect(release.status == 200)
            #expect(release.effects.contains("released"))
            #expect(release.replies.contains { $0.contains("B-7") }, "\(release.replies)")
            #expect(release.json["state"] as? String == "order.shipped")
        }
    }

    @Test(
        "a message redelivered with the same Idempotency-Key changes nothing, in every language",
        arguments: [("when will it arrive?", "en"), ("متى يوصل الطلب", "ar"), ("کی می‌رسه؟", "fa")]
    )
    func idempotentMessage(text: String, language: String) async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let id = "redelivered-\(language)"
            _ = try await http.notice("order.shipped", ["order_id": "A-1", "eta": "2026-12-08"], to: id)
            let first = try await http.say(text, to: id, idempotencyKey: "wamid.1")
            #expect(first.status == 200, "\(first.body)")
            #expect(!first.replies.isEmpty)
            let again = try await http.say(text, to: id, idempotencyKey: "wamid.1")
            #expect(again.status == 200)
            #expect(again.effects == ["duplicate"])
            #expect(again.replies.isEmpty)
            #expect(again.json["index"] as? Int == first.json["index"] as? Int, "no new turn")
            // A message key and a notice key live apart; a new message id is a new message.
            let next = try await http.say(text, to: id, idempotencyKey: "wamid.2")
            #expect(next.effects != ["duplicate"])
            #expect(next.json["index"] as? Int == (first.json["index"] as? Int ?? 0) + 1)
            let conversation = try await http.call(.get, "/v1/conversations/\(id)")
            let customerLines = (conversation.json["transcript"] as? [[String: Any]] ?? []).filter {
                $0["speaker"] as? String == "customer"
            }
            #expect(customerLines.count == 2)
            let bad = try await http.say(text, to: id, idempotencyKey: "a key with spaces")
            #expect(bad.status == 400)
        }
    }

    @Test("a notice sent again with the same Idempotency-Key is not applied twice")
    func idempotentRedelivery() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let data = ["flight_number": "EK201", "gate": "B12"]
            let first = try await http.notice("flight.gate_changed", data, to: "traveller", idempotencyKey: "gate-1")
            #expect(first.status == 200, "\(first.body)")
            #expect(!first.replies.isEmpty)
            let again = try await http.notice("flight.gate_changed", data, to: "traveller", idempotencyKey: "gate-1")
            #expect(again.status == 200)
            #expect(again.effects == ["duplicate"])
            #expect(again.replies.isEmpty)
            // The sender's key decides even when the payload differs: a retry is a retry.
            let retried = try await http.notice(
                "flight.gate_changed",
                ["flight_number": "EK201", "gate": "C3"],
                to: "traveller",
                idempotencyKey: "gate-1"
            )
            #expect(retried.effects == ["duplicate"])
            let moved = try await http.notice(
                "flight.gate_changed",
                ["flight_number": "EK201", "gate": "B14"],
                to: "traveller",
                idempotencyKey: "gate-2"
            )
            #expect(moved.effects != ["duplicate"])
            #expect(moved.replies.contains { $0.contains("B14") })
            let conversation = try await http.call(.get, "/v1/conversations/traveller")
            let notices = (conversation.json["transcript"] as? [[String: Any]] ?? []).filter {
                $0["speaker"] as? String == "notice"
            }
            #expect(notices.count == 2)
        }
    }

    @Test("a batch applies each line on its own: per-line results in line order")
    func batch() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            let lines = [
                #"{"conversation": "c1", "event": "order.shipped", "data": {"order_id": "A-1", "eta": "2026-12-08"}}"#,
                #"{"conversation": "c2", "event": "order.shipped", "data": {"order_id": "A-2", "eta": "2026-12-09"}, "lang": "fa"}"#,
                #"{"conversation": "c1", "event": "no.such.event"}"#,
                "not json",
                "",
                #"{"conversation": "c1", "event": "order.delivered", "data": {"order_id": "A-1"}, "idempotencyKey": "d1"}"#,
            ]
            let answer = try await http.call(
                .post,
                "/v1/events",
                headers: [.contentType: "application/x-ndjson"],
                body: lines.joined(separator: "\n")
            )
            #expect(answer.status == 200, "\(answer.body)")
            let results = answer.json["results"] as? [[String: Any]] ?? []
            #expect(results.map { $0["line"] as? Int } == [1, 2, 3, 4, 6])
            #expect(results.map { $0["status"] as? Int } == [200, 200, 400, 400, 200])
            #expect((results[2]["error"] as? [String: Any])?["code"] as? String == "unknown-event")
            #expect((results[3]["error"] as? [String: Any])?["code"] as? String == "invalid-json")
            #expect(((results[1]["turn"] as? [String: Any])?["language"] as? String) == "fa")
            #expect(answer.json["applied"] as? Int == 3)
            #expect(answer.json["refused"] as? Int == 2)
            let c1 = try await http.call(.get, "/v1/conversations/c1")
            #expect(c1.json["turns"] as? Int == 2)
        }
    }

    @Test("erasing a conversation forgets it")
    func erase() async throws {
        let harness = try ServerHarness()
        try await harness.live { http in
            _ = try await http.say("hello", to: "forget-me")
            #expect(try await http.call(.get, "/v1/conversations/forget-me").status == 200)
            let erased = try await http.call(.delete, "/v1/conversations/forget-me")
            #expect(erased.status == 204)
            let gone = try await http.call(.get, "/v1/conversations/forget-me")
            #expect(gone.status == 404)
            #expect(gone.errorCode == "not-found")
        }
    }
}
