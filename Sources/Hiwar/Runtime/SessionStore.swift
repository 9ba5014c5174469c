public import Foundation
internal import HiwarSyntax
internal import Synchronization

/// Where conversations are kept between turns.
///
/// The engine loads a conversation before each turn and saves it after, so a store that
/// persists (``InMemorySessionStore`` does not; `HiwarSQLite`'s `SQLiteSessionStore` does) keeps
/// every conversation, reminder and handoff across restarts. Implementations must be safe to
/// call from many tasks; the engine never runs two turns of one conversation at once.
public protocol SessionStore: Sendable {
    /// The conversation with `id`, or `nil` when there is none.
    func load(_ id: String) async throws -> ConversationState?
    /// Saves (creates or replaces) a conversation; durable when this returns.
    func save(_ state: ConversationState) async throws
    /// Deletes a conversation.
    func delete(_ id: String) async throws
    /// The conversations with a job due at or before `date` or turns in their outbox, soonest first
    /// (``ConversationState/nextDue`` says when; store it beside the state to answer this).
    func conversationsWithJobs(dueBy date: Date) async throws -> [String]
    /// Runs `body` — a load, a turn, a save — as one unit for conversation `id` across every process sharing
    /// the store: no other process runs a unit of the same conversation meanwhile, and what `body` saves is
    /// committed, all of it or none, when this returns.
    ///
    /// The engine already serializes a conversation's turns inside one process; a store shared by several
    /// processes (PostgreSQL) holds a lock in the database for the unit's transaction. The default runs `body`
    /// as it is: right for a store only one process uses.
    func exclusively<Result: Sendable>(_ id: String, _ body: () async throws -> Result) async throws -> Result
}

extension SessionStore {
    public func exclusively<Result: Sendable>(
        _ id: String,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await body()
    }
}

/// A store in memory: for tests, the REPL and hosts that keep sessions elsewhere.
///
/// A lock around a dictionary: loading and saving never suspend, so a turn pays no hop to
/// another executor for them.
public final class InMemorySessionStore: SessionStore {
    private let contents = Mutex(Contents())

    /// The conversations, and when each one that has a job or an outbox is next due: the scheduler's scan reads
    /// only those, not every conversation under the lock.
    private struct Contents {
        var states: [String: ConversationState] = [:]
        var due: [String: Date] = [:]
    }

    /// An empty store.
    public init() {}

    public func load(_ id: String) -> ConversationState? { contents.withLock { $0.states[id] } }

    public func save(_ state: ConversationState) {
        let due = state.nextDue
        contents.withLock { contents in
            contents.states[state.id] = state
            contents.due[state.id] = due
        }
    }

    public func delete(_ id: String) {
        contents.withLock { contents in
            contents.states[id] = nil
            contents.due[id] = nil
        }
    }

    public func conversationsWithJobs(dueBy date: Date) -> [String] {
        let due = contents.withLock { contents in contents.due.filter { $0.value <= date } }
        return due.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
    }

    /// How many conversations the store holds.
    public var count: Int { contents.withLock { $0.states.count } }
}
