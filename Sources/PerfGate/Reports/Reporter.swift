/// Renders a comparison in any ``ReportFormat``: the one entry point the CLI needs.
///
/// Every format is a pure function of the comparison and the two runs; nothing is read or
/// written. The runs supply what the comparison does not hold: the header's commits and
/// hosts, and the HTML charts' histograms and histories.
///
/// ```swift
/// let report = Comparator().compare(current, against: baseline)
/// print(Reporter(format: .text, colors: true).render(report, current: current, baseline: baseline), terminator: "")
/// ```
public struct Reporter: Sendable {
    /// The format to render.
    public var format: ReportFormat
    /// Whether the text format uses ANSI colours; the other formats ignore it.
    public var colors: Bool

    /// Creates a reporter.
    ///
    /// - Parameters:
    ///   - format: The format to render.
    ///   - colors: Whether the text format uses ANSI colours (only for a terminal that supports them).
    public init(format: ReportFormat, colors: Bool = false) {
        self.format = format
        self.colors = colors
    }

    /// Renders a comparison.
    ///
    /// - Parameters:
    ///   - report: The comparison.
    ///   - current: The run it judged.
    ///   - baseline: The run it was compared against, if any.
    /// - Returns: The whole document, ending with a newline.
    public func render(_ report: ComparisonReport, current: RunResult, baseline: RunResult?) -> String {
        switch format {
        case .text: TextReport(colors: colors).render(report, current: current, baseline: baseline)
        case .json: JSONReport().render(report, current: current, baseline: baseline)
        case .markdown: MarkdownReport().render(report, current: current, baseline: baseline)
        case .junit: JUnitReport().render(report, current: current, baseline: baseline)
        case .html: HTMLReport().render(report, current: current, baseline: baseline)
        }
    }
}

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
