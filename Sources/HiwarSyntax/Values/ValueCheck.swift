package import Foundation

/// Checks a value's text against a ``ValueType``.
package enum ValueCheck {
    /// What is wrong with `value` as a `type`, or `nil` when it is fine.
    package static func problem(_ value: String, as type: ValueType) -> String? {
        switch type {
        case .string, .enum, .list:
            return value.isEmpty ? "the value is empty" : nil
        case .number:
            return Double(value).map { $0.isFinite } == true ? nil : "\"\(value)\" is not a number"
        case .boolean:
            return value == "true" || value == "false" ? nil : "\"\(value)\" is not true or false"
        case .date:
            return date(value) != nil ? nil : "\"\(value)\" is not a date (YYYY-MM-DD)"
        case .datetime:
            return dateTime(value) != nil
                ? nil
                : "\"\(value)\" is not an ISO 8601 date-time with an offset: expected YYYY-MM-DDTHH:MM, "
                    + "optionally :SS and .fraction, then Z or ±HH:MM (2026-12-03T10:30+04:00)"
        case .duration:
            return ISODuration(value) != nil ? nil : "\"\(value)\" is not an ISO 8601 duration (P3D)"
        case .url:
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
                scheme == "https" || scheme == "http", url.host?.isEmpty == false
            else { return "\"\(value)\" is not an http(s) URL" }
            return nil
        case .month:
            let parts = value.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let month = Int(parts[1]),
                Int(parts[0]) != nil, (1...12).contains(month)
            else { return "\"\(value)\" is not a month (YYYY-MM)" }
            return nil
        }
    }

    /// A `YYYY-MM-DD` date at midnight UTC, when valid.
    ///
    /// Arithmetic over the proleptic Gregorian calendar rather than `Calendar`: notices and
    /// reply formatting check dates on every turn, and a `Calendar` costs microseconds to make.
    package static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            let days = CivilDate.days(year: year, month: month, day: day)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
    }

    /// An ISO 8601 extended date-time with an offset and its offset: `2026-11-23T14:30+04:00`, with seconds
    /// (`…T14:30:00Z`) or fractional seconds (`…T14:30:00.250+04:00`).
    package static func dateTime(_ text: String) -> (date: Date, offset: TimeZone)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"),
            let day = date(String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]),
            hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if bytes[index] == UInt8(ascii: ":") {
            guard bytes.count >= 20, let value = number(bytes[17..<19]), value < 60 else { return nil }
            second = value
            index = 19
        }
        var fraction = 0.0
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "."), index == 19 {
            var scale = 0.1
            index += 1
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > first, index < bytes.count else { return nil }
        }
        var offsetSeconds = 0
        switch bytes[index...].count {
        case 1 where bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z"):
            break
        case 6 where bytes[index + 3] == UInt8(ascii: ":"):
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                let hours = number(bytes[(index + 1)..<(index + 3)]),
                let minutes = number(bytes[(index + 4)..<(index + 6)]),
                hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let seconds = Double(hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return (day.addingTimeInterval(seconds), TimeZone(secondsFromGMT: offsetSeconds) ?? .current)
    }

    /// The decimal number written by `digits` (ASCII digits only).
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return digits.isEmpty ? nil : value
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`), validating the day against the month's length and leap years.
package enum CivilDate {
    package static func days(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), day >= 1, day <= length(of: month, in: year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    package static func length(of month: Int, in year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
