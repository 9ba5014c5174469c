package import Foundation

/// An ISO 8601 duration such as `P3D`, `P1W` or `PT2H30M`: the canonical form of duration slots,
/// timeouts and reminders.
package struct ISODuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Calendar years.
    package var years = 0
    /// Calendar months.
    package var months = 0
    /// Weeks.
    package var weeks = 0
    /// Days.
    package var days = 0
    /// Hours.
    package var hours = 0
    /// Minutes.
    package var minutes = 0
    /// Seconds.
    package var seconds = 0

    /// Creates a duration from its components.
    package init(
        years: Int = 0,
        months: Int = 0,
        weeks: Int = 0,
        days: Int = 0,
        hours: Int = 0,
        minutes: Int = 0,
        seconds: Int = 0
    ) {
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
    }

    /// Parses `PnYnMnWnDTnHnMnS` (each part optional, at least one present; whole numbers).
    ///
    /// - Returns: `nil` when the text is not such a duration.
    package init?(_ text: String) {
        var scalars = Substring(text).unicodeScalars
        guard scalars.first == "P" else { return nil }
        scalars.removeFirst()
        var inTime = false
        var number = ""
        var sawPart = false
        var timeParts = 0
        for scalar in scalars {
            if scalar.isASCIIDigit {
                number.unicodeScalars.append(scalar)
                continue
            }
            if scalar == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard let value = Int(number), number.count <= 6 else { return nil }
            number = ""
            sawPart = true
            if inTime { timeParts += 1 }
            switch (scalar, inTime) {
            case ("Y", false): years = value
            case ("M", false): months = value
            case ("W", false): weeks = value
            case ("D", false): days = value
            case ("H", true): hours = value
            case ("M", true): minutes = value
            case ("S", true): seconds = value
            default: return nil
            }
        }
        guard number.isEmpty, sawPart, !inTime || timeParts > 0 else { return nil }
    }

    /// The canonical text: `P3D`, `P1W`, `PT2H`; `PT0S` for zero.
    package var description: String {
        var text = "P"
        if years > 0 { text += "\(years)Y" }
        if months > 0 { text += "\(months)M" }
        if weeks > 0 { text += "\(weeks)W" }
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || seconds > 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if seconds > 0 { text += "\(seconds)S" }
        }
        return text == "P" ? "PT0S" : text
    }

    /// The length in seconds, counting a month as 30 days and a year as 365.
    package var approximateSeconds: Int {
        ((((years * 365 + months * 30 + weeks * 7 + days) * 24 + hours) * 60) + minutes) * 60 + seconds
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ISODuration(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 duration: \(text)")
            )
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ISODuration {
    /// `date` moved forward by this duration on the Gregorian calendar of `timeZone` (P1M from
    /// 31 January is the end of February; P1D across a daylight-saving change is one calendar day).
    package func added(to date: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var components = DateComponents()
        components.year = years
        components.month = months
        components.day = weeks * 7 + days
        components.hour = hours
        components.minute = minutes
        components.second = seconds
        return calendar.date(byAdding: components, to: date)
            ?? date.addingTimeInterval(TimeInterval(approximateSeconds))
    }
}
