import Foundation
import Testing

@testable import Hiwar

/// One row of the spec's §9 normalization table.
struct NormalizationVector: CustomTestStringConvertible, Sendable {
    let id: String
    let options: NormalizationOptions
    let input: String
    let expected: String
    var testDescription: String { id }

    static func all() throws -> [NormalizationVector] {
        try tsvRows(fixtureText("normalization-vectors.tsv")).map { row in
            NormalizationVector(
                id: row["id"] ?? "?",
                options: try parseOptions(row["options"] ?? "-"),
                input: unescapeVector(row["input"] ?? ""),
                expected: unescapeVector(row["expected"] ?? "")
            )
        }
    }

    static func parseOptions(_ text: String) throws -> NormalizationOptions {
        var options = NormalizationOptions()
        guard text != "-" else { return options }
        for setting in text.split(separator: ",") {
            let parts = setting.split(separator: "=")
            try #require(parts.count == 2, "bad option \(setting)")
            let on = parts[1] == "on"
            switch parts[0] {
            case "alef": options.foldAlef = on
            case "madda": options.foldAlefMadda = on
            case "alef_maksura": options.foldAlefMaksura = on
            case "teh_marbuta": options.foldTehMarbuta = on
            case "hamza_carriers": options.foldHamzaCarriers = on
            case "squeeze": options.squeezeRepeats = on
            default: Issue.record("unknown option \(parts[0])")
            }
        }
        return options
    }
}

@Suite("Normalization spec §9 vectors")
struct NormalizationVectorTests {
    @Test("every vector normalizes as the spec says, idempotently", arguments: try NormalizationVector.all())
    func vector(_ vector: NormalizationVector) {
        let normalizer = TextNormalizer(options: vector.options)
        let once = normalizer.normalize(message: vector.input)
        #expect(once == vector.expected, "\(vector.id)")
        #expect(Array(once.unicodeScalars) == Array(vector.expected.unicodeScalars), "\(vector.id): scalars differ")
        #expect(normalizer.normalize(message: once) == once, "\(vector.id): not idempotent")
        #expect(normalizer.normalize(literal: vector.input) == vector.expected, "\(vector.id): literal path")
        #expect(
            normalizer.normalizeWithOffsets(message: vector.input).text == vector.expected,
            "\(vector.id): offsets path"
        )
    }

    @Test("the table covers all three languages")
    func coverage() throws {
        let vectors = try NormalizationVector.all()
        #expect(vectors.count >= 60)
        for prefix in ["en-", "ar-", "fa-"] {
            #expect(vectors.contains { $0.id.hasPrefix(prefix) })
        }
    }

    /// The fixtures are copies of the spec's tables; when the spec is beside the checkout (CI and
    /// the developers' machines), they must not have drifted apart.
    @Test("fixtures match the spec's tables when the spec is present")
    func fixturesMatchSpec() throws {
        let spec = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/docs/text-normalization.md")
        guard let text = try? String(contentsOf: spec, encoding: .utf8) else { return }
        for (marker, fixture) in [("normalize", "normalization-vectors.tsv"), ("compile", "compile-vectors.tsv")] {
            let start = try #require(text.range(of: "<!-- vectors:\(marker) -->\n```tsv\n"))
            let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
            #expect(
                String(text[start.upperBound..<end.lowerBound]) == (try fixtureText(fixture)),
                "\(fixture) drifted from the spec"
            )
        }
    }
}
