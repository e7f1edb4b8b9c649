/// The formats a command can print its report in, chosen with `--format`.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned, human-readable text; the default on a terminal.
    case text
    /// Pretty-printed JSON with sorted keys.
    case json
    /// A Markdown table, for pull-request comments.
    case markdown
    /// JUnit XML, for CI systems that display test results.
    case junit
    /// A self-contained HTML page.
    case html
}
