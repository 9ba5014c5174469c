internal import Foundation

/// Finds and reads a bot's files: every `.json` file under the given directories (recursively,
/// in name order, hidden entries skipped) and every file named directly.
///
/// Problems with the files themselves are diagnostics: a missing path, a symlink loop, a file
/// over ``maximumFileSize``, a directory with no JSON. Reading never follows a symlink twice.
package enum BotLoader {
    /// The largest file the loader reads: bot files are small, and a 50 MB file is a mistake.
    package static let maximumFileSize = 8 << 20

    package static func sourceFiles(at paths: [String], into diagnostics: inout Diagnostics) -> [SourceFile] {
        var files: [SourceFile] = []
        var visited = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.error(
                    .unreadableFile,
                    "\(path): no such file or directory (or a symlink that leads nowhere)",
                    at: nil
                )
                continue
            }
            if isDirectory.boolValue {
                let before = files.count
                collect(directory: path, into: &files, visited: &visited, diagnostics: &diagnostics)
                if files.count == before {
                    diagnostics.error(
                        .noBotFiles,
                        "\(path) holds no .json files",
                        at: nil,
                        hint: "a bot is a directory of JSON intent files"
                    )
                }
            } else if let file = read(path, diagnostics: &diagnostics) {
                files.append(file)
            }
        }
        return files
    }

    private static func collect(
        directory: String,
        into files: inout [SourceFile],
        visited: inout Set<String>,
        diagnostics: inout Diagnostics
    ) {
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else {
            diagnostics.warning(
                .unreadableFile,
                "\(directory) was already read (a symlink loop or a repeated path); skipped",
                at: nil
            )
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            diagnostics.error(.unreadableFile, "\(directory): cannot list the directory", at: nil)
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.error(.unreadableFile, "\(path): a symlink that leads nowhere or loops", at: nil)
                continue
            }
            if isDirectory.boolValue {
                collect(directory: path, into: &files, visited: &visited, diagnostics: &diagnostics)
            } else if name.hasSuffix(".json") {
                let realFile = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard visited.insert(realFile).inserted else { continue }
                if let file = read(path, diagnostics: &diagnostics) { files.append(file) }
            }
        }
    }

    private static func read(_ path: String, diagnostics: inout Diagnostics) -> SourceFile? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumFileSize else {
            diagnostics.error(
                .fileTooLarge,
                "the file is \(size / 1_048_576) MB; bot files may be at most \(maximumFileSize / 1_048_576) MB",
                at: SourceLocation(path: path, line: 1, column: 1, offset: 0),
                hint: "split the bot into several files"
            )
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(.unreadableFile, "\(path): cannot read the file", at: nil)
            return nil
        }
        return SourceFile(path: path, bytes: [UInt8](data))
    }
}
