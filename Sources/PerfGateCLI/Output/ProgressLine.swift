import PerfSupport

/// A single status line on standard error that rewrites itself in place, and writes nothing at all when
/// standard error is not a terminal or the process runs under CI.
///
/// ```swift
/// var progress = ProgressLine(terminal: parsed.terminal, sink: parsed.standardError)
/// for round in 1...rounds {
///     progress.update(label: "round", completed: round - 1, total: rounds, elapsed: clock.now - start)
///     …
/// }
/// progress.finish()
/// ```
///
/// Not safe to share between threads; keep it with the one loop that reports.
struct ProgressLine: Sendable {
    /// Whether anything is written at all.
    let isEnabled: Bool
    private let sink: TextSink
    private let columns: Int
    private var shownWidth = 0

    /// Creates a progress line that is live when standard error supports live updates.
    ///
    /// - Parameters:
    ///   - terminal: The description of the output streams.
    ///   - sink: Where the line is written, normally standard error.
    init(terminal: Terminal, sink: TextSink = .standardError) {
        self.init(isEnabled: terminal.supportsLiveUpdates(on: .standardError), columns: terminal.columns, sink: sink)
    }

    /// Creates a progress line that is on or off.
    ///
    /// - Parameters:
    ///   - isEnabled: Whether anything is written.
    ///   - columns: The screen width; longer lines are cut to fit, because a wrapped line cannot be rewritten.
    ///   - sink: Where the line is written.
    init(isEnabled: Bool, columns: Int = Terminal.defaultColumns, sink: TextSink) {
        self.isEnabled = isEnabled
        self.columns = max(columns, 2)
        self.sink = sink
    }

    /// Replaces the line with new text.
    mutating func update(_ text: String) {
        guard isEnabled else { return }
        var line = text.filter { $0 != "\n" && $0 != "\r" }
        if line.visibleWidth > columns - 1 {
            line = String(line.prefix(columns - 2)) + "…"
        }
        let width = line.visibleWidth
        let padding = String(repeating: " ", count: max(0, shownWidth - width))
        sink.write("\r" + line + padding)
        shownWidth = width
    }

    /// Replaces the line with a label, a count, a percentage and the estimated time left.
    ///
    /// - Parameters:
    ///   - label: What is being counted, for example `round`.
    ///   - completed: How many are done.
    ///   - total: How many there are.
    ///   - elapsed: The time spent so far.
    mutating func update(label: String, completed: Int, total: Int, elapsed: Duration) {
        guard isEnabled else { return }
        update(Self.describe(label: label, completed: completed, total: total, elapsed: elapsed))
    }

    /// Clears the line so that what follows starts at the left margin.
    mutating func finish() {
        guard isEnabled, shownWidth > 0 else { return }
        sink.write("\r" + String(repeating: " ", count: shownWidth) + "\r")
        shownWidth = 0
    }

    /// The text ``update(label:completed:total:elapsed:)`` shows, such as `round 3/10  30%  ETA 1m 05s`.
    ///
    /// - Parameters:
    ///   - label: What is being counted.
    ///   - completed: How many are done.
    ///   - total: How many there are.
    ///   - elapsed: The time spent so far.
    static func describe(label: String, completed: Int, total: Int, elapsed: Duration) -> String {
        let total = max(total, 0)
        let completed = min(max(completed, 0), total)
        let percent = total == 0 ? 100 : completed * 100 / total
        let prefix = label.isEmpty ? "" : label + " "
        let eta = estimatedRemaining(completed: completed, total: total, elapsed: elapsed)
        return "\(prefix)\(completed)/\(total)  \(percent)%  ETA \(eta)"
    }

    /// The time left if the remaining items take as long on average as the completed ones, or `--` before
    /// the first one completes.
    static func estimatedRemaining(completed: Int, total: Int, elapsed: Duration) -> String {
        guard completed > 0 else { return "--" }
        let remaining = elapsed / completed * (total - completed)
        return formatETA(remaining)
    }

    /// Formats a remaining time compactly: `42s`, `3m 05s`, `1h 02m`.
    ///
    /// Rounds to the nearest second; negative times show as `0s`.
    static func formatETA(_ remaining: Duration) -> String {
        let (seconds, attoseconds) = remaining.components
        var total = seconds + (attoseconds >= 500_000_000_000_000_000 ? 1 : 0)
        total = max(total, 0)
        let hours = total / 3600
        let minutes = total % 3600 / 60
        let secondsPart = total % 60
        if hours > 0 { return "\(hours)h \(twoDigits(minutes))m" }
        if minutes > 0 { return "\(minutes)m \(twoDigits(secondsPart))s" }
        return "\(secondsPart)s"
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
