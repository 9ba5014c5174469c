import Hiwar

/// Deterministic synthetic bots and message corpora for the matcher benchmark.
///
/// Every intent gets its own domain word in each language (pseudo-words built from syllables, so
/// 10,000 intents never collide), and five patterns mixing templates (with a shared concept), slots, and either a
/// raw regex or evidence rules with an exclusion (in English and Arabic); every tenth intent also has a rule for
/// short replies in context. Messages: 60% say something an intent understands, with noise words around it,
/// in English, Arabic or Persian; 40% say things the bot does not know.
struct SyntheticBot {
    let intents: Int

    static let englishSyllables = [
        "ka", "lo", "mi", "ru", "ten", "sa", "vo", "pel", "dri", "no", "ba", "ze", "qui", "fen", "tor", "wa",
    ]
    static let arabicSyllables = [
        "ka", "lo", "mi", "ru", "ta", "sa", "wa", "ba", "da", "na", "fa", "za", "qa", "ha", "ja", "ya",
    ].indices.map {
        ["كا", "لو", "مي", "رو", "تا", "سا", "وا", "با", "دا", "نا", "فا", "زا", "قا", "ها", "جا", "يا"][$0]
    }
    static let persianSyllables = [
        "پا", "چو", "ژي", "گو", "تا", "سا", "وا", "با", "دا", "نا", "فا", "زا", "كا", "ها", "جا", "يا",
    ]

    /// A pseudo-word unique to `index`, at least three syllables long.
    static func word(_ index: Int, _ syllables: [String]) -> String {
        var value = index
        var parts: [String] = []
        repeat {
            parts.append(syllables[value % syllables.count])
            value /= syllables.count
        } while value > 0 || parts.count < 3
        return parts.joined()
    }

    func english(_ i: Int) -> String { Self.word(i, Self.englishSyllables) }
    func arabic(_ i: Int) -> String { Self.word(i, Self.arabicSyllables) }
    func persian(_ i: Int) -> String { Self.word(i, Self.persianSyllables) }

    /// The bot as one JSON file.
    var json: String {
        """
        {"settings": {"languages": ["en", "ar", "fa"]},
         "slots": {"order_id": {"type": "string", "entity": "order_id"}},
         "concepts": {\(Self.concepts)},
         "intents": {\(intentEntries)}}
        """
    }

    /// Concepts every intent's patterns share: how customers ask, and the negations that exclude.
    static let concepts = """
        "ask": {"en": ["where is", "where's", "track", "check", "~status"], "ar": ["وين", "متى", "فين"], "fa": ["كجاست", "كي مي رسه"]},
        "status": {"en": ["status", "state", "update on"]},
        "negation": {"en": ["don't", "never", "not"], "ar": ["ما", "مش"], "fa": ["نمي خوام"]}
        """

    /// The intents, as the members of an `intents` object.
    private var intentEntries: String {
        var entries: [String] = []
        for i in 0..<intents {
            let en = english(i)
            let slotPattern = i % 3 == 0 ? "\(en) (order|number) {order_id}" : "(cancel|stop) [the] \(en)"
            let fifth =
                i % 2 == 0
                ? "\"regex\": {\"en\": [\"(?:status|state) of (?:the )?\(en)\"]}"
                : "\"evidence\": {\"en\": [\"~ask + \(en) - ~negation *2 \(en)\"], \"ar\": [\"~ask + <\(arabic(i))> - ~negation\"]}"
            let arabicTemplate = i % 2 == 0 ? "\"ar\": [\"(وين|متى) <\(arabic(i))>\"]," : ""
            entries.append(
                """
                "d\(i / 50).a\(i)": {"patterns": {
                  "en": ["~ask [my] \(en) [please]", "\(slotPattern)"], \(arabicTemplate)
                  "fa": ["\(persian(i)) (كجاست|كي مي رسه)"]
                }\(i % 10 == 0 ? ", \"inContext\": {\"en\": [\"\(en)\"]}" : ""), \(fifth)}
                """
            )
        }
        return entries.joined(separator: ",\n")
    }

    /// The same intents with a dialogue: one flow per domain of 50 intents whose `open` state expects them and answers
    /// each, a global transition into it for every intent, a notice (`order.shipped`) and a fallback; every response in
    /// three languages with placeholders and formatters; escalation keywords.
    ///
    /// What a 1,000-intent bot's turn costs.
    var dialogueJSON: String {
        var responses: [String] = []
        var global: [String] = []
        var flows: [String] = []
        let domains = (intents + 49) / 50
        for domain in 0..<domains {
            var transitions: [String] = []
            var expects: [String] = []
            for i in (domain * 50)..<min(intents, domain * 50 + 50) {
                let name = "d\(domain).a\(i)"
                responses.append(
                    """
                    "r\(i)": {"en": ["About \(english(i)) {order_id|default:(no number yet)}: it is on its way, expected {eta|date|default:soon}.", "Your \(english(i)) {order_id|prefix:#} is being handled."],
                      "ar": ["بخصوص \(arabic(i)) {order_id|default:بدون رقم}: في الطريق، الموعد {eta|date|default:قريباً}."],
                      "fa": ["درباره \(persian(i)) {order_id|default:بدون شماره}: در راه است، تاریخ {eta|date|default:به زودی}."]}
                    """
                )
                global.append("{\"intent\": \"\(name)\", \"say\": \"r\(i)\", \"goto\": \"d\(domain).open\"}")
                transitions.append("{\"intent\": \"\(name)\", \"if\": \"exists order_id\", \"say\": \"r\(i)\"}")
                transitions.append("{\"intent\": \"\(name)\", \"say\": \"r\(i)\"}")
                expects.append("\"\(name)\"")
            }
            flows.append(
                """
                "d\(domain)": {"start": "open", "states": {"open": {"say": "opened", "expects": [\(expects.joined(separator: ", "))],
                  "on": [\(transitions.joined(separator: ", ")), {"intent": "fallback", "say": "fallback", "goto": "home.idle"}]}}}
                """
            )
        }
        return """
            {"settings": {"languages": ["en", "ar", "fa"], "start": "home.idle", "timeZone": "Asia/Dubai",
               "handoff": {"keywords": {"en": ["complaint", "lawyer"], "ar": ["شكوى"], "fa": ["شکایت"]}}},
             "slots": {"order_id": {"type": "string", "entity": "order_id"}, "eta": {"type": "date"}},
             "concepts": {\(Self.concepts)},
             "intents": {\(intentEntries)},
             "events": {"order.shipped": {"fields": {"order_id": {"type": "string", "required": true}, "eta": {"type": "date"}}, "idempotencyKey": ["order_id"]}},
             "responses": {\(responses.joined(separator: ",\n")),
               "opened": {"en": ["Here is what I know."], "ar": ["إليك ما أعرفه."], "fa": ["این چیزی است که می‌دانم."]},
               "shipped": {"en": ["Order {order_id} shipped; expected {eta|date|default:soon}."], "ar": ["تم شحن الطلب {order_id}؛ الموعد {eta|date|default:قريباً}."], "fa": ["سفارش {order_id} ارسال شد؛ تاریخ {eta|date|default:به زودی}."]},
               "fallback": {"en": ["Sorry, I did not get that."], "ar": ["عذراً، لم أفهم."], "fa": ["ببخشید، متوجه نشدم."]}},
             "flows": {"home": {"start": "idle", "states": {"idle": {"on": [{"intent": "fallback", "say": "fallback"}]}}},
               \(flows.joined(separator: ",\n"))},
             "global": [{"event": "order.shipped", "say": "shipped", "goto": "d0.open"}, \(global.joined(separator: ", "))]}
            """
    }

    static let noiseEnglish = ["hey", "please", "thanks", "so", "um", "today", "again", "now", "ok", "hello there"]
    static let noiseArabic = ["يا", "لو سمحت", "الحين", "شكرا", "طيب"]
    static let noisePersian = ["لطفا", "ممنون", "الان", "خب", "سلام"]
    static let unknownEnglish = [
        "what is the weather like today", "tell me a joke", "book a hotel in paris", "reset my password",
    ]
    static let unknownArabic = ["كيف الطقس اليوم", "احجز فندق", "نكتة من فضلك"]
    static let unknownPersian = ["هوا چطوره", "یه جوک بگو", "رمزمو عوض کن"]

    /// `count` messages; the same for every run.
    func messages(_ count: Int) -> [String] {
        var generator = SplitMix64.corpus(seed: UInt64(intents))
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let matching = generator.next() % 10 < 6
            let i = matching ? Int(generator.next() % UInt64(intents)) : intents + Int(generator.next() % 100_000)
            switch generator.next() % 6 {
            case 0: result.append("\(pick(Self.noiseEnglish)) where is my \(english(i)) \(pick(Self.noiseEnglish))")
            case 1:
                result.append(
                    "\(english(i)) order \(100_000 + Int(generator.next() % 900_000)) \(pick(Self.noiseEnglish))"
                )
            case 2: result.append("\(pick(Self.noiseArabic)) متى \(arabic(i))ي \(pick(Self.noiseArabic))")
            case 3: result.append("\(persian(i)) كجاست؟ \(pick(Self.noisePersian))")
            case 4: result.append("\(pick(Self.noiseEnglish)) status of the \(english(i))")
            default:
                result.append(
                    matching
                        ? "can you check \(english(i)) status"
                        : pick(Self.unknownEnglish + Self.unknownArabic + Self.unknownPersian)
                )
            }
        }
        return result
    }
}

extension SplitMix64 {
    /// The library's SplitMix64 for a repeatable corpus (the seed offset keeps the corpora what they were).
    static func corpus(seed: UInt64) -> SplitMix64 { SplitMix64(seed: seed &+ 0x1234_5678) }
}
