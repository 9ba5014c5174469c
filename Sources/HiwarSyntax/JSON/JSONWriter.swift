/// Writes JSON bytes directly: what hot paths (a turn record per request, a conversation's snapshot per
/// durable turn) use instead of `JSONEncoder`.
///
/// Produces exactly what `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` does for the same
/// value (tests hold it to that), at a fraction of the cost: no boxing into an intermediate tree, no
/// dynamic dispatch per key. Callers write object keys in sorted order.
package struct JSONWriter {
    @usableFromInline package internal(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    @inlinable
    package mutating func object(_ body: (inout ObjectWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var writer = ObjectWriter(json: self)
        bytes = []
        body(&writer)
        self = writer.json
        bytes.append(UInt8(ascii: "}"))
    }

    // Inlinable, as are the other generic and closure-taking members: callers in other modules get them
    // specialized instead of going through generic metadata per call.
    @inlinable
    package mutating func array<Element>(_ elements: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    package mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var run = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                escape(byte)
                run = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A quote, a backslash or a control character, escaped as `JSONEncoder` escapes it.
    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            hex.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    package mutating func integer(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(UInt64(value.magnitude))
        } else {
            unsigned(UInt64(value))
        }
    }

    package mutating func number(_ value: Double) {
        // JSONEncoder's spelling: integral values without a fraction, others as Swift prints them.
        if value.isFinite, value.rounded() == value, abs(value) < 1e15 {
            integer(Int(value))
        } else {
            bytes += Array("\(value)".utf8)
        }
    }

    /// An unsigned integer (a `UInt64` seed may not fit an `Int`).
    package mutating func unsigned(_ value: UInt64) {
        // Digits straight into the buffer: no String per number.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 digits at most, 8 bytes each
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// JSON written elsewhere (by another ``JSONWriter`` or `JSONEncoder`), as it is.
    @inlinable
    package mutating func raw(_ json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
    }

    package mutating func bool(_ value: Bool) {
        let literal: StaticString = value ? "true" : "false"
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable
    package mutating func stringMap(_ map: [String: String]) {
        object { object in
            for key in map.keys.sorted() {
                object.field(dynamic: key) { $0.string(map[key] ?? "") }
            }
        }
    }

    /// Writes the members of one object, adding the commas.
    package struct ObjectWriter {
        @usableFromInline var json: JSONWriter
        @usableFromInline var first = true

        @usableFromInline init(json: JSONWriter) {
            self.json = json
        }

        /// A member whose key is known when the program is built: its bytes are copied as they are.
        ///
        /// The key must need no escape (no quote, backslash or control character), as every key a type
        /// names does; a key from data goes through ``field(dynamic:_:)``.
        @inlinable
        package mutating func field(_ key: StaticString, _ value: (inout JSONWriter) -> Void) {
            member { json in
                json.bytes.append(UInt8(ascii: "\""))
                key.withUTF8Buffer { json.bytes.append(contentsOf: $0) }
                json.bytes.append(UInt8(ascii: "\""))
            } value: {
                value(&$0)
            }
        }

        /// A member whose key comes from data (a slot's name, a detail's key): escaped like any string.
        @inlinable
        package mutating func field(dynamic key: String, _ value: (inout JSONWriter) -> Void) {
            member {
                $0.string(key)
            } value: {
                value(&$0)
            }
        }

        /// The comma before every member but the first, the key as `writeKey` writes it, the colon, the value.
        @inlinable
        mutating func member(_ writeKey: (inout JSONWriter) -> Void, value: (inout JSONWriter) -> Void) {
            if !first { json.bytes.append(UInt8(ascii: ",")) }
            first = false
            writeKey(&json)
            json.bytes.append(UInt8(ascii: ":"))
            value(&json)
        }

        /// A field only when `value` is not `nil` (JSONEncoder leaves `nil` optionals out).
        @inlinable
        package mutating func optional<Value>(
            _ key: StaticString,
            _ value: Value?,
            _ write: (inout JSONWriter, Value) -> Void
        ) {
            guard let value else { return }
            field(key) { write(&$0, value) }
        }
    }
}
