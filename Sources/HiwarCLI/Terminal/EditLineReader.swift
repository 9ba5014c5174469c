import CEditLine
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing for `hiwar repl` on a terminal, through libedit: cursor movement and the
/// usual Emacs keys, a history that persists between sessions, and tab completion of
/// commands, intents, events, event fields, slots and languages.
///
/// libedit keeps its state in process globals, so there is one editor per process, used from
/// the REPL's reading loop only. Ctrl-C abandons the line being typed (the REPL goes on);
/// Ctrl-D on an empty line ends the session.
struct EditLineReader: LineReader {
    private let historyPath: String?
    private var last: String?

    /// Starts the editor and loads the history.
    ///
    /// - Parameters:
    ///   - historyPath: The history file (read now, rewritten after each line), or `nil` to
    ///     keep history for this session only.
    ///   - completion: The names to complete.
    init(historyPath: String?, completion: ReplCompletion) {
        self.historyPath = historyPath
        Self.useUTF8()
        EditLineReader.update(completion)
        hiwar_editline_configure(completeWord)
        stifle_history(Int32(Self.historyLimit))
        if let historyPath { _ = read_history(historyPath) }
    }

    /// How many lines the history keeps.
    static let historyLimit = 1000

    /// Replaces the names offered by tab completion (after a reload).
    static func update(_ completion: ReplCompletion) {
        completionNames.withLock { $0 = completion }
    }

    mutating func read(prompt: String) -> LineInput {
        interrupted.store(false, ordering: .relaxed)
        readingThread.store(currentThread(), ordering: .relaxed)
        let previous = Self.catchInterrupts()
        // The REPL runs on a pool thread, and pool threads block signals: let SIGINT through.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        var mask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &interrupt, &mask)
        let pointer = readline(prompt)
        pthread_sigmask(SIG_SETMASK, &mask, nil)
        var restore = previous
        sigaction(SIGINT, &restore, nil)
        guard let pointer else {
            // Leave the cursor on a fresh line either way.
            print("")
            return interrupted.load(ordering: .relaxed) ? .interrupted : .end
        }
        defer { free(pointer) }
        return .line(String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self))
    }

    mutating func remember(_ line: String) {
        guard line != last, !line.isEmpty else { return }
        last = line
        add_history(line)
        guard let historyPath else { return }
        _ = write_history(historyPath)
        chmod(historyPath, 0o600)
    }

    /// Installs a SIGINT handler without `SA_RESTART`, so that libedit's read is interrupted and
    /// `readline` returns; the previous handler is returned to be restored afterwards.
    ///
    /// The process has other threads (Swift's concurrency pool), and the kernel may deliver the
    /// signal to any of them; only a signal on the reading thread interrupts its `read`, so the
    /// handler passes the signal on to that thread.
    private static func catchInterrupts() -> sigaction {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = onInterrupt
        #else
        action.__sigaction_u.__sa_handler = onInterrupt
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGINT, &action, &previous)
        return previous
    }

    /// libedit decodes multibyte input by the C locale: use the environment's, or C.UTF-8 when
    /// that is not UTF-8, so that Arabic and Persian can be typed and edited.
    private static func useUTF8() {
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}

/// Set by the SIGINT handler while `readline` waits; an atomic store is async-signal-safe.
private let interrupted = Atomic<Bool>(false)

/// The thread blocked in `readline`, as a number (`pthread_t` is one on Linux, a pointer on Darwin).
private let readingThread = Atomic<UInt>(0)

private func currentThread() -> UInt {
    #if canImport(Glibc)
    UInt(pthread_self())
    #else
    UInt(bitPattern: pthread_self())
    #endif
}

/// The SIGINT handler: only async-signal-safe calls (atomics, `pthread_self`, `pthread_kill`).
private let onInterrupt: @convention(c) (Int32) -> Void = { signal in
    interrupted.store(true, ordering: .relaxed)
    let reader = readingThread.load(ordering: .relaxed)
    guard reader != 0, reader != currentThread() else { return }
    #if canImport(Glibc)
    pthread_kill(pthread_t(reader), signal)
    #else
    if let thread = pthread_t(bitPattern: reader) { pthread_kill(thread, signal) }
    #endif
}

/// The names the completion callback offers; a C callback cannot capture, so they live here.
private let completionNames = Mutex(ReplCompletion())

/// libedit's completion callback: `text` is the word under the cursor and `start` where it begins on the line (in
/// characters).
///
/// Returns a `malloc`ed, NULL-terminated array whose first entry replaces the word (the longest common prefix) and
/// whose others are the candidates; libedit frees it.
private let completeWord:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
        UnsafeMutablePointer<CChar>?
    >? = { text, start, _ in
        let word = text.map { String(cString: $0) } ?? ""
        let line = hiwar_editline_line().map { String(cString: $0) } ?? ""
        let before = String(String.UnicodeScalarView(line.unicodeScalars.prefix(max(0, Int(start)))))
        let result = completionNames.withLock { $0.complete(word, after: Substring(before)) }
        if result.files {
            hiwar_editline_set_completion_over(0)
            return nil
        }
        hiwar_editline_set_completion_over(1)
        guard let first = result.candidates.first else { return nil }
        hiwar_editline_set_append(Int32(result.append.asciiValue ?? 32))
        var prefix = Substring(first)
        for candidate in result.candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix = prefix.dropLast() }
        }
        // libedit takes [word, word] (not [word] alone, as GNU readline does) as "one match".
        let entries = result.candidates.count == 1 ? [first, first] : [String(prefix)] + result.candidates
        guard let array = malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride) else {
            return nil
        }
        let pointers = array.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { pointers[index] = strdup(entry) }
        pointers[entries.count] = nil
        return pointers
    }
