internal import HiwarSyntax
internal import Synchronization

/// Runs each conversation's work one piece at a time, in arrival order, while different
/// conversations run in parallel.
///
/// A first-in, first-out lock per conversation: the work runs in the caller's task (no task is
/// created per turn), the next caller waits on a continuation that the finishing one resumes, and
/// a conversation with nothing running and nothing waiting takes no memory. An actor alone would
/// not do: an actor method that awaits (an action, the store) lets the next call in.
///
/// The work runs in the caller's task, so cancelling the caller while its turn runs may stop the
/// turn before it is saved (the store saves whole turns, so nothing half-done is kept); action
/// handlers run in tasks of their own and do not see the cancellation.
final class ConversationLanes: Sendable {
    /// For each conversation with work running: the callers waiting after it, oldest first.
    private let waiting = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    /// Runs `work` once everything enqueued before it for `conversation` has finished.
    func run<Result>(
        _ conversation: String,
        _ work: () async throws -> Result
    ) async throws -> Result {
        await enter(conversation)
        defer { leave(conversation) }
        return try await work()
    }

    /// How many conversations have work running or waiting.
    var busy: Int { waiting.withLock { $0.count } }

    private func enter(_ conversation: String) async {
        let entered = waiting.withLock { lanes in
            guard lanes[conversation] == nil else { return false }
            lanes[conversation] = []
            return true
        }
        if entered { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let enteredNow = waiting.withLock { lanes in
                // The lane may have emptied between the two looks.
                guard lanes[conversation] != nil else {
                    lanes[conversation] = []
                    return true
                }
                lanes[conversation, default: []].append(continuation)
                return false
            }
            if enteredNow { continuation.resume() }
        }
    }

    /// Hands the lane to the oldest waiter (which then owns it), or closes it.
    private func leave(_ conversation: String) {
        let next = waiting.withLock { lanes -> CheckedContinuation<Void, Never>? in
            guard var queue = lanes[conversation], !queue.isEmpty else {
                lanes[conversation] = nil
                return nil
            }
            let first = queue.removeFirst()
            lanes[conversation] = queue
            return first
        }
        next?.resume()
    }
}
