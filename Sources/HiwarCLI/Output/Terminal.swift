import Foundation

/// Facts about where output goes, and ANSI colors used only on a terminal.
enum Terminal {
    /// Whether standard output is a terminal and colors are wanted (`NO_COLOR` turns them off).
    static var colorsOnStandardOutput: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Whether a person is typing at a terminal: standard input and output are both terminals and `TERM` is not `dumb`.
    ///
    /// Line editing is used only then.
    static var isInteractive: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// ANSI styles.
    enum Style: String {
        case bold = "1"
        case red = "1;31"
        case yellow = "1;33"
        case blue = "1;34"
        case cyan = "36"
        case green = "32"
        case dim = "2"
    }

    static func paint(_ text: String, _ style: Style, enabled: Bool) -> String {
        enabled ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// How many terminal columns a string takes: combining marks and invisible characters take none.
    static func displayWidth(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: width
            default: width + (scalar.properties.isEmojiPresentation ? 2 : 1)
            }
        }
    }
}
