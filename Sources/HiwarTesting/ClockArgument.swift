package import Foundation
package import Hiwar

/// How `:clock`, `"advance"`, `"clock"` and conversation tests move the manual clock.
package enum ClockArgument {
    /// A relative move: `+3d`, `+2h`, `+1w`, `+30m`, `+45s`, or an ISO 8601 duration (`P3D`).
    package static func duration(_ text: String) -> ISODuration? {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("+") { body.removeFirst() }
        if let iso = ISODuration(body.uppercased()) { return iso }
        guard let unit = body.last, let amount = Int(body.dropLast()), amount >= 0, amount <= 100_000 else {
            return nil
        }
        switch unit {
        case "d": return ISODuration(days: amount)
        case "w": return ISODuration(weeks: amount)
        case "h": return ISODuration(hours: amount)
        case "m": return ISODuration(minutes: amount)
        case "s": return ISODuration(seconds: amount)
        default: return nil
        }
    }

    /// An absolute time: ISO 8601 with an offset, or `YYYY-MM-DDTHH:MM[:SS]` / `YYYY-MM-DD` in
    /// `timeZone`.
    package static func date(_ text: String, timeZone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withOffset = ISO8601DateFormatter()
        if let date = withOffset.date(from: trimmed) { return date }
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
