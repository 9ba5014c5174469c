import Hiwar

/// A deterministic bot of raw regexes and keyword phrases, written as bots migrated from regex engines are.
///
/// They use bounded gaps (`(?:\s+\w+){0,3}`, `.{0,30}`), alternations inside groups,
/// optional words, classes and named groups, with the words that tell intents apart inside groups
/// rather than at the top level. One pattern in five names only common words. Messages: 60% say
/// what an intent understands, with noise around it; 40% use the same common words about nothing
/// the bot knows.
struct RegexBot {
    let intents: Int

    static let categories = [
        "order", "package", "parcel", "delivery", "booking", "ticket", "card", "account", "refund",
    ]
    static let noise = ["please", "hi", "hello", "thanks", "now", "today", "asap", "ok", "i", "my", "the", "a", "is"]
    static let unknown = [
        "i want to know where my order is", "can you help me with my card", "hello is anyone there",
        "what is the status of the thing", "i need a refund for my stuff", "my package did not come",
        "is my booking ok", "where is it", "i would like to change something", "thanks a lot",
    ]

    func topic(_ index: Int) -> String { SyntheticBot.word(index, SyntheticBot.englishSyllables) }
    func category(_ index: Int) -> String { Self.categories[index % Self.categories.count] }

    /// The five regexes of intent `index`, as written in the bot file (JSON-escaped backslashes).
    func regexes(_ index: Int) -> [String] {
        let topic = topic(index)
        let category = category(index)
        return [
            #"\\b(?:where(?:\\s+is|'s)|track|trace)\\s+(?:my|the|our)\\s+(?:\#(topic))\\s+\#(category)s?\\b"#,
            #"\\b\#(topic)\\b(?:\\s+\\w+){0,3}\\s+(?:status|update|news)\\b"#,
            #"\\b(?:cancel|stop|change)\\b.{0,30}\\b\#(topic)s?\\b"#,
            #"(?<ref>[a-z]{2}[0-9]{4})\\s+(?:for\\s+)?(?:the\\s+)?\#(topic)"#,
            // Generic: the topic is optional, so only common words are certain.
            #"\\b(?:i|we)\\s+(?:want|need|would\\s+like)\\s+(?:a\\s+|the\\s+)?(?:\#(topic)\\s+)?\#(category)\\s+(?:help|info)\\b"#,
        ]
    }

    /// The bot as one JSON file; intents in priority order (the first has the highest priority).
    var json: String {
        var parts: [String] = []
        for index in 0..<intents {
            let regexes = regexes(index).map { "\"\($0)\"" }.joined(separator: ", ")
            parts.append(
                "\"r\(index)\": {\"priority\": \(intents - index), \"regex\": {\"en\": [\(regexes)]}, "
                    + "\"keywords\": {\"en\": [[\"\(topic(index))\", \"help\"]]}}"
            )
        }
        return
            "{\"settings\": {\"languages\": [\"en\"], \"typos\": false, \"ranking\": \"priority\"}, \"intents\": {\(parts.joined(separator: ",\n"))}}"
    }

    /// `count` messages, the same for every run.
    func messages(_ count: Int) -> [String] {
        var generator = SplitMix64.corpus(seed: 0x7265_6765_78)
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let noise = Self.noise[Int(generator.next() % UInt64(Self.noise.count))]
            if generator.next() % 10 < 4 {
                result.append(Self.unknown[Int(generator.next() % UInt64(Self.unknown.count))] + " " + noise)
                continue
            }
            let index = Int(generator.next() % UInt64(intents))
            let topic = topic(index)
            let category = category(index)
            let frames = [
                "\(noise) where is my \(topic) \(category)", "track the \(topic) \(category)s \(noise)",
                "\(topic) any \(noise) status", "please cancel the \(topic) now", "ab1234 for \(topic)",
                "i need a \(topic) \(category) help", "\(noise) \(topic) help",
            ]
            result.append(frames[Int(generator.next() % UInt64(frames.count))])
        }
        return result
    }
}
