internal import Foundation
package import Hiwar

/// A conversation test file: conversations of customer messages, notices and clock moves, with what each step must
/// produce.
///
/// `hiwar test` runs them; the REPL's `:save` writes them.
package struct ConversationTestFile {
    package let path: String
    /// The bot directory named by the file (relative to it), if any.
    package let bot: String?
    /// The action fixture file named by the file (relative to it), if any.
    package let actions: String?
    package let conversations: [ConversationTest]
}

package struct ConversationTest {
    package let name: String
    package let location: SourceLocation
    package let clock: String?
    package let lang: String?
    package let seed: UInt64
    package let startState: String?
    package let startSlots: [String: String]
    package let steps: [TestStep]
}

package struct TestStep {
    package enum Action {
        case user(String)
        case notice(String, data: [String: String])
        case clock(String)
        case release
    }

    package let action: Action
    package let location: SourceLocation
    package let expect: Expectation
    /// For notices: the refusal code expected instead of a turn.
    package let expectError: String?
}

package struct Expectation {
    package var intent: String?
    package var state: String?
    package var lang: String?
    package var slots: [String: String?] = [:]
    package var replies: [ReplyMatcher]?
    package var reply: ReplyMatcher?
    package var responses: [String]?
    package var effects: [(kind: String, details: [String: String])] = []
    package var noEffects: [String] = []
    package var handoff: Bool?

    package var isEmpty: Bool {
        intent == nil && state == nil && lang == nil && slots.isEmpty && replies == nil && reply == nil
            && responses == nil && effects.isEmpty && noEffects.isEmpty && handoff == nil
    }
}

/// How a reply is checked.
///
/// Bidi controls (isolates, marks) are ignored on both sides.
package enum ReplyMatcher: CustomStringConvertible {
    case exact(String)
    case contains(String)
    case regex(String)
    case oneOf([String])

    package func matches(_ text: String) -> Bool {
        let actual = Self.plain(text)
        switch self {
        case .exact(let expected): return actual == Self.plain(expected)
        case .contains(let part): return actual.contains(Self.plain(part))
        case .regex(let pattern):
            return (try? NSRegularExpression(pattern: pattern))
                .map { $0.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil } ?? false
        case .oneOf(let options): return options.map(Self.plain).contains(actual)
        }
    }

    package var description: String {
        switch self {
        case .exact(let text): "exactly \"\(text)\""
        case .contains(let text): "containing \"\(text)\""
        case .regex(let text): "matching /\(text)/"
        case .oneOf(let options): "one of \(options.map { "\"\($0)\"" }.joined(separator: ", "))"
        }
    }

    package static func plain(_ text: String) -> String {
        String(
            text.unicodeScalars.filter {
                !(0x2066...0x2069).contains($0.value) && $0.value != 0x200E && $0.value != 0x200F
            }
        )
    }
}

/// Decodes conversation test files with located errors.
package enum ConversationTestDecoder {
    package static func decode(_ file: SourceFile) throws(LocatedError) -> ConversationTestFile {
        let root: JSONNode
        switch JSONDocument.read(file) {
        case .success(let node): root = node
        case .failure(let error): throw error
        }
        try allow(root, ["$schema", "bot", "actions", "conversations", "description"])
        guard let list = root["conversations"]?.elements else {
            throw LocatedError(message: "a test file needs \"conversations\": a list", location: root.location)
        }
        var conversations: [ConversationTest] = []
        for node in list { conversations.append(try conversation(node)) }
        return ConversationTestFile(
            path: file.path,
            bot: root["bot"]?.string,
            actions: root["actions"]?.string,
            conversations: conversations
        )
    }

    private static func allow(_ node: JSONNode, _ keys: Set<String>) throws(LocatedError) {
        guard let members = node.members else {
            throw LocatedError(message: "expected an object", location: node.location)
        }
        for member in members where !keys.contains(member.key) {
            throw LocatedError(
                message: "unknown key \"\(member.key)\"; expected one of \(keys.sorted().joined(separator: ", "))",
                location: member.keyLocation
            )
        }
    }

    private static func conversation(_ node: JSONNode) throws(LocatedError) -> ConversationTest {
        try allow(node, ["name", "clock", "lang", "seed", "start", "steps"])
        guard let name = node["name"]?.string else {
            throw LocatedError(message: "a conversation needs a \"name\"", location: node.location)
        }
        var startState: String?
        var startSlots: [String: String] = [:]
        if let start = node["start"] {
            try allow(start, ["state", "slots"])
            startState = start["state"]?.string
            startSlots = try strings(start["slots"])
        }
        guard let stepNodes = node["steps"]?.elements else {
            throw LocatedError(message: "a conversation needs \"steps\": a list", location: node.location)
        }
        var steps: [TestStep] = []
        for stepNode in stepNodes { steps.append(try step(stepNode)) }
        let seed = node["seed"]?.scalarText.flatMap { UInt64($0) } ?? 1
        return ConversationTest(
            name: name,
            location: node.location,
            clock: node["clock"]?.string,
            lang: node["lang"]?.string,
            seed: seed,
            startState: startState,
            startSlots: startSlots,
            steps: steps
        )
    }

    private static func step(_ node: JSONNode) throws(LocatedError) -> TestStep {
        try allow(node, ["user", "notice", "data", "clock", "release", "expect", "expectError"])
        let action: TestStep.Action
        if let text = node["user"]?.string {
            action = .user(text)
        } else if let event = node["notice"]?.string {
            action = .notice(event, data: try strings(node["data"]))
        } else if let clock = node["clock"]?.string {
            action = .clock(clock)
        } else if node["release"] != nil {
            action = .release
        } else {
            throw LocatedError(
                message: "a step needs \"user\", \"notice\", \"clock\" or \"release\"",
                location: node.location
            )
        }
        return TestStep(
            action: action,
            location: node.location,
            expect: try expectation(node["expect"]),
            expectError: node["expectError"]?.string
        )
    }

    private static func expectation(_ node: JSONNode?) throws(LocatedError) -> Expectation {
        var result = Expectation()
        guard let node else { return result }
        try allow(
            node,
            ["intent", "state", "lang", "slots", "replies", "reply", "responses", "effects", "noEffects", "handoff"]
        )
        result.intent = node["intent"]?.string
        result.state = node["state"]?.string
        result.lang = node["lang"]?.string
        if let slots = node["slots"]?.members {
            for member in slots {
                if case .null = member.value.value {
                    result.slots[member.key] = .some(nil)
                } else {
                    result.slots[member.key] = member.value.scalarText
                }
            }
        }
        if let replies = node["replies"]?.elements {
            var matchers: [ReplyMatcher] = []
            for reply in replies { matchers.append(try matcher(reply)) }
            result.replies = matchers
        }
        if let reply = node["reply"] { result.reply = try matcher(reply) }
        result.responses = node["responses"]?.elements?.compactMap(\.string)
        for effect in node["effects"]?.elements ?? [] {
            if let kind = effect.string {
                result.effects.append((kind, [:]))
            } else if let kind = effect["kind"]?.string {
                var details = try strings(effect)
                details["kind"] = nil
                result.effects.append((kind, details))
            } else {
                throw LocatedError(message: "an effect is a kind or {\"kind\": …, details…}", location: effect.location)
            }
        }
        result.noEffects = node["noEffects"]?.elements?.compactMap(\.string) ?? []
        if case .bool(let flag) = node["handoff"]?.value { result.handoff = flag }
        return result
    }

    private static func matcher(_ node: JSONNode) throws(LocatedError) -> ReplyMatcher {
        if let text = node.string { return .exact(text) }
        if let text = node["contains"]?.string { return .contains(text) }
        if let text = node["regex"]?.string {
            guard (try? NSRegularExpression(pattern: text)) != nil else {
                throw LocatedError(message: "invalid regex", location: node.location)
            }
            return .regex(text)
        }
        if let options = node["oneOf"]?.elements?.compactMap(\.string) { return .oneOf(options) }
        throw LocatedError(
            message: "a reply is a string (exact) or {\"contains\"}, {\"regex\"}, {\"oneOf\"}",
            location: node.location
        )
    }

    private static func strings(_ node: JSONNode?) throws(LocatedError) -> [String: String] {
        try node?.scalarMembers(named: "values") ?? [:]
    }
}
