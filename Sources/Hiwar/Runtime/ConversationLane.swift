/// Runs one conversation's work in arrival order, one piece at a time.
///
/// An actor alone is not enough: an actor method that awaits (an action, the store) lets the
/// next call in. A lane chains each piece of work after the previous one instead, so a turn
/// always sees the state the turn before it saved, while other conversations' lanes run in
/// parallel.
actor ConversationLane {
    private var tail: Task<Void, Never>?
    private(set) var pending = 0

    /// Runs `work` after everything enqueued before it.
    func run<Result: Sendable>(
        _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let previous = tail
        pending += 1
        let task = Task<Result, any Error> {
            await previous?.value
            return try await work()
        }
        tail = Task { _ = try? await task.value }
        defer { pending -= 1 }
        return try await task.value
    }
}
