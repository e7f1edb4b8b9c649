/// Suggestions for mistyped names, by Levenshtein distance.
enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions from `a` to `b`.
    ///
    /// - Complexity: O(`a.count` × `b.count`).
    static func between(_ a: String, _ b: String) -> Int {
        let source = Array(a)
        let target = Array(b)
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previous = Array(0...target.count)
        var current = Array(repeating: 0, count: target.count + 1)
        for (i, sourceCharacter) in source.enumerated() {
            current[0] = i + 1
            for (j, targetCharacter) in target.enumerated() {
                let substitution = previous[j] + (sourceCharacter == targetCharacter ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }

    /// The candidate closest to `name`, if it is close enough to be a likely typo: within a third
    /// of the name's length, and at least 2 edits allowed.
    ///
    /// - Complexity: O(candidates × name lengths²).
    static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        let scored = candidates.map { (candidate: $0, distance: between(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        return best.distance <= max(2, lowered.count / 3) ? best.candidate : nil
    }
}
