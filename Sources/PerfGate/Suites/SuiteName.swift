/// The rule for a suite's name. A suite's name names its files (`Benchmarks/<name>.json`,
/// `baselines/<name>.json`, `.perfgate/<name>.json`), so it must be a plain file name and never a
/// path: a result whose suite is `../Benchmarks/quick` must not overwrite a committed file.
public enum SuiteName {
    /// The longest name accepted, in UTF-8 bytes.
    public static let maximumLength = 100

    /// Why `name` cannot be a suite's name, as a phrase ("it contains '/'"), or nil when it can.
    ///
    /// Refused: the empty name, names longer than ``maximumLength`` bytes, `/` and `\`, `..`, a
    /// leading `.` (hidden and temporary files) or `-` (read as an option), and control characters
    /// (NUL included).
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > maximumLength { return "it is longer than \(maximumLength) bytes" }
        if name.contains("/") || name.contains("\\") { return "it contains a '/' or '\\'" }
        if name.contains("..") { return "it contains '..'" }
        if name.hasPrefix(".") { return "it starts with '.'" }
        if name.hasPrefix("-") { return "it starts with '-'" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it contains a control character"
        }
        return nil
    }
}
