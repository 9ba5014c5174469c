import Foundation
import PCRE2Kit
import Testing

@testable import Hiwar

@Suite("BotCompiler: the library API")
struct BotCompilerTests {
    static let bot = SourceFile(
        path: "memory/bot.json",
        text: """
            {
              "settings": {"languages": ["en", "ar", "fa"]},
              "slots": {"order_id": {"type": "string", "entity": "order_id"}},
              "intents": {
                "order.track": {"patterns": {
                  "en": ["where is [my] order [{order_id}]"],
                  "ar": ["(وين|أين) <طلب> [رقم] [{order_id}]"],
                  "fa": ["<سفارش> [{order_id}] کجاست"]
                }},
                "greet": {"patterns": {"en": ["hi"], "ar": ["مرحبا"], "fa": ["سلام"]}}
              }
            }
            """
    )

    @Test("in-memory files compile into a bot that matches in all three languages, with slots")
    func inMemory() throws {
        let result = BotCompiler.compile(files: [Self.bot])
        #expect(result.diagnostics.isEmpty)
        let bot = try #require(result.bot)
        #expect(bot.languages == [.english, .arabic, .persian])
        #expect(bot.intentNames == ["greet", "order.track"])

        let english = bot.match("Where is my ORDER #558120?")
        #expect(english.intent == "order.track" && english.language == .english)
        #expect(english.matches.first?.captures.first?.text == "#558120")

        let arabic = bot.match("أين طلبي رقم ٥٥٨١٢٠")
        #expect(arabic.intent == "order.track" && arabic.language == .arabic)
        let capture = try #require(arabic.matches.first?.captures.first)
        #expect(capture.text == "558120")
        #expect("أين طلبي رقم ٥٥٨١٢٠".utf8Slice(capture.span) == "٥٥٨١٢٠", "the span points at what was typed")

        let persian = bot.match("سفارشم ۱۲۳۴۵۶ کجاست؟")
        #expect(persian.intent == "order.track" && persian.language == .persian)
        #expect(persian.matches.first?.captures.first?.text == "123456")

        #expect(bot.match("what's the weather").intent == nil)
        #expect(bot.match("").intent == nil)
    }

    @Test("errors say what is wrong through localizedDescription too")
    func localizedErrors() throws {
        let delivery = DeliveryError(
            code: .missingField,
            message: "order.shipped needs the field \"order_id\"",
            field: "order_id"
        )
        #expect((delivery as any Error).localizedDescription == delivery.description)
        let broken = SourceFile(path: "b.json", text: "{\"intents\": {\"greet\": {\"patern\": 1}}}")
        let diagnostics = BotCompiler.compile(files: [broken]).diagnostics
        let compilation = CompilationError(diagnostics: diagnostics)
        #expect((compilation as any Error).localizedDescription == compilation.description)
        #expect(compilation.description.contains("b.json:1:"))
    }

    @Test("the throwing initializer carries every diagnostic")
    func throwing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("{\"intents\": {\"greet\": {\"patern\": 1}}}".utf8).write(
            to: directory.appendingPathComponent("a.json")
        )
        #expect {
            _ = try CompiledBot(paths: [directory.path])
        } throws: { error in
            guard let error = error as? CompilationError else { return false }
            return error.diagnostics.map(\.code) == [.missingKey, .unknownKey]
        }
        try Data(Self.bot.bytes).write(to: directory.appendingPathComponent("a.json"))
        let bot = try CompiledBot(paths: [directory.path])
        #expect(bot.match("hi").intent == "greet")
    }

    @Test("the compiled bot is shared by concurrent tasks with identical results")
    func concurrent() async throws {
        let bot = try #require(BotCompiler.compile(files: [Self.bot]).bot)
        let messages = ["where is my order 558120", "وين طلبي", "سفارشم کجاست", "hi", "nothing here"]
        let expected = messages.map { bot.match($0) }
        await withTaskGroup(of: [MatchResult].self) { group in
            for _ in 0..<8 { group.addTask { (0..<50).flatMap { _ in messages.map { bot.match($0) } } } }
            for await results in group {
                #expect(results == Array((0..<50).flatMap { _ in expected }))
            }
        }
    }
}

@Suite("Explanations")
struct ExplanationTests {
    @Test("an explanation names the candidates, every attempt with its location, the winner and the rule")
    func content() throws {
        let bot = try #require(BotCompiler.compile(files: [BotCompilerTests.bot]).bot)
        let explanation = bot.explain("أين طلبي رقم ٥٥٨١٢٠")
        #expect(explanation.normalized == "اين طلبي رقم 558120")
        #expect(explanation.language == .arabic)
        #expect(explanation.intent == "order.track")
        #expect(explanation.candidates.count < explanation.patternCount, "the prefilter chose a subset")
        #expect(
            explanation.attempts.contains { $0.outcome == .matched && $0.pattern.location.path == "memory/bot.json" }
        )
        #expect(explanation.decidingRule == "only match")
        #expect(explanation.slots.map(\.value) == ["558120"])
        let text = explanation.description
        #expect(text.contains("winner:     order.track (exact, specificity 10"))
        #expect(text.contains("memory/bot.json:"))
        #expect(text.contains("on \"أين طلبي رقم ٥٥٨١٢٠\""), "spans quote what the customer typed")

        let typo = bot.explain("where is my ordr")
        #expect(typo.corrections.map(\.corrected) == ["order"])
        #expect(typo.description.contains("typos:      ordr → order"))
        #expect(bot.explain("nothing at all").description.contains("fallback (nothing matched)"))
    }

    @Test("why not this intent: each of its patterns, the prefilter's word, its rank and the deciding rule")
    func intentExplanation() throws {
        let file = SourceFile(
            path: "why.json",
            text: """
                {
                  "settings": {"languages": ["en", "ar", "fa"]},
                  "intents": {
                    "order.track": {"patterns": {"en": ["where is [my] order"], "ar": ["أين <طلب>"], "fa": ["<سفارش> کجاست"]}},
                    "order.cancel": {"patterns": {"en": ["cancel [my] order"], "ar": ["الغاء <طلب>"], "fa": ["لغو <سفارش>"]}},
                    "help": {"keywords": {"en": [["order"]], "ar": [["طلب"]], "fa": [["سفارش"]]}}
                  }
                }
                """
        )
        let bot = try #require(BotCompiler.compile(files: [file]).bot)

        // Persian: order.track won; order.cancel's Persian pattern was not run for want of "لغو".
        let persian = bot.explain("سفارشم کجاست", intent: "order.cancel")
        #expect(persian.rank == nil && persian.winner == "order.track")
        let cancel = try #require(persian.patterns.first { $0.pattern.language == .persian })
        #expect(!cancel.selected && cancel.outcome == nil && cancel.requiredWord == "لغو")
        #expect(persian.description.contains("not run: no \"لغو\" in the message"))
        #expect(persian.description.contains("at why.json:5:"))

        // English: order.cancel's key "cancel" is there, but its other required word is not, so the
        // prefilter drops it and the explanation names that word.
        let english = bot.explain("cancel it please", intent: "order.cancel")
        let dropped = try #require(english.patterns.first { $0.pattern.language == .english })
        #expect(!dropped.selected && dropped.outcome == nil && dropped.requiredWord == "order")
        #expect(english.description.contains("not run: no \"order\" as a word of its own in the message"))
        // "border" holds the letters but not the word the pattern needs.
        let border = bot.explain("cancel the border", intent: "order.cancel")
        let unselected = try #require(border.patterns.first { $0.pattern.language == .english })
        #expect(!unselected.selected && unselected.requiredWord == "order" && unselected.requiredWordStandsAlone)

        // Arabic: the keyword intent matched too, and lost to the template by a named rule.
        let arabic = bot.explain("أين طلب", intent: "help")
        #expect(arabic.rank == 1 && arabic.winner == "order.track")
        #expect(arabic.rule == "exact match beats keywords match")
        #expect(
            arabic.description.contains("matched but ranked 2; order.track won by exact match beats keywords match")
        )
        #expect(bot.explain("أين طلبي", intent: "order.track").rank == 0)
        #expect(bot.explain("hello", intent: "nope").description == "no intent is called nope")
    }

    @Test("a pattern that hits the match limit is reported as such, never a hang")
    func limitExceeded() throws {
        let file = SourceFile(
            path: "limit.json",
            text:
                "{\"intents\": {\"slow\": {\"regex\": {\"en\": [\"(?:1|11)+2\"]}}, \"hi\": {\"patterns\": {\"en\": [\"hi\"]}}}}"
        )
        let result = BotCompiler.compile(files: [file])
        let bot = try #require(result.bot, "\(result.diagnostics)")
        // Digits, because squeezing would shorten a run of letters.
        let explanation = bot.explain("hi " + String(repeating: "1", count: 60) + "!2")
        #expect(explanation.intent == "hi")
        #expect(explanation.attempts.contains { if case .limitExceeded = $0.outcome { true } else { false } })
    }
}
