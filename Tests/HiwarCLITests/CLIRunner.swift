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
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        for (index, line) in lines.enumerated() {
            try before(index)
            // File modification times have one-second resolution on some file systems.
            Thread.sleep(forTimeInterval: index == 1 ? 1.1 : 0.3)
            stdin.fileHandleForWriting.write(Data((line + "\n").utf8))
        }
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

    static func run(_ arguments: [String], input: String? = nil, executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable.map(Self.executable) ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
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
