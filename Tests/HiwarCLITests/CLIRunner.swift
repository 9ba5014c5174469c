import Foundation
import Testing

/// Runs the built `hiwar` binary and captures what it prints.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `hiwar` binary SwiftPM built beside this test bundle.
    static var binary: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("hiwar"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hiwar"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// The package root, so relative paths such as `Intents` resolve as they do for a user.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A sibling executable built by SwiftPM (an example).
    static func executable(_ name: String) -> URL {
        binary.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Writes `lines` one at a time, calling `before(index)` first and pausing after each so the
    /// program handles it before the next (for tests that change files between lines).
    static func runInteractive(
        _ arguments: [String],
        lines: [String],
        before: (Int) throws -> Void
    ) throws -> Result {
        try launch(binary, arguments) { stdin in
            for (index, line) in lines.enumerated() {
                try before(index)
                // File modification times have one-second resolution on some file systems.
                Thread.sleep(forTimeInterval: index == 1 ? 1.1 : 0.3)
                stdin.write(Data((line + "\n").utf8))
            }
        }
    }

    static func run(_ arguments: [String], input: String? = nil, executable: String? = nil) throws -> Result {
        try launch(executable.map(Self.executable) ?? binary, arguments) { stdin in
            if let input { stdin.write(Data(input.utf8)) }
        }
    }

    /// Starts `program` in the package root, lets `feed` write its standard input, closes it, and
    /// collects what it printed.
    private static func launch(
        _ program: URL,
        _ arguments: [String],
        feed: (FileHandle) throws -> Void
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        try feed(stdin.fileHandleForWriting)
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }
}
