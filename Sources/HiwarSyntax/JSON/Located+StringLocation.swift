extension Located where Value == String {
    /// The location of a scalar inside this string value as written in its file.
    package func stringLocation(ofScalar offset: Int) -> SourceLocation {
        JSONNode(value: .string(value), range: range).location(ofScalar: offset)
    }
}
