import PerfGate

/// Every `perfgate` command, its help and its arguments, in one place.
///
/// To implement a command, replace its `run: notAvailable(…)` with a handler, for example
/// `run: RunCommand.run` where `RunCommand.run` is a `(ParsedArguments) throws -> Int32` in its own file.
/// To add a command, declare a `static let` here and list it in ``root``'s subcommands.
enum CommandTable {
    /// The `perfgate` tool.
    static var perfgate: CommandSet {
        CommandSet(root: root, version: PerfGateVersion.current)
    }

    /// The root command; its help is the CLI reference in the README.
    static let root = Command(
        "perfgate",
        abstract: "Benchmark a streaming service, compare runs with baselines and gate regressions in CI.",
        discussion: """
            Exit codes: \(ExitCode.allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: ", ")). \
            Where several apply, the highest of 4, 3 and 2 wins.
            """,
        subcommands: [drive, run, check, ab, bisect, compare, baseline, presets, list, serve, history]
    )

    // MARK: - Commands

    static let drive = Command(
        "drive",
        abstract: "Drive one workload through the service under one preset, or against your own HTTP service "
            + "with --url, and print the monitor's summary.",
        discussion: "Exit code 0 when the run held its schedule, 4 when it could not, or when the host's hypervisor "
            + "took more than --max-steal of the CPU time (the figures are then printed but not to be trusted: on a "
            + "virtual machine a stolen CPU delays the service and the driver alike). The fault options inject a "
            + "slowdown, a stall or errors into the service, to check that the measurement sees them. With --url "
            + "the workload (steady by default) sends HTTP requests to a service you run: latency counts from each "
            + "request's intended send time, an arrival "
            + "that finds --max-in-flight requests in flight is dropped (failure kind 'dropped'), and failures are "
            + "counted by kind (refused, timeout, reset, protocol, 4xx, 5xx); a success rate below 0.99 exits 3. "
            + "--path and --body may hold {key}, "
            + "{seq} and {payload} (that many bytes), filled per request from the seed.",
        arguments: [
            .option("--preset", value: "preset", help: "The service configuration preset (required without --url)."),
            .option("--workload", value: "workload", help: "The workload to drive (required without --url)."),
            rate,
            .option(
                "--duration",
                value: "seconds",
                type: .decimal(in: 0.001...86_400),
                help: "How long to drive the workload (a capacity search: each probe), in seconds."
            ),
            .option("--seed", value: "n", type: .integer(in: 0...Int.max), help: "The seed for every random choice."),
            format,
            .option(
                "--slowdown",
                value: "percent",
                type: .decimal(in: 0...10_000),
                help: "Extra CPU per message, in percent of the normal cost."
            ),
            .option(
                "--stall-at",
                value: "seconds",
                type: .decimal(in: 0...86_400),
                help: "When every worker pauses, in seconds after the start (with --stall-for)."
            ),
            stallFor,
            errorRate,
            .option("--url", value: "url", help: "Drive your own HTTP service instead: http://host:port/path."),
            .option(
                "--connections",
                value: "n",
                type: .integer(in: 1...10_000),
                help: "With --url: the most connections to open (16)."
            ),
            .option(
                "--max-in-flight",
                value: "n",
                type: .integer(in: 1...1_000_000),
                help: "With --url: the most requests in flight; more arrivals are dropped (1024)."
            ),
            .option("--method", value: "method", help: "With --url: the request method (GET)."),
            .option(
                "--header",
                value: "name: value",
                repeatable: true,
                help: "With --url: a request header; give it once per header."
            ),
            .option("--body", value: "text", help: "With --url: the request body."),
            .option(
                "--timeout",
                value: "seconds",
                type: .decimal(in: 0.001...3_600),
                help: "With --url: the longest a request may take (10)."
            ),
            .option(
                "--max-steal",
                value: "percent",
                type: .decimal(in: 0...100),
                help: "The most CPU time the host's hypervisor may take during the run, in percent, before the run "
                    + "is invalid (5; 100 never marks it)."
            ),
        ],
        run: DriveCommand.run
    )

    static let run = Command(
        "run",
        abstract: "Run a suite and write a result JSON.",
        discussion: "Rounds of different scenarios are interleaved; progress with an ETA goes to standard error on "
            + "a terminal. The result is written atomically to --output (default .perfgate/<suite>.json).",
        arguments: [
            suite,
            quick,
            .option(
                "--rounds",
                value: "n",
                type: .integer(in: 1...1_000),
                help: "The number of measured rounds, instead of the suite's."
            ),
            .option(
                "--output",
                value: "file",
                help: "Where to write the result JSON (default .perfgate/<suite>.json)."
            ),
            format,
            slowdown,
        ],
        run: GateCommands.run
    )

    static let check = Command(
        "check",
        abstract: "Run a suite and compare it with the committed baseline and the targets.",
        discussion: "By default the check is paired: the working tree and the commit the baseline records "
            + "(environment.gitCommit) are built in release and run round by round on this machine, and the "
            + "verdict rests on the per-round ratios (see 'perfgate help ab'); the targets are judged on the "
            + "working tree. --unpaired compares with the figures stored in the baseline instead, which is fair "
            + "only on the machine that recorded them. The exit code is the verdict: 0 pass, 2 regression, "
            + "3 target missed, 4 run invalid, 5 baseline missing (with --require-baseline) or its commit not in "
            + "this clone (fetch the history). Inconclusive scenarios get extra rounds, up to the suite's "
            + "maxExtraRounds, before the verdict. The markdown report is also appended to $GITHUB_STEP_SUMMARY "
            + "when it is set.",
        arguments: [
            suite,
            .option(
                "--baseline",
                value: "file",
                help: "The baseline to compare with, instead of baselines/<suite>.json."
            ),
            quick,
            format,
            .flag(
                "--require-baseline",
                help: "Exit 5 when the baseline is missing, instead of judging only the targets, with a warning "
                    + "(a suite with no targets then has nothing to judge: exit 4)."
            ),
            .flag(
                "--unpaired",
                help: "Compare with the baseline's stored figures instead of building its commit (fast; fair only "
                    + "on the machine that recorded them)."
            ),
            .option("--output", value: "file", help: "Also write the result JSON here."),
            .option(
                "--report",
                value: "file",
                help: "Also write the report here, in the format its extension names (.html, .md, .json, .xml)."
            ),
            slowdown,
        ],
        run: GateCommands.check
    )

    static let ab = Command(
        "ab",
        abstract: "Build two commits and compare them in paired rounds on this machine.",
        discussion: "Each arm is built in release in its own git worktree under .perfgate/ab/ and cached by commit "
            + "(the working tree by a hash of its changes), so a rerun does not rebuild. Every round runs each arm "
            + "as its own process with the same seed, in ABBA BAAB order; the comparison is on the per-round log "
            + "ratios head/base (Wilcoxon signed-rank, Hodges-Lehmann interval over Walsh averages, Holm across "
            + "the run's gated metrics) with the suite's thresholds, and every row states the smallest change the run could have "
            + "detected. A head that makes the load driver fall behind where the base did not is a regression. "
            + "Exit codes: 0 pass, 1 an arm does not build (the log is named), 2 regression, 3 a target missed by "
            + "the head, 4 neither arm could be measured, 64 an unknown ref or no git repository.",
        arguments: [
            .option("--base", value: "ref", isRequired: true, help: "The commit, branch or tag to compare with."),
            .option(
                "--head",
                value: "ref",
                help: "The commit, branch or tag to judge (default: the working tree, uncommitted changes included)."
            ),
            suite,
            quick,
            format,
            .option("--output", value: "file", help: "Also write the head arm's result JSON here."),
            .option(
                "--report",
                value: "file",
                help: "Also write the report here, in the format its extension names (.html, .md, .json, .xml)."
            ),
        ],
        run: PairedCommands.ab
    )

    static let bisect = Command(
        "bisect",
        abstract: "Find the first commit between a good and a bad one that moved a metric of a scenario.",
        discussion: "The commits are those of 'git rev-list --first-parent --reverse GOOD..BAD': a merge on that "
            + "line counts as one commit (bisect inside it again with --good $(git merge-base M^1 M^2) --bad "
            + "M^2). Each step builds a commit in release (cached by commit under .perfgate/ab/builds/, so a commit "
            + "is built once) and compares it with the good commit in paired rounds, as 'perfgate ab' does, on the "
            + "one scenario, where only the one metric gates. The first step compares the bad commit: its "
            + "verdict (regressed or improved) is the direction searched for; unchanged or inconclusive ends the "
            + "search, exit 0, with nothing to bisect. Then a binary search, about log2(N) steps: a commit has "
            + "moved when its verdict is that direction; an inconclusive step gets extra pairs up to "
            + "--max-rounds, and if still inconclusive it counts as moved when its estimate is nearer the bad "
            + "commit's change than no change (the report says so). Progress goes to standard error. Exit codes: "
            + "0 found (or nothing moved), 1 a commit does not build (the log is named), 4 no pair could be "
            + "measured, 5 a ref not in this clone (fetch the history), 64 usage, including a --good that is "
            + "not an ancestor of --bad and a scenario or metric the suite does not have, 65 a malformed suite.",
        arguments: [
            .option("--good", value: "ref", isRequired: true, help: "A commit where the metric was still good."),
            .option("--bad", value: "ref", isRequired: true, help: "A later commit where it had moved."),
            .option("--scenario", value: "name", isRequired: true, help: "The scenario, such as balanced/saturation."),
            .option("--metric", value: "metric", isRequired: true, help: "The metric, such as throughput_rps."),
            suite,
            quick,
            .option(
                "--rounds",
                value: "n",
                type: .integer(in: 1...1_000),
                help: "The pairs of rounds every step runs, instead of the suite's rounds."
            ),
            .option(
                "--max-rounds",
                value: "n",
                type: .integer(in: 1...1_000),
                help: "The most pairs an inconclusive step may run (default: the rounds plus the suite's "
                    + "maxExtraRounds)."
            ),
            .option(
                "--format",
                value: "format",
                type: .choice(BisectCommand.formats),
                default: "text",
                help: "The output format."
            ),
        ],
        run: BisectCommand.run
    )

    static let compare = Command(
        "compare",
        abstract: "Compare two result files.",
        arguments: [
            .positional("current", help: "The result file to judge."),
            .positional("baseline", help: "The result or baseline file to judge it against."),
            format,
        ],
        run: GateCommands.compare
    )

    static let baseline = Command(
        "baseline",
        abstract: "Manage the committed baselines.",
        subcommands: [baselineUpdate]
    )

    static let baselineUpdate = Command(
        "update",
        abstract: "Write baselines/<suite>.json from a result, atomically.",
        discussion: "The only command that changes a committed baseline. The file is written to a temporary file "
            + "and renamed, so it is never half-written.",
        arguments: [
            .option(
                "--from",
                value: "result",
                help: "The result file to promote; without it, the suite is run first."
            ),
            suite,
            quick,
        ],
        run: GateCommands.baselineUpdate
    )

    static let presets = Command(
        "presets",
        abstract: "Print or validate service configuration presets.",
        subcommands: [presetsShow, presetsValidate]
    )

    static let presetsShow = Command(
        "show",
        abstract: "Print a preset as JSON.",
        arguments: [.positional("name", help: "The preset to print; 'perfgate list' names them.")],
        run: PresetsCommand.show
    )

    static let presetsValidate = Command(
        "validate",
        abstract: "Validate a service configuration file.",
        arguments: [.positional("file", help: "The configuration file to validate.")],
        run: PresetsCommand.validate
    )

    static let list = Command(
        "list",
        abstract: "List the suites, scenarios, presets and workloads.",
        run: ListCommand.run
    )

    static let serve = Command(
        "serve",
        abstract:
            "Run a workload continuously with a live dashboard at / and /metrics, /summary, /history and /healthz "
            + "on 127.0.0.1.",
        discussion: "The workload repeats until --duration passes or SIGINT/SIGTERM arrives; then the load stops, "
            + "the requests in flight finish and the final summary is printed (exit 0). The monitor collects every "
            + "second and writes a JSON line per interval and per anomaly to standard error, or to --log. A port "
            + "in use exits 64. The fault options inject a slowdown (in a window of the run), a stall or errors "
            + "mid-run, timed from the start of the run (the service starts once and serves every round), to see "
            + "the monitor, the anomaly events and the alerts react. A target is breached when 5 intervals in a "
            + "row miss it (P95, error rate, memory, and for a constant rate 90% of it) and resolved when 5 meet "
            + "it again; --alert-webhook posts those events and the anomalies (Slack-compatible 'text' plus the "
            + "structured 'event'), from a queue of 256, 3 attempts of at most 2 s each, never blocking the "
            + "service, and holds back anomalies of a kind posted less than --alert-repeat before; deliveries are "
            + "counted in perfgate_alert_deliveries_total{outcome}. An open-loop run meets the throughput target when "
            + "it offered at least the target rate and 99% of the offered requests completed.",
        arguments: [
            .option("--preset", value: "preset", default: "balanced", help: "The service configuration preset."),
            .option("--workload", value: "workload", default: "steady", help: "The workload to repeat."),
            rate,
            .option(
                "--duration",
                value: "seconds",
                type: .decimal(in: 0.001...31_536_000),
                help: "How long to serve, in seconds (default: until SIGINT or SIGTERM)."
            ),
            .option(
                "--port",
                value: "port",
                type: .integer(in: 0...65_535),
                default: "9464",
                help: "The port to listen on (0 picks a free one)."
            ),
            .option(
                "--bind",
                value: "address",
                default: "127.0.0.1",
                help: "The address to listen on; anything but loopback is reachable from other machines."
            ),
            .option("--log", value: "file", help: "Append the JSON lines to this file instead of standard error."),
            .option("--seed", value: "n", type: .integer(in: 0...Int.max), help: "The seed of the first round."),
            .option(
                "--format",
                value: "format",
                type: .choice(["text", "json"]),
                default: "text",
                help: "The format of the final summary."
            ),
            .option(
                "--slowdown",
                value: "percent",
                type: .decimal(in: 0...10_000),
                help: "Extra CPU per message, in percent of the normal cost (from --slowdown-at for --slowdown-for)."
            ),
            .option(
                "--slowdown-at",
                value: "seconds",
                type: .decimal(in: 0...31_536_000),
                help: "When the slowdown begins, in seconds after the start (default 0)."
            ),
            .option(
                "--slowdown-for",
                value: "seconds",
                type: .decimal(in: 0.001...31_536_000),
                help: "How long the slowdown lasts, in seconds (default: to the end)."
            ),
            .option(
                "--stall-at",
                value: "seconds",
                type: .decimal(in: 0...31_536_000),
                help: "When every worker pauses, in seconds after the start (with --stall-for)."
            ),
            stallFor,
            errorRate,
            .option(
                "--alert-webhook",
                value: "url",
                help: "Post each anomaly and target breach as JSON {\"text\", \"event\"} to this http:// URL."
            ),
            .option(
                "--alert-repeat",
                value: "seconds",
                type: .decimal(in: 0...86_400),
                help: "After posting an anomaly, hold back others of its kind for this long; the next post says how "
                    + "many (60; 0 posts every one)."
            ),
        ],
        run: ServeCommand.run
    )

    // MARK: - Shared arguments

    static let suite = ArgumentDefinition.option(
        "--suite",
        value: "name-or-path",
        default: "default",
        help: "The suite: a name under Benchmarks/ or the path of a suite file."
    )

    static let quick = ArgumentDefinition.flag("--quick", help: "Run fewer, shorter rounds for a fast smoke check.")

    static let rate = ArgumentDefinition.option(
        "--rate",
        value: "rps",
        type: .integer(in: 1...10_000_000),
        help: "The arrival rate in requests per second, instead of the workload's."
    )

    static let stallFor = ArgumentDefinition.option(
        "--stall-for",
        value: "seconds",
        type: .decimal(in: 0.001...3_600),
        help: "How long every worker pauses (with --stall-at)."
    )

    static let errorRate = ArgumentDefinition.option(
        "--error-rate",
        value: "fraction",
        type: .decimal(in: 0...1),
        help: "The fraction of messages that fail with kind 'injected'."
    )

    static let slowdown = ArgumentDefinition.option(
        "--slowdown",
        value: "percent",
        type: .decimal(in: 0...10_000),
        help: "Inject this much extra CPU per message into the service: checks that the gate catches it."
    )

    static let format = ArgumentDefinition.option(
        "--format",
        value: "format",
        type: .choice(of: ReportFormat.self),
        default: ReportFormat.text.rawValue,
        help: "The output format."
    )

    // MARK: - Handlers

    /// A handler for a command this build does not implement yet: one line on standard error, exit 1.
    ///
    /// - Parameters:
    ///   - name: The command's words after `perfgate`, such as `baseline update`.
    static func notAvailable(_ name: String) -> CommandHandler {
        { parsed in
            parsed.standardError.writeLine("Error: perfgate \(name) is not available in this build yet.")
            return ExitCode.failure.rawValue
        }
    }
}
