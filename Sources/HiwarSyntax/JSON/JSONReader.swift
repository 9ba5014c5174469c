/// A strict RFC 8259 JSON reader that keeps the byte range of every value and key.
///
/// Foundation's decoder gives no positions and accepts trailing commas; bot authors need both
/// right. The reader checks UTF-8 first, reports the first syntax error at its exact line and
/// column and stops (no cascades), keeps duplicate keys for the loader to report (they are valid
/// JSON), and bounds nesting so that 100,000 nested
/// arrays are a diagnostic, never a stack overflow. It passes the public JSONTestSuite: every
/// `y_` case is accepted and every `n_` case rejected; the `i_` decisions are in `docs/format.md`.
package struct JSONReader {
    /// Deepest nesting of arrays and objects accepted.
    package static let maximumDepth = 256

    private let file: SourceFile
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private var diagnostics: Diagnostics

    private init(file: SourceFile, diagnostics: Diagnostics) {
        self.file = file
        self.bytes = file.bytes
        self.diagnostics = diagnostics
    }

    /// A syntax error: reading stops.
    private struct Stop: Error {}

    /// Reads one JSON document.
    ///
    /// - Parameters:
    ///   - file: The file to read.
    ///   - diagnostics: Where problems are reported.
    /// - Returns: The document, or `nil` when it is not valid JSON (the reason is in `diagnostics`).
    package static func read(_ file: SourceFile, into diagnostics: inout Diagnostics) -> JSONNode? {
        var reader = JSONReader(file: file, diagnostics: diagnostics)
        defer { diagnostics = reader.diagnostics }
        return reader.document()
    }

    private mutating func document() -> JSONNode? {
        if let bad = Self.firstInvalidUTF8(bytes) {
            diagnostics.error(
                .notUTF8,
                "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                at: file.location(at: bad),
                hint: "save the file as UTF-8"
            )
            return nil
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            diagnostics.warning(
                .byteOrderMark,
                "the file starts with a UTF-8 byte-order mark",
                at: file.location(at: 0),
                hint: "save the file as UTF-8 without BOM"
            )
            index = 3
        }
        do {
            skipWhitespace()
            guard index < bytes.count else {
                return fail("the file is empty; expected a JSON value")
            }
            let value = try parseValue()
            skipWhitespace()
            if index < bytes.count {
                return fail("unexpected \(describeHere()) after the end of the JSON value")
            }
            return value
        } catch {
            return nil
        }
    }

    private mutating func fail(_ message: String, at offset: Int? = nil, hint: String? = nil) -> JSONNode? {
        diagnostics.error(.jsonSyntax, message, at: file.location(at: offset ?? index), hint: hint)
        return nil
    }

    private mutating func stop(_ message: String, at offset: Int? = nil, hint: String? = nil) -> Stop {
        _ = fail(message, at: offset, hint: hint)
        return Stop()
    }

    private func describeHere() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        var end = index + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        if let scalar = text.unicodeScalars.first, byte >= 0x80 {
            return "'\(text)' (U+\(String(scalar.value, radix: 16, uppercase: true)))"
        }
        return "character 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(Stop) -> JSONNode {
        guard index < bytes.count else { throw stop("unexpected end of file; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let start = index
            let text = try parseString()
            return JSONNode(value: .string(text), range: range(from: start))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "'"):
            throw stop("strings must use double quotes", hint: "replace ' with \"")
        default:
            throw stop("unexpected \(describeHere()); expected a value")
        }
    }

    private func range(from start: Int) -> SourceRange {
        SourceRange(file: file, start: start, end: index)
    }

    private mutating func enter() throws(Stop) {
        depth += 1
        if depth > Self.maximumDepth {
            diagnostics.error(
                .tooDeep,
                "arrays and objects are nested more than \(Self.maximumDepth) deep",
                at: file.location(at: index),
                hint: "a bot file never needs this depth; check for a generated file"
            )
            throw Stop()
        }
    }

    private mutating func parseObject() throws(Stop) -> JSONNode {
        let start = index
        try enter()
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return JSONNode(value: .object([]), range: range(from: start))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                    throw stop("trailing comma before '}'", hint: "remove the last comma")
                }
                throw stop("unexpected \(describeHere()); expected a key in double quotes")
            }
            let keyStart = index
            let key = try parseString()
            let keyRange = range(from: keyStart)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw stop("unexpected \(describeHere()); expected ':' after the key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key: key, keyRange: keyRange, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw stop("unexpected end of file; expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return JSONNode(value: .object(members), range: range(from: start))
            }
            throw stop("unexpected \(describeHere()); expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(Stop) -> JSONNode {
        let start = index
        try enter()
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return JSONNode(value: .array([]), range: range(from: start))
        }
        while true {
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw stop("trailing comma before ']'", hint: "remove the last comma")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw stop("unexpected end of file; expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return JSONNode(value: .array(elements), range: range(from: start))
            }
            throw stop("unexpected \(describeHere()); expected ',' or ']'")
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(Stop) -> JSONNode {
        let start = index
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else {
                index = start
                throw stop("unexpected \(describeHere()); expected a value")
            }
            index += 1
        }
        if index < bytes.count, Self.isIdentifierByte(bytes[index]) {
            throw stop("unexpected \(describeHere()) after '\(word)'")
        }
        return JSONNode(value: value, range: range(from: start))
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= 0x80
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    private mutating func parseNumber() throws(Stop) -> JSONNode {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else {
            throw stop("a number needs a digit after '-'")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                throw stop("numbers cannot have leading zeros", at: start)
            }
        } else {
            _ = digits()
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw stop("a number needs digits after the decimal point") }
        }
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard digits() > 0 else { throw stop("a number needs digits in its exponent") }
        }
        if index < bytes.count, Self.isIdentifierByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
            throw stop("unexpected \(describeHere()) in a number")
        }
        let lexeme = String(decoding: bytes[start..<index], as: UTF8.self)
        return JSONNode(value: .number(lexeme: lexeme, value: Double(lexeme) ?? .nan), range: range(from: start))
    }

    /// Reads a string starting at its opening quote and returns the decoded value.
    private mutating func parseString() throws(Stop) -> String {
        let open = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun() {
            if runStart < index {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard index < bytes.count else {
                throw stop("this string is never closed", at: open, hint: "add the closing \"")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flushRun()
                index += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw stop(
                    "a control character (0x\(String(byte, radix: 16, uppercase: true))) must be escaped inside a string",
                    hint: byte == 0x0A ? "a string cannot span lines; write \\n" : "write it as \\u00XX"
                )
            }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            flushRun()
            let escapeStart = index
            index += 1
            guard index < bytes.count else { throw stop("this string is never closed", at: open) }
            switch bytes[index] {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                index += 1
                var value = try hex4(escapeStart)
                if (0xD800...0xDBFF).contains(value) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else {
                        throw stop(
                            "\\u\(String(value, radix: 16, uppercase: true)) is half of a surrogate pair; the other half is missing",
                            at: escapeStart
                        )
                    }
                    index += 2
                    let low = try hex4(escapeStart)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw stop(
                            "\\u\(String(value, radix: 16, uppercase: true)) must be followed by a low surrogate",
                            at: escapeStart
                        )
                    }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(value) {
                    throw stop(
                        "\\u\(String(value, radix: 16, uppercase: true)) is a lone low surrogate",
                        at: escapeStart
                    )
                }
                guard let scalar = Unicode.Scalar(value) else {
                    throw stop("\\u escape is not a Unicode scalar", at: escapeStart)
                }
                scalars.append(scalar)
                runStart = index
                continue
            default:
                throw stop("unknown escape \\\(describeEscape())", at: escapeStart, hint: "write \\\\ for a backslash")
            }
            index += 1
            runStart = index
        }
    }

    private func describeEscape() -> String {
        guard index < bytes.count else { return "" }
        let byte = bytes[index]
        return byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "(0x\(String(byte, radix: 16)))"
    }

    private mutating func hex4(_ escapeStart: Int) throws(Stop) -> UInt32 {
        guard index + 4 <= bytes.count else { throw stop("a \\u escape needs four hex digits", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw stop("a \\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, or `nil`.
    ///
    /// Rejects overlong forms, surrogates (U+D800–U+DFFF) and values above U+10FFFF.
    package static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            guard bytes[index + 1] >= lower && bytes[index + 1] <= upper else { return index }
            for next in 2..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }
}
