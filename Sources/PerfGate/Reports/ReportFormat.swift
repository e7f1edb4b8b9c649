/// The formats a report can be rendered in, chosen on the command line with `--format`.
///
/// The raw values are the option's values, and the CLI parses `--format` straight into this type.
/// Every format renders a comparison (``Reporter``); `drive` and `serve` print ``text`` or ``json``
/// only.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    /// An aligned table for a terminal or a CI log, in ANSI colour when asked.
    case text
    /// The ``ComparisonReport`` as pretty-printed JSON with sorted keys, plus the verdict and the
    /// exit code at the top level.
    case json
    /// GitHub-flavoured Markdown for a pull-request comment or a job summary.
    case markdown
    /// JUnit XML: one test suite per scenario, one test case per gated metric and per target.
    case junit
    /// One self-contained HTML page with inline SVG charts.
    case html
}
