internal import Foundation
package import Hiwar

/// Every intent's examples and counterexamples run as tests, with a confusion table.
package struct ExampleReport {
    package struct Row {
        let intent: String
        var examples = 0
        var recognized = 0
        var counterexamples = 0
        var rejected = 0
        /// Examples recognized as another intent, by that intent.
        var confusions: [String: Int] = [:]
        var failures: [String] = []
    }

    package let rows: [Row]

    package init(bot: CompiledBot) {
        var rows: [Row] = []
        for intent in bot.definition.intents {
            var row = Row(intent: intent.name.value)
            for (_, examples) in intent.examples {
                for example in examples {
                    row.examples += 1
                    let result = bot.match(example.value)
                    if result.intent == row.intent {
                        row.recognized += 1
                    } else {
                        row.confusions[result.intent ?? "fallback", default: 0] += 1
                        row.failures.append(
                            "\(example.location): \"\(example.value)\" was recognized as \(result.intent ?? "fallback")"
                        )
                    }
                }
            }
            for (_, counterexamples) in intent.counterexamples {
                for counterexample in counterexamples {
                    row.counterexamples += 1
                    let result = bot.match(counterexample.value)
                    if result.intent != row.intent {
                        row.rejected += 1
                    } else {
                        row.failures.append(
                            "\(counterexample.location): counterexample \"\(counterexample.value)\" was recognized as \(row.intent)"
                        )
                    }
                }
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// One test result per intent.
    package var results: [ConversationResult] {
        rows.map {
            ConversationResult(
                file: "examples",
                name: "examples of \($0.intent)",
                location: $0.intent,
                failures: $0.failures,
                duration: 0
            )
        }
    }

    /// The confusion table.
    package var table: String {
        let width = max(rows.map(\.intent.count).max() ?? 6, 6)
        func pad(_ text: String, _ count: Int) -> String {
            text + String(repeating: " ", count: max(0, count - text.count))
        }
        var lines = [pad("intent", width) + "  examples  counterexamples  confused with"]
        for row in rows {
            let confused = row.confusions.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            lines.append(
                pad(row.intent, width) + "  " + pad("\(row.recognized)/\(row.examples)", 8) + "  "
                    + pad("\(row.rejected)/\(row.counterexamples)", 15) + "  " + (confused.isEmpty ? "-" : confused)
            )
        }
        return lines.joined(separator: "\n")
    }
}
