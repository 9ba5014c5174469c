import Foundation
import Hiwar

/// The shipped bot, compiled once (`HIWAR_BOT`, default `../Intents` from the Fuzz folder).
let bot: CompiledBot = {
    let path = ProcessInfo.processInfo.environment["HIWAR_BOT"] ?? "../Intents"
    do {
        return try CompiledBot(paths: [path])
    } catch {
        fatalError("the bot at \(path) does not compile: \(error)")
    }
}()

/// One input: a message as UTF-8 (invalid bytes repaired, as a channel would).
///
/// Matching, card-number
/// masking and a whole turn must answer, and the masked text must hold no card number.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessages(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let result = bot.match(text)
    _ = bot.explain(text).description
    let masked = CardNumbers.redacted(text)
    if CardNumbers.contains(masked) { fatalError("a card number survived masking: \(masked.debugDescription)") }
    if result.cardNumberDetected != CardNumbers.contains(text) && !result.cardNumberDetected {
        fatalError("a card number the matcher missed: \(text.debugDescription)")
    }
    let done = DispatchSemaphore(value: 0)
    Task {
        let engine = DialogueEngine(bot: bot, clock: ManualClock(Date(timeIntervalSince1970: 1_795_410_000)), seed: 1)
        let turn = try? await engine.send(text, to: "fuzz")
        if let turn, case .message(let kept) = turn.input, CardNumbers.contains(kept) {
            fatalError("a card number was kept: \(kept.debugDescription)")
        }
        done.signal()
    }
    done.wait()
    return 0
}
