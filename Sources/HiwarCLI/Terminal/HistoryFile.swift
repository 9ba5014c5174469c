import Foundation

/// Where `hiwar repl` keeps the lines typed in earlier sessions.
enum HistoryFile {
    /// The history file to use, creating its folder (readable by its owner only).
    ///
    /// - Parameters:
    ///   - option: `--history`: a path, or `none` for no file.
    ///   - environment: `HIWAR_HISTORY` (same meaning), else `XDG_STATE_HOME`, else `HOME`
    ///     (`~/.local/state/hiwar/history`).
    /// - Returns: The path, or `nil` when history should not be kept between sessions.
    static func path(option: String?, environment: [String: String]) -> String? {
        let chosen: String
        if let explicit = option ?? environment["HIWAR_HISTORY"] {
            if explicit.isEmpty || explicit == "none" { return nil }
            chosen = explicit
        } else if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            chosen = state + "/hiwar/history"
        } else if let home = environment["HOME"], !home.isEmpty {
            chosen = home + "/.local/state/hiwar/history"
        } else {
            return nil
        }
        let folder = URL(fileURLWithPath: chosen).deletingLastPathComponent()
        try? FileManager.default.createDirectory(
            at: folder,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        return chosen
    }
}
