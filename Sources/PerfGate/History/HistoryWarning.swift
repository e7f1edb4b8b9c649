/// A line of a history store that was skipped, with where it is and why.
///
/// Reading never fails on a bad line: a torn last line (an interrupted append), a line that is
/// not JSON, a record of another schema version, or a second record of the same run is skipped,
/// and the warning names the file and the line.
package struct HistoryWarning: Sendable, Hashable, CustomStringConvertible {
    /// The history file.
    package var path: String
    /// The line's number, from 1.
    package var line: Int
    /// Why it was skipped, as a phrase: "it is not JSON (…)".
    package var reason: String

    /// Creates a warning.
    package init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `warning: FILE:LINE: skipped: REASON.`
    package var description: String { "warning: \(path):\(line): skipped: \(reason)." }
}
