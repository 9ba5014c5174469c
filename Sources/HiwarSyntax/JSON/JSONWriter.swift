/// Writes JSON bytes directly: what hot paths (a turn record per request, a conversation's snapshot per
/// durable turn) use instead of `JSONEncoder`.
///
/// Produces exactly what `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` does for the same
/// value (tests hold it to that), at a fraction of the cost: no boxing into an intermediate tree, no
/// dynamic dispatch per key. Callers write object keys in sorted order.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func object(_ body: (inout ObjectWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var writer = ObjectWriter(json: self)
        bytes = []
        body(&writer)
        self = writer.json
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func array<Element>(_ elements: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
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
    package mutating func raw(_ json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
    }

    package mutating func bool(_ value: Bool) {
        bytes += Array((value ? "true" : "false").utf8)
    }

    package mutating func stringMap(_ map: [String: String]) {
        object { object in
            for key in map.keys.sorted() {
                object.field(key) { $0.string(map[key] ?? "") }
            }
        }
    }

    /// Writes the members of one object, adding the commas.
    package struct ObjectWriter {
        fileprivate var json: JSONWriter
        private var first = true

        fileprivate init(json: JSONWriter) {
            self.json = json
        }

        package mutating func field(_ key: String, _ value: (inout JSONWriter) -> Void) {
            if !first { json.bytes.append(UInt8(ascii: ",")) }
            first = false
            json.string(key)
            json.bytes.append(UInt8(ascii: ":"))
            value(&json)
        }

        /// A field only when `value` is not `nil` (JSONEncoder leaves `nil` optionals out).
        package mutating func optional<Value>(
            _ key: String,
            _ value: Value?,
            _ write: (inout JSONWriter, Value) -> Void
        ) {
            guard let value else { return }
            field(key) { write(&$0, value) }
        }
    }
}
