/// Reads a duration in match form ("in 3 days", "بعد اسبوع", "سه روز ديگه") as an ``ISODuration``.
package enum DurationParser {
    package static func parse(_ text: String) -> ISODuration? {
        let words = text.split(separator: " ").map(String.init)
        var count: Int?
        var unit: (designator: String, isDual: Bool)?
        for word in words {
            if let number = Int(word), number < 10_000 {
                count = number
            } else if let value = numberWords[word] {
                count = value
            }
            let bare = word.hasPrefix("ال") || word.hasPrefix("لل") ? String(word.dropFirst(2)) : nil
            if unit == nil, let found = units[word] ?? bare.flatMap({ units[$0] }) {
                unit = found
            }
        }
        guard let unit else { return nil }
        let amount = unit.isDual ? 2 : (count ?? 1)
        var duration = ISODuration()
        switch unit.designator {
        case "minute": duration.minutes = amount
        case "H": duration.hours = amount
        case "D": duration.days = amount
        case "W": duration.weeks = amount
        default: duration.months = amount
        }
        return duration
    }

    private static let numberWords: [String: Int] = {
        let normalizer = TextNormalizer()
        var table: [String: Int] = [:]
        for (words, value) in DurationVocabulary.numberWords {
            for word in words { table[normalizer.normalize(literal: word)] = value }
        }
        return table
    }()

    /// Unit words in match form; Arabic duals (يومين، اسبوعين) count two.
    private static let units: [String: (designator: String, isDual: Bool)] = {
        let normalizer = TextNormalizer()
        // Arabic duals (يومين) and "fortnight" count two.
        let duals: Set<String> = ["يومين", "اسبوعين", "شهرين", "ساعتين", "دقيقتين", "fortnight"]
        var table: [String: (String, Bool)] = [:]
        for (words, designator) in DurationVocabulary.units {
            let isMinute = words.contains("minute")
            for word in words {
                let key = normalizer.normalize(literal: word)
                table[key] = (isMinute ? "minute" : designator, duals.contains(key))
            }
        }
        return table
    }()
}
