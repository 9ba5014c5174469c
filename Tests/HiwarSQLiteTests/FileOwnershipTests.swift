import Foundation
import HiwarTesting
import Testing

@testable import Hiwar
@testable import HiwarSQLite

/// A process that holds an exclusive `flock` on a file (util-linux's `flock`), or tries to.
private struct FlockProcess {
    let process = Process()
    let output = Pipe()

    /// Holds `path` until terminated; returns once it holds it.
    static func holding(_ path: String) throws -> FlockProcess {
        let holder = FlockProcess()
        holder.process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // Without forking, the one process that holds the file is the one terminated.
        holder.process.arguments = ["--exclusive", "--no-fork", path, "sh", "-c", "echo held; exec sleep 60"]
        holder.process.standardOutput = holder.output
        try holder.process.run()
        let line = holder.output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("held") else {
            holder.process.terminate()
            throw CocoaError(.fileLocking)
        }
        return holder
    }

    /// Whether another process can take `path` at once (`flock --nonblock`).
    static func canTake(_ path: String) throws -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        probe.arguments = ["--exclusive", "--nonblock", path, "true"]
        try probe.run()
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    func release() {
        // SIGKILL: a test host may ignore SIGTERM, and an ignored signal stays ignored in the processes it starts.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite("SQLite: the store holds its file for its process")
struct FileOwnershipTests {
    static func temporaryPath() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hiwar-owner-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("store.sqlite").path)
    }

    @Test("a file another process holds is refused with in-use; once it lets go, the store opens")
    func refusedWhileAnotherProcessHoldsIt() async throws {
        let (folder, path) = try Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = try FlockProcess.holding(path)
        do {
            _ = try SQLiteSessionStore(path: path)
            Issue.record("opened a file another process holds")
        } catch {
            #expect(error.code == .inUse)
            #expect(error.path == path)
            #expect(error.description.hasPrefix("in-use: session store \(path): another process has it open"))
            #expect(error.description.contains("PostgreSQL"))
        }
        other.release()
        let store = try SQLiteSessionStore(path: path)
        let state = ConversationState(id: "c", state: StateKey(flow: "f", state: "s"), seed: 1)
        try await store.save(state)
        #expect(try await store.load("c") == state)
    }

    @Test("while a store is open no other process can take the file; when the last store on it goes, one can")
    func heldForTheStoresLifetime() async throws {
        let (folder, path) = try Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try SQLiteSessionStore(path: path)
            do {
                // A second store in the same process shares the hold.
                let second = try SQLiteSessionStore(path: path)
                #expect(try await second.count() == 0)
            }
            #expect(try !FlockProcess.canTake(path), "the first store still holds the file")
            try await store.save(ConversationState(id: "c", state: StateKey(flow: "f", state: "s"), seed: 1))
        }
        #expect(try FlockProcess.canTake(path))
        #expect(try await SQLiteSessionStore(path: path).count() == 1)
    }

    @Test("the same file under another path is the same hold, shared, not refused")
    func samefileAnotherPath() async throws {
        let (folder, path) = try Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link.sqlite").path
        let store = try SQLiteSessionStore(path: path)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let viaLink = try SQLiteSessionStore(path: link)
        var state = ConversationState(id: "ملف", state: StateKey(flow: "f", state: "s"), seed: 1)
        try await store.save(state)
        #expect(try await viaLink.load("ملف") == state)
        // The other store's commit: the first one's decoded copy is not used any more.
        state.slots["order_id"] = "A-10293"
        try await viaLink.save(state)
        #expect(try await store.load("ملف") == state)
    }

    @Test("a file that cannot be opened is unreadable, with the system's reason")
    func unreadable() throws {
        let (folder, _) = try Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no-such-folder/store.sqlite").path
        do {
            _ = try SQLiteSessionStore(path: missing)
            Issue.record("opened a file in a folder that does not exist")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description == "unreadable: session store \(missing): No such file or directory")
        }
    }
}

@Suite("SQLite: a file system that cannot lock files")
struct UnlockedFileTests {
    @Test("two stores stay coherent, and a change another process makes to a row is seen at the next load")
    func versionChecked() async throws {
        let (folder, path) = try FileOwnershipTests.temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try SQLiteSessionStore(path: path, durability: .full, locking: false)
        let reader = try SQLiteSessionStore(path: path, durability: .full, locking: false)
        #expect(try await SessionStoreContract.coherence(writer: writer, reader: reader) == [])
        // Without the hold, another process may write the file: the row's version tells the store.
        #expect(try FlockProcess.canTake(path))
        var state = ConversationState(id: "سفارش", state: StateKey(flow: "order", state: "shipped"), seed: 3)
        try await writer.save(state)
        #expect(try await reader.load("سفارش") == state)
        state.slots["order_id"] = "A-10293"
        let snapshot = try JSONEncoder().encode(state)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE conversation SET state = ?, version = version + 1 WHERE id = ?", (sys.argv[2].encode(), sys.argv[3]))
            db.commit()
            """,
            path, String(decoding: snapshot, as: UTF8.self), "سفارش",
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        #expect(try await reader.load("سفارش") == state)
        #expect(try await writer.load("سفارش") == state)
    }
}
