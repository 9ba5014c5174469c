internal import Foundation
internal import HiwarSyntax

extension TurnRunner {
    /// A customer's message.
    mutating func handleMessage(_ text: String) async {
        // What is kept of the message: card numbers masked (found in the whole text as written, by
        // CardNumbers, which the matcher runs too), before anything is stored; then cut to the storage limit.
        func keep(_ cardNumber: Bool) {
            let kept = TranscriptLine.stored(cardNumber ? CardNumbers.redacted(text) : text)
            turn.input = .message(kept)
            state.transcript.append(TranscriptLine(speaker: .customer, text: kept, at: now))
        }
        if state.handoff != nil {
            let cardNumber = CardNumbers.contains(text)
            keep(cardNumber)
            if cardNumber { effect(.cardNumberRefused) }
            effect(.paused, ["reason": state.handoff?.reason ?? ""])
            return
        }
        let expects = program.expectedIntents[state.state] ?? []
        let context = MatchContext(expected: expects, now: now, timeZone: bot.timeZone, awaiting: state.awaiting)
        let result = bot.match(text, context: context, scratch: MatcherScratch())
        keep(result.cardNumberDetected)
        if result.cardNumberDetected {
            // Nothing of the message is kept: no slot, no intent acted on.
            turn.intent = result.intent ?? "fallback"
            effect(.cardNumberRefused)
            if let warning = program.cardNumberWarning { say(warning) }
            return
        }
        if state.pinnedLanguage == nil {
            if let identified = result.language, program.languages.contains(identified) {
                state.language = identified
            } else if result.language == nil, state.language != .arabic, state.language != .persian,
                Self.hasArabicScript(text), let fallback = program.arabicScriptLanguage
            {
                // "سلام", "مرسی": Arabic script, too short to tell Arabic from Persian. The conversation's language
                // (or the one its notice carried) stands when it is one of them; otherwise the bot's choice.
                state.language = fallback
            }
        }
        turn.intent = result.intent ?? "fallback"
        turn.score = result.matches.first?.score
        // A message nothing matched carries no slots (spec §7), unless it answers a slot the bot asked for.
        let found = result.matches.isEmpty ? (state.awaiting == nil ? [] : result.foundSlots) : result.slots
        for value in found { turn.slots[value.slot] = value.displayValue }

        if let keyword = program.escalationKeyword(in: result.normalized) {
            await escalate(keyword: keyword)
            return
        }
        if let awaiting = state.awaiting {
            await answer(awaiting, result: result)
        } else {
            await respond(to: result)
        }
        await checkConditions()
    }

    /// Whether `text` has a letter of the Arabic script.
    static func hasArabicScript(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0620...0x064A).contains($0.value) || (0x066E...0x06D3).contains($0.value) }
    }

    /// Picks the transition for a recognized (or unrecognized) message and takes it.
    private mutating func respond(to result: MatchResult) async {
        for value in result.slots { setSlot(value.slot, value.value) }
        var tried: Set<String> = []
        for match in result.matches where tried.insert(match.intent).inserted {
            if let transition = transition(on: .intent(match.intent)) {
                setSlot("fallbacks", nil)
                turn.intent = match.intent
                turn.score = match.score
                await take(transition)
                return
            }
        }
        await fallBack()
    }

    /// Nothing understood (or nothing to do with what was): counts it, then takes a `fallback`
    /// transition, or hands off after `settings.handoff.afterFallbacks` in a row.
    private mutating func fallBack() async {
        let count = (Int(state.slots["fallbacks"] ?? "0") ?? 0) + 1
        state.slots["fallbacks"] = "\(count)"
        if program.handoffAfterFallbacks > 0 && count >= program.handoffAfterFallbacks {
            handOff("\(count) messages in a row were not understood")
            return
        }
        if let transition = transition(on: .intent("fallback")) {
            await take(transition)
        } else {
            effect(.unhandled, ["trigger": "fallback"])
        }
    }

    /// A message while the bot waits for a slot: an expected intent, the slot's value, a
    /// digression (after which the question is asked again), or a wrong answer.
    private mutating func answer(_ slot: String, result: MatchResult) async {
        guard let definition = program.states[state.state],
            let request = definition.slots.first(where: { $0.slot == slot })
        else {
            state.awaiting = nil
            await respond(to: result)
            return
        }
        let expects = program.expectedIntents[state.state] ?? []
        if let top = result.matches.first, expects.contains(top.intent),
            let found = program.stateTables[state.state]?[.intent(top.intent)].first(where: { guardHolds($0) })
        {
            turn.intent = top.intent
            await take(found)
            return
        }
        if let value = result.foundSlots.first(where: { $0.slot == slot }) {
            turn.answered = slot
            if let problem = validate(value.value, for: request) {
                await refuse(request, reason: problem)
                return
            }
            for other in result.foundSlots where other.slot != slot && state.slots[other.slot] == nil {
                setSlot(other.slot, other.value)
            }
            setSlot(slot, value.value)
            setSlot("fallbacks", nil)
            state.awaiting = nil
            state.attempts = 0
            await runState()
            return
        }
        for match in result.matches {
            guard let transition = transition(on: .intent(match.intent)) else { continue }
            turn.intent = match.intent
            let before = (state.state, state.entrySerial)
            for value in result.slots { setSlot(value.slot, value.value) }
            await take(transition)
            if (state.state, state.entrySerial) == before && state.handoff == nil && state.slots[slot] == nil {
                if let prompt = request.prompt { say(prompt) }
            }
            return
        }
        turn.answered = slot
        await refuse(request, reason: "no \(slot) in the answer")
    }

    /// Counts a wrong answer: asks again, or after the last attempt takes `onFail`.
    private mutating func refuse(_ request: SlotStep, reason: String) async {
        state.attempts += 1
        effect(.invalidAnswer, ["slot": request.slot, "attempt": "\(state.attempts)", "reason": reason])
        if state.attempts >= request.maxAttempts {
            state.awaiting = nil
            state.attempts = 0
            if let onFail = request.onFail { await take(onFail) }
            return
        }
        if let reprompt = request.reprompt ?? request.prompt { say(reprompt) }
    }

    /// Why a value cannot fill a slot request, or `nil` when it can.
    func validate(_ value: String, for request: SlotStep) -> String? {
        if let type = program.slots[request.slot]?.type, let problem = ValueCheck.problem(value, as: type) {
            return problem
        }
        // Fails closed: a pattern that is not there (it could not be compiled) accepts nothing.
        if let pattern = request.pattern, !pattern.matchesWhole(value) {
            return "\"\(shown(request.slot, value))\" does not have the expected form"
        }
        if request.minimumDuration != nil || request.maximumDuration != nil, let duration = ISODuration(value) {
            let seconds = duration.approximateSeconds
            if let minimum = request.minimumDuration,
                seconds < minimum.approximateSeconds
            {
                return "shorter than \(minimum)"
            }
            if let maximum = request.maximumDuration,
                seconds > maximum.approximateSeconds
            {
                return "longer than \(maximum)"
            }
        }
        if let number = Double(value) {
            if let minimum = request.minimum, number < minimum { return "below the minimum \(minimum)" }
            if let maximum = request.maximum, number > maximum { return "above the maximum \(maximum)" }
        }
        if request.maxDaysBefore != nil || request.maxDaysAfter != nil, let date = ValueCheck.date(value) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = bot.timeZone
            let today = ValueCheck.date(Self.isoDay(now, in: bot.timeZone)) ?? now
            let days = calendar.dateComponents([.day], from: today, to: date).day ?? 0
            if let before = request.maxDaysBefore, days < -before { return "more than \(before) days ago" }
            if let after = request.maxDaysAfter, days > after { return "more than \(after) days ahead" }
        }
        return nil
    }

    static func isoDay(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// An escalation keyword: handled like a request for a person (the `human` intent's
    /// transitions) with the keyword as the reason, or a plain handoff when the bot has none.
    private mutating func escalate(keyword: String) async {
        turn.intent = "human"
        let reason = "escalation keyword \"\(keyword)\""
        if let transition = transition(on: .intent("human")) {
            var escalated = transition
            if escalated.handoff != nil { escalated.handoff = reason }
            await take(escalated)
        }
        handOff(reason)
    }
}
