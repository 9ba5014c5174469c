public import Hiwar

/// Guarantees every ``SessionStore`` keeps, checked through two handles on one storage (two processes on one
/// database, two stores on one file): what a new store's tests run, beside the tests of its own failure modes.
///
/// Each check returns the problems it found, in words, and an empty list when the stores keep the contract, so a
/// test target asserts on it with its own framework: `#expect(try await SessionStoreContract.coherence(…) == [])`.
public enum SessionStoreContract {
    /// A reader never sees a stale conversation: each of the writer's saves, a delete and a re-creation is what the
    /// reader loads next (twice: a cached copy must be as fresh), and the reader's own save is what both load.
    ///
    /// Uses the conversation `id`, which must not exist yet.
    public static func coherence(
        writer: any SessionStore,
        reader: any SessionStore,
        id: String = "contract-coherence"
    ) async throws -> [String] {
        var problems: [String] = []
        func check(_ loaded: ConversationState?, _ expected: ConversationState?, _ step: String) {
            if loaded != expected {
                problems.append("\(step): loaded \(loaded.map { "\($0.state) \($0.slots)" } ?? "nothing")")
            }
        }
        var state = ConversationState(id: id, state: StateKey(flow: "f", state: "s"), seed: 1)
        for round in 0..<5 {
            state.slots["round"] = "\(round)"
            try await writer.save(state)
            check(try await reader.load(id), state, "round \(round), the reader's first load")
            check(try await reader.load(id), state, "round \(round), the reader's second load")
        }
        try await writer.delete(id)
        check(try await reader.load(id), nil, "after the writer's delete")
        var again = ConversationState(id: id, state: StateKey(flow: "f", state: "t"), seed: 2)
        again.slots["round"] = "new"
        try await writer.save(again)
        check(try await reader.load(id), again, "after the writer re-created it")
        again.slots["by"] = "reader"
        try await reader.save(again)
        check(try await writer.load(id), again, "the writer, after the reader's save")
        check(try await reader.load(id), again, "the reader, after its own save")
        return problems
    }
}
