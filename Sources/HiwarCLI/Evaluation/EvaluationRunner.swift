import Foundation
import Hiwar
import HiwarTesting
import Logging

/// What the bot did with one labelled item.
struct EvaluatedItem: Sendable {
    let item: LabelledItem
    /// The intent the bot recognized; `fallback` for none.
    let intent: String
    /// The slots the bot found in the message, for the slots the evaluation scores.
    let slots: [String: String]
    /// The gold slots, resolved to the engine's forms.
    let goldSlots: [String: String]
    /// Facts of `reply_must_contain` no reply stated.
    let missingFacts: [String]
    /// The replies' texts.
    let replies: [String]
    /// The language the bot answered in.
    let language: String
    /// Why the item could not be run as written (a notice the bot refused), if it could not.
    let problem: String?
    /// The pattern that decided the intent (`file:line:column  source`), for misses.
    let decidedBy: String?
    /// The runner-up intents, for misses.
    let runnersUp: [String]

    var intentCorrect: Bool { problem == nil && intent == item.intent }
    var slotsCorrect: Bool { problem == nil && slots == goldSlots }
    var factsCorrect: Bool { problem == nil && missingFacts.isEmpty }
    var hasFacts: Bool { !item.mustContain.isEmpty }
    var passed: Bool { intentCorrect && slotsCorrect && factsCorrect }
}

/// Runs labelled items through a dialogue engine: each item in a fresh conversation on a fixed clock, its notice
/// delivered first when it has one.
struct EvaluationRunner: Sendable {
    let bot: CompiledBot
    let actions: ActionRegistry
    /// The clock every conversation starts at, unless an item names its own.
    let start: Date
    /// The slots scored, by file: those the file's labels mention somewhere.
    ///
    /// A file that labels no slot of a kind is not scored on it, whichever files it is evaluated with.
    let scoredSlots: [String: Set<String>]

    /// The slots each file labels somewhere.
    static func labelledSlots(in items: [LabelledItem]) -> [String: Set<String>] {
        items.reduce(into: [:]) { scored, item in scored[item.location.path, default: []].formUnion(item.slots.keys) }
    }

    /// Evaluates `items`, in parallel across conversations, results in the items' order.
    func run(_ items: [LabelledItem]) async -> [EvaluatedItem] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = max(1, (items.count + workers - 1) / workers)
        return await withTaskGroup(of: (Int, [EvaluatedItem]).self) { group in
            for (worker, lower) in stride(from: 0, to: items.count, by: chunk).enumerated() {
                let slice = Array(items[lower..<min(items.count, lower + chunk)])
                group.addTask {
                    var results: [EvaluatedItem] = []
                    results.reserveCapacity(slice.count)
                    for (offset, item) in slice.enumerated() {
                        results.append(await evaluate(item, conversation: "eval-\(lower + offset)"))
                    }
                    return (worker, results)
                }
            }
            var batches: [(Int, [EvaluatedItem])] = []
            for await batch in group { batches.append(batch) }
            return batches.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    private func evaluate(_ item: LabelledItem, conversation: String) async -> EvaluatedItem {
        var now = start
        if let clock = item.clock {
            guard let date = ClockArgument.date(clock, timeZone: bot.timeZone) else {
                return failed(item, "\"\(clock)\" is not a time (2026-11-23T09:00:00Z)")
            }
            now = date
        }
        let resolver = GoldSlotResolver(now: now, timeZone: bot.timeZone)
        let engine = DialogueEngine(
            bot: bot,
            actions: actions,
            clock: ManualClock(now),
            seed: 1,
            logger: Logger(label: "hiwar.eval") { _ in SwiftLogNoOpLogHandler() }
        )
        do {
            if let event = item.event {
                do {
                    try await engine.deliver(event: event, data: item.data, to: conversation)
                } catch let error as DeliveryError {
                    return failed(item, "the notice was refused: \(error)")
                }
            }
            let before = try await engine.conversation(conversation)
            let turn = try await engine.send(item.text, to: conversation)
            let replies = turn.replies.map(\.text)
            let spoken = Self.folded(replies.joined(separator: "\n"))
            let missing = item.mustContain.filter { !spoken.contains(Self.folded($0)) }
            let intent = turn.intent ?? "fallback"
            var decidedBy: String?
            var runnersUp: [String] = []
            if intent != item.intent {
                let result = bot.match(item.text, expected: bot.expectedIntents(in: before.state), now: now)
                if let best = result.matches.first {
                    decidedBy = "\(best.pattern.location)  \(best.pattern.source)"
                    let bytes = Array(item.text.utf8)
                    let found = best.evidence.map {
                        "\"\(String(decoding: bytes[$0.clamped(to: 0..<bytes.count)], as: UTF8.self))\""
                    }
                    if !found.isEmpty { decidedBy? += "  (found \(found.joined(separator: " + ")))" }
                }
                runnersUp = result.matches.dropFirst().prefix(3).map(\.intent)
            }
            return EvaluatedItem(
                item: item,
                intent: intent,
                slots: turn.slots.filter { scoredSlots[item.location.path]?.contains($0.key) == true },
                goldSlots: item.slots.reduce(into: [:]) { $0[$1.key] = resolver.resolve($1.value, slot: $1.key) },
                missingFacts: missing,
                replies: replies,
                language: turn.language.rawValue,
                problem: nil,
                decidedBy: decidedBy,
                runnersUp: runnersUp
            )
        } catch {
            return failed(item, "\(error)")
        }
    }

    private func failed(_ item: LabelledItem, _ problem: String) -> EvaluatedItem {
        EvaluatedItem(
            item: item,
            intent: "-",
            slots: [:],
            goldSlots: item.slots,
            missingFacts: item.mustContain,
            replies: [],
            language: "-",
            problem: problem,
            decidedBy: nil,
            runnersUp: []
        )
    }

    /// Text compared for facts: bidi controls removed, digits of every script as ASCII, lowercased.
    static func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(0x30 + scalar.value - 0x0660) ?? scalar)
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(0x30 + scalar.value - 0x06F0) ?? scalar)
            default: scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }
}
