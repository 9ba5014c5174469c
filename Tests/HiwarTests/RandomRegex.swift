/// Random raw regexes over the syntax bots use, for the prefilter's soundness test: words,
/// alternations (inside optional groups too), nested quantifiers, small and large classes, `\b`,
/// `\s`, anchors, lookarounds, backreferences, `\Q…\E`, case differences and punctuation.
enum RandomRegex {
    static func make(_ generator: inout SeededGenerator, words: [String]) -> String {
        var depth = 0
        return node(&generator, words: words, depth: &depth)
    }

    private static func pick<T>(_ items: [T], _ generator: inout SeededGenerator) -> T {
        items[Int(generator.next() % UInt64(items.count))]
    }

    private static func node(_ generator: inout SeededGenerator, words: [String], depth: inout Int) -> String {
        depth += 1
        defer { depth -= 1 }
        let parts = 1 + Int(generator.next() % 3)
        return (0..<parts).map { _ in atom(&generator, words: words, depth: &depth) }
            .joined(
                separator: pick(
                    ["", " ", "\\\\s+", "\\\\s*", " ?", ".{0,10}", "(?:\\\\s+\\\\w+){0,2}\\\\s+"],
                    &generator
                )
            )
    }

    private static func atom(_ generator: inout SeededGenerator, words: [String], depth: inout Int) -> String {
        var word = pick(words, &generator)
        if generator.next() % 6 == 0 { word = word.uppercased() }
        let choice = depth > 3 ? generator.next() % 5 : generator.next() % 16
        var text: String
        switch choice {
        case 0, 1, 2: text = word
        case 3: text = "\\\\b\(word)\\\\b"
        case 4: text = word + pick(["s?", "(?:s|es)?", "'s", "\\\\b"], &generator)
        case 5, 6:
            let branches = (0..<(2 + Int(generator.next() % 3))).map { _ in
                node(&generator, words: words, depth: &depth)
            }
            text = "(?:" + branches.joined(separator: "|") + ")"
        case 7: text = "(?:" + node(&generator, words: words, depth: &depth) + ")?"
        case 8:
            text =
                "(?:" + node(&generator, words: words, depth: &depth) + ")"
                + pick(["+", "*", "{1,2}", "{2}", "{0,3}"], &generator)
        case 9: text = pick(["[a-z]+", "[0-9]{2,4}", "[sz]", "[^ ]+", "\\\\d+", "\\\\w+", "[aeiou]"], &generator)
        case 10: text = "(?<slot\(generator.next() % 100)>" + node(&generator, words: words, depth: &depth) + ")"
        case 11: text = pick(["^", "$", "(?=\(word))", "(?!\(word))", "(?<=\\\\s)"], &generator) + word
        case 12: text = "(" + word + ")" + pick([" \\\\1", "", "?"], &generator)
        case 13: text = "\\\\Q\(word)\\\\E"
        case 14: text = "(?i)" + word + pick([".", "-", "'", "#"], &generator)
        default:
            let range = pick(["a-z", "sz", "ao"], &generator)
            text = String(word.prefix(1)) + "[" + range + "]" + String(word.dropFirst(2))
        }
        return text
    }
}
