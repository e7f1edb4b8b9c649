extension PerfGateError.Code {
    // MARK: History store

    /// A history store file cannot be read, or the store holds no file for the suite asked for.
    package static let historyUnreadable = PerfGateError.Code(rawValue: "historyUnreadable")
    /// A record cannot be appended to a history store file: its folder cannot be created, or the
    /// file cannot be opened, locked, written or synced.
    package static let historyUnwritable = PerfGateError.Code(rawValue: "historyUnwritable")
    /// A result cannot become a history record: its suite name cannot name a store file, or it has
    /// no metric with a value.
    package static let historyRecord = PerfGateError.Code(rawValue: "historyRecord")
}
