/// Why one line of a history store cannot be read as a record, as a phrase for its warning.
///
/// A line with a problem is skipped, never fatal: the warning names the file and the line, and the
/// other lines are still read.
package struct HistoryLineProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault, as a path such as `scenarios.balanced/steady.metrics.throughput_rps.median`,
    /// or nil when the problem is the whole line.
    package var field: String?
    /// What is wrong: "is missing or not a number", or a whole phrase when there is no field.
    package var problem: String

    /// A problem of the whole line, as a phrase: "it is not a JSON object".
    package init(_ reason: String) {
        field = nil
        problem = reason
    }

    /// A field that is missing or of the wrong kind.
    package init(field: String, expected: String) {
        self.field = field
        problem = "is missing or not \(expected)"
    }

    /// The same problem inside a containing field: `scenarios.<name>` before `metrics.<id>.median`.
    func inside(_ path: String) -> HistoryLineProblem {
        var copy = self
        copy.field = field.map { path + "." + $0 } ?? path
        return copy
    }

    /// The phrase for the warning: "its field 'commit' is missing or not a string".
    package var reason: String {
        field.map { "its field '\($0)' \(problem)" } ?? problem
    }

    package var description: String { reason }
}
