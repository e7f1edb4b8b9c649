extension String {
    /// The Levenshtein distance to another string: the fewest single-character insertions, deletions and
    /// substitutions that turn one into the other.
    ///
    /// - Complexity: O(*m* × *n*) in the lengths of the two strings.
    func editDistance(to other: String) -> Int {
        let source = Array(self)
        let target = Array(other)
        guard !source.isEmpty else { return target.count }
        guard !target.isEmpty else { return source.count }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for (row, sourceCharacter) in source.enumerated() {
            current[0] = row + 1
            for (column, targetCharacter) in target.enumerated() {
                let substitution = previous[column] + (sourceCharacter == targetCharacter ? 0 : 1)
                current[column + 1] = Swift.min(substitution, previous[column + 1] + 1, current[column] + 1)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }

    /// The closest candidate within the distance, or `nil` when none is close; ties go to the earlier one.
    ///
    /// - Parameters:
    ///   - candidates: The names the user may have meant.
    ///   - maximumDistance: The largest edit distance still worth suggesting for a candidate.
    ///
    /// - Complexity: O(*k* × *m* × *n*) for *k* candidates.
    func closest(among candidates: [String], maximumDistance: (String) -> Int) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(to: candidate)
            guard distance <= maximumDistance(candidate) else { continue }
            if best == nil || distance < best?.distance ?? Int.max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }
}
