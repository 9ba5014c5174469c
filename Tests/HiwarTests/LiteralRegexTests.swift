import PCRE2Kit
import Testing

@testable import Hiwar

struct CompileVector: CustomTestStringConvertible, Sendable {
    let id: String
    let language: String
    let literal: String
    let core: String
    var testDescription: String { id }

    static func all() throws -> [CompileVector] {
        try tsvRows(fixtureText("compile-vectors.tsv")).map {
            CompileVector(
                id: $0["id"] ?? "?",
                language: $0["lang"] ?? "en",
                literal: unescapeVector($0["literal"] ?? ""),
                core: $0["regex_core"] ?? ""
            )
        }
    }
}

@Suite("Literal → regex compilation (spec §5.1)")
struct LiteralRegexTests {
    let normalizer = TextNormalizer()

    @Test("every compile vector gives the spec's regex core and compiles", arguments: try CompileVector.all())
    func vector(_ vector: CompileVector) throws {
        let core = LiteralRegex.core(
            of: vector.literal,
            joinableSpaces: vector.language != "en",
            normalizer: normalizer
        )
        #expect(core == vector.core)
        let pattern = try Pattern(LiteralRegex.wordStart + core + LiteralRegex.wordEnd, options: .caseless)
        // The literal's own match form always matches its pattern.
        #expect(pattern.firstMatch(in: normalizer.normalize(message: vector.literal)).match != nil)
    }

    @Test("c-01: the half-space, spaced and joined spellings of می‌خواهم all match")
    func halfSpaceSpellings() throws {
        let pattern = try Pattern(
            LiteralRegex.pattern(for: "می\u{200C}خواهم", joinableSpaces: true, normalizer: normalizer)
        )
        for spelling in ["می\u{200C}خواهم سفارشم را لغو کنم", "میخواهم لغو کنم", "من می خواهم", "مي‌خواهم"] {
            #expect(pattern.firstMatch(in: normalizer.normalize(message: spelling)).match != nil, "\(spelling)")
        }
        #expect(pattern.firstMatch(in: normalizer.normalize(message: "نمی‌خواهم")).match == nil)
    }

    @Test("word boundaries hold for Arabic: ذهاب never matches اب, والسلام never matches سلام")
    func arabicBoundaries() throws {
        let ab = try Pattern(LiteralRegex.pattern(for: "اب", joinableSpaces: true, normalizer: normalizer))
        #expect(ab.firstMatch(in: normalizer.normalize(message: "ذهاب")).match == nil)
        #expect(ab.firstMatch(in: normalizer.normalize(message: "كلمة اب هنا")).match != nil)
        let salam = try Pattern(LiteralRegex.pattern(for: "سلام", joinableSpaces: true, normalizer: normalizer))
        #expect(salam.firstMatch(in: "والسلام").match == nil)
        #expect(salam.firstMatch(in: "قل سلام عليكم").match != nil)
        let question = try Pattern(LiteralRegex.pattern(for: "كيف؟", joinableSpaces: true, normalizer: normalizer))
        #expect(question.firstMatch(in: normalizer.normalize(message: "طيب كيف؟ ")).match != nil)
    }
}
