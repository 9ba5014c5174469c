internal import Foundation
internal import PCRE2Kit

extension SlotExtractor {
    /// One message's extraction: the values found so far, and the stretches of the match form they claimed (each
    /// stretch fills at most one slot).
    struct Extraction {
        let extractor: SlotExtractor
        let message: NormalizedText
        let context: MatchContext
        private var claimed: [Range<Int>] = []
        private var found: [String: SlotValue] = [:]
        /// Whether the message holds a full card number (13–19 digits passing the Luhn check).
        private(set) var cardNumberDetected = false
        /// The message's words, split on first use (for the card-word check).
        private var words: Set<String>?

        init(extractor: SlotExtractor, message: NormalizedText, context: MatchContext) {
            self.extractor = extractor
            self.message = message
            self.context = context
        }

        /// The values found, by position.
        var values: [SlotValue] {
            found.values.sorted { ($0.span.lowerBound, $0.slot) < ($1.span.lowerBound, $1.slot) }
        }

        /// A full card number claims its digits: they fill no slot.
        mutating func claimCardNumber(scratch: MatchScratch) {
            let text = message.text
            guard let pattern = extractor.cardNumber, case .matched = pattern.run(text, using: scratch),
                let range = scratch.groupRange(0)
            else { return }
            if Luhn.isValid(text.utf8Slice(range).compactMap { $0.wholeNumberValue }) {
                cardNumberDetected = true
                claimed.append(range)
            }
        }

        /// The winning pattern's captures (a flight number only where one is plausible).
        mutating func take(_ captures: [SlotCapture]) {
            for capture in captures
            where extractor.slots[capture.slot]?.entity != BuiltinEntity.flightNumber.rawValue
                || SlotExtractor.isPlausibleFlightNumber(
                    capture.normalizedRange,
                    in: message.text,
                    asked: capture.slot == context.awaiting
                )
            {
                add(capture.slot, capture.normalizedRange, capture.text)
            }
        }

        /// Each slot not found yet, scanned for with its entity where the message could hold one: the first
        /// plausible occurrence that no other slot claimed.
        mutating func scan(hasDigit: Bool, scratch: MatchScratch) {
            let text = message.text
            var hasDateWord = false
            var hasDurationWord = false
            if extractor.needsVocabulary {
                var utf8 = text
                let vocabulary = extractor.vocabulary
                utf8.withUTF8 { bytes in
                    vocabulary.forEachKey(in: bytes) { key in
                        for pattern in vocabulary.patternsByKey[Int(key)] {
                            if pattern == 0 { hasDateWord = true } else { hasDurationWord = true }
                        }
                    }
                }
            }
            for scanner in extractor.scanners where found[scanner.slot] == nil {
                switch scanner.trigger {
                case .always: break
                case .digit: if !hasDigit { continue }
                case .dateWord: if !hasDigit && !hasDateWord { continue }
                case .durationWord: if !hasDurationWord { continue }
                }
                var offset = 0
                while offset <= text.utf8.count,
                    case .matched = scanner.pattern.run(text, from: offset, using: scratch),
                    let range = scratch.groupRange(0)
                {
                    offset = range.isEmpty ? range.upperBound + 1 : range.upperBound
                    guard isPlausible(scanner.slot, at: range) else { continue }
                    add(scanner.slot, range, String(text.utf8Slice(range)))
                    break
                }
            }
        }

        /// The whole message, trimmed, as the answer to a free-text slot the bot asked for (never a card number).
        mutating func takeFreeTextAnswer() {
            guard let awaiting = context.awaiting, found[awaiting] == nil, let info = extractor.slots[awaiting],
                info.entity == BuiltinEntity.text.rawValue, !cardNumberDetected
            else { return }
            let original = message.original
            let trimmed = original.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return }
            found[awaiting] = SlotValue(
                slot: awaiting,
                value: trimmed,
                text: trimmed,
                span: 0..<original.utf8.count,
                calendar: nil,
                isSensitive: info.isSensitive
            )
        }

        /// Whether a scanner's occurrence may fill its slot: four digits only next to a card word (or when asked
        /// for), a flight number only where one is plausible, and never text another slot claimed.
        private mutating func isPlausible(_ slot: String, at range: Range<Int>) -> Bool {
            let entity = extractor.slots[slot]?.entity
            let asked = slot == context.awaiting
            if entity == BuiltinEntity.cardLast4.rawValue && !asked && !hasWord(in: SlotExtractor.cardWords) {
                return false
            }
            if entity == BuiltinEntity.flightNumber.rawValue,
                !SlotExtractor.isPlausibleFlightNumber(range, in: message.text, asked: asked)
            {
                return false
            }
            return !claimed.contains { $0.overlaps(range) }
        }

        private mutating func hasWord(in set: Set<String>) -> Bool {
            if words == nil {
                words = Set(message.text.split(separator: " ").map { String($0.trimmingPunctuation()) })
            }
            return !(words ?? []).isDisjoint(with: set)
        }

        /// Records a value in its canonical form, unless the slot has one or the stretch is claimed.
        private mutating func add(_ slot: String, _ normalizedRange: Range<Int>, _ raw: String) {
            guard found[slot] == nil, !claimed.contains(where: { $0.overlaps(normalizedRange) }),
                let (value, calendar) = extractor.canonicalize(slot, text: raw, context: context)
            else { return }
            let span = message.originalRange(of: normalizedRange)
            found[slot] = SlotValue(
                slot: slot,
                value: value,
                text: String(message.original.utf8Slice(span)),
                span: span,
                calendar: calendar,
                isSensitive: extractor.slots[slot]?.isSensitive ?? false
            )
            claimed.append(normalizedRange)
        }
    }
}
