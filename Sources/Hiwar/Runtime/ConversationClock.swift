public import Foundation
package import HiwarSyntax
internal import Synchronization

/// Where the engine reads the time: the system clock in production, a manual one in tests and
/// the REPL, so that "remind me in 3 days" can be tested in a second.
public protocol ConversationClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: ConversationClock {
    /// Creates the system clock.
    public init() {}

    /// The current time.
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to: for tests, the REPL's `:clock` and `hiwar test`.
public final class ManualClock: ConversationClock {
    private let current: Mutex<Date>

    /// Creates a clock showing `start`.
    public init(_ start: Date) {
        current = Mutex(start)
    }

    /// The time the clock shows.
    public func now() -> Date { current.withLock { $0 } }

    /// Sets the clock; it may go backwards (a test replaying a morning after an evening).
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Moves the clock forward by an ISO 8601 duration, calendar-aware (P1M is one month).
    package func advance(by duration: ISODuration, in timeZone: TimeZone) {
        current.withLock { $0 = duration.added(to: $0, in: timeZone) }
    }
}
