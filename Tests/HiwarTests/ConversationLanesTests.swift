import Synchronization
import Testing

@testable import Hiwar

@Suite("Conversation lanes")
struct ConversationLanesTests {
    final class Counter: Sendable {
        let state = Mutex<(running: Int, most: Int, order: [Int])>((0, 0, []))
        init() {}
    }

    @Test("one conversation's work never overlaps, even across suspensions; idle lanes are dropped")
    func exclusive() async throws {
        let lanes = ConversationLanes()
        let counter = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await lanes.run("same") {
                        counter.state.withLock {
                            $0.running += 1
                            $0.most = max($0.most, $0.running)
                        }
                        await Task.yield()
                        counter.state.withLock {
                            $0.running -= 1
                            $0.order.append(index)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = counter.state.withLock { $0 }
        #expect(final.most == 1)
        #expect(final.order.count == 200)
        #expect(lanes.busy == 0)
    }

    @Test("work queued behind a running piece runs in arrival order")
    func fifo() async throws {
        let lanes = ConversationLanes()
        let counter = Counter()
        let (gate, open) = AsyncStream<Void>.makeStream()
        let first = Task {
            try await lanes.run("c") {
                for await _ in gate { break }
                counter.state.withLock { $0.order.append(0) }
            }
        }
        while lanes.busy == 0 { await Task.yield() }
        var waiters: [Task<Void, any Error>] = []
        for index in 1...5 {
            waiters.append(Task { try await lanes.run("c") { counter.state.withLock { $0.order.append(index) } } })
            // Let each one reach the lane before the next arrives.
            try await Task.sleep(for: .milliseconds(20))
        }
        open.yield()
        try await first.value
        for waiter in waiters { try await waiter.value }
        #expect(counter.state.withLock { $0.order } == [0, 1, 2, 3, 4, 5])
    }

    @Test("different conversations run at the same time")
    func parallel() async throws {
        let lanes = ConversationLanes()
        let (aStarted, aSignal) = AsyncStream<Void>.makeStream()
        let (bStarted, bSignal) = AsyncStream<Void>.makeStream()
        // Each waits for the other to have started: this only finishes if both run at once.
        async let a: Void = lanes.run("a") {
            aSignal.yield()
            for await _ in bStarted { break }
        }
        async let b: Void = lanes.run("b") {
            bSignal.yield()
            for await _ in aStarted { break }
        }
        _ = try await (a, b)
        #expect(lanes.busy == 0)
    }
}
