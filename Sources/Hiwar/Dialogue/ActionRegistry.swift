public import Foundation
public import HiwarSyntax
internal import Synchronization

/// What an action handler receives.
public struct ActionRequest: Sendable, Hashable {
    /// The action's name.
    public let action: String
    /// The conversation.
    public let conversation: String
    /// The values of the slots the action declares as inputs (those that are set).
    public let inputs: [String: String]
    /// The conversation's language, for handlers that produce text.
    public let language: LanguageCode
    /// The clock's time.
    public let now: Date
}

/// Why an action failed, as a handler reports it.
public struct ActionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short reason, recorded in the turn's effects.
    public let reason: String

    /// Creates a failure.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// The Swift handlers a host registers for the bot's declared actions.
///
/// A handler gets the action's inputs and returns slot values; throwing takes the action's
/// `onError` path, and running past its `timeout` (default 10 seconds) takes `onTimeout`.
///
/// ```swift
/// var actions = ActionRegistry()
/// actions.register("lookupOrder") { request in
///     guard let order = try await catalog.order(request.inputs["order_id"] ?? "") else {
///         throw ActionFailure("no such order")
///     }
///     return ["order_status": order.status, "eta": order.eta]
/// }
/// ```
public struct ActionRegistry: Sendable {
    /// A handler: inputs in, slot values out.
    public typealias Handler = @Sendable (ActionRequest) async throws -> [String: String]

    private var handlers: [String: Handler] = [:]

    /// An empty registry.
    public init() {}

    /// Registers (or replaces) the handler for `name`.
    public mutating func register(_ name: String, _ handler: @escaping Handler) {
        handlers[name] = handler
    }

    /// The handler for `name`.
    public func handler(for name: String) -> Handler? { handlers[name] }

    /// The names with a handler, sorted.
    public var names: [String] { handlers.keys.sorted() }
}

/// How an action call ended.
enum ActionOutcome: Sendable {
    case success([String: String])
    case failure(String)
    case timeout
    case missing
}

extension ActionRegistry {
    /// Runs `request`'s handler, racing it against `timeout`.
    ///
    /// The handler runs in its own task, so one that ignores cancellation cannot hold the
    /// conversation past its timeout: the turn goes on and the task is left to finish.
    func run(_ request: ActionRequest, timeout: Duration) async -> ActionOutcome {
        guard let handler = handler(for: request.action) else { return .missing }
        return await withCheckedContinuation { (continuation: CheckedContinuation<ActionOutcome, Never>) in
            let once = OneShot(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { once.resume(.timeout) }
            }
            Task {
                let outcome: ActionOutcome
                do {
                    outcome = .success(try await handler(request))
                } catch let failure as ActionFailure {
                    outcome = .failure(failure.reason)
                } catch {
                    outcome = .failure(String(describing: error))
                }
                timer.cancel()
                once.resume(outcome)
            }
        }
    }
}

/// Resumes a continuation once: whichever of the handler and the timer finishes first wins.
private final class OneShot: Sendable {
    private let continuation: Mutex<CheckedContinuation<ActionOutcome, Never>?>

    init(_ continuation: CheckedContinuation<ActionOutcome, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ outcome: ActionOutcome) {
        continuation.withLock { $0.take() }?.resume(returning: outcome)
    }
}
