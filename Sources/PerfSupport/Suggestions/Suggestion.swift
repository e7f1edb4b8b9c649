/// The one rule for "Did you mean …?": which known name a mistyped one was most likely meant to be.
///
/// Every message that offers a suggestion uses it: the CLI's unknown options and subcommands,
/// suite names and suite fields, preset names, config keys and values, and workload names.
///
/// The rule follows swift-argument-parser, which suggests a name fewer than four edits away (an
/// empirically derived floor), and adds two things its users would otherwise trip on:
/// - Case is ignored, so `Development` finds `development` and `BATCHSIZE` finds `batchSize`.
/// - The allowance shrinks for short names, to at most half the candidate's length rounded up:
///   a three-letter command needs two letters right, so `rnu` finds `run` but `zzz` does not.
///
/// So a candidate of *n* characters is close enough when its case-insensitive
/// ``EditDistance`` from the name is at most min(3, ⌈*n* / 2⌉). The nearest close candidate
/// wins; ties go to the earlier one, so callers list their names in the order they prefer.
package enum Suggestion {
    /// The most edits a suggestion may be away from the name: swift-argument-parser's floor.
    package static let maximumDistance = 3

    /// The known name closest to a mistyped one, or `nil` when none is close enough to be what was
    /// meant.
    ///
    /// A name equal to a candidate but for case is suggested (at distance 0), so the caller
    /// decides first whether an exact match is accepted.
    ///
    /// - Parameters:
    ///   - name: What the user wrote.
    ///   - candidates: The names allowed there, in order of preference for ties.
    /// - Returns: The candidate to suggest, spelled as in `candidates`.
    /// - Complexity: O(*k* × *m* × *n*) for *k* candidates of up to *n* characters and a name of
    ///   *m*.
    package static func closest(to name: String, among candidates: [String]) -> String? {
        let lowercasedName = name.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = EditDistance.between(lowercasedName, candidate.lowercased())
            guard distance <= allowance(for: candidate) else { continue }
            if best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The most edits a name may be away from `candidate` and still be suggested:
    /// min(3, ⌈`candidate.count` / 2⌉).
    ///
    /// - Parameter candidate: A known name.
    /// - Complexity: O(*n*) in the characters of `candidate`.
    package static func allowance(for candidate: String) -> Int {
        min(maximumDistance, (candidate.count + 1) / 2)
    }
}
