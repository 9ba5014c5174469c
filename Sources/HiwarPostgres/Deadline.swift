internal import Synchronization

/// Races work against a timer without waiting for the work to give up: a PostgreSQL statement the server or
/// the driver never answers (a connection closed under it) must fail the turn, not hang it.
///
/// The work runs in a task of its own; whichever of the work and the timer finishes first answers, and the
/// timer is cancelled when the work wins. Work that loses keeps running until it ends by itself (the caller
/// closes its connection in `onTimeout`, which ends it).
enum Deadline {
    /// What the first to finish answers, once.
    private final class Race<Value: Sendable>: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Value, any Error>?, timer: Task<Void, Never>?)>(
            (nil, nil)
        )

        func start(_ continuation: CheckedContinuation<Value, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func setTimer(_ timer: Task<Void, Never>) {
            state.withLock { $0.timer = timer }
        }

        /// Answers with `result` when nothing has yet; `true` when this call answered.
        @discardableResult
        func finish(_ result: Result<Value, any Error>) -> Bool {
            let (continuation, timer) = state.withLock { state in
                let taken = (state.continuation, state.timer)
                state.continuation = nil
                state.timer = nil
                return taken
            }
            timer?.cancel()
            guard let continuation else { return false }
            continuation.resume(with: result)
            return true
        }
    }

    /// `work`'s result, or `timeoutError` after `timeout` (then `onTimeout` runs).
    static func run<Value: Sendable>(
        _ timeout: Duration,
        timeoutError: @autoclosure @escaping @Sendable () -> any Error,
        work: @escaping @Sendable () async throws -> Value,
        onTimeout: @escaping @Sendable () async -> Void
    ) async throws -> Value {
        let race = Race<Value>()
        return try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let timer = Task {
                do { try await Task.sleep(for: timeout) } catch { return }
                if race.finish(.failure(timeoutError())) { await onTimeout() }
            }
            race.setTimer(timer)
            Task {
                let result: Result<Value, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                race.finish(result)
            }
        }
    }
}
