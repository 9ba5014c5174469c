import Foundation
import Testing

/// Drives a program in a real terminal: a private tmux server runs it in a detached pane, keys
/// are sent as a person would type them, and the rendered screen is read back.
///
/// Each session has its own server socket, so sessions never see each other and a failed test
/// leaves nothing running (`close` kills the server).
final class TerminalSession {
    struct Timeout: Error, CustomStringConvertible {
        let waitingFor: String
        let screen: String
        var description: String { "timed out waiting for \"\(waitingFor)\"; the screen was:\n\(screen)" }
    }

    private let socket = "hiwar-test-\(UUID().uuidString)"

    /// Starts `command` (program and arguments) in a 160×50 terminal in `directory`.
    init(_ command: [String], in directory: URL, environment: [String: String] = [:]) throws {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let shellCommand = (["env", "LANG=C.UTF-8"] + assignments + command).map(Self.quote).joined(separator: " ")
        try tmux([
            "new-session", "-d", "-s", "main", "-x", "160", "-y", "50", "-c", directory.path, shellCommand, ";",
            "set-option", "-t", "main", "remain-on-exit", "on",
        ])
    }

    /// Types `text` literally (no key names are interpreted).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", text]) }

    /// Types `text` and presses Enter.
    func enter(_ text: String) throws {
        try type(text)
        try press("Enter")
    }

    /// Presses keys by tmux name: `Enter`, `Tab`, `Up`, `C-c`, `C-d`.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }

    /// The screen and its scrollback, wrapped lines joined; with `escapes`, colours as the
    /// escape sequences that drew them.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-J"] + (escapes ? ["-e"] : []) + ["-S", "-2000", "-t", "main"])
    }

    /// Whether the program has exited.
    func exited() throws -> Bool {
        try tmux(["display-message", "-p", "-t", "main", "#{pane_dead}"]).trimmingCharacters(
            in: .whitespacesAndNewlines
        )
            == "1"
    }

    /// Waits until the screen shows `text` `count` times, and returns the screen.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let shown = try screen()
            if shown.components(separatedBy: text).count - 1 >= count { return shown }
            if Date() > deadline { throw Timeout(waitingFor: text, screen: shown) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until the program exits.
    func waitForExit(seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !exited() {
            if Date() > deadline { throw Timeout(waitingFor: "the program to exit", screen: try screen()) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Stops the terminal and everything in it.
    func close() { _ = try? tmux(["kill-server"]) }

    deinit { close() }

    /// Runs one tmux command and returns what it printed.
    ///
    /// Through `posix_spawn` and `waitpid`, not Foundation's `Process`: on Linux, `Process`
    /// learns that a child exited when a descriptor the child inherited closes, and the tmux
    /// server that `new-session` starts keeps it open for as long as it runs.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: capture) }
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = environment["TERM"] ?? "xterm-256color"
        environment.removeValue(forKey: "TMUX")
        let argv = ["tmux", "-u", "-f", "/dev/null", "-L", socket] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Only 0, 1 and 2: the server must not keep the test's other pipes open (a REPL under
        // test would never see the end of its input).
        #if os(Linux)
        // (glibc ignores closing a descriptor that is not open.)
        for descriptor in 3..<Int32(min(sysconf(Int32(_SC_OPEN_MAX)), 4096)) {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let closeOthers: Int32 = 0
        #else
        let closeOthers = Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        // Test threads block every signal, and a child inherits the mask: a tmux server that
        // cannot receive SIGCHLD never reaps its pane nor exits. Unblock and reset them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(
            &attributes,
            Int16(Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | closeOthers)
        )
        var pid = pid_t()
        let status = Self.withCStrings(argv) { cArgv in
            Self.withCStrings(envp) { cEnvp in posix_spawnp(&pid, "tmux", &actions, &attributes, cArgv, cEnvp) }
        }
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .ENOENT) }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) == -1 && errno == EINTR {}
        let text = String(decoding: (try? Data(contentsOf: capture)) ?? Data(), as: UTF8.self)
        if exit != 0 && arguments.first != "kill-server" {
            Issue.record("tmux \(arguments.first ?? "") failed: \(text)")
        }
        return text
    }

    private static func withCStrings<R>(
        _ strings: [String],
        _ body: ([UnsafeMutablePointer<CChar>?]) -> R
    ) -> R {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    private static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
