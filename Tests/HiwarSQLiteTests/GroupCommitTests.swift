import Foundation
import Hiwar
import HiwarSQLite
import Testing

@Suite("SQLite group commit")
struct GroupCommitTests {
    @Test("concurrent saves share commits, and each returns only once another connection can read it")
    func groupedAndDurableOnReturn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-group-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        let reader = try SQLiteSessionStore(path: path)
        let saves = 256
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<saves {
                group.addTask {
                    var state = ConversationState(id: "c\(index)", state: StateKey(flow: "f", state: "s"), seed: 1)
                    state.slots["n"] = "\(index)"
                    try await store.save(state)
                    // Acknowledged means committed: a second connection sees it at once.
                    #expect(try await reader.load("c\(index)") == state)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await reader.count() == saves)
        #expect(store.commitCount < saves, "\(store.commitCount) commits for \(saves) concurrent saves")
        #expect(store.commitCount >= 1)
    }

    @Test("a conversation's saves one after another are each committed, last value last")
    func sequentialSaves() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-group-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteSessionStore(path: folder.appendingPathComponent("store.sqlite").path)
        var state = ConversationState(id: "one", state: StateKey(flow: "f", state: "s"), seed: 1)
        for index in 0..<20 {
            state.turnCount = index
            try await store.save(state)
            #expect(try await store.load("one")?.turnCount == index)
        }
    }
}
