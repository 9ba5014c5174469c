/// The type of a slot or an event field.
package enum ValueType: String, Sendable, Hashable, CaseIterable {
    /// Text.
    case string
    /// A number.
    case number
    /// `true` or `false`.
    case boolean
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// A date and time, ISO 8601 with offset.
    case datetime
    /// An ISO 8601 duration (`P3D`).
    case duration
    /// One of a fixed set of values (a list entity's canonical values).
    case `enum`
    /// Several values.
    case list
    /// A URL.
    case url
    /// A year and month, `YYYY-MM` (card expiry).
    case month
}
