/// The Luhn checksum that every payment card number passes.
package enum Luhn {
    package static func isValid(_ digits: [Int]) -> Bool {
        guard digits.count >= 13 else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
