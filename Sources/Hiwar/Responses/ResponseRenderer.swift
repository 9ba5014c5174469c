internal import Foundation
internal import HiwarSyntax

/// Renders a named response in a conversation's language with its slot values.
///
/// The language chain is the conversation's language, its declared fallbacks (`fa → en`), then
/// the default language. Among variations one is chosen by a hash of the conversation's seed,
/// the turn and the response, so a seeded conversation always says the same thing. In a
/// right-to-left reply, a value holding Latin letters or punctuated digits ("EK 203",
/// "A-10293", a URL, "14:30") is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE so it
/// cannot scramble the sentence around it.
struct ResponseRenderer {
    let program: DialogueProgram
    let timeZone: TimeZone

    static let isolateStart: Character = "\u{2068}"
    static let isolateEnd: Character = "\u{2069}"

    func render(_ name: String, language: LanguageCode, slots: [String: String], seed: UInt64, salt: Int) -> Reply? {
        guard let perLanguage = program.responses[name] else { return nil }
        let chain = program.languageChain(for: language)
        guard let chosenLanguage = chain.first(where: { perLanguage[$0]?.isEmpty == false }) ?? perLanguage.keys.min(),
            let variations = perLanguage[chosenLanguage], !variations.isEmpty
        else { return nil }
        let index = Int(Self.mix(seed, name, salt) % UInt64(variations.count))
        let formatter = ValueFormatter(
            language: chosenLanguage,
            digits: program.digitScripts[chosenLanguage] ?? .latin,
            calendar: program.calendars[chosenLanguage] ?? .gregorian,
            timeZone: timeZone
        )
        var text = ""
        for segment in variations[index].segments {
            switch segment {
            case .text(let literal): text += literal
            case .placeholder(let placeholder):
                text += value(
                    placeholder,
                    slots: slots,
                    formatter: formatter,
                    language: chosenLanguage
                )
            }
        }
        return Reply(response: name, text: text, language: chosenLanguage)
    }

    private func value(
        _ placeholder: ResponseTemplate.Placeholder,
        slots: [String: String],
        formatter: ValueFormatter,
        language: LanguageCode
    ) -> String {
        // Replies go to the customer whose data it is, so sensitive values are shown; records mask them.
        guard var value = slots[placeholder.slot], !value.isEmpty else { return placeholder.defaultText ?? "" }
        if !placeholder.formatters.contains(where: { $0.name == "raw" }) {
            value = display(value, of: placeholder.slot, in: language)
        }
        var prefix = ""
        var suffix = ""
        for (name, argument) in placeholder.formatters {
            switch name {
            case "prefix": prefix = argument ?? ""
            case "suffix": suffix = argument ?? ""
            case "default", "raw": continue
            default: value = formatter.apply(name, argument: argument, to: value) ?? value
            }
        }
        if language.isRightToLeft && Self.needsIsolation(value) {
            value = String(Self.isolateStart) + value + String(Self.isolateEnd)
        }
        return prefix + value + suffix
    }

    /// A value's display text in `language` (a list slot's items each shown, joined with the
    /// language's comma), or the value as stored when the slot has none.
    private func display(_ value: String, of slot: String, in language: LanguageCode) -> String {
        guard let texts = program.displayTexts[slot] else { return value }
        if program.slots[slot]?.type == .list {
            let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let comma = language == .arabic || language == .persian ? "، " : ", "
            return items.map { texts[$0]?[language] ?? $0 }.joined(separator: comma)
        }
        return texts[value]?[language] ?? value
    }

    /// Whether a value could reorder a right-to-left sentence: Latin letters, or digits joined by
    /// punctuation.
    static func needsIsolation(_ value: String) -> Bool {
        var hasDigit = false
        var hasJoiner = false
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A: return true
            case 0x30...0x39, 0x660...0x669, 0x6F0...0x6F9: hasDigit = true
            case 0x2D, 0x2F, 0x3A, 0x2E, 0x2B: hasJoiner = true
            default: break
            }
        }
        return hasDigit && hasJoiner
    }

    /// A stable 64-bit mix of the seed, the response name (FNV-1a) and the turn (SplitMix64).
    static func mix(_ seed: UInt64, _ name: String, _ salt: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return SplitMix64.finalize(seed &+ hash &+ UInt64(truncatingIfNeeded: salt) &* 0x9e37_79b9_7f4a_7c15)
    }
}
