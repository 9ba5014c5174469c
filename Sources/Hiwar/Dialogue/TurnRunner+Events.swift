internal import Foundation
internal import HiwarSyntax

extension TurnRunner {
    /// A notice, already validated against its event type.
    ///
    /// Held while a person has the conversation; dropped after its expiry or when its
    /// idempotency key was seen; otherwise it cancels the pending notices it supersedes, sets the
    /// slots its fields fill and takes the event's transition. A notice about the same thing as
    /// the facts the conversation holds (every required field equal to its slot: the same order,
    /// flight or card) adds to them, newest value winning; a notice about another one clears the
    /// slots of its absent fields, so an answer never mixes two orders, flights or cards.
    mutating func handleEvent(_ name: String, data: [String: String]) async {
        guard let event = program.events[name] else { return }
        if state.handoff != nil {
            state.heldEvents.removeAll { event.supersedes.contains($0.event) }
            state.heldEvents.append(PendingEvent(event: name, data: data))
            effect(.held, ["event": name])
            if state.heldEvents.count > ConversationState.heldLimit {
                // Bounded: the oldest held notice gives way, and says so.
                let oldest = state.heldEvents.removeFirst()
                effect(.superseded, ["event": oldest.event, "by": name, "reason": "held-limit"])
            }
            return
        }
        if let field = event.expiresAt, let value = data[field], let expiry = Self.instant(value),
            expiry <= now
        {
            effect(.expired, ["event": name, "field": field, "expired": value])
            return
        }
        if !event.idempotencyKey.isEmpty,
            remember(Self.idempotencyKey(name, event.idempotencyKey.map { data[$0] ?? "" }), event: name)
        {
            return
        }
        let superseded = event.supersedes
        var kept: [ScheduledJob] = []
        for job in state.jobs {
            if case .event(let pending) = job.kind, superseded.contains(pending.event) {
                effect(.superseded, ["event": pending.event, "by": name, "job": "\(job.id)"])
            } else {
                kept.append(job)
            }
        }
        state.jobs = kept
        let required = event.fields.filter(\.required)
        let sameThing =
            !required.isEmpty
            && required.allSatisfy { field in
                data[field.name] != nil && state.slots[field.slot] == data[field.name]
            }
        for field in event.fields {
            let slot = field.slot
            guard program.slots[slot] != nil else { continue }
            if let value = data[field.name] {
                setSlot(slot, value)
            } else if !sameThing {
                setSlot(slot, nil)
            }
        }
        let summary = data.keys.sorted().map { key in
            let slot = event.fields.first { $0.name == key }?.slot ?? key
            return "\(key)=\(shown(slot, data[key] ?? ""))"
        }
        state.transcript.append(
            TranscriptLine(
                speaker: .notice,
                text: TranscriptLine.stored(CardNumbers.redacted(([name] + summary).joined(separator: " "))),
                at: now
            )
        )
        if let transition = transition(on: .event(name)) {
            await take(transition)
            await checkConditions()
        } else {
            effect(.unhandled, ["trigger": name])
        }
    }

    /// A due job: a reminder's notice, or a state's timeout if the conversation is still in the visit that scheduled
    /// it.
    ///
    /// Jobs later than the bot's grace follow its overdue policy.
    mutating func fire(_ job: ScheduledJob) async {
        state.jobs.removeAll { $0.id == job.id }
        let lateness = now.timeIntervalSince(job.due)
        var details = ["job": "\(job.id)", "due": Self.timestamp(job.due)]
        if lateness > program.overdueGrace {
            details["late"] = "\(Int(lateness))s"
            if program.dropsOverdueJobs {
                effect(.jobDropped, details.merging(["reason": "overdue"]) { first, _ in first })
                return
            }
        }
        switch job.kind {
        case .event(let pending):
            details["event"] = pending.event
            effect(.fired, details)
            if (try? EventPayload.validate(pending.data, for: program.events[pending.event], named: pending.event))
                == nil
            {
                effect(.jobDropped, ["job": "\(job.id)", "reason": "its notice no longer fits the bot's event type"])
                return
            }
            await handleEvent(pending.event, data: pending.data)
        case .timeout(let key, let index, let entry):
            guard state.state == key, state.entrySerial == entry, state.handoff == nil,
                let transition = program.states[key]?.transitions[safe: index]
            else {
                effect(.jobDropped, ["job": "\(job.id)", "reason": "the conversation moved on"])
                return
            }
            details["state"] = key.description
            effect(.fired, details)
            if guardHolds(transition) {
                await take(transition)
                await checkConditions()
            }
        }
    }

    /// The host gives the conversation back: the bot resumes at home and delivers held notices.
    mutating func release() async {
        guard state.handoff != nil else { return }
        state.handoff = nil
        effect(.released)
        setSlot("fallbacks", nil)
        state.returnStack.removeAll()
        state.state = program.home
        state.awaiting = nil
        state.entrySerial += 1
        let held = state.heldEvents
        state.heldEvents.removeAll()
        for pending in held {
            // Each held notice is a chain of its own: the loop guard counts per notice, so all are delivered.
            beginChain()
            await handleEvent(pending.event, data: pending.data)
        }
    }

    /// Whether the sender's `key` for a notice of `event` was seen (a `duplicate` effect); otherwise remembers it.
    ///
    /// Checked before the notice is held or applied, so a redelivery is dropped whatever the conversation's state.
    mutating func isDuplicate(_ event: String, key: String) -> Bool {
        remember(Self.jsonString("sender") + ":" + Self.jsonString(key), event: event)
    }

    /// Whether the sender's `key` for a customer's message was seen (a `duplicate` effect); otherwise remembers it.
    ///
    /// Messaging platforms deliver a message at least once; their message id as the key makes a redelivery a
    /// no-op. Message keys are their own namespace: a message and a notice may carry the same key.
    mutating func isDuplicateMessage(key: String) -> Bool {
        remember(Self.jsonString("message") + ":" + Self.jsonString(key), event: "message")
    }

    /// Records a delivered key; `true` (and a `duplicate` effect) when it was already there.
    ///
    /// Keys older than the bot's retention are forgotten first; past the limit the oldest gives way.
    private mutating func remember(_ key: String, event name: String) -> Bool {
        let retention = program.idempotencyRetention
        state.deliveredKeys = state.deliveredKeys.filter { now.timeIntervalSince($0.value) < retention }
        if state.deliveredKeys[key] != nil {
            effect(.duplicate, ["event": name, "key": key])
            isRedelivery = true
            return true
        }
        state.deliveredKeys[key] = now
        if state.deliveredKeys.count > ConversationState.deliveredKeyLimit,
            let oldest = state.deliveredKeys.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })
        {
            state.deliveredKeys[oldest.key] = nil
        }
        return false
    }

    /// A notice's idempotency key: its event and field values as a JSON array, so no value can be
    /// mistaken for two (`["flight.gate_changed","EK1|A","2"]` is not `["flight.gate_changed","EK1","A|2"]`).
    static func idempotencyKey(_ event: String, _ values: [String]) -> String {
        "[" + ([event] + values).map(Self.jsonString).joined(separator: ",") + "]"
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// When a date-time field's moment passes, or a date field's day (UTC) ends.
    static func instant(_ text: String) -> Date? {
        ValueCheck.dateTime(text)?.date ?? ValueCheck.date(text)?.addingTimeInterval(86_400)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
