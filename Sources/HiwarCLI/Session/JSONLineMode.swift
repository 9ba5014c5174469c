import Foundation
import Hiwar
import HiwarTesting

/// `hiwar repl --json`: one JSON object in, one JSON object out, flushed, for any language.
///
/// Input keys: `session` (default `default`), then one of `text`, `event` (+ `data`), `advance`
/// (`3d`, `+2h`, `P1W`), `clock` (a time), `reset`, `release`; `lang` (`en`, `ar`, `fa`, `auto`) on
/// any line. A bad line yields `{"error": {"code", "message"}}` and the loop goes on.
struct JSONLineMode {
    let session: BotSession

    func run() async {
        while let line = readLine(strippingNewline: true) {
            // Blank as JSON means it (space, tab, carriage return): any other line gets one answer.
            if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let output = await handle(line)
            FileHandle.standardOutput.write(Data((output.encoded() + "\n").utf8))
        }
    }

    func handle(_ line: String) async -> JSONReplyLine {
        let root: JSONNode
        switch JSONDocument.read(SourceFile(path: "<input>", text: line)) {
        case .success(let node): root = node
        case .failure(let error):
            return JSONReplyLine(
                session: nil,
                code: "invalid-json",
                message: "column \(error.location.column): \(error.message)"
            )
        }
        guard let members = root.members else {
            return JSONReplyLine(session: nil, code: "invalid-json", message: "each line must be one JSON object")
        }
        var object: [String: JSONNode] = [:]
        for member in members { object[member.key] = member.value }
        let known: Set<String> = ["session", "text", "event", "data", "advance", "clock", "reset", "release", "lang"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            return JSONReplyLine(
                session: object["session"]?.string,
                code: "unknown-key",
                message: "unknown key \"\(unknown)\"; use \(known.sorted().joined(separator: ", "))"
            )
        }
        let id = object["session"]?.string ?? "default"
        do {
            if let lang = object["lang"]?.string {
                guard lang == "auto" || session.bot.languages.contains(LanguageCode(rawValue: lang)) else {
                    return JSONReplyLine(
                        session: id,
                        code: "unknown-language",
                        message: "\"\(lang)\" is not one of \(session.bot.languages.map(\.rawValue)) or auto"
                    )
                }
                try await session.pin(lang == "auto" ? nil : LanguageCode(rawValue: lang), for: id)
            }
            let turns: [Turn]
            if let text = object["text"]?.string {
                turns = try await session.send(text, to: id)
            } else if let event = object["event"]?.string {
                var payload: [String: String] = [:]
                if let data = object["data"] {
                    guard let fields = data.members else {
                        return JSONReplyLine(session: id, code: "invalid-data", message: "\"data\" must be an object")
                    }
                    for field in fields {
                        guard let text = field.value.scalarText else {
                            return JSONReplyLine(
                                session: id,
                                code: "invalid-data",
                                message: "\"\(field.key)\" must be a string, number or boolean"
                            )
                        }
                        payload[field.key] = text
                    }
                }
                turns = try await session.deliver(event, data: payload, to: id)
            } else if let advance = object["advance"]?.string {
                guard let duration = ClockArgument.duration(advance) else {
                    return JSONReplyLine(
                        session: id,
                        code: "invalid-duration",
                        message: "\"\(advance)\" is not like 3d, +2h or P1W"
                    )
                }
                turns = try await session.advance(by: duration).filter { $0.conversation == id }
            } else if let clock = object["clock"]?.string {
                guard let date = ClockArgument.date(clock, timeZone: session.bot.timeZone) else {
                    return JSONReplyLine(
                        session: id,
                        code: "invalid-time",
                        message: "\"\(clock)\" is not an ISO 8601 time"
                    )
                }
                turns = try await session.setClock(date).filter { $0.conversation == id }
            } else if object["reset"]?.value == .bool(true) {
                try await session.engine.reset(id)
                turns = []
            } else if object["release"]?.value == .bool(true) {
                turns = try await session.release(id)
            } else if object["lang"] != nil {
                turns = []
            } else {
                return JSONReplyLine(
                    session: id,
                    code: "missing-input",
                    message: "a line needs text, event, advance, clock, reset, release or lang"
                )
            }
            let state = try await session.engine.conversation(id)
            return JSONReplyLine(session: id, turns: turns, state: state)
        } catch let error as DeliveryError {
            return JSONReplyLine(session: id, code: error.code.rawValue, message: error.message)
        } catch {
            return JSONReplyLine(session: id, code: "internal", message: String(describing: error))
        }
    }
}
