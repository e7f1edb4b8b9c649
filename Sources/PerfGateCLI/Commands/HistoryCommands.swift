import Foundation
import PerfGate
import PerfSupport

extension CommandTable {
    static let history = Command(
        "history",
        abstract: "Keep a history of runs and find where performance changed over time.",
        discussion: "A store holds one file per suite, <store>/<suite>.jsonl, one record a line: the run's commit, "
            + "time and machine, and per scenario and metric the median of the rounds with its interval and round "
            + "count. Lines are only ever appended; a torn or unreadable line is skipped with a warning that names "
            + "the file and the line. Keep the store on a branch of its own in CI and point --store at its checkout.",
        subcommands: [historyAppend, historyShow, historyChanges]
    )

    static let historyAppend = Command(
        "append",
        abstract: "Add a run's result to its suite's history file.",
        discussion: "Writes one line to <store>/<suite>.jsonl with a single append and an fsync, creating the folder "
            + "and the file when needed; the store is not read, so an append costs the same at any size. The "
            + "interval of each median is the distribution-free order-statistic interval at 95% (the whole range, "
            + "with the coverage it has, for fewer than 6 rounds). Appending the same result again (a retried job) "
            + "is noticed among the newest records and writes nothing (exit 0); a repeat further back is skipped "
            + "when the store is read. Exit codes: 0 appended or already there, 65 the result file is missing or "
            + "malformed, 1 the store cannot be written.",
        arguments: [
            .positional("result", help: "The result file of 'perfgate run' (or --output of check/ab)."),
            historyStore,
        ],
        run: HistoryCommands.append
    )

    static let historyShow = Command(
        "show",
        abstract: "Print the series of a history store: commit, time, median and interval of each run.",
        discussion: "Prints every metric of every scenario of every suite in the store, or those --suite, "
            + "--scenario and --metric choose. The store is read line by line, keeping only the series asked for. "
            + "Exit codes: 0 printed, 64 a --suite, --scenario or --metric that no record has (with a suggestion), "
            + "65 no history file in the store.",
        arguments: [
            historySuite, historyScenario, historyMetric, historyStore,
            .option(
                "--format",
                value: "format",
                type: .choice(["text", "json", "markdown"]),
                default: "text",
                help: "The output format."
            ),
        ],
        run: HistoryCommands.show
    )

    static let historyChanges = Command(
        "changes",
        abstract: "Find the change points in each gated metric's history (E-Divisive means).",
        discussion: "Tests each scenario's gated metrics (as the suite gated them when each run was appended), or the "
            + "one --metric names, over the medians of its valid runs in append order, with E-Divisive means and a "
            + "permutation test. Each change point is reported with the commits between the last run before it and "
            + "the first run after it, its size with an interval, its p-value, and whether it is a regression (the "
            + "metric moved the way it is worse). A series with too few runs is reported as too short, with the "
            + "minimum. A change is new when it starts within the newest --newest runs of its series; a change "
            + "can be seen only once the detector's minimum segment of runs follows it, so the default is twice "
            + "that. Exit codes: 0 done, 2 a new regression with --fail-on-new, 64 a --suite, --scenario or "
            + "--metric that no record has, 65 no history file, or no series long enough to test.",
        arguments: [
            historySuite, historyScenario, historyMetric, historyStore,
            .option(
                "--format",
                value: "format",
                type: .choice(["text", "markdown", "json", "html"]),
                default: "text",
                help: "The output format."
            ),
            .option(
                "--output",
                value: "file",
                help: "Write the report here instead of standard output, in the format --format names."
            ),
            .flag(
                "--fail-on-new",
                help: "Exit 2 when a regression starts within the newest runs: CI on the main branch catches creep."
            ),
            .option(
                "--newest",
                value: "runs",
                type: .integer(in: 1...1_000_000),
                help: "How many of a series' newest runs count as new (default: twice the minimum segment, 10)."
            ),
        ],
        run: HistoryCommands.changes
    )

    static let historyStore = ArgumentDefinition.option(
        "--store",
        value: "dir",
        default: HistoryStore.defaultDirectory,
        help: "The history folder, such as a checkout of a branch that CI pushes to."
    )

    static let historySuite = ArgumentDefinition.option(
        "--suite",
        value: "name",
        help: "Only this suite's history (default: every suite in the store)."
    )

    static let historyScenario = ArgumentDefinition.option(
        "--scenario",
        value: "name",
        help: "Only this scenario, such as balanced/steady."
    )

    static let historyMetric = ArgumentDefinition.option(
        "--metric",
        value: "id",
        help: "Only this metric, such as latency_p95_ms."
    )
}

/// `perfgate history append`, `show` and `changes`.
enum HistoryCommands {
    /// The most skipped-line warnings printed; the rest are counted in one more line.
    static let warningLimit = 10

    // MARK: append

    static func append(_ parsed: ParsedArguments) throws -> Int32 {
        let path = try parsed.positional(0)
        let result = try GateCommands.loadResult(path)
        var options = ComparisonOptions(targets: result.targets)
        if let suite = try? SuiteLoader.resolve(result.suite) { options = Gate.options(for: suite) }
        let store = HistoryStore(directory: try parsed.string("--store") ?? HistoryStore.defaultDirectory)
        let record: HistoryRecord
        let outcome: HistoryStore.AppendOutcome
        do {
            record = try HistoryRecord(result, options: options)
            outcome = try store.append(record)
        } catch  where error.code == .historyRecord {
            throw PerfGateCLIError.malformedInput("The result file '\(path)' cannot be appended: \(error.message)")
        } catch {
            throw PerfGateCLIError(code: .failure, message: error.message)
        }
        let run = "the run of \(record.commit.prefix(12)) started \(record.time)"
        guard outcome.wasAppended else {
            parsed.standardOutput.writeLine(
                "\(outcome.path) already holds \(run) (\(path) was appended before); nothing appended."
            )
            return ExitCode.success.rawValue
        }
        if outcome.followedTornLine {
            parsed.standardError.writeLine(
                "warning: \(outcome.path) ended in a torn line (an interrupted append); it stays on a line of its own, "
                    + "which readers skip, and the new record follows it."
            )
        }
        if record.isDirty == true {
            parsed.standardError.writeLine(
                "warning: \(path) was measured from a working tree with uncommitted changes on "
                    + "\(record.commit.prefix(12)); its record is marked +dirty."
            )
        }
        let metrics = record.scenarios.values.reduce(0) { $0 + $1.metrics.count }
        parsed.standardOutput.writeLine(
            "Appended \(run) to \(outcome.path) (\(record.scenarios.count) scenarios, \(metrics) metrics)."
        )
        return ExitCode.success.rawValue
    }

    // MARK: show

    static func show(_ parsed: ParsedArguments) throws -> Int32 {
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        let logs = try read(parsed)
        parsed.standardOutput.write(HistorySeriesReporter(format: format).render(logs))
        return ExitCode.success.rawValue
    }

    // MARK: changes

    static func changes(_ parsed: ParsedArguments) throws -> Int32 {
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        let output = try parsed.string("--output")
        if let output { try GateCommands.checkWritable(output, option: "--output") }
        let metric = try parsed.string("--metric")
        let logs = try read(parsed)
        let analysis = HistoryChangeAnalysis(newestWindow: try parsed.int("--newest"))
        var tested: [HistorySeriesChanges] = []
        for log in logs {
            for series in log.series where metric != nil || series.isGated {
                tested.append(analysis.changes(in: series, of: log))
            }
        }
        let store = try parsed.string("--store") ?? HistoryStore.defaultDirectory
        guard !tested.isEmpty else {
            throw PerfGateCLIError.malformedInput(
                "No record in '\(store)' has a gated metric in the scenarios asked for; name one with --metric."
            )
        }
        let report = HistoryChangeReport(
            store: store,
            configuration: analysis.configuration,
            newestWindow: analysis.newestWindow,
            series: tested,
            warnings: logs.flatMap(\.warnings)
        )
        let text = HistoryChangeReporter(format: format).render(report)
        if let output {
            do {
                try ResultStore.writeAtomically(Data(text.utf8), to: output)
            } catch {
                throw PerfGateCLIError(code: .failure, message: error.message)
            }
            parsed.standardOutput.writeLine("Wrote \(output). " + HistoryChangeReporter.summary(report))
        } else {
            parsed.standardOutput.write(text)
        }
        if report.testedSeries.isEmpty {
            let longest = tested.map(\.series.points.count).max() ?? 0
            throw PerfGateCLIError.malformedInput(
                "No series in '\(store)' is long enough to test: the longest has \(longest) valid "
                    + "run\(longest == 1 ? "" : "s") and the detector needs at least \(analysis.minimumSeriesLength); append more runs."
            )
        }
        let failOnNew = try parsed.flag("--fail-on-new")
        return failOnNew && !report.newRegressions.isEmpty ? ExitCode.regression.rawValue : ExitCode.success.rawValue
    }

    // MARK: reading

    /// Reads the suites `--suite` names (every suite in the store by default), keeping the series
    /// `--scenario` and `--metric` choose; prints the skipped lines' warnings.
    ///
    /// - Throws: Exit 65 when the store holds no history file; exit 64 with a suggestion when
    ///   `--suite`, `--scenario` or `--metric` names something no record has.
    static func read(_ parsed: ParsedArguments) throws -> [HistoryLog] {
        let store = HistoryStore(directory: try parsed.string("--store") ?? HistoryStore.defaultDirectory)
        let available = store.suites()
        guard !available.isEmpty else {
            throw PerfGateCLIError.malformedInput(
                "The history store '\(store.directory)' holds no history file (<suite>.jsonl); append runs with "
                    + "'perfgate history append RESULT.json' or point --store at the store's folder."
            )
        }
        var suites = available
        if let suite = try parsed.string("--suite") {
            guard available.contains(suite) else {
                throw PerfGateCLIError.usage(
                    "The history store '\(store.directory)' has no history of suite '\(suite)'."
                        + suggestion(for: suite, among: available, kind: "suites")
                )
            }
            suites = [suite]
        }
        let selection = HistorySelection(
            scenario: try parsed.string("--scenario"),
            metric: try parsed.string("--metric")
        )
        var logs: [HistoryLog] = []
        for suite in suites {
            do {
                logs.append(try HistoryReader.read(store.path(forSuite: suite), suite: suite, selection: selection))
            } catch {
                throw PerfGateCLIError.malformedInput(error.message)
            }
        }
        let warnings = logs.flatMap(\.warnings)
        for warning in warnings.prefix(warningLimit) { parsed.standardError.writeLine(warning.description) }
        if warnings.count > warningLimit {
            parsed.standardError.writeLine("warning: \(warnings.count - warningLimit) more lines skipped.")
        }
        let where_ = suites.count == 1 ? "'\(store.path(forSuite: suites[0]))'" : "'\(store.directory)'"
        if let scenario = selection.scenario {
            let names = Array(Set(logs.flatMap(\.scenarioNames))).sorted()
            guard names.contains(scenario) else {
                throw PerfGateCLIError.usage(
                    "No record in \(where_) has scenario '\(scenario)'."
                        + suggestion(for: scenario, among: names, kind: "scenarios")
                )
            }
        }
        if let metric = selection.metric {
            let names = Array(Set(logs.flatMap(\.metricNames))).sorted()
            guard names.contains(metric) else {
                let scope = selection.scenario.map { " of scenario '\($0)'" } ?? ""
                throw PerfGateCLIError.usage(
                    "No record\(scope) in \(where_) has metric '\(metric)'."
                        + suggestion(for: metric, among: names, kind: "metrics")
                )
            }
        }
        if logs.allSatisfy({ $0.entries.isEmpty }) {
            throw PerfGateCLIError.malformedInput(
                "No line of \(where_) is a readable record (see the warnings above); append runs with "
                    + "'perfgate history append RESULT.json'."
            )
        }
        return logs
    }

    /// " Did you mean 'x'?" and the names there are, or the names alone.
    static func suggestion(for name: String, among names: [String], kind: String) -> String {
        var text = ""
        if let closest = Suggestion.closest(to: name, among: names) { text += " Did you mean '\(closest)'?" }
        let listed = names.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        text += names.isEmpty ? "" : " The \(kind) are \(listed)\(names.count > 12 ? ", …" : "")."
        return text
    }
}
