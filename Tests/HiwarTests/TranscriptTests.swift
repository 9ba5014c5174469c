import Foundation
import Testing

@testable import Hiwar

@Suite("Transcript")
struct TranscriptTests {
    static func line(_ index: Int) -> TranscriptLine {
        TranscriptLine(
            speaker: index % 3 == 0 ? .bot : .customer,
            text: index % 2 == 0 ? "line \(index)" : "سطر \(index) خط",
            at: Date(timeIntervalSince1970: Double(index))
        )
    }

    @Test("keeps exactly the last `limit` lines in order, whatever the limit, like an array trimmed at each append")
    func keepsTheLastLines() {
        for limit in [1, 5, 15, 16, 17, 32, 100] {
            var transcript = Transcript(limit: limit)
            var reference: [TranscriptLine] = []
            for index in 0..<250 {
                transcript.append(Self.line(index))
                reference.append(Self.line(index))
                if reference.count > limit { reference.removeFirst(reference.count - limit) }
                #expect(Array(transcript) == reference, "limit \(limit) after \(index + 1) lines")
                if Array(transcript) != reference { return }
            }
        }
    }

    @Test("copies are independent: appending to one leaves the other as it was")
    func valueSemantics() {
        var first = Transcript((0..<40).map(Self.line), limit: 100)
        let saved = first
        first.append(Self.line(40))
        #expect(saved.count == 40 && first.count == 41)
        #expect(Array(saved) == (0..<40).map(Self.line))
        #expect(first.last == Self.line(40))
        #expect(first != saved)
    }

    @Test("encodes as a JSON array of lines and decodes back equal, so stored snapshots keep their format")
    func codable() throws {
        let transcript = Transcript((0..<37).map(Self.line), limit: ConversationState.transcriptLimit)
        let data = try JSONEncoder().encode(transcript)
        let asArray = try JSONDecoder().decode([TranscriptLine].self, from: data)
        #expect(asArray == Array(transcript))
        #expect(try JSONDecoder().decode(Transcript.self, from: data) == transcript)
    }
}
