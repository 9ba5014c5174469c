package import Foundation
internal import HiwarSyntax

extension ConversationState {
    /// The conversation as a store keeps it: the JSON `JSONEncoder` writes for it (sorted keys), written
    /// directly.
    ///
    /// A durable store writes one per turn, and with `JSONEncoder` the snapshot was most of a durable
    /// turn's cost. This writes the same bytes as `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` (a test holds it to that), so `JSONDecoder` reads it back — and reads
    /// snapshots written before it. The transcript's full chunks of lines are written once and reused
    /// by every later snapshot. The outbox, rarely non-empty, is written by `JSONEncoder`.
    package func snapshotJSON() throws -> [UInt8] {
        try snapshotJSON(chunksApart: false)
    }

    /// The snapshot for a store that keeps the transcript's sealed chunks apart.
    ///
    /// `transcript` holds the open lines only, and `transcriptChunks` says which chunks complete it (`first`,
    /// `count`, and `dropped` lines of the first). `JSONDecoder` still reads it as a conversation (with those
    /// open lines as its transcript).
    package func snapshotJSON(chunksApart: Bool) throws -> [UInt8] {
        var json = JSONWriter(capacity: 512 + transcript.count * 96)
        let outboxJSON = outbox.isEmpty ? Data() : try Self.fallbackEncoder.encode(outbox)
        json.object { object in
            object.field("attempts") { $0.integer(attempts) }
            object.optional("awaiting", awaiting) { $0.string($1) }
            object.field("deliveredKeys") { json in
                json.object { keys in
                    for (key, date) in deliveredKeys.sorted(by: { $0.key < $1.key }) {
                        keys.field(dynamic: key) { $0.date(date) }
                    }
                }
            }
            object.field("entrySerial") { $0.integer(entrySerial) }
            object.optional("handoff", handoff) { json, handoff in
                json.object { object in
                    object.field("reason") { $0.string(handoff.reason) }
                    object.field("since") { $0.date(handoff.since) }
                }
            }
            object.field("heldEvents") { $0.array(heldEvents) { $0.event($1) } }
            object.field("id") { $0.string(id) }
            object.field("jobs") { $0.array(jobs) { $0.job($1) } }
            object.optional("language", language) { $0.string($1.rawValue) }
            object.optional("lastActivity", lastActivity) { $0.date($1) }
            object.field("outbox") { json in
                if outbox.isEmpty { json.raw("[]".utf8) } else { json.raw(outboxJSON) }
            }
            object.optional("pinnedLanguage", pinnedLanguage) { $0.string($1.rawValue) }
            object.field("returnStack") { $0.array(returnStack) { $0.stateKey($1) } }
            object.field("seed") { $0.unsigned(seed) }
            object.field("slots") { $0.stringMap(slots) }
            object.field("state") { $0.stateKey(state) }
            if chunksApart {
                object.field("transcript") { transcript.writeOpenLinesJSON(into: &$0) }
                object.field("transcriptChunks") { json in
                    json.object { chunks in
                        chunks.field("count") { $0.integer(transcript.sealedChunkCount) }
                        chunks.field("dropped") { $0.integer(transcript.droppedLines) }
                        chunks.field("first") { $0.integer(transcript.firstChunk) }
                    }
                }
            } else {
                object.field("transcript") { transcript.writeJSON(into: &$0) }
            }
            object.field("turnCount") { $0.integer(turnCount) }
        }
        return json.bytes
    }

    /// What `snapshotJSON()` is measured against, and what writes the outbox.
    package static let fallbackEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension JSONWriter {
    /// A date as `JSONEncoder` writes it by default: seconds since 2001-01-01.
    mutating func date(_ date: Date) {
        number(date.timeIntervalSinceReferenceDate)
    }

    mutating func stateKey(_ key: StateKey) {
        object { object in
            object.field("flow") { $0.string(key.flow) }
            object.field("state") { $0.string(key.state) }
        }
    }

    mutating func event(_ event: PendingEvent) {
        object { object in
            object.field("data") { $0.stringMap(event.data) }
            object.field("event") { $0.string(event.event) }
        }
    }

    /// A job; its kind as Swift's synthesized `Codable` writes an enum with associated values.
    mutating func job(_ job: ScheduledJob) {
        object { object in
            object.field("due") { $0.date(job.due) }
            object.field("id") { $0.integer(job.id) }
            object.field("kind") { json in
                json.object { kind in
                    switch job.kind {
                    case .event(let event):
                        kind.field("event") { $0.object { $0.field("_0") { $0.event(event) } } }
                    case .timeout(let state, let transition, let entry):
                        kind.field("timeout") { json in
                            json.object { object in
                                object.field("entry") { $0.integer(entry) }
                                object.field("state") { $0.stateKey(state) }
                                object.field("transition") { $0.integer(transition) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A transcript line.
    mutating func line(_ line: TranscriptLine) {
        object { object in
            object.field("at") { $0.date(line.at) }
            object.field("speaker") { $0.string(line.speaker.rawValue) }
            object.field("text") { $0.string(line.text) }
        }
    }
}
