import Foundation
import Hiwar
import HiwarTesting

/// One labelled message of an evaluation file: a customer's text with the intent and slots a correct bot finds, and,
/// for a reply to a notice, the notice delivered first and the facts the answer must state.
///
/// The format is the one of `utterances.jsonl` and `replies.jsonl` (docs/eval.md): one JSON object per line.
struct LabelledItem: Sendable {
    /// The item's id (`dev-en-001`), or `line N` when it has none.
    let id: String
    /// Where the item was read.
    let location: SourceLocation
    /// The language the item is written in, for slicing (the bot identifies it itself).
    let language: String
    let text: String
    /// The gold intent; `fallback` for none.
    let intent: String
    /// Gold slots in the contract's canonical forms.
    let slots: [String: String]
    /// The notice delivered to a fresh conversation before `text`, if any.
    let event: String?
    let data: [String: String]
    /// Values the bot's replies must state.
    let mustContain: [String]
    let tags: [String]
    /// The clock for this item, overriding the run's.
    let clock: String?
}

/// A line of an evaluation file that could not be read, with where and why.
struct LabelledItemError: Error, Sendable, CustomStringConvertible {
    let location: SourceLocation
    let message: String

    var description: String { "\(location): \(message)" }
}

/// Reads evaluation files: JSON lines, each an object with at least `text` and `intent`.
enum LabelledItemReader {
    /// The items of `file` and the lines that could not be read.
    static func read(_ file: SourceFile) -> (items: [LabelledItem], errors: [LabelledItemError]) {
        var items: [LabelledItem] = []
        var errors: [LabelledItemError] = []
        var lineStart = 0
        var lineNumber = 0
        let bytes = file.bytes
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var line = Array(bytes[lineStart..<lineEnd])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if lineNumber == 1 && line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let here = SourceLocation(path: file.path, line: lineNumber, column: 1, offset: lineStart)
            switch decode(line, at: here) {
            case .success(let item): items.append(item)
            case .failure(let error): errors.append(error)
            }
        }
        return (items, errors)
    }

    private static func decode(_ line: [UInt8], at here: SourceLocation) -> Result<LabelledItem, LabelledItemError> {
        let lineFile = SourceFile(path: here.path, bytes: line)
        func located(_ location: SourceLocation, _ message: String) -> LabelledItemError {
            LabelledItemError(
                location: SourceLocation(
                    path: here.path,
                    line: here.line,
                    column: location.column,
                    offset: here.offset + location.offset
                ),
                message: message
            )
        }
        let root: JSONNode
        switch JSONDocument.read(lineFile) {
        case .success(let node): root = node
        case .failure(let error): return .failure(located(error.location, error.message))
        }
        guard root.members != nil else {
            return .failure(located(root.location, "expected a JSON object, found \(root.value.typeName)"))
        }
        func string(_ key: String, required: Bool) -> Result<String?, LabelledItemError> {
            guard let node = root[key] else {
                return required ? .failure(located(root.location, "\"\(key)\" is missing")) : .success(nil)
            }
            guard let text = node.string else {
                return .failure(located(node.location, "\"\(key)\" must be a string, found \(node.value.typeName)"))
            }
            return .success(text)
        }
        func strings(_ key: String) -> Result<[String], LabelledItemError> {
            guard let node = root[key] else { return .success([]) }
            guard let elements = node.elements else {
                return .failure(located(node.location, "\"\(key)\" must be an array of strings"))
            }
            var result: [String] = []
            for element in elements {
                guard let text = element.string else {
                    return .failure(located(element.location, "\"\(key)\" must hold strings only"))
                }
                result.append(text)
            }
            return .success(result)
        }
        func members(_ key: String) -> Result<[String: String], LabelledItemError> {
            guard let node = root[key] else { return .success([:]) }
            do {
                return .success(try node.scalarMembers(named: key))
            } catch {
                return .failure(located(error.location, error.message))
            }
        }
        do {
            let text = try string("text", required: true).get() ?? ""
            let intent = try string("intent", required: true).get() ?? ""
            guard !intent.isEmpty else { return .failure(located(root.location, "\"intent\" is empty")) }
            let id = try string("id", required: false).get() ?? "line \(here.line)"
            return .success(
                LabelledItem(
                    id: id,
                    location: here,
                    language: try string("lang", required: false).get() ?? "-",
                    text: text,
                    intent: intent,
                    slots: try members("slots").get(),
                    event: try string("event", required: false).get(),
                    data: try members("data").get(),
                    mustContain: try strings("reply_must_contain").get(),
                    tags: try strings("tags").get(),
                    clock: try string("clock", required: false).get()
                )
            )
        } catch {
            return .failure(error)
        }
    }
}
