internal import HiwarSyntax

/// Raw regexes of one mould, grouped so that one PCRE2 search answers for all of them on a message
/// where their differences cannot match (``RegexShape``).
///
/// Regexes with the same frame form a family. A part whose text is the same in every member stays
/// in the frame; a part that differs is *variable*, and a member shares the family's search only
/// when none of its variable parts can occur in the message — the prefilter decides that, each
/// distinct part being one more entry it looks for. Members sharing a search are then the same
/// regex for that message, so the first search's outcome is every other's.
struct RegexFamilies: Sendable {
    /// Each pattern's family, or -1.
    let familyOf: [Int32]
    /// The number of families.
    let count: Int
    /// Where each pattern's variable parts start in ``variableParts``; one more entry than patterns.
    let partStarts: [Int32]
    /// The variable parts of every pattern, as indices into ``partLiterals``.
    let variableParts: [Int32]
    /// What each distinct variable part requires, for the prefilter (indexed after the patterns and
    /// the exclusions).
    let partLiterals: [[[RequiredWord]]]

    /// No families: every pattern runs on its own.
    static let none = RegexFamilies(familyOf: [], count: 0, partStarts: [0], variableParts: [], partLiterals: [])

    /// The families among `patternCount` patterns, of which the raw regexes have `shapes` (by
    /// pattern index): frames shared by two patterns or more.
    init(patternCount: Int, shapes: [Int: RegexShape]) {
        var members: [RegexShape.Frame: [Int]] = [:]
        for (index, shape) in shapes where index < patternCount {
            members[shape.frame, default: []].append(index)
        }
        var familyOf = [Int32](repeating: -1, count: patternCount)
        var partsOf = [[Int32]](repeating: [], count: patternCount)
        var partIDs: [[[RequiredWord]]: Int32] = [:]
        var partLiterals: [[[RequiredWord]]] = []
        var count = 0
        // Families in the order of their first member, so that the numbering does not depend on hashing.
        for list in members.values.filter({ $0.count > 1 }).map({ $0.sorted() }).sorted(by: { $0[0] < $1[0] }) {
            let shapes = list.compactMap { shapes[$0] }
            let variable = shapes[0].parts.indices.filter { part in
                shapes.contains { $0.parts[part].text != shapes[0].parts[part].text }
            }
            for (member, shape) in zip(list, shapes) {
                familyOf[member] = Int32(count)
                partsOf[member] = variable.map { part in
                    let required = shape.parts[part].required
                    if let id = partIDs[required] { return id }
                    partIDs[required] = Int32(partLiterals.count)
                    partLiterals.append(required)
                    return Int32(partLiterals.count - 1)
                }
            }
            count += 1
        }
        var partStarts: [Int32] = [0]
        var variableParts: [Int32] = []
        for parts in partsOf {
            variableParts.append(contentsOf: parts)
            partStarts.append(Int32(variableParts.count))
        }
        self.init(
            familyOf: familyOf,
            count: count,
            partStarts: partStarts,
            variableParts: variableParts,
            partLiterals: partLiterals
        )
    }

    private init(
        familyOf: [Int32],
        count: Int,
        partStarts: [Int32],
        variableParts: [Int32],
        partLiterals: [[[RequiredWord]]]
    ) {
        self.familyOf = familyOf
        self.count = count
        self.partStarts = partStarts
        self.variableParts = variableParts
        self.partLiterals = partLiterals
    }

    /// The family whose shared search `pattern` may use for this message: its family when none of
    /// its variable parts is in the message (`present[part] == generation` marks one that may be).
    @inline(__always)
    func sharedFamily(of pattern: Int, present: [UInt32], generation: UInt32) -> Int? {
        guard pattern < familyOf.count else { return nil }
        let family = familyOf[pattern]
        guard family >= 0 else { return nil }
        for index in Int(partStarts[pattern])..<Int(partStarts[pattern + 1])
        where present[Int(variableParts[index])] == generation {
            return nil
        }
        return Int(family)
    }
}
