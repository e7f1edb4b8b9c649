/// The Levenshtein distance between names, the measure behind every "Did you mean …?".
///
/// ``Suggestion`` decides with it which known name a mistyped one was meant to be; it is exposed on
/// its own for tests and for rules that need the number itself.
package enum EditDistance {
    /// The fewest single-character insertions, deletions and substitutions that turn one string
    /// into the other.
    ///
    /// Characters are compared exactly (grapheme by grapheme, case included); the measure is
    /// symmetric, and zero only for equal strings.
    ///
    /// - Parameters:
    ///   - first: One string.
    ///   - second: The other.
    /// - Returns: The distance, from 0 to the length of the longer string.
    /// - Complexity: O(*m* × *n*) time and O(*n*) memory for strings of *m* and *n* characters.
    package static func between(_ first: String, _ second: String) -> Int {
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
}
