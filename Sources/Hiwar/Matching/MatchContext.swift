package import Foundation
internal import HiwarSyntax

/// What matching needs to know about the moment and the conversation.
package struct MatchContext: Sendable {
    /// Intents the conversation's state expects: they rank first.
    package var expected: Set<String>
    /// The time "today" and "tomorrow" are resolved against.
    package var now: Date
    /// The time zone dates are resolved in.
    package var timeZone: TimeZone
    /// The slot the bot just asked for: its entity is read without the usual context words
    /// ("4821" is a card's last 4 after "which card?"), and a free-text slot takes the message.
    package var awaiting: String?

    /// Creates a context.
    package init(
        expected: Set<String> = [],
        now: Date = Date(),
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
        awaiting: String? = nil
    ) {
        self.awaiting = awaiting
        self.expected = expected
        self.now = now
        self.timeZone = timeZone
    }
}
