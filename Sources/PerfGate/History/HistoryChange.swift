/// A change point found in a history series, placed on the record where it starts.
package struct HistoryChange: Sendable, Hashable {
    /// What the detector found; its ``ChangePoint/index`` counts the series' valid points.
    package var changePoint: ChangePoint
    /// The record where the new level starts: the first run of the changed commit range.
    package var entry: HistoryEntry
    /// The record just before it: the last run at the old level.
    package var previousEntry: HistoryEntry
    /// Whether the metric moved the way it is worse: up for a `lower`-is-better metric, down for a
    /// `higher`-is-better one, as the comparator judges a change.
    package var isRegression: Bool
    /// Whether the change starts among the newest records (``HistoryChangeAnalysis/newestWindow``).
    package var isNew: Bool

    /// Creates a change.
    package init(
        changePoint: ChangePoint,
        entry: HistoryEntry,
        previousEntry: HistoryEntry,
        isRegression: Bool,
        isNew: Bool
    ) {
        self.changePoint = changePoint
        self.entry = entry
        self.previousEntry = previousEntry
        self.isRegression = isRegression
        self.isNew = isNew
    }

    /// Whether a different machine measured the two sides of the change, which then may be the
    /// machine's rather than the code's.
    package var crossesMachines: Bool {
        !entry.environment.isSameMachine(as: previousEntry.environment)
    }

    /// The commits that may hold the cause: after the previous record's, up to this one's, as
    /// `git log A..B` names them.
    package var commitRange: String {
        "\(previousEntry.commit.prefix(12))..\(entry.commit.prefix(12))"
    }
}
