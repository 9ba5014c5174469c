package import Foundation

/// The calendar a language's dates are shown in.
package enum ReplyCalendar: String, Sendable {
    case gregorian
    case persian
    case islamicUmmAlQura = "islamic-umalqura"

    package var identifier: Calendar.Identifier {
        switch self {
        case .gregorian: .gregorian
        case .persian: .persian
        case .islamicUmmAlQura: .islamicUmmAlQura
        }
    }
}
