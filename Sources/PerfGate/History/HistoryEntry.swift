/// What a history record says about its run, apart from the measurements: one per record read.
package struct HistoryEntry: Sendable, Hashable {
    /// The record's line in its file, from 1.
    package var line: Int
    /// The identity of the run.
    package var run: String
    /// The measured commit, or "unknown".
    package var commit: String
    /// Whether the working tree had uncommitted changes, where recorded.
    package var isDirty: Bool?
    /// When the run started, ISO 8601.
    package var time: String
    /// Which machine measured it.
    package var environment: HistoryEnvironment

    /// Creates an entry.
    package init(
        line: Int,
        run: String,
        commit: String,
        isDirty: Bool?,
        time: String,
        environment: HistoryEnvironment
    ) {
        self.line = line
        self.run = run
        self.commit = commit
        self.isDirty = isDirty
        self.time = time
        self.environment = environment
    }

    /// The commit shortened to 12 characters, with `+dirty` when the tree had changes.
    package var commitLabel: String {
        String(commit.prefix(12)) + (isDirty == true ? "+dirty" : "")
    }
}
