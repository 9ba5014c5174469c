// Custom actions: an order lookup against an in-memory catalog and a card-update link, as Swift
// handlers registered by name. Run: swift run hiwar-example-custom-actions
import Foundation
import Hiwar

/// A tiny order catalog standing in for a real backend.
actor OrderCatalog {
    struct Order {
        let status: String
        let eta: String?
        let carrier: String?
    }

    private var orders: [String: Order] = [
        "558120": Order(status: "out_for_delivery", eta: "2026-01-05", carrier: "DHL"),
        "A-10293": Order(status: "processing", eta: nil, carrier: nil),
    ]
    private(set) var cancelled: [String] = []

    func order(_ id: String) -> Order? { orders[id] }

    func cancel(_ id: String) throws -> String {
        guard let order = orders[id] else { throw ActionFailure("no order \(id)") }
        guard order.status == "processing" else { throw ActionFailure("order \(id) is already \(order.status)") }
        orders[id] = Order(status: "cancelled", eta: nil, carrier: nil)
        cancelled.append(id)
        return "cancelled"
    }
}

let catalog = OrderCatalog()
var actions = ActionRegistry()
actions.register("lookupOrder") { request in
    guard let id = request.inputs["order_id"], let order = await catalog.order(id) else {
        throw ActionFailure("no such order")
    }
    var result = ["order_status": order.status]
    result["eta"] = order.eta
    result["carrier"] = order.carrier
    return result
}
actions.register("cancelOrder") { request in
    ["order_status": try await catalog.cancel(request.inputs["order_id"] ?? "")]
}
actions.register("cardUpdateLink") { request in
    // A real handler would ask the payment provider for a one-time link.
    let token = String(UInt64.random(in: 100_000...999_999))
    return ["update_url": "https://pay.example.com/update/\(request.inputs["card_last4"] ?? "")?t=\(token)"]
}

let directory = CommandLine.arguments.dropFirst().first ?? "Intents"
do {
    let bot = try CompiledBot(paths: [directory])
    let engine = DialogueEngine(bot: bot, actions: actions, seed: 1)
    let script: [(String, String)] = [
        ("alice", "where is my order 558120?"),
        ("bob", "I want to cancel my order"),
        ("bob", "A-10293"),
        ("bob", "yes"),
        ("carol", "update my card"),
        ("carol", "4821"),
        ("dave", "where is my order 999999"),
    ]
    for (customer, text) in script {
        let turn = try await engine.send(text, to: customer)
        print("\(customer)> \(text)")
        for reply in turn.replies { print("   bot> \(reply.text)") }
        for effect in turn.effects where effect.kind == .action { print("   (\(effect))") }
    }
    print("cancelled orders: \(await catalog.cancelled)")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
