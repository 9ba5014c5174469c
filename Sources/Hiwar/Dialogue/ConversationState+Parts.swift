internal import HiwarSyntax

// The parts of a conversation's state are nested in ``ConversationState`` in the public API; inside the package
// they go by their short names.

package typealias Handoff = ConversationState.Handoff
package typealias TranscriptLine = ConversationState.TranscriptLine
package typealias PendingEvent = ConversationState.PendingEvent
package typealias ScheduledJob = ConversationState.ScheduledJob
package typealias Transcript = ConversationState.Transcript
