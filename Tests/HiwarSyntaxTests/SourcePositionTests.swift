import Testing

@testable import HiwarSyntax

@Suite("Source positions on files of one long line")
struct LongLineTests {
    /// Counting scalars from the start of the line, as positions were computed before checkpoints.
    static func naiveColumn(_ bytes: [UInt8], lineStart: Int, offset: Int) -> Int {
        1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
    }

    @Test("columns from checkpoints equal columns counted from the line's start, Arabic and ASCII mixed")
    func columnsMatchCounting() {
        var generator = SeededGenerator(seed: 16)
        var text = ""
        for index in 0..<20_000 { text += index % 3 == 0 ? "طلب،" : index % 7 == 0 ? "\n" : "ab " }
        let file = SourceFile(path: "long.json", text: text)
        let bytes = file.bytes
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        for _ in 0..<2_000 {
            var offset = Int.random(in: 0...bytes.count, using: &generator)
            while offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            let location = file.location(at: offset)
            let start = lineStarts.last { $0 <= offset } ?? 0
            #expect(location.line == (lineStarts.lastIndex { $0 <= offset } ?? 0) + 1)
            #expect(location.column == Self.naiveColumn(bytes, lineStart: start, offset: offset))
        }
    }

    @Test("a diagnostic on a megabyte-long line shows a window of it, with the caret under the column")
    func excerptWindow() {
        let text = String(repeating: "x", count: 500_000) + "طلبي" + String(repeating: "y", count: 500_000)
        let file = SourceFile(path: "one-line.json", text: text)
        let offset = 500_000 + "طل".utf8.count
        let location = file.location(at: offset)
        #expect(location.column == 500_003)
        let (excerpt, column) = file.excerpt(around: location, radius: 10)
        #expect(excerpt == "…" + String(repeating: "x", count: 8) + "طلبي" + String(repeating: "y", count: 9) + "…")
        #expect(Array(excerpt.unicodeScalars)[column - 1] == "ب")
        let start = file.excerpt(around: file.location(at: 0), radius: 3)
        #expect(start.text == "xxxx…" && start.column == 1)
        let short = SourceFile(path: "short.json", text: "{\"a\": 1}\n")
        #expect(short.excerpt(around: short.location(at: 2)) == ("{\"a\": 1}", 3))
    }
}
