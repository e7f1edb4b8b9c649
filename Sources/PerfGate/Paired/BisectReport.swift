import Foundation

/// What `perfgate bisect` found: the first commit that moved the metric (or that nothing moved),
/// the change at that step with its interval, every step taken, and what the search cost.
///
/// It renders as text, markdown or JSON (``rendered(as:)``); the JSON is this type, encoded with
/// sorted keys.
package struct BisectReport: Sendable, Equatable, Codable {
    /// The suite's name.
    package var suite: String
    /// The scenario searched.
    package var scenario: String
    /// The metric searched.
    package var metric: String
    /// The good commit: the base arm of every step.
    package var good: BisectCommit
    /// The bad commit.
    package var bad: BisectCommit
    /// The commits in the range (good excluded, bad included).
    package var commitCount: Int
    /// The first commit that moved, nil when nothing did.
    package var firstBad: BisectCommit?
    /// Its position in the range (1-based), nil when nothing moved.
    package var firstBadPosition: Int?
    /// Every step, in the order taken; the first compares the bad commit.
    package var steps: [BisectStep]
    /// Release builds made by this run.
    package var builds: Int
    /// Arms whose build came from the cache.
    package var cachedBuilds: Int
    /// Measured pairs of rounds over all steps, extra pairs included, warm-up pairs not.
    package var pairs: Int
    /// Warm-up pairs over all steps (shorter, discarded).
    package var warmupPairs: Int
    /// The wall time of the whole search, builds included, in seconds.
    package var seconds: Double

    /// Creates a report; ``firstBad`` and ``firstBadPosition`` start nil.
    package init(
        suite: String,
        scenario: String,
        metric: String,
        good: BisectCommit,
        bad: BisectCommit,
        commitCount: Int,
        steps: [BisectStep],
        builds: Int,
        cachedBuilds: Int,
        pairs: Int,
        warmupPairs: Int,
        seconds: Double
    ) {
        self.suite = suite
        self.scenario = scenario
        self.metric = metric
        self.good = good
        self.bad = bad
        self.commitCount = commitCount
        self.steps = steps
        self.builds = builds
        self.cachedBuilds = cachedBuilds
        self.pairs = pairs
        self.warmupPairs = warmupPairs
        self.seconds = seconds
    }

    /// The step that compared the first bad commit, nil when nothing moved.
    package var firstBadStep: BisectStep? {
        guard let firstBadPosition else { return nil }
        return steps.last { $0.position == firstBadPosition }
    }

    /// The report in a format: text, markdown or json.
    ///
    /// - Throws: `resultEncode` when the JSON cannot be encoded (a bug).
    package func rendered(as format: ReportFormat) throws(PerfGateError) -> String {
        switch format {
        case .json: return try json()
        case .markdown: return markdown()
        default: return text()
        }
    }

    /// The headline: the first bad commit with the change at its step, or why nothing was found.
    package var headline: [String] {
        guard let firstBad, let step = firstBadStep, let firstBadPosition else {
            let why = steps.first.map { Self.change($0) + ", " + $0.reason } ?? "no step was taken"
            return [
                "Nothing to bisect: \(metric) of \(scenario) did not move from \(good.shortID) to \(bad.shortID) "
                    + "(\(why))."
            ]
        }
        return [
            "First bad commit: \(firstBad.shortID) \(firstBad.subject)",
            "  \(firstBad.id), commit \(firstBadPosition) of \(commitCount) after \(good.shortID)",
            "  \(scenario) \(metric): \(Self.change(step)) \(step.measurement.verdict.rawValue.uppercased()) "
                + "against \(good.shortID) (\(step.measurement.pairs) pairs)",
        ]
    }

    /// The cost line: builds, pairs and wall time.
    package var costLine: String {
        "Builds: \(builds) made, \(cachedBuilds) from the cache; pairs of rounds: \(pairs) measured + "
            + "\(warmupPairs) warm-up, in \(steps.count) steps; wall time \(Int(seconds.rounded())) s."
    }

    private func text() -> String {
        var table = TextTable(columns: [
            .init("step", alignment: .right), .init("commit"), .init("position", alignment: .right),
            .init("change", alignment: .right), .init("interval"), .init("verdict"),
            .init("pairs", alignment: .right), .init("moved"), .init("subject"),
        ])
        for (index, step) in steps.enumerated() {
            let shown = DisplayedChange(step.measurement.comparison)
            table.append([
                "\(index + 1)", step.commit.shortID, "\(step.position)/\(commitCount)",
                shown?.estimateText ?? ReportValueFormatter.missing, shown?.intervalText ?? "",
                step.measurement.verdict.rawValue, "\(step.measurement.pairs)", step.hasMoved ? "yes" : "no",
                Self.clipped(step.commit.subject),
            ])
        }
        var lines = headline + [""]
        lines.append("Steps, each commit against \(good.shortID) (\(Self.clipped(good.subject))):")
        lines += table.lines()
        lines += decisionNotes().map { "  " + $0 }
        lines.append(costLine)
        return lines.joined(separator: "\n")
    }

    private func markdown() -> String {
        var lines = ["## perfgate bisect: \(scenario) `\(metric)`", ""]
        lines += headline.map { $0.trimmingCharacters(in: .whitespaces) }.map { "- " + $0.markdownEscaped }
        lines += ["", "| step | commit | position | change | interval | verdict | pairs | moved | subject |"]
        lines.append("|---:|---|---:|---:|---|---|---:|---|---|")
        for (index, step) in steps.enumerated() {
            let shown = DisplayedChange(step.measurement.comparison)
            let cells = [
                "\(index + 1)", "`\(step.commit.shortID)`", "\(step.position)/\(commitCount)",
                shown?.estimateText ?? ReportValueFormatter.missing, shown?.intervalText ?? "",
                step.measurement.verdict.rawValue, "\(step.measurement.pairs)", step.hasMoved ? "yes" : "no",
                step.commit.subject.markdownEscaped,
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines += decisionNotes().map { "- " + $0.markdownEscaped }
        lines.append(costLine)
        return lines.joined(separator: "\n")
    }

    private func json() throws(PerfGateError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity",
            negativeInfinity: "-Infinity",
            nan: "NaN"
        )
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw PerfGateError(
                code: .resultEncode,
                message: "Cannot encode the bisect report as JSON.",
                cause: "\(error)"
            )
        }
    }

    /// One sentence per step decided by its estimate rather than its verdict.
    private func decisionNotes() -> [String] {
        steps.enumerated().compactMap { index, step in
            step.measurement.verdict == .inconclusive
                ? "step \(index + 1) (\(step.commit.shortID)): \(step.reason)" : nil
        }
    }

    /// A step's change and interval as people read them.
    static func change(_ step: BisectStep) -> String {
        DisplayedChange(step.measurement.comparison)?.text ?? ReportValueFormatter.missing
    }

    private static func clipped(_ subject: String) -> String {
        subject.count > 60 ? String(subject.prefix(59)) + "…" : subject
    }
}
