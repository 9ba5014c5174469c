internal import CPCRE2

/// Facts about the PCRE2 library Hiwar is linked against.
public enum PCRE2Library {
    /// The library's version, such as `10.42 2022-12-11` (`PCRE2_CONFIG_VERSION`).
    public static let version: String = {
        var buffer = [UInt8](repeating: 0, count: 64)
        let written = buffer.withUnsafeMutableBytes { pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), $0.baseAddress) }
        guard written > 0 else { return "unknown" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
    }()

    /// Whether the library was built with JIT support (`PCRE2_CONFIG_JIT`).
    public static let isJITAvailable: Bool = {
        var flag: UInt32 = 0
        let rc = pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &flag)
        return rc >= 0 && flag == 1
    }()

    /// The JIT's target architecture, such as `x86 64bit (little endian + unaligned)`, or `nil`
    /// when there is no JIT.
    public static let jitTarget: String? = {
        guard isJITAvailable else { return nil }
        var buffer = [UInt8](repeating: 0, count: 128)
        let written = buffer.withUnsafeMutableBytes { pcre2_config_8(UInt32(PCRE2_CONFIG_JITTARGET), $0.baseAddress) }
        guard written > 0 else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
    }()

    /// PCRE2's message for an error number (`pcre2_get_error_message`).
    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, $0.count) }
        guard length > 0 else { return "unknown PCRE2 error \(code)" }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }
}
