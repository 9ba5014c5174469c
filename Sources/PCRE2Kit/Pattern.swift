internal import CPCRE2

/// A compiled PCRE2 regular expression, shareable across threads and tasks.
///
/// Every pattern is compiled for UTF-8 with `PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C`,
/// so `\w`, `\b` and caseless matching treat Arabic and Persian letters as letters, and `\C` can
/// never split a UTF-8 sequence. The pattern is JIT-compiled when the library supports it and
/// falls back to PCRE2's interpreter silently when it does not (``isJITCompiled`` tells which).
/// Every match runs under ``MatchLimits`` so a catastrophic pattern reports
/// ``MatchOutcome/limitExceeded(_:)`` in bounded time.
///
/// ## Why `@unchecked Sendable` is sound
/// `Pattern` owns two C objects, a `pcre2_code` and a `pcre2_match_context`, and has no mutable
/// stored properties.
/// - The code, including its JIT-compiled form, is finished inside `init` and never changed
///   afterwards. PCRE2 documents compiled code as shareable between threads for matching.
/// - The match context holds only the limits, set once in `init`, and no JIT stack, so every
///   thread reads the same unchanging values (PCRE2: "a context may be shared if it is not
///   changed").
/// - All per-match state lives in a ``MatchScratch``, which is not `Sendable`: each task uses its
///   own.
/// - Both C objects are freed exactly once, in `deinit`.
public final class Pattern: @unchecked Sendable {
    private let code: OpaquePointer
    private let matchContext: OpaquePointer

    /// The pattern source as it was given.
    public let source: String

    /// The number of capture groups (named or not), not counting group 0.
    public let captureCount: Int

    /// Named groups, from name to group number.
    public let groupNumbers: [String: Int]

    /// Whether the JIT compiled this pattern; when `false`, matches use the interpreter.
    public let isJITCompiled: Bool

    /// The limits every match of this pattern runs under.
    public let limits: MatchLimits

    /// Compiles a pattern.
    ///
    /// The corresponding C functions are `pcre2_compile`, `pcre2_jit_compile` and
    /// `pcre2_set_match_limit` / `pcre2_set_depth_limit` / `pcre2_set_heap_limit`.
    ///
    /// - Parameters:
    ///   - source: The pattern, in PCRE2 syntax.
    ///   - options: Options added to the always-on UTF, UCP and never-backslash-C.
    ///   - limits: The limits for every match.
    ///   - jit: Whether to try the JIT (on by default; the interpreter is used if it fails).
    /// - Throws: ``PCRE2Error`` with PCRE2's message and the byte ``PCRE2Error/offset`` of the
    ///   error in `source`.
    public init(
        _ source: String,
        options: Options = [],
        limits: MatchLimits = .default,
        jit: Bool = true
    ) throws(PCRE2Error) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let flags = Options.always | options.rawValue
        let compiled: OpaquePointer? = source.withUTF8Buffer { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, flags, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw PCRE2Error(code: Int(errorCode), message: PCRE2Library.message(for: errorCode), offset: errorOffset)
        }
        guard let context = pcre2_match_context_create_8(nil) else {
            pcre2_code_free_8(compiled)
            throw PCRE2Error(code: Int(PCRE2_ERROR_NOMEMORY), message: PCRE2Library.message(for: PCRE2_ERROR_NOMEMORY))
        }
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)

        self.code = compiled
        self.matchContext = context
        self.source = source
        self.limits = limits
        self.isJITCompiled =
            jit && PCRE2Library.isJITAvailable && pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        self.captureCount = Int(Self.info(compiled, PCRE2_INFO_CAPTURECOUNT))
        self.groupNumbers = Self.nameTable(compiled)
    }

    deinit {
        pcre2_match_context_free_8(matchContext)
        pcre2_code_free_8(code)
    }

    /// Finds the first match at or after a byte offset, using a fresh scratch.
    ///
    /// Convenient, and allocates a little per call; on a hot path pass a ``MatchScratch``.
    ///
    /// - Parameters:
    ///   - subject: The text to search. Its UTF-8 is matched in place, without a copy.
    ///   - utf8Offset: Where to start, in UTF-8 bytes.
    /// - Returns: The match with every group's range, or why there is none.
    public func firstMatch(in subject: String, from utf8Offset: Int = 0) -> MatchOutcome {
        let scratch = MatchScratch(groups: captureCount)
        return firstMatch(in: subject, from: utf8Offset, using: scratch)
    }

    /// Finds the first match at or after a byte offset, reusing `scratch` for the match data.
    ///
    /// - Parameters:
    ///   - subject: The text to search.
    ///   - utf8Offset: Where to start, in UTF-8 bytes.
    ///   - scratch: Per-task match data; it grows if this pattern has more groups than it holds.
    /// - Returns: The match with every group's range, or why there is none.
    public func firstMatch(in subject: String, from utf8Offset: Int = 0, using scratch: MatchScratch) -> MatchOutcome {
        let status = run(subject, from: utf8Offset, using: scratch)
        switch status {
        case .matched:
            return .match(Match(groups: (0...captureCount).map { scratch.groupRange($0) }))
        case .noMatch:
            return .noMatch
        case .limitExceeded(let kind):
            return .limitExceeded(kind)
        case .failed(let error):
            return .failed(error)
        }
    }

    /// Whether the pattern matches anywhere in `subject`, without building a ``Match``.
    ///
    /// After ``MatchStatus/matched``, ``MatchScratch/groupRange(_:)`` reads the groups until the
    /// scratch is used again. This is the allocation-free entry point for the matcher's hot path.
    ///
    /// The corresponding C function is `pcre2_match`, called with `PCRE2_NO_UTF_CHECK` because a
    /// Swift string is always valid UTF-8.
    ///
    /// - Parameters:
    ///   - subject: The text to search.
    ///   - utf8Offset: Where to start, in UTF-8 bytes.
    ///   - scratch: Per-task match data.
    /// - Returns: Whether it matched; the groups are in `scratch`.
    public func run(_ subject: String, from utf8Offset: Int = 0, using scratch: MatchScratch) -> MatchStatus {
        scratch.ensureCapacity(groups: captureCount)
        let rc: Int32 =
            subject.utf8.withContiguousStorageIfAvailable { bytes in
                match(bytes, from: utf8Offset, scratch: scratch)
            }
            ?? Array(subject.utf8).withUnsafeBufferPointer { bytes in
                match(bytes, from: utf8Offset, scratch: scratch)
            }
        return Self.status(rc, scratch: scratch)
    }

    /// Matches raw bytes that may not be valid UTF-8.
    ///
    /// The bytes are decoded first, invalid sequences becoming U+FFFD, because passing invalid
    /// UTF-8 with `PCRE2_NO_UTF_CHECK` is undefined behaviour. Offsets in the result refer to the
    /// decoded string, which is returned beside it.
    public func firstMatch(inBytes bytes: some Sequence<UInt8>) -> (subject: String, outcome: MatchOutcome) {
        let subject = String(decoding: Array(bytes), as: UTF8.self)
        return (subject, firstMatch(in: subject))
    }

    private func match(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, scratch: MatchScratch) -> Int32 {
        guard offset >= 0, offset <= bytes.count else { return PCRE2_ERROR_BADOFFSET }
        // An empty Swift buffer may have a nil base address; PCRE2 accepts any pointer with length 0.
        let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)
        return pcre2_match_8(code, base, bytes.count, offset, PCRE2_NO_UTF_CHECK, scratch.matchData, matchContext)
    }

    static func status(_ rc: Int32, scratch: MatchScratch) -> MatchStatus {
        if rc > 0 { return .matched }
        switch rc {
        case PCRE2_ERROR_NOMATCH, PCRE2_ERROR_PARTIAL:
            return .noMatch
        case PCRE2_ERROR_MATCHLIMIT:
            return .limitExceeded(.match)
        case PCRE2_ERROR_DEPTHLIMIT:
            return .limitExceeded(.depth)
        case PCRE2_ERROR_HEAPLIMIT:
            return .limitExceeded(.heap)
        case PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded(.jitStack)
        case 0:
            // The ovector was too small: ensureCapacity makes this unreachable; report, never trap.
            return .failed(PCRE2Error(code: 0, message: "match data too small for the pattern's groups"))
        default:
            return .failed(PCRE2Error(code: Int(rc), message: PCRE2Library.message(for: rc)))
        }
    }

    /// The pattern's C objects without ownership, for a loop over many patterns that should not
    /// touch (or retain) each `Pattern` object; valid only while this pattern is alive.
    package var unowned: UnownedPattern {
        UnownedPattern(code: code, matchContext: matchContext, captureCount: captureCount)
    }

    /// Returns the group number for a named group, or `nil`.
    public func groupNumber(named name: String) -> Int? {
        groupNumbers[name]
    }

    private static func info(_ code: OpaquePointer, _ what: Int32) -> UInt32 {
        var value: UInt32 = 0
        _ = pcre2_pattern_info_8(code, UInt32(what), &value)
        return value
    }

    /// Reads PCRE2's name table: entries of `entrySize` bytes, a 2-byte big-endian group number
    /// followed by the zero-terminated name.
    private static func nameTable(_ code: OpaquePointer) -> [String: Int] {
        let count = Int(info(code, PCRE2_INFO_NAMECOUNT))
        guard count > 0 else { return [:] }
        let entrySize = Int(info(code, PCRE2_INFO_NAMEENTRYSIZE))
        var table: UnsafePointer<UInt8>? = nil
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table) == 0, let table else { return [:] }
        var names: [String: Int] = [:]
        for entry in 0..<count {
            let base = table + entry * entrySize
            let number = Int(base[0]) << 8 | Int(base[1])
            var length = 0
            while length < entrySize - 2, base[2 + length] != 0 { length += 1 }
            let name = String(decoding: UnsafeBufferPointer(start: base + 2, count: length), as: UTF8.self)
            names[name] = number
        }
        return names
    }
}

/// The allocation-free result of ``Pattern/run(_:from:using:)``.
public enum MatchStatus: Sendable, Hashable {
    /// Matched; read the groups from the scratch.
    case matched
    /// Did not match.
    case noMatch
    /// A ``MatchLimits`` limit stopped the match.
    case limitExceeded(MatchLimitKind)
    /// Another PCRE2 error.
    case failed(PCRE2Error)
}

extension String {
    /// Calls `body` with this string's UTF-8, copying only when the string is not stored
    /// contiguously (bridged or lazily decoded strings).
    func withUTF8Buffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
