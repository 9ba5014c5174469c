internal import Foundation
package import Hiwar

/// Action handlers backed by a JSON file, so bot authors can run flows without a backend.
///
/// ```json
/// {
///   "lookupOrder": [
///     {"when": {"order_id": "123456"}, "result": {"order_status": "shipped", "eta": "2026-11-25"}},
///     {"error": "no such order"}
///   ],
///   "cardUpdateLink": [{"result": {"update_url": "https://pay.example.com/update/{card_last4}"}}]
/// }
/// ```
///
/// For each action, cases are tried in order; the first whose `when` values all equal the
/// action's inputs answers: `result` (slot values, where `{input}` is replaced by that input's
/// value) or `error` (the action fails with that reason). No case matching is an error too.
package enum ActionFixtures {
    /// Loads the fixtures in `file` into a registry.
    ///
    /// - Throws: ``LocatedError`` for a file that is not JSON or not in this shape.
    package static func load(_ file: SourceFile) throws(LocatedError) -> ActionRegistry {
        let root: JSONNode
        switch JSONDocument.read(file) {
        case .success(let node): root = node
        case .failure(let error): throw error
        }
        guard let actions = root.members else {
            throw LocatedError(message: "an action fixture file is an object of action names", location: root.location)
        }
        var registry = ActionRegistry()
        for action in actions {
            guard let items = action.value.elements else {
                throw LocatedError(
                    message: "\"\(action.key)\" must be a list of cases",
                    location: action.value.location
                )
            }
            var cases: [FixtureCase] = []
            for item in items {
                guard item.members != nil else {
                    throw LocatedError(message: "a case is an object with when/result/error", location: item.location)
                }
                for member in item.members ?? [] where !["when", "result", "error"].contains(member.key) {
                    throw LocatedError(message: "unknown key \"\(member.key)\" in a case", location: member.keyLocation)
                }
                let when = try strings(item["when"], "when")
                let result = try strings(item["result"], "result")
                let error = item["error"].flatMap(\.scalarText)
                if item["result"] == nil && error == nil {
                    throw LocatedError(message: "a case needs \"result\" or \"error\"", location: item.location)
                }
                cases.append(FixtureCase(when: when, result: result, error: error))
            }
            let name = action.key
            let fixed = cases
            registry.register(name) { request in
                guard let match = fixed.first(where: { $0.when.allSatisfy { request.inputs[$0.key] == $0.value } })
                else {
                    throw ActionFailure("no fixture case of \(name) matches \(request.inputs.keys.sorted())")
                }
                if let error = match.error { throw ActionFailure(error) }
                return match.result.mapValues { value in
                    request.inputs.reduce(value) { text, input in
                        text.replacingOccurrences(of: "{\(input.key)}", with: input.value)
                    }
                }
            }
        }
        return registry
    }

    private struct FixtureCase: Sendable {
        let when: [String: String]
        let result: [String: String]
        let error: String?
    }

    private static func strings(_ node: JSONNode?, _ what: String) throws(LocatedError) -> [String: String] {
        try node?.scalarMembers(named: what) ?? [:]
    }
}
