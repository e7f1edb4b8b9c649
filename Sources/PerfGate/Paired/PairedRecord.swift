import PerfMonitor

/// The rounds of both arms of a paired comparison so far, kept aligned: pair `i` of a scenario
/// is round `i` of each arm's series.
struct PairedRecord: Sendable {
    /// One arm's rounds of one scenario.
    struct ArmSeries: Sendable {
        var scenario: ScenarioResult?
        var values: [String: [Double]] = [:]
        var validity: [Bool] = []
        var reasons: [String] = []
        var latency = HistogramSnapshot()
    }

    let suite: Suite
    private var baseSeries: [String: ArmSeries] = [:]
    private var headSeries: [String: ArmSeries] = [:]
    private var baseEnvironment: EnvironmentFingerprint?
    private var headEnvironment: EnvironmentFingerprint?
    private var baseTool: ToolInfo?
    private var headTool: ToolInfo?
    private var startedAt: String?
    /// Why pairs were void.
    var voidReasons: [String] = []

    init(suite: Suite) {
        self.suite = suite
    }

    /// The most pairs any scenario has.
    var pairCount: Int { baseSeries.values.map(\.validity.count).max() ?? 0 }

    /// Adds one pair of rounds of the given scenarios.
    mutating func append(base: RunResult, head: RunResult, scenarios: [SuiteScenario]) {
        startedAt = startedAt ?? base.startedAt
        baseEnvironment = base.environment
        headEnvironment = head.environment
        baseTool = base.tool
        headTool = head.tool
        for scenario in scenarios {
            let baseRound = base.scenario(named: scenario.name)
            let headRound = head.scenario(named: scenario.name)
            let metrics = Set(baseRound?.metrics.keys.map { $0 } ?? []).union(headRound?.metrics.keys.map { $0 } ?? [])
            Self.add(baseRound, metrics: metrics, to: &baseSeries[scenario.name, default: ArmSeries()])
            Self.add(headRound, metrics: metrics, to: &headSeries[scenario.name, default: ArmSeries()])
        }
    }

    /// Appends one round; a metric the round lacks gets NaN, so the pair is left out of that
    /// metric's comparison and the series stay aligned.
    private static func add(_ round: ScenarioResult?, metrics: Set<String>, to series: inout ArmSeries) {
        let position = series.validity.count
        for metric in metrics where series.values[metric] == nil {
            series.values[metric] = Array(repeating: .nan, count: position)
        }
        for metric in series.values.keys {
            series.values[metric, default: []].append(round?.metrics[metric]?.values.first ?? .nan)
        }
        let isValid = round?.valid ?? false
        series.validity.append(isValid)
        if let round {
            series.scenario = round
            series.reasons += round.invalidReasons.map { "round \(position + 1): \($0)" }
            if let histogram = round.latencyHistogram { series.latency.merge(histogram.snapshot) }
        } else {
            series.reasons.append("round \(position + 1): the arm's result has no such scenario")
        }
    }

    /// Both arms as results, the base first.
    func results(base: Arm, head: Arm) -> (base: RunResult, head: RunResult) {
        (
            result(baseSeries, arm: base, environment: baseEnvironment, tool: baseTool),
            result(headSeries, arm: head, environment: headEnvironment, tool: headTool)
        )
    }

    private func result(
        _ series: [String: ArmSeries],
        arm: Arm,
        environment: EnvironmentFingerprint?,
        tool: ToolInfo?
    ) -> RunResult {
        var fingerprint = environment ?? EnvironmentProbe.fingerprint(calibrationScore: 0)
        fingerprint.gitCommit = arm.commit
        fingerprint.gitDirty = arm.isDirty
        // The arms ran here; older arms do not record the machine's identity themselves.
        let here = EnvironmentProbe.machineIdentity()
        fingerprint.machineID = fingerprint.machineID ?? here.machineID
        fingerprint.bootID = fingerprint.bootID ?? here.bootID
        let scenarios: [ScenarioResult] = suite.scenarios.compactMap { scenario in
            guard let armSeries = series[scenario.name], var result = armSeries.scenario else { return nil }
            var metrics: [String: MetricSeries] = [:]
            // A metric this arm never measured (one the other arm's build added, such as
            // `cpu_steal_percent` against a baseline commit older than it) is left out of this
            // arm's result rather than written as NaN, which JSON cannot hold.
            for (name, values) in armSeries.values where !values.allSatisfy(\.isNaN) {
                let template = result.metrics[name]
                let known = MetricID(identifier: name)
                metrics[name] = MetricSeries(
                    unit: template?.unit ?? known?.unit ?? "",
                    better: template?.better ?? known?.polarity ?? .lower,
                    values: values
                )
            }
            result.metrics = metrics
            result.valid = armSeries.validity.allSatisfy { $0 }
            result.invalidReasons = armSeries.reasons
            result.roundValidity = armSeries.validity
            result.latencyHistogram = armSeries.latency.isEmpty ? nil : StoredHistogram(armSeries.latency)
            return result
        }
        return RunResult(
            suite: suite.name,
            tool: tool ?? ToolInfo(version: "unknown"),
            startedAt: startedAt ?? SuiteRunner.now(),
            environment: fingerprint,
            targets: suite.targets,
            scenarios: scenarios
        )
    }
}
