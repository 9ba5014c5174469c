import Foundation

/// Gives the interactive REPL the terminal's keyboard signals to itself.
///
/// Started by a program that does no job control — `make repl`, `sh -c` — the REPL shares that
/// program's process group, so Ctrl-C at the prompt interrupts the parent too: `make` stops with
/// "Interrupt" while the REPL carries on. Like a job-control shell, the REPL then moves into a
/// process group of its own and makes it the terminal's foreground group; Ctrl-C reaches only the
/// REPL, which abandons the line being typed. The parent's group gets the terminal back when the
/// REPL ends. Started from an interactive shell the REPL already leads its own group, and nothing
/// changes.
struct ForegroundGroup {
    private let original: pid_t

    /// Takes the foreground when the REPL shares a parent's group on a terminal; `nil` otherwise.
    static func take() -> ForegroundGroup? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        let foreground = tcgetpgrp(STDIN_FILENO)
        let group = getpgrp()
        guard foreground == group, group != getpid(), setpgid(0, 0) == 0 else { return nil }
        // A group that is not in the foreground gets SIGTTOU from tcsetpgrp; the change is ours to make.
        let previous = signal(SIGTTOU, SIG_IGN)
        defer { signal(SIGTTOU, previous) }
        guard tcsetpgrp(STDIN_FILENO, getpid()) == 0 else {
            setpgid(0, group)
            return nil
        }
        // Ctrl-Z would stop a group the parent is not waiting for and leave the terminal to no one.
        signal(SIGTSTP, SIG_IGN)
        return ForegroundGroup(original: group)
    }

    /// Hands the terminal back to the parent's group.
    func restore() {
        let previous = signal(SIGTTOU, SIG_IGN)
        tcsetpgrp(STDIN_FILENO, original)
        signal(SIGTTOU, previous)
    }
}
