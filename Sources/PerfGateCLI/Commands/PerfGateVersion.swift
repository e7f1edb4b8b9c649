/// The version of the `perfgate` tool, printed by `perfgate --version`.
public enum PerfGateVersion {
    /// The current version, following semantic versioning.
    public static let current = "0.1.0"
}
