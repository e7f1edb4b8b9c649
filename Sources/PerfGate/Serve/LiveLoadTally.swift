import Workloads

/// The load driven by a ``LiveService``, added up over its rounds.
package struct LiveLoadTally: Sendable, Hashable {
    /// Rounds started (the last one usually cut short by the stop).
    package var rounds = 0
    /// Requests the schedules offered (a round cut short offers only what it sent).
    package var offered = 0
    /// Requests sent.
    package var sent = 0
    /// Requests completed.
    package var completed = 0
    /// Requests that succeeded.
    package var succeeded = 0
    /// Failed requests by kind.
    package var failuresByKind: [String: Int] = [:]
    /// Rounds whose driver could not hold the schedule (not counting a round cut short by the stop).
    package var invalidRounds = 0

    /// Creates an empty tally.
    package init() {}

    /// Adds one round's report.
    ///
    /// - Parameters:
    ///   - report: The round's driver report.
    ///   - wasCutShort: Whether the stop ended the round early (its unsent requests are not offered).
    mutating func add(_ report: DriverReport, wasCutShort: Bool) {
        offered += wasCutShort ? report.sent : report.offered
        sent += report.sent
        completed += report.completed
        succeeded += report.succeeded
        for (kind, count) in report.failuresByKind { failuresByKind[kind, default: 0] += count }
        if !report.isValid && !wasCutShort { invalidRounds += 1 }
    }
}
