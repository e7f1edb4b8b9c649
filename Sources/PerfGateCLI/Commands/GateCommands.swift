import Foundation
import PerfGate

/// `perfgate run`, `check`, `compare` and `baseline update`.
enum GateCommands {
    static let defaultResultFolder = ".perfgate"

    // MARK: run

    static func run(_ parsed: ParsedArguments) async throws -> Int32 {
        let suite = try loadSuite(parsed)
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        let output = try parsed.string("--output") ?? "\(defaultResultFolder)/\(suite.name).json"
        try checkWritable(output, option: "--output")
        let result = try await measure(suite, parsed: parsed)
        try write(result, to: output)
        switch format {
        case .json:
            parsed.standardOutput.write(String(decoding: try ResultStore.encode(result), as: UTF8.self))
        default:
            parsed.standardOutput.write(ReportOutput.resultSummary(result))
            parsed.standardError.writeLine("Wrote \(output).")
        }
        return result.scenarios.allSatisfy(\.valid) ? ExitCode.success.rawValue : ExitCode.invalidRun.rawValue
    }

    // MARK: check

    static func check(_ parsed: ParsedArguments) async throws -> Int32 {
        let suite = try loadSuite(parsed)
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        let baselinePath = try parsed.string("--baseline") ?? Gate.baselinePath(for: suite.name)
        try checkOutputs(parsed)
        let requireBaseline = try parsed.flag("--require-baseline")
        if requireBaseline && !FileManager.default.fileExists(atPath: baselinePath) {
            parsed.standardError.writeLine(
                "Error: The baseline '\(baselinePath)' does not exist. Create it with "
                    + "'perfgate baseline update --suite \(suite.name)' and commit it."
            )
            return ExitCode.baselineMissing.rawValue
        }
        let isUnpaired = try parsed.flag("--unpaired")
        if !isUnpaired && FileManager.default.fileExists(atPath: baselinePath) {
            if try parsed.isSpecified("--slowdown") {
                throw PerfGateCLIError.usage(
                    "--slowdown injects the same slowdown into both arms of a paired check; use it with --unpaired."
                )
            }
            return try await PairedCommands.check(parsed, suite: suite, baselinePath: baselinePath)
        }
        let runner = try runner(parsed, suite: suite)
        let outcome: Gate.Outcome
        do {
            outcome = try await Gate.check(suite: suite, baselinePath: baselinePath, runner: runner.runner)
        } catch {
            throw cliError(error)
        }
        runner.reporter.finish()
        if let output = try parsed.string("--output") { try write(outcome.result, to: output) }
        if outcome.baseline == nil {
            parsed.standardError.writeLine(
                "warning: no baseline at '\(baselinePath)': only the targets were judged. Create one with "
                    + "'perfgate baseline update --suite \(suite.name)' (or --from a result file) and commit it."
            )
        }
        if outcome.extraRounds > 0 {
            parsed.standardError.writeLine("note: ran \(outcome.extraRounds) extra rounds of inconclusive scenarios.")
        }
        var report = outcome.report
        if let baseline = outcome.baseline {
            let sameMachine = outcome.result.environment.isSameMachineAndBoot(as: baseline.environment)
            report.mode = ComparisonMode(
                kind: .unpaired,
                base: "the figures stored in \(baselinePath)",
                head: "this run",
                reason: sameMachine == true
                    ? "--unpaired was given; the baseline was recorded on this machine in this boot."
                    : "--unpaired was given; stored figures are a fair reference only on the machine and boot "
                        + "that recorded them."
            )
        }
        return try Self.report(
            report,
            current: outcome.result,
            baseline: outcome.baseline,
            format: format,
            parsed: parsed
        )
    }

    // MARK: compare

    static func compare(_ parsed: ParsedArguments) throws -> Int32 {
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        let current = try loadResult(try parsed.positional(0))
        let baseline = try loadResult(try parsed.positional(1))
        do {
            try ResultStore.checkComparable(current, with: baseline)
        } catch {
            throw PerfGateCLIError.malformedInput(error.message)
        }
        var options = ComparisonOptions(targets: current.targets)
        if let suite = try? SuiteLoader.resolve(current.suite) {
            options = Gate.options(for: suite)
        }
        let report = Comparator().compare(current, against: baseline, options: options)
        return try Self.report(report, current: current, baseline: baseline, format: format, parsed: parsed)
    }

    // MARK: baseline update

    static func baselineUpdate(_ parsed: ParsedArguments) async throws -> Int32 {
        let result: RunResult
        if let from = try parsed.string("--from") {
            result = try loadResult(from)
        } else {
            let suite = try loadSuite(parsed)
            try checkWritable(Gate.baselinePath(for: suite.name), option: "baseline")
            result = try await measure(suite, parsed: parsed)
        }
        let fromFile = try parsed.isSpecified("--from")
        var suiteName = result.suite
        if fromFile, try parsed.isSpecified("--suite") {
            // The baseline belongs to a suite that exists: resolve the name as `run` does.
            suiteName = try loadSuite(parsed).name
        }
        if let problem = SuiteName.problem(with: suiteName) {
            throw PerfGateCLIError.malformedInput(
                "The suite name '\(suiteName)' cannot name a baseline: \(problem); fix the result's 'suite' field."
            )
        }
        let path = Gate.baselinePath(for: suiteName)
        var promoted = result
        promoted.suite = suiteName
        try write(promoted, to: path)
        let invalid = promoted.scenarios.filter { !$0.valid }.map(\.name)
        if !invalid.isEmpty {
            parsed.standardError.writeLine(
                "warning: scenarios flagged invalid in this baseline: \(invalid.joined(separator: ", "))."
            )
        }
        if promoted.environment.gitDirty == true {
            parsed.standardError.writeLine(
                "warning: this baseline was measured from a working tree with uncommitted changes on "
                    + "\(promoted.environment.gitCommit.prefix(7)); a paired 'perfgate check' cannot rebuild it. "
                    + "Commit the changes and update the baseline again."
            )
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        parsed.standardOutput.writeLine(
            "Wrote \(path) (\(promoted.scenarios.count) scenarios, \(size / 1024) KB). Commit it."
        )
        return ExitCode.success.rawValue
    }

    // MARK: shared

    /// Checks `--output` and `--report`, when given, before any load runs.
    static func checkOutputs(_ parsed: ParsedArguments) throws {
        if let output = try parsed.string("--output") { try checkWritable(output, option: "--output") }
        if try parsed.isSpecified("--report"), let report = try parsed.string("--report") {
            try checkWritable(report, option: "--report")
        }
    }

    /// Checks that a file can be written where an option points, before any load runs.
    ///
    /// - Throws: A usage error (exit 64) naming the option, the path, the cause and the fix.
    static func checkWritable(_ path: String, option: String) throws {
        do {
            try ResultStore.checkWritable(path)
        } catch {
            throw PerfGateCLIError.usage("\(option) \(error.message)")
        }
    }

    static func loadSuite(_ parsed: ParsedArguments) throws -> Suite {
        let name = try parsed.string("--suite") ?? "default"
        var suite: Suite
        do {
            suite = try SuiteLoader.resolve(name)
        } catch let error where error.code == .suiteUnknown {
            throw PerfGateCLIError.usage(error.message)
        } catch {
            throw PerfGateCLIError.malformedInput(error.message)
        }
        if try parsed.isSpecified("--quick"), try parsed.flag("--quick") { suite = suite.quickened }
        do {
            try ServiceRoundExecutor.validate(suite)
        } catch {
            throw cliError(error)
        }
        if let rounds = try? parsed.int("--rounds") { suite.rounds = rounds }
        return suite
    }

    /// A library error as the CLI reports it: a bad input file (result, baseline, suite, preset or
    /// workload named in a suite; see `PerfGateError.Code.isMalformedInput`) exits 65; a run that cannot
    /// be measured (the service under test did not start; see `PerfGateError.Code.isInvalidRun`) exits 4;
    /// anything else is an unexpected failure (1).
    static func cliError(_ error: PerfGateError) -> PerfGateCLIError {
        if error.code.isMalformedInput {
            return .malformedInput(error.message)
        }
        if error.code.isInvalidRun {
            return PerfGateCLIError(code: .invalidRun, message: error.message)
        }
        return PerfGateCLIError(code: .failure, message: error.message)
    }

    static func loadResult(_ path: String) throws -> RunResult {
        do {
            return try ResultStore.load(contentsOf: path)
        } catch {
            throw PerfGateCLIError.malformedInput(error.message)
        }
    }

    static func write(_ result: RunResult, to path: String) throws {
        do {
            try ResultStore.write(result, to: path)
        } catch {
            throw PerfGateCLIError(code: .failure, message: error.message)
        }
    }

    static func runner(
        _ parsed: ParsedArguments,
        suite: Suite
    ) throws -> (runner: SuiteRunner, reporter: ProgressReporter) {
        let reporter = ProgressReporter(terminal: parsed.terminal, sink: parsed.standardError)
        let executor = ServiceRoundExecutor(
            extraSlowdownPercent: (try? parsed.double("--slowdown")).flatMap { $0 } ?? 0
        )
        let runner = SuiteRunner(executor: executor, toolVersion: PerfGateVersion.current) { fraction, label in
            reporter.update(fraction, label)
        }
        return (runner, reporter)
    }

    static func measure(_ suite: Suite, parsed: ParsedArguments) async throws -> RunResult {
        let (runner, reporter) = try runner(parsed, suite: suite)
        let result: RunResult
        do {
            result = try await runner.run(suite)
        } catch {
            throw cliError(error)
        }
        reporter.finish()
        return result
    }

    /// Prints the report, writes `--report`, appends to `$GITHUB_STEP_SUMMARY`; returns the exit code.
    static func report(
        _ report: ComparisonReport,
        current: RunResult,
        baseline: RunResult?,
        format: ReportFormat,
        parsed: ParsedArguments
    ) throws -> Int32 {
        let colors = parsed.terminal.supportsColor(on: .standardOutput)
        parsed.standardOutput.write(
            ReportOutput.render(report, format: format, current: current, baseline: baseline, colors: colors)
        )
        if (try? parsed.isSpecified("--report")) == true, let path = try parsed.string("--report") {
            let fileFormat = ReportOutput.format(forPath: path)
            let text = ReportOutput.render(
                report,
                format: fileFormat,
                current: current,
                baseline: baseline,
                colors: false
            )
            do {
                try ResultStore.writeAtomically(Data(text.utf8), to: path)
            } catch {
                throw PerfGateCLIError(code: .failure, message: error.message)
            }
        }
        if let warning = ReportOutput.appendStepSummary(
            report,
            current: current,
            baseline: baseline,
            environment: parsed.terminal.environment
        ) {
            parsed.standardError.writeLine(warning)
        }
        return report.exitVerdict.exitCode
    }
}
