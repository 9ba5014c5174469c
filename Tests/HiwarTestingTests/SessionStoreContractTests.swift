import Foundation
import Hiwar
import HiwarTesting
import Synchronization
import Testing

/// A store that keeps a private copy of what it loaded first and returns it ever after: the stale cache the
/// contract exists to catch.
private final class StaleCacheStore: SessionStore {
    private let inner: InMemorySessionStore
    private let cache = Mutex<[String: ConversationState]>([:])

    init(_ inner: InMemorySessionStore) { self.inner = inner }

    func load(_ id: String) async throws -> ConversationState? {
        if let cached = cache.withLock({ $0[id] }) { return cached }
        let loaded = inner.load(id)
        if let loaded { cache.withLock { $0[id] = loaded } }
        return loaded
    }

    func save(_ state: ConversationState) async throws { inner.save(state) }
    func delete(_ id: String) async throws { inner.delete(id) }
    func conversationsWithJobs(dueBy date: Date) async throws -> [String] {
        inner.conversationsWithJobs(dueBy: date)
    }
}

@Suite("The session-store contract")
struct SessionStoreContractTests {
    @Test("the in-memory store keeps it, read through itself")
    func inMemory() async throws {
        let store = InMemorySessionStore()
        #expect(try await SessionStoreContract.coherence(writer: store, reader: store) == [])
    }

    @Test("a reader with a stale cache is caught, at the step that shows it")
    func staleCache() async throws {
        let shared = InMemorySessionStore()
        let problems = try await SessionStoreContract.coherence(writer: shared, reader: StaleCacheStore(shared))
        #expect(problems.first?.hasPrefix("round 1, the reader's first load") == true, "\(problems)")
    }
}
