import Foundation

/// The card-number corpus in `Tests/CardNumbers/corpus.json`.
///
/// Full card numbers written every way a customer might, and look-alikes that are not card
/// numbers. Every test target that checks for leaks reads it.
struct CardNumberCorpus: Decodable {
    struct Card: Decodable {
        /// The message.
        let text: String
        /// The card number in it, as ASCII digits.
        let number: String
        /// What the form shows ("separator U+00A0", "after 4,096 characters").
        let form: String
    }

    let cards: [Card]
    let lookAlikes: [String]

    static func load() throws -> CardNumberCorpus {
        let url = packageRoot.appendingPathComponent("Tests/CardNumbers/corpus.json")
        return try JSONDecoder().decode(CardNumberCorpus.self, from: Data(contentsOf: url))
    }

    /// `text`'s digits of any script as ASCII, everything else dropped: a card number written in
    /// any form shows here as its digits in order.
    static func digitsOnly(_ text: String) -> String {
        String(
            text.unicodeScalars.compactMap { scalar -> Character? in
                guard let value = scalar.properties.numericValue, (0...9).contains(value) else { return nil }
                return Character(String(Int(value)))
            }
        )
    }
}
