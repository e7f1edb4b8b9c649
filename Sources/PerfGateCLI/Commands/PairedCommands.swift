import Foundation
import PerfGate

/// `perfgate ab`, and `perfgate check` in its default, paired mode.
enum PairedCommands {
    // MARK: ab

    static func ab(_ parsed: ParsedArguments) async throws -> Int32 {
        let suite = try GateCommands.loadSuite(parsed)
        try GateCommands.checkOutputs(parsed)
        let repository = try openRepository(forCheck: false)
        guard let baseRef = try parsed.string("--base") else {
            throw PerfGateCLIError.usage("Missing '--base': name the commit, branch or tag to compare with.")
        }
        let headRef = try parsed.string("--head")
        let builder = builder(repository, suite: suite, parsed: parsed)
        let base = try await buildArm(builder, "base", ref: baseRef, isUserRef: true)
        let head = try await buildArm(builder, "head", ref: headRef, isUserRef: true)
        let mode = ComparisonMode(
            kind: .paired,
            base: base.description,
            head: head.description,
            reason: "Both builds ran round by round on this machine with the same seeds in ABBA order; "
                + "each verdict rests on the per-round ratios head/base."
        )
        return try await compare(
            base: base,
            head: head,
            suite: suite,
            root: repository.root,
            mode: mode,
            parsed: parsed
        )
    }

    // MARK: check (paired)

    /// The paired `check`: the working tree against the commit the committed baseline records.
    static func check(_ parsed: ParsedArguments, suite: Suite, baselinePath: String) async throws -> Int32 {
        let baseline = try GateCommands.loadResult(baselinePath)
        let commit = baseline.environment.gitCommit
        guard commit.count == 40, commit.allSatisfy(\.isHexDigit) else {
            throw PerfGateCLIError.baselineMissing(
                "The baseline '\(baselinePath)' records no commit (gitCommit '\(commit)'), so there is nothing to "
                    + "build for a paired check; record it again from a clean checkout with "
                    + "'perfgate baseline update --suite \(suite.name)', or pass --unpaired."
            )
        }
        if baseline.environment.gitDirty == true {
            throw PerfGateCLIError.baselineMissing(
                "The baseline '\(baselinePath)' was recorded from a working tree with uncommitted changes on "
                    + "\(commit.prefix(7)), which cannot be rebuilt exactly; commit those changes and record it "
                    + "again with 'perfgate baseline update --suite \(suite.name)', or pass --unpaired."
            )
        }
        let repository = try openRepository(forCheck: true)
        guard repository.hasCommit(commit) else {
            let shallow = repository.isShallow ? " This clone is shallow" : " This clone lacks it"
            throw PerfGateCLIError.baselineMissing(
                "The baseline '\(baselinePath)' records commit \(commit.prefix(12)), which is not in this clone."
                    + "\(shallow): fetch the history (git fetch --unshallow, or fetch-depth: 0 in "
                    + "actions/checkout), or pass --unpaired."
            )
        }
        let builder = builder(repository, suite: suite, parsed: parsed)
        let base = try await buildArm(builder, "base", ref: commit, isUserRef: false)
        let head = try await buildArm(builder, "head", ref: nil, isUserRef: false)
        let mode = ComparisonMode(
            kind: .paired,
            base: "commit \(commit.prefix(7)), which \(baselinePath) records",
            head: head.description,
            reason: "A stored baseline is a fair reference only on the machine that recorded it, so both builds "
                + "ran here round by round with the same seeds (--unpaired compares with the stored figures)."
        )
        return try await compare(
            base: base,
            head: head,
            suite: suite,
            root: repository.root,
            mode: mode,
            parsed: parsed
        )
    }

    // MARK: shared

    private static func compare(
        base: Arm,
        head: Arm,
        suite: Suite,
        root folder: String,
        mode: ComparisonMode,
        parsed: ParsedArguments
    ) async throws -> Int32 {
        let format = try parsed.choice("--format", as: ReportFormat.self) ?? .text
        let reporter = ProgressReporter(terminal: parsed.terminal, sink: parsed.standardError)
        let isTerminal = parsed.terminal.isTerminal(.standardError)
        let started = ContinuousClock.now
        let gate = PairedGate(
            base: base,
            head: head,
            suite: suite,
            folder: folder + "/.perfgate/ab/rounds",
            directory: folder,
            mode: mode
        ) { fraction, label in
            if isTerminal {
                reporter.update(fraction, label)
            } else if label.hasSuffix(" base") || label.hasSuffix(" head") {
                let seconds = Int((ContinuousClock.now - started).components.seconds)
                parsed.standardError.writeLine("perfgate: \(label) (\(seconds) s)")
            }
        }
        let outcome: PairedGate.Outcome
        do {
            outcome = try await gate.run()
        } catch let error where error.code == .abNothingMeasured {
            reporter.finish()
            parsed.standardError.writeLine("Error: \(error.message)")
            return ExitCode.invalidRun.rawValue
        } catch {
            throw GateCommands.cliError(error)
        }
        reporter.finish()
        let records = folder + "/.perfgate/ab"
        try GateCommands.write(outcome.base, to: records + "/base.json")
        try GateCommands.write(outcome.head, to: records + "/head.json")
        if let output = try parsed.string("--output") { try GateCommands.write(outcome.head, to: output) }
        if outcome.extraRounds > 0 {
            parsed.standardError.writeLine(
                "note: ran \(outcome.extraRounds) extra pairs of the scenarios more pairs could settle "
                    + "(an inconclusive metric, or a target interval wider than its precision goal)."
            )
        }
        let seconds = Int((ContinuousClock.now - started).components.seconds)
        parsed.standardError.writeLine(
            "note: \(mode.summary) Measured in \(seconds) s; both arms' rounds are in \(records)/base.json and "
                + "head.json."
        )
        return try GateCommands.report(
            outcome.report,
            current: outcome.head,
            baseline: outcome.base,
            format: format,
            parsed: parsed
        )
    }

    private static func openRepository(forCheck: Bool) throws -> GitRepository {
        do {
            return try GitRepository()
        } catch {
            if forCheck {
                throw PerfGateCLIError.baselineMissing(error.message + " Or pass --unpaired.")
            }
            throw PerfGateCLIError.usage(error.message)
        }
    }

    private static func builder(_ repository: GitRepository, suite: Suite, parsed: ParsedArguments) -> ArmBuilder {
        var builder = ArmBuilder(repository: repository) { line in parsed.standardError.writeLine("perfgate: \(line)") }
        // A suite that starts the user's service compares two builds of that service: both arms are
        // driven by this perfgate, from their own sources.
        if suite.service != nil { builder.sharedDriver = CommandInputs.runningExecutable() }
        return builder
    }

    private static func buildArm(
        _ builder: ArmBuilder,
        _ label: String,
        ref: String?,
        isUserRef: Bool
    ) async throws -> Arm {
        let result: Result<Arm, PerfGateError>
        do {
            result = .success(try await builder.build(label, ref: ref))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let arm):
            return arm
        case .failure(let error) where error.code == .abUnknownRef && isUserRef:
            throw PerfGateCLIError.usage("--\(label): " + error.message)
        case .failure(let error) where error.code == .abUnknownRef:
            throw PerfGateCLIError.baselineMissing(error.message)
        case .failure(let error):
            throw PerfGateCLIError(code: .failure, message: error.message)
        }
    }
}
