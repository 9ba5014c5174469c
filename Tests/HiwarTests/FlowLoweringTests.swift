import Foundation
import Testing

@testable import Hiwar

/// Flows are lowered once, by the compiler: what the runtime gets, and that the decoder parses conditions and
/// templates (and reports them) before any check runs.
@Suite("Flow lowering and parsing once")
struct FlowLoweringTests {
    static let bot = """
        {"settings": {"languages": ["en", "ar", "fa"], "start": "shop.browse"},
         "slots": {"eta": {"type": "date"}, "status": {"type": "string"}, "wait": {"type": "duration"}},
         "events": {"order.shipped": {"fields": {"eta": {"type": "date", "required": true},
                                                  "status": {"type": "string"}}},
                    "nudge": {}},
         "intents": {"help": {"patterns": {"en": ["help"], "ar": ["مساعدة"], "fa": ["کمک"]}},
                     "done": {"patterns": {"en": ["done"], "ar": ["خلصت"], "fa": ["تمام"]}},
                     "later": {"patterns": {"en": ["remind me"], "ar": ["ذكرني"], "fa": ["یادم بنداز"]}}},
         "responses": {
           "shop": {"en": ["Shop menu."], "ar": ["قائمة المتجر."], "fa": ["منوی فروشگاه."]},
           "support": {"en": ["Support menu."], "ar": ["قائمة الدعم."], "fa": ["منوی پشتیبانی."]},
           "eta": {"en": ["Arrives {eta|date}."], "ar": ["يصل {eta|date}."], "fa": ["می‌رسد {eta|date}."]},
           "ok": {"en": ["OK."], "ar": ["تمام."], "fa": ["باشه."]}},
         "global": [{"intent": "help", "goto": "support.menu"}],
         "flows": {
           "shop": {"start": "browse", "states": {
             "browse": {"on": [
               {"intent": "done", "goto": "support.menu"},
               {"event": "order.shipped", "if": "exists eta and status == 'shipped'", "say": "eta"},
               {"intent": "later", "set": {"wait": "P2D"}, "remind": {"after": "{wait}", "event": "nudge"},
                "say": "ok"},
               {"after": "PT30M", "goto": "menu"}]},
             "menu": {"say": ["shop"], "on": [{"intent": "done", "call": "support"}]}}},
           "support": {"start": "menu", "states": {
             "menu": {"say": ["support"], "on": [{"intent": "done", "return": true}]}}}}}
        """

    private func program() throws -> DialogueProgram {
        try compiledBot(Self.bot).dialogue
    }

    @Test("targets are resolved state keys: in the transition's flow, flow.state, a call's start, a return")
    func targets() throws {
        let program = try program()
        let browse = try #require(program.states[StateKey(flow: "shop", state: "browse")])
        #expect(browse.transitions[0].next == .enter(StateKey(flow: "support", state: "menu")))
        #expect(browse.transitions[3].next == .enter(StateKey(flow: "shop", state: "menu")), "the timeout's goto")
        let menu = try #require(program.states[StateKey(flow: "shop", state: "menu")])
        #expect(menu.transitions[0].next == .call(StateKey(flow: "support", state: "menu")))
        let back = try #require(program.states[StateKey(flow: "support", state: "menu")])
        #expect(back.transitions[0].next == .returns)
        let help = try #require(program.globalTable[.intent("help")].first)
        #expect(help.next == .enter(StateKey(flow: "support", state: "menu")), "a global target is flow.state")
        #expect(program.home == StateKey(flow: "shop", state: "browse"))
    }

    @Test("guards are parsed conditions, durations parsed, set and remind values typed")
    func typedValues() throws {
        let browse = try #require(try program().states[StateKey(flow: "shop", state: "browse")])
        #expect(
            browse.transitions[1].condition
                == .and(.exists("eta"), .comparison(.slot("status"), .equal, .string("shipped")))
        )
        #expect(browse.transitions[1].trigger == .event("order.shipped"))
        #expect(browse.transitions[3].trigger == nil && browse.transitions[3].timeout == ISODuration("PT30M"))
        let later = browse.transitions[2]
        #expect(later.set.map(\.slot) == ["wait"] && later.set.map(\.value) == [.literal("P2D")])
        #expect(later.reminder?.after == .slot("wait") && later.reminder?.event == "nudge")
    }

    @Test(
        "lowered transitions run: a goto, a call and its return, a guarded notice, a reminder from a slot, in three languages"
    )
    func runs() async throws {
        for (language, help, done, later, supportMenu, eta) in [
            ("en", "help", "done", "remind me", "Support menu.", "Arrives Tuesday, November 24."),
            ("ar", "مساعدة", "خلصت", "ذكرني", "قائمة الدعم.", "يصل "),
            ("fa", "کمک", "تمام", "یادم بنداز", "منوی پشتیبانی.", "می‌رسد "),
        ] {
            let clock = ManualClock(mondayMorning)
            let engine = DialogueEngine(bot: try compiledBot(Self.bot), clock: clock, seed: 1)
            let support = StateKey(flow: "support", state: "menu")
            let global = try await engine.send(help, to: "a")
            #expect(global.stateAfter == support && global.replies.map(\.text) == [supportMenu], "\(language)")
            let called = try await engine.send(done, to: "b")
            #expect(called.stateAfter == support, "\(language): shop.browse's done goes to support.menu")
            let returned = try await engine.send(done, to: "b")
            #expect(returned.stateAfter == StateKey(flow: "shop", state: "browse"), "\(language): return goes home")
            let pending = try await engine.deliver(event: "order.shipped", data: ["eta": "2026-11-24"], to: "c")
            #expect(pending.replies.isEmpty, "\(language): the guard needs status == shipped")
            let shipped = try await engine.deliver(
                event: "order.shipped",
                data: ["eta": "2026-11-24", "status": "shipped"],
                language: LanguageCode(rawValue: language),
                to: "c"
            )
            #expect(shipped.replies.first?.text.hasPrefix(eta) == true, "\(language): \(shipped.replies)")
            let reminder = try await engine.send(later, to: "d")
            let scheduled = reminder.effects.first { $0.kind == .reminderScheduled }
            #expect(scheduled?.details["after"] == "P2D", "\(language): the reminder's delay comes from the slot")
        }
    }

    @Test("the decoder parses conditions and templates once and reports their errors at the exact place")
    func decoderReports() throws {
        let source = #"""
            {"slots": {"eta": {"type": "date"}},
             "responses": {"r": {"en": ["Arrives {eta"]}},
             "flows": {"f": {"start": "s", "states": {"s": {"on": [{"event": "x", "if": "exists eta and"}]},
               "t": {"action": {"name": "a", "timeout": "soon"}, "on": [{"after": "later", "goto": "s"}]}}}}}
            """#
        var diagnostics = Diagnostics()
        let file = SourceFile(path: "memory/bot.json", bytes: Array(source.utf8))
        let root = try #require(JSONReader.read(file, into: &diagnostics))
        var decoder = DefinitionDecoder()
        decoder.decodeFile(root)
        let found = decoder.diagnostics.all.map { ($0.code, $0.location?.line, $0.location?.column) }
        #expect(found.contains { $0 == (.invalidTemplate, 2, 38) }, "\(found)")
        #expect(found.contains { $0 == (.invalidCondition, 3, 92) }, "\(found)")
        // Durations are parsed by the decoder too (an action's timeout was not checked at all before).
        #expect(found.contains { $0 == (.invalidValue, 4, 45) }, "\(found)")
        #expect(found.contains { $0 == (.invalidValue, 4, 71) }, "\(found)")
        let definition = decoder.definition
        #expect(definition.responses.first?.templates.first?.values.isEmpty == true, "an invalid template is left out")
        let transition = try #require(definition.flows.first?.states.first?.transitions.first)
        #expect(transition.condition == nil && transition.conditionSource?.value == "exists eta and")
    }
}
