import Foundation
import PerfGate

/// `perfgate bisect`: the first commit between a good and a bad one that moved a metric.
enum BisectCommand {
    /// The formats `bisect` prints.
    static let formats = ["text", "json", "markdown"]

    static func run(_ parsed: ParsedArguments) async throws -> Int32 {
        let (goodRef, badRef, scenario, metric) = try requiredArguments(parsed)
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        var suite = try GateCommands.loadSuite(parsed)
        let maxRounds = try parsed.int("--max-rounds") ?? suite.rounds + suite.maxExtraRounds
        guard maxRounds >= suite.rounds else {
            throw PerfGateCLIError.usage(
                "--max-rounds \(maxRounds) is below the \(suite.rounds) pairs every step runs; give at least "
                    + "\(suite.rounds), or fewer --rounds."
            )
        }
        suite.maxExtraRounds = maxRounds - suite.rounds
        do {
            suite = try Bisector.narrowed(suite, scenario: scenario, metric: metric)
        } catch {
            return usageLine(error.message, parsed)
        }
        let repository: GitRepository
        do {
            repository = try GitRepository()
        } catch {
            throw PerfGateCLIError.usage(error.message)
        }
        let range: BisectRange
        do {
            range = try BisectRange(good: goodRef, bad: badRef, in: repository)
        } catch let error where error.code == .bisectRange {
            return usageLine(error.message, parsed)
        } catch let error where error.code == .abUnknownRef {
            let fetch =
                error.message.contains("shallow")
                ? ""
                : " If it is a commit of the remote, fetch it (git fetch, or fetch-depth: 0 in actions/checkout)."
            throw PerfGateCLIError.baselineMissing(error.message + fetch)
        } catch {
            throw GateCommands.cliError(error)
        }
        let reporter = ProgressReporter(terminal: parsed.terminal, sink: parsed.standardError)
        let isTerminal = parsed.terminal.isTerminal(.standardError)
        let started = ContinuousClock.now
        let line: @Sendable (String) -> Void = { text in
            reporter.finish()
            let seconds = Int((ContinuousClock.now - started).components.seconds)
            parsed.standardError.writeLine("perfgate: \(text) (\(seconds) s)")
        }
        parsed.standardError.writeLine(
            "perfgate: bisecting \(range.commits.count) commits from \(range.good.shortID) to "
                + "\(range.commits.last?.shortID ?? "?") on \(scenario) \(metric), about "
                + "\(Self.expectedSteps(range.commits.count)) steps"
        )
        var builder = ArmBuilder(repository: repository) { text in line(text) }
        // A suite that starts the user's service: this perfgate drives every commit's service.
        if suite.service != nil { builder.sharedDriver = CommandInputs.runningExecutable() }
        var bisector = Bisector(
            range: range,
            suite: suite,
            scenario: scenario,
            metric: metric,
            builder: builder,
            root: repository.root,
            progress: line
        )
        if isTerminal {
            bisector.pairProgress = { fraction, label in reporter.update(fraction, label) }
        }
        let report: BisectReport
        do {
            report = try await bisector.run()
        } catch let error where error.code == .abNothingMeasured {
            reporter.finish()
            parsed.standardError.writeLine("Error: \(error.message)")
            return ExitCode.invalidRun.rawValue
        } catch let error where error.code == .bisectTarget {
            reporter.finish()
            return usageLine(error.message, parsed)
        } catch {
            reporter.finish()
            throw GateCommands.cliError(error)
        }
        reporter.finish()
        do {
            parsed.standardOutput.writeLine(try report.rendered(as: format))
        } catch {
            throw GateCommands.cliError(error)
        }
        return ExitCode.success.rawValue
    }

    /// `--good`, `--bad`, `--scenario` and `--metric`, which the parser requires.
    private static func requiredArguments(
        _ parsed: ParsedArguments
    ) throws -> (good: String, bad: String, scenario: String, metric: String) {
        var values: [String] = []
        for name in ["--good", "--bad", "--scenario", "--metric"] {
            guard let value = try parsed.string(name), !value.isEmpty else {
                throw PerfGateCLIError.usage("Missing '\(name)'.")
            }
            values.append(value)
        }
        return (values[0], values[1], values[2], values[3])
    }

    /// A mistake in what the arguments name (a scenario, a metric, a range) rather than in how the
    /// command line is written: one line on standard error, exit 64.
    private static func usageLine(_ message: String, _ parsed: ParsedArguments) -> Int32 {
        parsed.standardError.writeLine("Error: \(message)")
        return ExitCode.usage.rawValue
    }

    /// ⌈log₂ n⌉ + 1: the bad commit's step and the binary search's.
    static func expectedSteps(_ count: Int) -> Int {
        var steps = 1
        var width = 1
        while width < count {
            width *= 2
            steps += 1
        }
        return steps
    }
}
