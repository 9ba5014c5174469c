internal import Foundation
internal import HiwarSyntax
internal import PCRE2Kit

/// Finds every declared slot's value in a message and turns it into its canonical form.
///
/// Values come from two places: the groups of the pattern that won, and a scan of the whole
/// message with each slot's entity, so "remind me next week" reports `duration` whatever the
/// intent. Ambiguous built-ins need context: a 4-digit `card_last4` only next to a card word, a
/// spaced flight number ("ek 203") only next to a flight word or for a known airline code. Each
/// stretch of text fills at most one slot. A full card number (13–19 digits passing the Luhn
/// check) is detected, reported, and never becomes a slot value.
struct SlotExtractor: Sendable {
    /// What the extractor needs to know about one slot.
    struct SlotInfo: Sendable {
        let name: String
        let type: ValueType
        let entity: String
        let isSensitive: Bool
        /// For list entities: each normalized synonym's canonical value.
        let listValues: [String: String]
    }

    /// One slot's scanner, in priority order.
    struct Scanner: Sendable {
        let slot: String
        let pattern: Pattern
        let trigger: Trigger
    }

    /// What must be in a message before a scanner is worth running.
    enum Trigger: Sendable {
        /// Nothing: always run.
        case always
        /// An ASCII digit (order ids, card digits, numbers, flight numbers).
        case digit
        /// A digit or a date word.
        case dateWord
        /// A duration unit word.
        case durationWord
    }

    /// Finds date words (choice 0) and duration units (choice 1) in a message.
    let vocabulary: LiteralPrefilter

    let slots: [String: SlotInfo]
    let scanners: [Scanner]
    let cardNumber: Pattern?
    /// Whether some scanner waits for a date or duration word.
    let needsVocabulary: Bool

    static let flightWords: Set<String> = [
        "flight", "flt", "رحله", "الرحله", "رحلتي", "رحلة", "پرواز", "پروازم", "طياره",
    ]
    static let cardWords: Set<String> = [
        "card", "ending", "بطاقه", "البطاقه", "بطاقتي", "كارت", "كارتم", "كارتي", "ending:",
    ]
    static let airlineCodes: Set<String> = [
        "ek", "qr", "ey", "fz", "g9", "w5", "ir", "ep", "ms", "sv", "xy", "tk", "lh", "ba", "af", "kl", "gf", "wy",
        "rj",
        "me", "kq", "et", "ai", "6e", "pk", "pc", "j9", "ov", "iy", "i3", "zv", "b9",
    ]

    /// Two-letter words that look like airline codes before a number ("at 14:35", "on 14 March", "in 3 days").
    static let codeLookalikes: Set<String> = [
        "at", "on", "in", "by", "to", "is", "it", "of", "or", "no", "so", "my", "up", "we", "do", "go", "am", "pm",
        "an", "as", "be", "he", "if", "us", "ok", "hi",
    ]

    /// Words that, right after a number, make it a time, a date or a duration rather than a flight number.
    static let notAfterFlightNumber: Set<String> = {
        let normalizer = TextNormalizer()
        let words =
            DateVocabulary.gregorianMonths.flatMap { $0 } + DateVocabulary.persianMonths
            + DurationVocabulary.units.flatMap(\.words) + ["am", "pm", "o'clock", "oclock"]
        return Set(words.map { normalizer.normalize(literal: $0) }.filter { !$0.contains(" ") })
    }()

    /// Whether the flight number at `range` of `text` is one (spec §7): not a time (`14:35`), a date (`on 14 March`)
    /// or a duration (`in 3 days`); the spaced form (`qr 1015`) only for a known airline code or right after a
    /// flight word, unless the bot asked for a flight number.
    static func isPlausibleFlightNumber(_ range: Range<Int>, in text: String, asked: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        if range.upperBound + 1 < bytes.count,
            bytes[range.upperBound] == UInt8(ascii: ":") || bytes[range.upperBound] == UInt8(ascii: "."),
            (0x30...0x39).contains(bytes[range.upperBound + 1])
        {
            return false
        }
        let raw = String(decoding: bytes[range], as: UTF8.self)
        let before =
            String(decoding: bytes[..<range.lowerBound], as: UTF8.self)
            .split(separator: " ").last.map { String($0.trimmingPunctuation()) } ?? ""
        if !asked, chatWords.contains(raw) || looksLikeGate(raw, after: before, in: bytes) { return false }
        guard raw.contains(" "), !asked else { return true }
        let code = String(raw.prefix(2))
        // A known airline right after a flight word is a flight, whatever follows ("پرواز EY 11 ساعت چنده").
        if flightWords.contains(before) && airlineCodes.contains(code) { return true }
        // A spaced number followed by a month or a unit is a date or a duration ("on 14 March", "in 3 days").
        let after =
            String(decoding: bytes[range.upperBound...], as: UTF8.self)
            .split(separator: " ", maxSplits: 1).first.map { String($0.trimmingPunctuation()) } ?? ""
        if notAfterFlightNumber.contains(after) { return false }
        if flightWords.contains(before) { return !codeLookalikes.contains(code) || airlineCodes.contains(code) }
        return airlineCodes.contains(code) && !codeLookalikes.contains(code)
    }

    /// Chat spellings shaped like a flight number ("gr8 thx"): never one unless the bot asked for a flight.
    static let chatWords: Set<String> = ["gr8", "gr8t", "ty4", "th4", "tx4"]

    /// Words that name a gate or a terminal, in match form (Persian forms by their stem).
    static let gateWords: Set<String> = [
        "gate", "gates", "gat", "terminal", "بوابه", "البوابه", "بوابتي", "جيت", "الجيت", "ترمينال", "الترمينال",
        "الصاله",
        "صاله",
    ]

    static func isGateWord(_ word: Substring) -> Bool { gateWords.contains(String(word)) || word.hasPrefix("گيت") }

    /// Whether a code is a gate ("gate B12", "البوابة B12", "گیت B12", "which gate, B12 or B14?"), not a flight: a code
    /// right after a gate word, or a letter and one or two digits in a message about a gate that names no flight.
    static func looksLikeGate(_ raw: String, after before: String, in bytes: [UInt8]) -> Bool {
        if isGateWord(Substring(before)) { return true }
        let scalars = Array(raw.unicodeScalars)
        let gateShaped =
            scalars.count <= 3 && scalars.count >= 2 && scalars[0].properties.isAlphabetic
            && scalars.dropFirst().allSatisfy { (0x30...0x39).contains($0.value) }
        guard gateShaped else { return false }
        let words = String(decoding: bytes, as: UTF8.self).split(separator: " ").map { $0.trimmingPunctuation() }
        return words.contains(where: isGateWord) && !words.contains { flightWords.contains(String($0)) }
    }

    init(slots: [String: SlotInfo], regexFor: (SlotInfo) -> String?) {
        self.slots = slots
        // Specific entities claim text first; general ones (numbers, words) last.
        let order: [String] = ["order_id", "flight_number", "card_last4", "date", "duration"]
        let ranked = slots.values.filter {
            $0.entity != BuiltinEntity.text.rawValue && $0.entity != BuiltinEntity.word.rawValue
        }
        .sorted { a, b in
            let (ra, rb) = (
                order.firstIndex(of: a.entity) ?? (a.entity == "number" ? 99 : 50),
                order.firstIndex(of: b.entity) ?? (b.entity == "number" ? 99 : 50)
            )
            return ra != rb ? ra < rb : a.name < b.name
        }
        var scanners: [Scanner] = []
        for info in ranked {
            guard let regex = regexFor(info),
                let pattern = try? Pattern(
                    LiteralRegex.wordStart + "(?:" + regex + ")" + LiteralRegex.wordEnd,
                    options: .caseless
                )
            else { continue }
            let trigger: Trigger
            switch info.entity {
            case BuiltinEntity.orderID.rawValue, BuiltinEntity.cardLast4.rawValue, BuiltinEntity.flightNumber.rawValue:
                trigger = .digit
            case BuiltinEntity.date.rawValue: trigger = .dateWord
            case BuiltinEntity.duration.rawValue: trigger = .durationWord
            default: trigger = .always
            }
            scanners.append(Scanner(slot: info.name, pattern: pattern, trigger: trigger))
        }
        self.scanners = scanners
        self.needsVocabulary = scanners.contains {
            switch $0.trigger {
            case .dateWord, .durationWord: true
            case .always, .digit: false
            }
        }
        let normalizer = TextNormalizer()
        func words(_ lists: [String]) -> [String] {
            Array(Set(lists.flatMap { normalizer.normalize(literal: $0).split(separator: " ").map(String.init) }))
        }
        let dateWords = words(
            DateVocabulary.relative.flatMap(\.words) + DateVocabulary.weekdays.flatMap { $0 }
                + DateVocabulary.gregorianMonths.flatMap { $0 } + DateVocabulary.persianMonths
        )
        let durationWords = words(DurationVocabulary.units.flatMap(\.words))
        self.vocabulary = LiteralPrefilter(requiredLiterals: [
            [dateWords.map { RequiredWord($0) }], [durationWords.map { RequiredWord($0) }],
        ])
        self.cardNumber = try? Pattern("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])")
    }

    /// The canonical form of a slot's captured text, or `nil` when it has none (an invalid date).
    func canonicalize(_ slot: String, text: String, context: MatchContext) -> (value: String, calendar: String?)? {
        guard let info = slots[slot] else { return (text, nil) }
        switch info.entity {
        case BuiltinEntity.orderID.rawValue:
            var value = text.filter { $0 != "#" && $0 != " " }.uppercased()
            if value.isEmpty { value = text }
            return (value, nil)
        case BuiltinEntity.flightNumber.rawValue:
            return (text.filter { $0 != " " }.uppercased(), nil)
        case BuiltinEntity.number.rawValue:
            if let value = NumberVocabulary.value(of: text) { return (String(value), nil) }
            return (text.filter { $0 != "," }, nil)
        case BuiltinEntity.date.rawValue:
            let resolver = DateResolver(now: context.now, timeZone: context.timeZone)
            return resolver.resolve(text).map { ($0.iso, $0.calendar) }
        case BuiltinEntity.duration.rawValue:
            return DurationParser.parse(text).map { ($0.description, nil) }
        default:
            if !info.listValues.isEmpty { return info.listValues[text].map { ($0, nil) } ?? (text, nil) }
            return (text, nil)
        }
    }

    /// Every slot found in `message`: a full card number first (its digits fill nothing), then the winning
    /// pattern's captures, then a scan with each slot's entity, then a free-text answer to the slot asked for.
    ///
    /// - Returns: Slot values sorted by position, and whether a full card number was seen.
    func extract(
        _ message: NormalizedText,
        captures: [SlotCapture],
        context: MatchContext,
        scratch: MatchScratch
    ) -> (slots: [SlotValue], cardNumberDetected: Bool) {
        var digitCount = 0
        for byte in message.text.utf8 where byte >= 0x30 && byte <= 0x39 { digitCount += 1 }
        var extraction = Extraction()
        if digitCount >= 13 { claimCardNumber(in: message, scratch: scratch, &extraction) }
        take(captures, in: message, context: context, &extraction)
        scan(message, hasDigit: digitCount > 0, context: context, scratch: scratch, &extraction)
        takeFreeTextAnswer(in: message, context: context, &extraction)
        return (extraction.values, extraction.cardNumberDetected)
    }
}
