import Foundation
import Hiwar
import HiwarTesting

/// Turns diagnostics into each output format `hiwar validate` offers.
struct DiagnosticFormatter {
    /// The output formats.
    enum Format: String, CaseIterable {
        /// For people: the source line with a caret under the column, colored on a terminal.
        case human
        /// Stable JSON, documented in docs/cli.md.
        case json
        /// GitHub Actions workflow annotations.
        case github
        /// SARIF 2.1.0 for code-scanning dashboards.
        case sarif
    }

    let diagnostics: [Diagnostic]
    let files: [SourceFile]
    let colors: Bool

    private var filesByPath: [String: SourceFile] {
        Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    func render(_ format: Format) -> String {
        switch format {
        case .human: human()
        case .json: json()
        case .github: github()
        case .sarif: sarif()
        }
    }

    // MARK: Human

    private func human() -> String {
        var out = ""
        let lookup = filesByPath
        for diagnostic in diagnostics {
            let style: Terminal.Style =
                diagnostic.severity == .error ? .red : diagnostic.severity == .warning ? .yellow : .blue
            let place = diagnostic.location.map { "\($0): " } ?? ""
            out += Terminal.paint(place, .bold, enabled: colors)
            out += Terminal.paint("\(diagnostic.severity.rawValue):", style, enabled: colors)
            out += " " + Terminal.paint("[\(diagnostic.code)]", .dim, enabled: colors) + " "
            out += Terminal.paint(diagnostic.message, .bold, enabled: colors) + "\n"
            if let location = diagnostic.location, let file = lookup[location.path] {
                out += snippet(file, location)
            }
            if let hint = diagnostic.hint {
                out += "   " + Terminal.paint("= hint:", .cyan, enabled: colors) + " \(hint)\n"
            }
            for note in diagnostic.notes {
                let notePlace = note.location.map { "\($0): " } ?? ""
                out += "   " + Terminal.paint("= note:", .blue, enabled: colors) + " \(notePlace)\(note.message)\n"
            }
        }
        out += summary
        return out
    }

    private func snippet(_ file: SourceFile, _ location: SourceLocation) -> String {
        // A window around the column: a bot written on one megabyte-long line is not reprinted whole.
        let (line, column) = file.excerpt(around: location)
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let before = line.unicodeScalars.prefix(max(0, column - 1))
        let caretIndent = Terminal.displayWidth(Substring(String(String.UnicodeScalarView(before))))
        return " \(gutter) | \(line)\n \(pad) | " + String(repeating: " ", count: caretIndent)
            + Terminal.paint("^", .green, enabled: colors) + "\n"
    }

    var summary: String {
        let errors = errorCount == 1 ? "1 error" : "\(errorCount) errors"
        let warnings = warningCount == 1 ? "1 warning" : "\(warningCount) warnings"
        let fileCount = files.count == 1 ? "1 file" : "\(files.count) files"
        return "\(errors), \(warnings) in \(fileCount)\n"
    }

    // MARK: JSON

    private struct JSONReport: Encodable {
        struct Location: Encodable {
            let path: String
            let line: Int
            let column: Int
            let offset: Int
            init(_ location: SourceLocation) {
                path = location.path
                line = location.line
                column = location.column
                offset = location.offset
            }
        }
        struct Note: Encodable {
            let message: String
            let location: Location?
        }
        struct Item: Encodable {
            let severity: String
            let code: String
            let message: String
            let hint: String?
            let location: Location?
            let notes: [Note]
        }
        let version = 1
        let files: Int
        let errors: Int
        let warnings: Int
        let diagnostics: [Item]
    }

    private func json() -> String {
        let report = JSONReport(
            files: files.count,
            errors: errorCount,
            warnings: warningCount,
            diagnostics: diagnostics.map { diagnostic in
                JSONReport.Item(
                    severity: diagnostic.severity.rawValue,
                    code: diagnostic.code.rawValue,
                    message: diagnostic.message,
                    hint: diagnostic.hint,
                    location: diagnostic.location.map(JSONReport.Location.init),
                    notes: diagnostic.notes.map {
                        JSONReport.Note(message: $0.message, location: $0.location.map(JSONReport.Location.init))
                    }
                )
            }
        )
        return encode(report)
    }

    private func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: GitHub

    private func github() -> String {
        func escapeData(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var out = ""
        for diagnostic in diagnostics {
            let command =
                diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "notice"
            var properties: [String] = []
            if let location = diagnostic.location {
                properties.append("file=\(escapeProperty(location.path))")
                properties.append("line=\(location.line)")
                properties.append("col=\(location.column)")
            }
            properties.append("title=\(escapeProperty("hiwar [\(diagnostic.code)]"))")
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
            for note in diagnostic.notes {
                message += "\nnote: \(note.location.map { "\($0): " } ?? "")\(note.message)"
            }
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        return out
    }

    // MARK: SARIF

    private struct SARIF: Encodable {
        struct Run: Encodable {
            let tool: Tool
            let results: [Result]
        }
        struct Tool: Encodable { let driver: Driver }
        struct Driver: Encodable {
            let name = "hiwar"
            let version: String
            let informationUri = "https://github.com/hiwar/hiwar/blob/main/docs/diagnostics.md"
            let rules: [Rule]
        }
        struct Rule: Encodable {
            let id: String
            let shortDescription: Message
        }
        struct Message: Encodable { let text: String }
        struct Result: Encodable {
            let ruleId: String
            let level: String
            let message: Message
            let locations: [Location]
            let relatedLocations: [Location]?
        }
        struct Location: Encodable {
            let physicalLocation: Physical
            let message: Message?
        }
        struct Physical: Encodable {
            let artifactLocation: Artifact
            let region: Region
        }
        struct Artifact: Encodable { let uri: String }
        struct Region: Encodable {
            let startLine: Int
            let startColumn: Int
        }
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    private func sarif() -> String {
        func location(_ location: SourceLocation, _ message: String? = nil) -> SARIF.Location {
            SARIF.Location(
                physicalLocation: SARIF.Physical(
                    artifactLocation: SARIF.Artifact(uri: location.path),
                    region: SARIF.Region(startLine: location.line, startColumn: location.column)
                ),
                message: message.map(SARIF.Message.init)
            )
        }
        let codes = Set(diagnostics.map(\.code)).sorted()
        let results = diagnostics.map { diagnostic in
            let related = diagnostic.notes.compactMap { note in note.location.map { location($0, note.message) } }
            return SARIF.Result(
                ruleId: diagnostic.code.rawValue,
                level: diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "note",
                message: SARIF.Message(text: diagnostic.message + (diagnostic.hint.map { " (hint: \($0))" } ?? "")),
                locations: diagnostic.location.map { [location($0)] } ?? [],
                relatedLocations: related.isEmpty ? nil : related
            )
        }
        let driver = SARIF.Driver(
            version: HiwarVersion.number,
            rules: codes.map { SARIF.Rule(id: $0.rawValue, shortDescription: SARIF.Message(text: $0.rawValue)) }
        )
        return encode(SARIF(runs: [SARIF.Run(tool: SARIF.Tool(driver: driver), results: results)]))
    }
}
