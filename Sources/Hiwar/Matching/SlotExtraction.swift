internal import Foundation
internal import HiwarSyntax
internal import PCRE2Kit

extension SlotExtractor {
    /// One message's extraction so far: the values found, and the stretches of the match form they claimed.
    ///
    /// Each stretch fills at most one slot. The steps are the extractor's methods, which borrow the message and its
    /// context rather than copy them: this runs for every message.
    struct Extraction {
        var claimed: [Range<Int>] = []
        var found: [String: SlotValue] = [:]
        /// Whether the message holds a full card number (13–19 digits passing the Luhn check).
        var cardNumberDetected = false
        /// The message's words, split on first use (for the card-word check).
        var words: Set<String>?

        /// The values found, by position.
        var values: [SlotValue] {
            found.values.sorted { ($0.span.lowerBound, $0.slot) < ($1.span.lowerBound, $1.slot) }
        }
    }

    /// A full card number claims its digits: they fill no slot.
    func claimCardNumber(in message: NormalizedText, scratch: MatchScratch, _ extraction: inout Extraction) {
        let text = message.text
        guard let cardNumber, case .matched = cardNumber.run(text, using: scratch), let range = scratch.groupRange(0)
        else { return }
        if Luhn.isValid(text.utf8Slice(range).compactMap { $0.wholeNumberValue }) {
            extraction.cardNumberDetected = true
            extraction.claimed.append(range)
        }
    }

    /// The winning pattern's captures (a flight number only where one is plausible).
    func take(
        _ captures: [SlotCapture],
        in message: NormalizedText,
        context: MatchContext,
        _ extraction: inout Extraction
    ) {
        for capture in captures
        where slots[capture.slot]?.entity != BuiltinEntity.flightNumber.rawValue
            || Self.isPlausibleFlightNumber(
                capture.normalizedRange,
                in: message.text,
                asked: capture.slot == context.awaiting
            )
        {
            add(capture.slot, capture.normalizedRange, capture.text, in: message, context: context, &extraction)
        }
    }

    /// Each slot not found yet, scanned for with its entity where the message could hold one: the first plausible
    /// occurrence that no other slot claimed.
    func scan(
        _ message: NormalizedText,
        hasDigit: Bool,
        context: MatchContext,
        scratch: MatchScratch,
        _ extraction: inout Extraction
    ) {
        let text = message.text
        var hasDateWord = false
        var hasDurationWord = false
        if needsVocabulary {
            var utf8 = text
            utf8.withUTF8 { bytes in
                vocabulary.forEachKey(in: bytes) { key in
                    for pattern in vocabulary.patternsByKey[Int(key)] {
                        if pattern == 0 { hasDateWord = true } else { hasDurationWord = true }
                    }
                }
            }
        }
        for scanner in scanners where extraction.found[scanner.slot] == nil {
            switch scanner.trigger {
            case .always: break
            case .digit: if !hasDigit { continue }
            case .dateWord: if !hasDigit && !hasDateWord { continue }
            case .durationWord: if !hasDurationWord { continue }
            }
            var offset = 0
            while offset <= text.utf8.count, case .matched = scanner.pattern.run(text, from: offset, using: scratch),
                let range = scratch.groupRange(0)
            {
                offset = range.isEmpty ? range.upperBound + 1 : range.upperBound
                guard isPlausible(scanner.slot, at: range, in: message, context: context, &extraction) else { continue }
                add(scanner.slot, range, String(text.utf8Slice(range)), in: message, context: context, &extraction)
                break
            }
        }
    }

    /// The whole message, trimmed, as the answer to a free-text slot the bot asked for (never a card number).
    func takeFreeTextAnswer(in message: NormalizedText, context: MatchContext, _ extraction: inout Extraction) {
        guard let awaiting = context.awaiting, extraction.found[awaiting] == nil, let info = slots[awaiting],
            info.entity == BuiltinEntity.text.rawValue, !extraction.cardNumberDetected
        else { return }
        let original = message.original
        let trimmed = original.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        extraction.found[awaiting] = SlotValue(
            slot: awaiting,
            value: trimmed,
            text: trimmed,
            span: 0..<original.utf8.count,
            calendar: nil,
            isSensitive: info.isSensitive
        )
    }

    /// Whether a scanner's occurrence may fill its slot: four digits only next to a card word (or when asked for), a
    /// flight number only where one is plausible, and never text another slot claimed.
    private func isPlausible(
        _ slot: String,
        at range: Range<Int>,
        in message: NormalizedText,
        context: MatchContext,
        _ extraction: inout Extraction
    ) -> Bool {
        let entity = slots[slot]?.entity
        let asked = slot == context.awaiting
        if entity == BuiltinEntity.cardLast4.rawValue && !asked {
            if extraction.words == nil {
                extraction.words = Set(message.text.split(separator: " ").map { String($0.trimmingPunctuation()) })
            }
            if (extraction.words ?? []).isDisjoint(with: Self.cardWords) { return false }
        }
        if entity == BuiltinEntity.flightNumber.rawValue,
            !Self.isPlausibleFlightNumber(range, in: message.text, asked: asked)
        {
            return false
        }
        return !extraction.claimed.contains { $0.overlaps(range) }
    }

    /// Records a value in its canonical form, unless the slot has one or the stretch is claimed.
    private func add(
        _ slot: String,
        _ normalizedRange: Range<Int>,
        _ raw: String,
        in message: NormalizedText,
        context: MatchContext,
        _ extraction: inout Extraction
    ) {
        guard extraction.found[slot] == nil, !extraction.claimed.contains(where: { $0.overlaps(normalizedRange) }),
            let (value, calendar) = canonicalize(slot, text: raw, context: context)
        else { return }
        let span = message.originalRange(of: normalizedRange)
        extraction.found[slot] = SlotValue(
            slot: slot,
            value: value,
            text: String(message.original.utf8Slice(span)),
            span: span,
            calendar: calendar,
            isSensitive: slots[slot]?.isSensitive ?? false
        )
        extraction.claimed.append(normalizedRange)
    }
}
