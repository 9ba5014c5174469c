/// A condition over slots, as written in `when` and `if`: `exists eta and status == "shipped"`.
///
/// Grammar: `or` of `and` of `not`; a primary is `exists name`, a comparison
/// `operand (== | != | < | <= | > | >=) operand`, a bare slot name (true when set and not false or
/// empty), `true`, `false`, or a parenthesized condition. Operands are slot names, numbers, and
/// strings in double or single quotes.
package indirect enum Condition: Sendable, Hashable {
    /// The slot has a value.
    case exists(String)
    /// A comparison of two operands.
    case comparison(ConditionOperand, ConditionComparator, ConditionOperand)
    /// A slot's value is set, not `false` and not empty.
    case truthy(String)
    /// A constant.
    case constant(Bool)
    /// Negation.
    case not(Condition)
    /// Both hold.
    case and(Condition, Condition)
    /// Either holds.
    case or(Condition, Condition)

    /// Slots the condition reads, in order of appearance.
    package var slots: [String] {
        switch self {
        case .exists(let name), .truthy(let name): [name]
        case .comparison(let lhs, _, let rhs): [lhs, rhs].compactMap(\.slot)
        case .constant: []
        case .not(let inner): inner.slots
        case .and(let lhs, let rhs), .or(let lhs, let rhs): lhs.slots + rhs.slots
        }
    }

    /// Slots that certainly have a value whenever the condition holds (`exists a and b > 1` → a, b).
    package var guaranteedSlots: Set<String> {
        switch self {
        case .exists(let name), .truthy(let name): [name]
        case .comparison(let lhs, _, let rhs): Set([lhs, rhs].compactMap(\.slot))
        case .and(let lhs, let rhs): lhs.guaranteedSlots.union(rhs.guaranteedSlots)
        case .or(let lhs, let rhs): lhs.guaranteedSlots.intersection(rhs.guaranteedSlots)
        case .constant, .not: []
        }
    }
}

/// One side of a comparison.
package enum ConditionOperand: Sendable, Hashable {
    /// A slot's value.
    case slot(String)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// A boolean.
    case bool(Bool)

    package var slot: String? {
        if case .slot(let name) = self { return name }
        return nil
    }
}

/// A comparison operator.
package enum ConditionComparator: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A condition that does not parse: what is wrong and the scalar offset in the text.
package struct ConditionError: Error, Equatable {
    package var message: String
    package var offset: Int
}

/// Parses ``Condition``s.
package struct ConditionParser {
    private enum Token: Equatable {
        case word(String)
        case number(Double)
        case string(String)
        case symbol(String)
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    private let length: Int

    package static func parse(_ text: String) throws(ConditionError) -> Condition {
        var parser = try ConditionParser(text)
        guard !parser.tokens.isEmpty else { throw ConditionError(message: "the condition is empty", offset: 0) }
        let condition = try parser.parseOr(depth: 0)
        if parser.position < parser.tokens.count {
            throw ConditionError(message: "unexpected \(parser.describe(parser.position))", offset: parser.offset)
        }
        return condition
    }

    private init(_ text: String) throws(ConditionError) {
        let scalars = Array(text.unicodeScalars)
        length = scalars.count
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if scalar.isASCIILetter || scalar == "_" {
                while index < scalars.count,
                    scalars[index].isASCIILetter || scalars[index].isASCIIDigit || scalars[index] == "_"
                        || scalars[index] == "."
                {
                    index += 1
                }
                tokens.append((.word(String(String.UnicodeScalarView(scalars[start..<index]))), start))
            } else if scalar.isASCIIDigit
                || (scalar == "-" && index + 1 < scalars.count && scalars[index + 1].isASCIIDigit)
            {
                index += 1
                while index < scalars.count, scalars[index].isASCIIDigit || scalars[index] == "." { index += 1 }
                let text = String(String.UnicodeScalarView(scalars[start..<index]))
                guard let value = Double(text) else {
                    throw ConditionError(message: "\(text) is not a number", offset: start)
                }
                tokens.append((.number(value), start))
            } else if scalar == "\"" || scalar == "'" {
                index += 1
                while index < scalars.count, scalars[index] != scalar { index += 1 }
                guard index < scalars.count else {
                    throw ConditionError(message: "this string is never closed", offset: start)
                }
                tokens.append((.string(String(String.UnicodeScalarView(scalars[(start + 1)..<index]))), start))
                index += 1
            } else if "=!<>".unicodeScalars.contains(scalar) {
                index += 1
                if index < scalars.count, scalars[index] == "=" { index += 1 }
                let symbol = String(String.UnicodeScalarView(scalars[start..<index]))
                guard ConditionComparator(rawValue: symbol) != nil else {
                    throw ConditionError(
                        message: "unknown operator \(symbol); use ==, !=, <, <=, > or >=",
                        offset: start
                    )
                }
                tokens.append((.symbol(symbol), start))
            } else if scalar == "(" || scalar == ")" {
                index += 1
                tokens.append((.symbol(String(scalar)), start))
            } else {
                throw ConditionError(message: "unexpected '\(scalar)'", offset: start)
            }
        }
    }

    private var offset: Int { position < tokens.count ? tokens[position].offset : length }

    private func describe(_ index: Int) -> String {
        guard index < tokens.count else { return "end of condition" }
        switch tokens[index].token {
        case .word(let word): return "'\(word)'"
        case .number(let value): return "\(value)"
        case .string(let text): return "\"\(text)\""
        case .symbol(let symbol): return "'\(symbol)'"
        }
    }

    private mutating func accept(_ word: String) -> Bool {
        guard position < tokens.count, tokens[position].token == .word(word) else { return false }
        position += 1
        return true
    }

    private mutating func parseOr(depth: Int) throws(ConditionError) -> Condition {
        guard depth < 64 else { throw ConditionError(message: "the condition is nested too deep", offset: offset) }
        var result = try parseAnd(depth: depth)
        while accept("or") { result = .or(result, try parseAnd(depth: depth)) }
        return result
    }

    private mutating func parseAnd(depth: Int) throws(ConditionError) -> Condition {
        var result = try parseNot(depth: depth)
        while accept("and") { result = .and(result, try parseNot(depth: depth)) }
        return result
    }

    private mutating func parseNot(depth: Int) throws(ConditionError) -> Condition {
        if accept("not") { return .not(try parseNot(depth: depth + 1)) }
        return try parsePrimary(depth: depth)
    }

    private mutating func parsePrimary(depth: Int) throws(ConditionError) -> Condition {
        guard position < tokens.count else {
            throw ConditionError(message: "the condition ends too early", offset: length)
        }
        if tokens[position].token == .symbol("(") {
            position += 1
            let inner = try parseOr(depth: depth + 1)
            guard position < tokens.count, tokens[position].token == .symbol(")") else {
                throw ConditionError(message: "'(' is never closed", offset: offset)
            }
            position += 1
            return inner
        }
        if accept("exists") {
            guard position < tokens.count, case .word(let name) = tokens[position].token, !Self.keywords.contains(name)
            else {
                throw ConditionError(message: "exists needs a slot name", offset: offset)
            }
            position += 1
            return .exists(name)
        }
        let lhs = try parseOperand()
        if position < tokens.count, case .symbol(let symbol) = tokens[position].token,
            let comparator = ConditionComparator(rawValue: symbol)
        {
            position += 1
            return .comparison(lhs, comparator, try parseOperand())
        }
        switch lhs {
        case .slot(let name): return .truthy(name)
        case .bool(let value): return .constant(value)
        default: throw ConditionError(message: "a value alone is not a condition; compare it", offset: offset)
        }
    }

    private static let keywords: Set<String> = ["and", "or", "not", "exists", "true", "false"]

    private mutating func parseOperand() throws(ConditionError) -> ConditionOperand {
        guard position < tokens.count else {
            throw ConditionError(message: "the condition ends too early", offset: length)
        }
        let token = tokens[position].token
        switch token {
        case .word("true"):
            position += 1
            return .bool(true)
        case .word("false"):
            position += 1
            return .bool(false)
        case .word(let name) where !Self.keywords.contains(name):
            position += 1
            return .slot(name)
        case .number(let value):
            position += 1
            return .number(value)
        case .string(let text):
            position += 1
            return .string(text)
        default:
            throw ConditionError(
                message: "unexpected \(describe(position)); expected a slot or a value",
                offset: offset
            )
        }
    }
}
