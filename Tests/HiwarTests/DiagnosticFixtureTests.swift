import Foundation
import Testing

@testable import Hiwar

/// One broken bot and the diagnostics it must produce: (marker, code) pairs.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    let files: [String]
    let expected: [(marker: String, code: DiagnosticCode)]
    var testDescription: String { files.joined(separator: " + ") }

    init(_ file: String, _ expected: [(String, DiagnosticCode)]) {
        self.files = [file]
        self.expected = expected.map { (marker: $0.0, code: $0.1) }
    }

    init(files: [String], _ expected: [(String, DiagnosticCode)]) {
        self.files = files
        self.expected = expected.map { (marker: $0.0, code: $0.1) }
    }
}

@Suite("Every diagnostic code, at its exact position")
struct DiagnosticFixtureTests {
    static let cases: [DiagnosticCase] = [
        DiagnosticCase("json-syntax.json", [("1️⃣", .jsonSyntax)]),
        DiagnosticCase("duplicate-key.json", [("1️⃣", .duplicateKey)]),
        DiagnosticCase("unknown-key.json", [("1️⃣", .unknownKey), ("2️⃣", .unknownKey)]),
        DiagnosticCase("missing-key.json", [("1️⃣", .missingKey), ("2️⃣", .missingKey)]),
        DiagnosticCase("wrong-type.json", [("1️⃣", .wrongType), ("2️⃣", .wrongType), ("3️⃣", .wrongType)]),
        DiagnosticCase(
            "invalid-value.json",
            [
                ("1️⃣", .invalidValue), ("2️⃣", .invalidValue), ("3️⃣", .invalidValue), ("4️⃣", .invalidValue),
                ("5️⃣", .invalidValue), ("6️⃣", .invalidValue), ("7️⃣", .invalidValue),
            ]
        ),
        DiagnosticCase(
            "undefined-reference.json",
            [
                ("1️⃣", .undefinedReference), ("2️⃣", .undefinedReference), ("3️⃣", .undefinedReference),
                ("4️⃣", .undefinedReference), ("5️⃣", .undefinedReference), ("6️⃣", .undefinedReference),
                ("7️⃣", .undefinedReference),
            ]
        ),
        DiagnosticCase(
            files: ["duplicate-name/a.json", "duplicate-name/b.json"],
            [("1️⃣", .duplicateName), ("2️⃣", .duplicateName)]
        ),
        DiagnosticCase(
            "incomplete-reminder.json",
            [("1️⃣", .incompleteReminder), ("2️⃣", .incompleteReminder), ("3️⃣", .invalidValue), ("4️⃣", .invalidValue)]
        ),
        DiagnosticCase("unfiltered-regex.json", [("1️⃣", .unfilteredRegex), ("2️⃣", .unfilteredRegex)]),
        DiagnosticCase("invalid-regex.json", [("1️⃣", .invalidRegex), ("2️⃣", .invalidRegex), ("3️⃣", .invalidRegex)]),
        DiagnosticCase(
            "invalid-template.json",
            [("1️⃣", .invalidTemplate), ("2️⃣", .invalidTemplate), ("3️⃣", .invalidTemplate)]
        ),
        DiagnosticCase("matches-empty.json", [("1️⃣", .matchesEmpty)]),
        DiagnosticCase("catastrophic-pattern.json", [("1️⃣", .catastrophicPattern)]),
        DiagnosticCase(
            "unnormalized-regex.json",
            [("1️⃣", .unnormalizedRegex), ("2️⃣", .unnormalizedRegex), ("3️⃣", .unfilteredRegex)]
        ),
        DiagnosticCase("duplicate-pattern.json", [("1️⃣", .duplicatePattern)]),
        DiagnosticCase(
            "missing-language.json",
            [("1️⃣", .missingLanguage), ("2️⃣", .missingLanguage), ("3️⃣", .missingLanguage), ("4️⃣", .missingLanguage)]
        ),
        DiagnosticCase("example-not-matched.json", [("1️⃣", .exampleNotMatched), ("2️⃣", .exampleNotMatched)]),
        DiagnosticCase("example-shadowed.json", [("1️⃣", .exampleShadowed)]),
        DiagnosticCase("counterexample-matched.json", [("1️⃣", .counterexampleMatched), ("2️⃣", .counterexampleMatched)]),
        DiagnosticCase("unreachable-state.json", [("1️⃣", .unreachableState)]),
        DiagnosticCase("no-exit.json", [("1️⃣", .noExit)]),
        DiagnosticCase("empty-placeholder.json", [("1️⃣", .emptyPlaceholder)]),
        DiagnosticCase("invalid-condition.json", [("1️⃣", .invalidCondition), ("2️⃣", .invalidCondition)]),
        DiagnosticCase(
            "concept-cycle.json",
            [("1️⃣", .conceptCycle), ("2️⃣", .conceptCycle), ("3️⃣", .conceptCycle)]
        ),
        DiagnosticCase("too-large.json", [("1️⃣", .tooLarge)]),
        DiagnosticCase("shadowed-member.json", [("1️⃣", .shadowedMember)]),
        DiagnosticCase("punctuation-in-pattern.json", [("1️⃣", .punctuationInPattern), ("2️⃣", .punctuationInPattern)]),
    ]

    @Test("each fixture reports exactly its diagnostics, each at its marker", arguments: cases)
    func fixture(_ testCase: DiagnosticCase) throws {
        let fixtures = try testCase.files.map { try MarkedFixture.named($0) }
        let (result, markers) = compileFixtures(fixtures)
        var expected: [String] = []
        for (marker, code) in testCase.expected {
            let key = try #require(
                fixtures.lazy.map { $0.file.path + marker }.first { markers[$0] != nil },
                "no marker \(marker)"
            )
            let location = try #require(markers[key])
            expected.append("\(location) [\(code)]")
        }
        let actual = result.diagnostics.map { "\($0.location.map(String.init(describing:)) ?? "-") [\($0.code)]" }
        #expect(
            actual.sorted() == expected.sorted(),
            "\(result.diagnostics.map(\.description).joined(separator: "\n"))"
        )
        #expect(result.bot == nil || !result.hasErrors)
    }

    @Test("the fixtures and the loader tests together cover every diagnostic code")
    func coverage() {
        let loaderCodes: Set<DiagnosticCode> = [
            .unreadableFile, .noBotFiles, .fileTooLarge, .notUTF8, .byteOrderMark, .tooDeep,
        ]
        let covered = Set(Self.cases.flatMap { $0.expected.map(\.code) }).union(loaderCodes)
        #expect(covered == Set(DiagnosticCode.all), "missing: \(Set(DiagnosticCode.all).subtracting(covered))")
    }

    @Test("undefined names come with a did-you-mean: a bare state in its flow, a slot in a placeholder")
    func suggestions() throws {
        let fixture = try MarkedFixture.named("undefined-reference.json")
        let (result, _) = compileFixtures([fixture])
        let hints = result.diagnostics.compactMap(\.hint)
        #expect(hints.contains("did you mean \"idle\"?"), "\(hints)")
        #expect(hints.contains("did you mean \"order_id\"?"), "\(hints)")
    }

    @Test("shadowing names the winner, the deciding rule and both patterns")
    func shadowingExplained() throws {
        let fixture = try MarkedFixture.named("example-shadowed.json")
        let (result, _) = compileFixtures([fixture])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("but order.cancel wins: more specific"))
        #expect(diagnostic.notes.first?.location == fixture.markers["2️⃣"])
    }

    @Test("a syntax error in the file that declares the slots does not cascade into the patterns that use them")
    func noCascadeIntoPatterns() {
        let settings = SourceFile(
            path: "settings.json",
            text: "{\"settings\": {\"languages\": [\"en\"],,}, \"slots\": {\"order_id\": {\"type\": \"string\"}}}"
        )
        let intents = SourceFile(
            path: "orders.json",
            text: "{\"intents\": {\"order.track\": {\"patterns\": {\"en\": [\"where is order {order_id}\"]},"
                + " \"evidence\": {\"en\": [\"~where + order\"]}}}}"
        )
        let result = BotCompiler.compile(files: [settings, intents])
        #expect(result.diagnostics.map(\.code) == [.jsonSyntax], "\(result.diagnostics.map(\.description))")
    }

    @Test("a syntax error in one file does not cascade into undefined references from the others")
    func noCascade() {
        let broken = SourceFile(path: "a.json", text: "{\"intents\": {\"greet\": {\"patterns\": {\"en\": [\"hi\"]}}")
        let user = SourceFile(
            path: "b.json",
            text:
                "{\"flows\": {\"main\": {\"states\": {\"idle\": {\"on\": [{\"intent\": \"greet\", \"goto\": \"idle\"}]}}}}}"
        )
        let result = BotCompiler.compile(files: [broken, user])
        #expect(result.diagnostics.map(\.code) == [.jsonSyntax])
    }
}

@Suite("Loading files and directories")
struct BotLoaderTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a missing path, an empty directory and a directory with no JSON")
    func missingAndEmpty() throws {
        let missing = BotCompiler.compile(paths: ["/no/such/bot"])
        #expect(missing.diagnostics.map(\.code) == [.unreadableFile] && missing.bot == nil)
        let empty = try temporaryDirectory()
        #expect(BotCompiler.compile(paths: [empty.path]).diagnostics.map(\.code) == [.noBotFiles])
        try Data("hello".utf8).write(to: empty.appendingPathComponent("notes.txt"))
        #expect(BotCompiler.compile(paths: [empty.path]).diagnostics.map(\.code) == [.noBotFiles])
    }

    @Test("a symlink loop is reported once, never followed forever")
    func symlinkLoop() throws {
        let root = try temporaryDirectory()
        try Data("{\"intents\": {\"greet\": {\"patterns\": {\"en\": [\"hi\"]}}}}".utf8)
            .write(to: root.appendingPathComponent("bot.json"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("loop").path,
            withDestinationPath: root.path
        )
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("self.json").path,
            withDestinationPath: root.appendingPathComponent("self.json").path
        )
        let result = BotCompiler.compile(paths: [root.path])
        #expect(result.files.count == 1)
        #expect(result.diagnostics.contains { $0.code == .unreadableFile })
        #expect(result.diagnostics.allSatisfy { $0.code == .unreadableFile })
    }

    @Test("a file over the size limit, a file that is not UTF-8, a BOM, and deep nesting")
    func badFiles() throws {
        let root = try temporaryDirectory()
        let big = root.appendingPathComponent("big.json")
        try Data(repeating: 0x20, count: BotLoader.maximumFileSize + 1).write(to: big)
        let tooLarge = BotCompiler.compile(paths: [big.path])
        #expect(tooLarge.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(tooLarge.diagnostics.first?.location?.line == 1)

        let latin1 = SourceFile(
            path: "latin1.json",
            bytes: Array("{\"intents\": {}, \"x\": \"caf".utf8) + [0xE9, 0x22, 0x7D]
        )
        #expect(BotCompiler.compile(files: [latin1]).diagnostics.map(\.code) == [.notUTF8])

        let bom = SourceFile(path: "bom.json", bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        let bomResult = BotCompiler.compile(files: [bom])
        #expect(bomResult.diagnostics.map(\.code) == [.byteOrderMark] && bomResult.bot != nil)

        let deep = SourceFile(path: "deep.json", text: String(repeating: "[", count: 100_000))
        #expect(BotCompiler.compile(files: [deep]).diagnostics.map(\.code) == [.tooDeep])

        let notJSON = SourceFile(path: "notes.json", text: "This is not JSON.")
        #expect(BotCompiler.compile(files: [notJSON]).diagnostics.map(\.code) == [.jsonSyntax])
    }
}
