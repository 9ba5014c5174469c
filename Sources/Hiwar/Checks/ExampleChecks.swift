internal import HiwarSyntax
internal import PCRE2Kit

/// Runs every intent's examples and counterexamples through the compiled matcher.
///
/// An example its intent does not match, or that another intent wins (shadowing, with the winner
/// and the deciding rule named), is an error; so is a counterexample recognized as its intent
/// (a counterexample may match the intent's patterns, as long as a better intent wins).
struct ExampleChecks {
    let definition: BotDefinition
    let matcher: Matcher
    let normalizer: TextNormalizer
    let identifier = LanguageIdentifier()

    func run(into diagnostics: inout Diagnostics) {
        let scratch = MatcherScratch()
        for intent in definition.intents {
            let name = intent.name.value
            for (_, examples) in intent.examples {
                for example in examples {
                    let normalized = normalizer.normalizeWithOffsets(message: example.value)
                    let matches = matcher.match(
                        normalized,
                        language: identifier.strongLanguage(of: example.value, normalized: normalized.text),
                        scratch: scratch
                    )
                    guard let own = matches.first(where: { $0.intent == name }) else {
                        let hint =
                            matches.first.map { "it is recognized as \($0.intent) instead" }
                            ?? "no intent matches it; add a pattern that covers it"
                        diagnostics.error(
                            .exampleNotMatched,
                            "the example \"\(example.value)\" does not match intent \(name)",
                            at: example.location,
                            hint: hint
                        )
                        continue
                    }
                    if let winner = matches.first, winner.intent != name {
                        diagnostics.error(
                            .exampleShadowed,
                            "the example \"\(example.value)\" matches \(name), but \(winner.intent) wins: "
                                + Ranking.decidingRule(winner, over: own),
                            at: example.location,
                            hint:
                                "make \(name)'s pattern more specific, raise its priority, or add a counterexample to \(winner.intent)",
                            notes: [
                                Diagnostic.Note(
                                    "\(winner.intent) matches with this pattern",
                                    at: winner.pattern.location
                                ),
                                Diagnostic.Note("\(name) matches with this pattern", at: own.pattern.location),
                            ]
                        )
                    }
                }
            }
            for (_, counterexamples) in intent.counterexamples {
                for counterexample in counterexamples {
                    let normalized = normalizer.normalizeWithOffsets(message: counterexample.value)
                    let matches = matcher.match(
                        normalized,
                        language: identifier.strongLanguage(of: counterexample.value, normalized: normalized.text),
                        scratch: scratch
                    )
                    if let own = matches.first, own.intent == name {
                        diagnostics.error(
                            .counterexampleMatched,
                            "the counterexample \"\(counterexample.value)\" is recognized as intent \(name)",
                            at: counterexample.location,
                            hint: "narrow the pattern that matches it",
                            notes: [Diagnostic.Note("matched by this pattern", at: own.pattern.location)]
                        )
                    }
                }
            }
        }
    }
}
