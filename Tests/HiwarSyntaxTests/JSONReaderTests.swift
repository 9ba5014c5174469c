import Foundation
import Testing

@testable import HiwarSyntax

/// Reads `text` as a JSON file and returns the value and everything reported.
func readJSON(_ text: String, path: String = "test.json") -> (JSONNode?, [Diagnostic]) {
    var diagnostics = Diagnostics()
    let node = JSONReader.read(SourceFile(path: path, text: text), into: &diagnostics)
    return (node, diagnostics.sorted)
}

func readJSON(bytes: [UInt8]) -> (JSONNode?, [Diagnostic]) {
    var diagnostics = Diagnostics()
    let node = JSONReader.read(SourceFile(path: "test.json", bytes: bytes), into: &diagnostics)
    return (node, diagnostics.sorted)
}

@Suite("JSON reader")
struct JSONReaderTests {
    @Test("values, members in order, and the position of every value")
    func positions() throws {
        let (node, diagnostics) = readJSON(
            "{\n  \"a\": [1, -2.5e3, true],\n  \"طلب\": \"x\\u0041y\",\n  \"n\": null\n}"
        )
        #expect(diagnostics.isEmpty)
        let members = try #require(node?.members)
        #expect(members.map(\.key) == ["a", "طلب", "n"])
        #expect(members[0].keyLocation.description == "test.json:2:3")
        #expect(members[1].keyLocation.line == 3 && members[1].keyLocation.column == 3)
        #expect(members[1].value.location.column == 10, "columns count scalars: the Arabic key is 3 scalars, 6 bytes")
        #expect(members[1].value.string == "xAy")
        let elements = try #require(members[0].value.elements)
        #expect(elements[1].value == .number(lexeme: "-2.5e3", value: -2_500))
        #expect(elements[2].location.description == "test.json:2:20")
        #expect(members[2].value.value == .null)
    }

    @Test("a position inside a string accounts for escapes and multi-byte letters")
    func positionInsideString() throws {
        let (node, _) = readJSON("{\"p\": \"\\u0061\\\\طلب\\ud83d\\ude00z\"}")
        let value = try #require(node?.members?.first?.value)
        #expect(value.string == "a\\طلب😀z")
        // Scalars: a(0) \(1) ط(2) ل(3) ب(4) 😀(5) z(6).
        #expect(value.location(ofScalar: 0).column == 8)
        #expect(value.location(ofScalar: 1).column == 14)
        #expect(value.location(ofScalar: 2).column == 16)
        #expect(value.location(ofScalar: 5).column == 19)
        #expect(value.location(ofScalar: 6).column == 31)
    }

    @Test("syntax errors are reported once, at the exact place, with no cascade")
    func syntaxErrors() {
        let cases: [(String, String, String)] = [
            ("{\"a\": 1,}", "1:9", "trailing comma before '}'"),
            ("[1, 2,]", "1:7", "trailing comma before ']'"),
            ("{\"a\" 1}", "1:6", "unexpected '1'; expected ':' after the key \"a\""),
            ("{\n  \"a\": tru\n}", "2:8", "unexpected 't'; expected a value"),
            ("{'a': 1}", "1:2", "unexpected '''; expected a key in double quotes"),
            ("{\"a\": \"x\n\"}", "1:9", "a control character (0xA) must be escaped inside a string"),
            ("{\"a\": \"never closed", "1:7", "this string is never closed"),
            ("", "1:1", "the file is empty; expected a JSON value"),
            ("{} {}", "1:4", "unexpected '{' after the end of the JSON value"),
            ("[01]", "1:2", "numbers cannot have leading zeros"),
            ("{\"طلب\": ؟}", "1:9", "unexpected '؟' (U+61F); expected a value"),
            ("[\"\\ud800\"]", "1:3", "\\uD800 is half of a surrogate pair; the other half is missing"),
        ]
        for (text, place, message) in cases {
            let (node, diagnostics) = readJSON(text)
            #expect(node == nil, "\(text.debugDescription) was accepted")
            #expect(diagnostics.count == 1, "\(text.debugDescription): \(diagnostics)")
            #expect(diagnostics.first?.code == .jsonSyntax)
            #expect(diagnostics.first?.location?.description == "test.json:\(place)", "\(text.debugDescription)")
            #expect(diagnostics.first?.message == message)
        }
    }

    @Test("duplicate keys are kept in order for the loader to report")
    func duplicateKeys() throws {
        let (node, diagnostics) = readJSON("{\n\"a\": 1,\n\"a\": 2\n}")
        #expect(diagnostics.isEmpty)
        #expect(node?.members?.map(\.key) == ["a", "a"])
    }

    @Test("bytes that are not UTF-8, a BOM, and nesting 100,000 deep")
    func badBytes() throws {
        let (latin1, latinDiagnostics) = readJSON(bytes: Array("{\"a\":\n \"caf".utf8) + [0xE9, 0x22, 0x7D])
        #expect(latin1 == nil)
        #expect(latinDiagnostics.first?.code == .notUTF8)
        #expect(latinDiagnostics.first?.location?.description == "test.json:2:6")

        let (bom, bomDiagnostics) = readJSON(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(bom?.members?.isEmpty == true)
        #expect(bomDiagnostics.map(\.code) == [.byteOrderMark])
        #expect(bomDiagnostics.first?.severity == .warning)

        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (nested, nestedDiagnostics) = readJSON(deep)
        #expect(nested == nil)
        #expect(nestedDiagnostics.map(\.code) == [.tooDeep])
        #expect(nestedDiagnostics.first?.location?.column == JSONReader.maximumDepth + 1)

        let truncated = readJSON("{\"intents\": {\"greet\": {\"patterns\": {\"en\": [\"hi")
        #expect(truncated.0 == nil && truncated.1.first?.message == "this string is never closed")
    }
}

/// The public JSONTestSuite (`shared/conformance/JSONTestSuite/test_parsing`), read in place.
@Suite("JSONTestSuite conformance")
struct JSONTestSuiteTests {
    static let folder = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/conformance/JSONTestSuite/test_parsing")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    /// The implementation-defined cases Hiwar accepts; every other `i_` case is rejected.
    ///
    /// Huge and tiny numbers are kept as written; a BOM is skipped with a warning. Lone or broken surrogate escapes,
    /// bytes that are not UTF-8, UTF-16 files and 500-deep nesting are errors.
    static func acceptsImplementationDefined(_ name: String) -> Bool {
        name.hasPrefix("i_number_") || name == "i_structure_UTF-8_BOM_empty_object.json"
    }

    @Test(
        "y_ accepted, n_ rejected with a located diagnostic, i_ as documented",
        .enabled(if: !cases.isEmpty, "the JSONTestSuite folder is not beside this checkout")
    )
    func conformance() throws {
        #expect(Self.cases.count > 300)
        for name in Self.cases {
            let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
            let (node, diagnostics) = readJSON(bytes: bytes)
            let errors = diagnostics.filter { $0.severity == .error }
            let shouldAccept = name.hasPrefix("y_") || (name.hasPrefix("i_") && Self.acceptsImplementationDefined(name))
            if shouldAccept {
                #expect(node != nil && errors.isEmpty, "\(name) rejected: \(errors)")
            } else {
                #expect(node == nil, "\(name) accepted")
                #expect(errors.count == 1 && errors.allSatisfy { $0.location != nil }, "\(name): \(diagnostics)")
            }
        }
    }
}
