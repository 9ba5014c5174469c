import Foundation
import Hiwar
import HiwarTesting

/// Scores of one slice of an evaluation (a language, a tag, or everything).
struct EvaluationScores: Sendable, Encodable {
    let items: Int
    /// Share of items whose intent is the gold one.
    let intentAccuracy: Double
    /// The mean over gold and predicted intents of each intent's F1.
    let macroF1: Double
    /// Of the items the bot left unrecognized, the share that should have been (`nil` when it left none).
    let fallbackPrecision: Double?
    /// Of the items that should be unrecognized, the share the bot left so (`nil` when there are none).
    let fallbackRecall: Double?
    /// Share of items whose slots are exactly the gold ones.
    let slotExactMatch: Double
    /// Share of the items with facts to state whose replies state them all (`nil` when none has any).
    let facts: Double?
    /// How many items have facts to state.
    let factItems: Int

    init(_ results: [EvaluatedItem]) {
        items = results.count
        let count = Double(max(1, results.count))
        intentAccuracy = Double(results.filter(\.intentCorrect).count) / count
        slotExactMatch = Double(results.filter(\.slotsCorrect).count) / count
        let withFacts = results.filter(\.hasFacts)
        factItems = withFacts.count
        facts = withFacts.isEmpty ? nil : Double(withFacts.filter(\.factsCorrect).count) / Double(withFacts.count)
        let predictedFallback = results.filter { $0.intent == "fallback" }
        let goldFallback = results.filter { $0.item.intent == "fallback" }
        fallbackPrecision =
            predictedFallback.isEmpty
            ? nil
            : Double(predictedFallback.filter { $0.item.intent == "fallback" }.count) / Double(predictedFallback.count)
        fallbackRecall =
            goldFallback.isEmpty
            ? nil : Double(goldFallback.filter { $0.intent == "fallback" }.count) / Double(goldFallback.count)
        let labels = Set(results.map(\.item.intent)).union(results.map(\.intent)).subtracting(["-"])
        var f1s: [Double] = []
        for label in labels {
            let truePositives = Double(results.filter { $0.intent == label && $0.item.intent == label }.count)
            let predicted = Double(results.filter { $0.intent == label }.count)
            let gold = Double(results.filter { $0.item.intent == label }.count)
            let precision = predicted == 0 ? 0 : truePositives / predicted
            let recall = gold == 0 ? 0 : truePositives / gold
            f1s.append(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall))
        }
        macroF1 = f1s.isEmpty ? 0 : f1s.reduce(0, +) / Double(f1s.count)
    }

    /// The measures a gate checks, by name: intent, slots and, when they are defined, facts and fallback precision
    /// (hard negatives must stay unrecognized).
    var gated: [(name: String, value: Double)] {
        [("intent", intentAccuracy), ("slots", slotExactMatch)] + (facts.map { [("facts", $0)] } ?? [])
            + (fallbackPrecision.map { [("fallback precision", $0)] } ?? [])
    }
}

/// The result of `hiwar eval`: scores per language and overall, confusions, misses and slices by tag.
struct EvaluationReport: Sendable {
    let files: [String]
    let results: [EvaluatedItem]
    let languages: [String]

    init(files: [String], results: [EvaluatedItem]) {
        self.files = files
        self.results = results
        let order = ["en", "ar", "fa"]
        languages = Set(results.map(\.item.language)).sorted {
            (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1)
        }
    }

    var overall: EvaluationScores { EvaluationScores(results) }

    func scores(language: String) -> EvaluationScores {
        EvaluationScores(results.filter { $0.item.language == language })
    }

    /// Gold → predicted pairs of wrong intents with their counts, most frequent first.
    var confusions: [(gold: String, predicted: String, count: Int)] {
        var counts: [String: [String: Int]] = [:]
        for result in results where !result.intentCorrect {
            counts[result.item.intent, default: [:]][result.intent, default: 0] += 1
        }
        return counts.flatMap { gold, row in row.map { (gold, $0.key, $0.value) } }
            .sorted { ($1.2, $0.0, $0.1) < ($0.2, $1.0, $1.1) }
    }

    /// Scores per tag, tags sorted by name.
    var byTag: [(tag: String, scores: EvaluationScores)] {
        let tags = Set(results.flatMap(\.item.tags)).sorted()
        return tags.map { tag in (tag, EvaluationScores(results.filter { $0.item.tags.contains(tag) })) }
    }

    /// The slices (each language, then all) whose gated measures fall below `minimum`, as lines.
    func shortfalls(minimum: Double) -> [String] {
        var lines: [String] = []
        for language in languages {
            for (name, value) in scores(language: language).gated where value < minimum {
                lines.append("\(name) [\(language)] \(Self.format(value)) < \(Self.format(minimum))")
            }
        }
        return lines
    }

    // MARK: Rendering

    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.3f", value)
    }

    /// The human report: the score table, the confusions, then misses and tags when asked for.
    func human(misses: Bool, tags: Bool) -> String {
        var out = ""
        let total = results.count
        out += "hiwar eval: \(total) item\(total == 1 ? "" : "s") from \(files.joined(separator: ", "))\n\n"
        let columns = languages + (languages.count > 1 ? ["all"] : [])
        let slices = languages.map { scores(language: $0) } + (languages.count > 1 ? [overall] : [])
        func row(_ name: String, _ value: (EvaluationScores) -> String) -> String {
            name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + slices.map { value($0).leftPadded(to: 8) }.joined() + "\n"
        }
        out +=
            "".padding(toLength: 20, withPad: " ", startingAt: 0)
            + columns.map { $0.leftPadded(to: 8) }.joined() + "\n"
        out += row("items") { "\($0.items)" }
        out += row("intent accuracy") { Self.format($0.intentAccuracy) }
        out += row("macro-F1") { Self.format($0.macroF1) }
        out += row("fallback precision") { Self.format($0.fallbackPrecision) }
        out += row("fallback recall") { Self.format($0.fallbackRecall) }
        out += row("slots exact") { Self.format($0.slotExactMatch) }
        out += row("facts") { $0.factItems == 0 ? "—" : Self.format($0.facts) }
        let confusions = confusions
        if !confusions.isEmpty {
            out += "\nconfusions (gold → predicted)\n"
            for (gold, predicted, count) in confusions.prefix(misses ? confusions.count : 15) {
                out += "  \(String(count).leftPadded(to: 4))  \(gold) → \(predicted)\n"
            }
            if !misses && confusions.count > 15 { out += "  … \(confusions.count - 15) more pairs (--misses)\n" }
        }
        if tags {
            out += "\n" + "by tag".padding(toLength: 26, withPad: " ", startingAt: 0)
            out +=
                "items".leftPadded(to: 8) + "intent".leftPadded(to: 8) + "slots".leftPadded(to: 8)
                + "facts".leftPadded(to: 8) + "\n"
            for (tag, scores) in byTag {
                out += "  " + tag.padding(toLength: 24, withPad: " ", startingAt: 0)
                out += "\(scores.items)".leftPadded(to: 8) + Self.format(scores.intentAccuracy).leftPadded(to: 8)
                out += Self.format(scores.slotExactMatch).leftPadded(to: 8)
                out += (scores.factItems == 0 ? "—" : Self.format(scores.facts)).leftPadded(to: 8) + "\n"
            }
        }
        if misses {
            let failed = results.filter { !$0.passed }
            out += "\nmisses (\(failed.count))\n"
            for result in failed { out += Self.describe(result) }
        }
        return out
    }

    /// One miss: where it was read, what was said, what was expected and what happened.
    static func describe(_ result: EvaluatedItem) -> String {
        let item = result.item
        var out = "  \(item.id) [\(item.language)] \(item.location.path):\(item.location.line)\n"
        if let event = item.event {
            let data = item.data.keys.sorted().map { "\($0)=\(item.data[$0] ?? "")" }.joined(separator: " ")
            out += "    notice:  \(event) \(data)\n"
        }
        out += "    text:    \(item.text)\n"
        if let problem = result.problem {
            out += "    error:   \(problem)\n"
            return out
        }
        if !result.intentCorrect {
            out += "    intent:  expected \(item.intent), got \(result.intent)"
            if !result.runnersUp.isEmpty { out += " (then \(result.runnersUp.joined(separator: ", ")))" }
            out += "\n"
            if let decidedBy = result.decidedBy { out += "    by:      \(decidedBy)\n" }
        }
        if !result.slotsCorrect {
            out += "    slots:   expected \(render(result.goldSlots)), got \(render(result.slots))\n"
        }
        if !result.factsCorrect {
            out += "    facts:   missing \(result.missingFacts.map { "\"\($0)\"" }.joined(separator: ", "))\n"
            for reply in result.replies { out += "    reply:   \(reply)\n" }
        }
        return out
    }

    private static func render(_ slots: [String: String]) -> String {
        slots.isEmpty
            ? "{}" : "{" + slots.keys.sorted().map { "\($0)=\(slots[$0] ?? "")" }.joined(separator: ", ") + "}"
    }

    /// The report as JSON: scores per language and overall, confusions, tags and every miss.
    func json() -> String {
        struct Miss: Encodable {
            let id: String
            let location: String
            let lang: String
            let text: String
            let event: String?
            let expectedIntent: String
            let intent: String
            let expectedSlots: [String: String]
            let slots: [String: String]
            let missingFacts: [String]
            let decidedBy: String?
            let error: String?
        }
        struct Confusion: Encodable {
            let gold: String
            let predicted: String
            let count: Int
        }
        struct Document: Encodable {
            let files: [String]
            let languages: [String: EvaluationScores]
            let all: EvaluationScores
            let confusions: [Confusion]
            let tags: [String: EvaluationScores]
            let misses: [Miss]
        }
        let document = Document(
            files: files,
            languages: Dictionary(uniqueKeysWithValues: languages.map { ($0, scores(language: $0)) }),
            all: overall,
            confusions: confusions.map { Confusion(gold: $0.gold, predicted: $0.predicted, count: $0.count) },
            tags: Dictionary(uniqueKeysWithValues: byTag.map { ($0.tag, $0.scores) }),
            misses: results.filter { !$0.passed }.map {
                Miss(
                    id: $0.item.id,
                    location: "\($0.item.location.path):\($0.item.location.line)",
                    lang: $0.item.language,
                    text: $0.item.text,
                    event: $0.item.event,
                    expectedIntent: $0.item.intent,
                    intent: $0.intent,
                    expectedSlots: $0.goldSlots,
                    slots: $0.slots,
                    missingFacts: $0.missingFacts,
                    decidedBy: $0.decidedBy,
                    error: $0.problem
                )
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(document)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// Each item as a JUnit test case, grouped by file and language.
    func junitResults() -> [ConversationResult] {
        results.map { result in
            ConversationResult(
                file: "\(result.item.location.path) [\(result.item.language)]",
                name: result.item.id,
                location: "\(result.item.location.path):\(result.item.location.line)",
                failures: result.passed
                    ? [] : [Self.describe(result).trimmingCharacters(in: .whitespacesAndNewlines)],
                duration: 0
            )
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
