// Embedding Hiwar: load the shipped bot, handle a notice and a few messages, print the turns.
//
// Run from the repository root: swift run hiwar-example-embedding [Intents]
import Foundation
import Hiwar

let directory = CommandLine.arguments.dropFirst().first ?? "Intents"
let bot: CompiledBot
do {
    bot = try CompiledBot(paths: [directory])
} catch {
    FileHandle.standardError.write(Data("the bot did not compile:\n\(error)\n".utf8))
    exit(1)
}

// Actions are plain async Swift functions registered by name.
var actions = ActionRegistry()
actions.register("lookupOrder") { request in
    guard request.inputs["order_id"] == "558120" else { throw ActionFailure("unknown order") }
    return ["order_status": "out_for_delivery", "eta": "2026-01-05"]
}

// A manual clock makes the run repeatable; production code uses SystemClock().
let clock = ManualClock(ISO8601DateFormatter().date(from: "2026-01-05T09:00:00+04:00") ?? Date())
let engine = DialogueEngine(bot: bot, actions: actions, clock: clock, seed: 42)

func show(_ turn: Turn) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    if let data = try? encoder.encode(turn), let line = String(data: data, encoding: .utf8) { print(line) }
    for reply in turn.replies { print("  bot> \(reply.text)") }
}

do {
    show(
        try await engine.deliver(
            event: "order.shipped",
            data: ["order_id": "A-10293", "eta": "2026-01-07", "carrier": "Aramex"],
            to: "customer-1"
        )
    )
    show(try await engine.send("when will it arrive?", to: "customer-1"))
    show(try await engine.send("متى يوصل؟", to: "customer-1"))
    show(try await engine.send("where is my order 558120", to: "customer-2"))
    do {
        try await engine.deliver(event: "order.shipped", data: ["eta": "tomorrow"], to: "customer-1")
    } catch let error as DeliveryError {
        print("refused as expected: \(error)")
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
