internal import Foundation

/// Writes test results as JUnit XML (for CI dashboards) and JSON.
package enum TestReporters {
    package static func junit(_ results: [ConversationResult]) -> String {
        let byFile = Dictionary(grouping: results, by: \.file)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let failures = results.filter { !$0.passed }.count
        xml += #"<testsuites name="hiwar" tests="\#(results.count)" failures="\#(failures)">"# + "\n"
        for file in byFile.keys.sorted() {
            let cases = byFile[file] ?? []
            let time = cases.map(\.duration).reduce(0, +)
            xml +=
                #"  <testsuite name="\#(escape(file))" tests="\#(cases.count)" failures="\#(cases.filter { !$0.passed }.count)" time="\#(String(format: "%.3f", time))">"#
                + "\n"
            for result in cases {
                xml +=
                    #"    <testcase name="\#(escape(result.name))" classname="\#(escape(file))" time="\#(String(format: "%.3f", result.duration))""#
                if result.passed {
                    xml += "/>\n"
                } else {
                    xml += ">\n"
                    xml += #"      <failure message="\#(escape(result.failures.first ?? ""))">"#
                    xml += escape(result.failures.joined(separator: "\n")) + "</failure>\n"
                    xml += "    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    package static func json(_ results: [ConversationResult]) -> String {
        struct Line: Encodable {
            let file: String
            let name: String
            let location: String
            let passed: Bool
            let failures: [String]
        }
        struct Summary: Encodable {
            let passed: Int
            let failed: Int
            let results: [Line]
        }
        let summary = Summary(
            passed: results.filter(\.passed).count,
            failed: results.filter { !$0.passed }.count,
            results: results.map {
                Line(file: $0.file, name: $0.name, location: $0.location, passed: $0.passed, failures: $0.failures)
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(summary)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    private static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": result += "&#10;"
            default:
                if scalar.value < 0x20 && scalar != "\t" { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
