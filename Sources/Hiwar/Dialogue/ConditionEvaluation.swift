internal import HiwarSyntax

extension Condition {
    /// Whether the condition holds over a conversation's slots.
    ///
    /// A slot that is not set makes `exists` false and every comparison that uses it false (so
    /// `not (eta < "2026-01-01")` holds when `eta` is unset). Numbers compare as numbers when both
    /// sides are numeric; otherwise values compare as text, which orders ISO dates, date-times
    /// of one offset and months correctly. A bare slot is true when it is set and not `false`,
    /// `0` or empty.
    func holds(in slots: [String: String]) -> Bool {
        switch self {
        case .exists(let name): return slots[name] != nil
        case .truthy(let name):
            guard let value = slots[name] else { return false }
            return !(value.isEmpty || value == "false" || value == "0")
        case .constant(let value): return value
        case .not(let inner): return !inner.holds(in: slots)
        case .and(let lhs, let rhs): return lhs.holds(in: slots) && rhs.holds(in: slots)
        case .or(let lhs, let rhs): return lhs.holds(in: slots) || rhs.holds(in: slots)
        case .comparison(let lhs, let comparator, let rhs):
            guard let left = lhs.value(in: slots), let right = rhs.value(in: slots) else { return false }
            return comparator.compare(left, right)
        }
    }
}

extension ConditionOperand {
    fileprivate enum Value {
        case number(Double)
        case text(String)
    }

    fileprivate func value(in slots: [String: String]) -> Value? {
        switch self {
        case .slot(let name):
            guard let text = slots[name] else { return nil }
            return Double(text).map(Value.number) ?? .text(text)
        case .number(let number): return .number(number)
        case .string(let text): return Double(text).map(Value.number) ?? .text(text)
        case .bool(let flag): return .text(flag ? "true" : "false")
        }
    }
}

extension ConditionComparator {
    fileprivate func compare(_ lhs: ConditionOperand.Value, _ rhs: ConditionOperand.Value) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return compare(a, b)
        case (.text(let a), .text(let b)): return compare(a, b)
        case (.number(let a), .text(let b)): return compare(String(a), b)
        case (.text(let a), .number(let b)): return compare(a, String(b))
        }
    }

    private func compare<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }
}
