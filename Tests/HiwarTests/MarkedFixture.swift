import Foundation
import Testing

@testable import Hiwar

/// A fixture file with position markers (1️⃣ 2️⃣ …), as swift-format's tests write them: the
/// markers are removed and their line and column remembered, so tests assert positions without
/// counting columns by hand.
struct MarkedFixture {
    let file: SourceFile
    let markers: [String: Hiwar.SourceLocation]

    init(path: String, text: String) {
        var output = String.UnicodeScalarView()
        var offsets: [String: Int] = [:]
        let scalars = Array(text.unicodeScalars)
        var bytes = 0
        var index = 0
        while index < scalars.count {
            if index + 2 < scalars.count, scalars[index].properties.numericType != nil,
                scalars[index + 1] == "\u{FE0F}",
                scalars[index + 2] == "\u{20E3}"
            {
                offsets[String(String.UnicodeScalarView(scalars[index...(index + 2)]))] = bytes
                index += 3
                continue
            }
            output.append(scalars[index])
            bytes += UTF8.width(scalars[index])
            index += 1
        }
        let source = SourceFile(path: path, text: String(output))
        file = source
        markers = offsets.mapValues { source.location(at: $0) }
    }

    /// Loads a fixture from `Fixtures/Diagnostics`.
    static func named(_ name: String) throws -> MarkedFixture {
        MarkedFixture(path: name, text: try fixtureText("Diagnostics/\(name)"))
    }
}

/// Compiles marked fixtures and returns the diagnostics and every marker by file.
func compileFixtures(_ fixtures: [MarkedFixture]) -> (CompilationResult, [String: Hiwar.SourceLocation]) {
    var markers: [String: Hiwar.SourceLocation] = [:]
    for fixture in fixtures {
        for (marker, location) in fixture.markers { markers[fixture.file.path + marker] = location }
    }
    return (BotCompiler.compile(files: fixtures.map(\.file)), markers)
}
