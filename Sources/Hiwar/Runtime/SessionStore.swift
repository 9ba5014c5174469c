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
    private let states = Mutex<[String: ConversationState]>([:])

    /// An empty store.
    public init() {}

    public func load(_ id: String) -> ConversationState? { states.withLock { $0[id] } }

    public func save(_ state: ConversationState) { states.withLock { $0[state.id] = state } }

    public func delete(_ id: String) { _ = states.withLock { $0.removeValue(forKey: id) } }

    public func conversationsWithJobs(dueBy date: Date) -> [String] {
        let due = states.withLock { states in
            states.values.compactMap { state in state.nextDue.flatMap { $0 <= date ? (state.id, $0) : nil } }
        }
        return due.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// How many conversations the store holds.
    public var count: Int { states.withLock { $0.count } }
}
