/// Edit distances between names, for "did you mean" suggestions.
enum EditDistance {
    /// The Levenshtein distance between two strings: the fewest single-character insertions, deletions and
    /// substitutions that turn one into the other, comparing characters exactly.
    ///
    /// - Complexity: O(*m* × *n*) time and O(*n*) memory for strings of *m* and *n* characters.
    static func between(_ first: String, _ second: String) -> Int {
        let source = Array(first)
        let target = Array(second)
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for (row, sourceCharacter) in source.enumerated() {
            current[0] = row + 1
            for (column, targetCharacter) in target.enumerated() {
                let substitution = previous[column] + (sourceCharacter == targetCharacter ? 0 : 1)
                current[column + 1] = min(previous[column + 1] + 1, current[column] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }

    /// The candidate closest to a misspelled name, or `nil` when none is close enough to be what was meant.
    ///
    /// Names are compared without regard to case. A candidate is close enough when its distance is at most a
    /// third of its length, and at least 1 and at most 3; ties go to the earlier candidate.
    ///
    /// - Complexity: O(*k* × *m* × *n*) for *k* candidates of up to *n* characters and a name of *m*.
    static func closestMatch(to name: String, among candidates: [String]) -> String? {
        let lowercasedName = name.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = between(lowercasedName, candidate.lowercased())
            let limit = min(3, max(1, candidate.count / 3))
            guard distance <= limit else { continue }
            if best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }
}
