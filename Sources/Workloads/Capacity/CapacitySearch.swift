/// Finds the highest offered rate a target sustains within ``CapacityCriteria``.
///
/// The search steps the rate up geometrically from ``startRate`` (×``growthFactor``) until a probe
/// fails, or down from it if the start already fails; then it bisects between the last passing and
/// the first failing rate until they are within ``tolerance`` of each other or ``maxProbes`` runs
/// have been made. Rates are whole requests per second. Every probe is reported.
///
/// The search does not run anything itself: it calls a probe function with a rate and judges the
/// report it returns, so a test can hand it a fake with a known knee, and the runner hands it an
/// ``OpenLoopDriver`` run.
///
/// ```swift
/// let result = try await CapacitySearch().run { rate in
///     try await OpenLoopDriver(configuration: OpenLoopConfiguration(
///         schedule: .constant(rate: rate, duration: .seconds(10)))).run(against: target)
/// }
/// ```
public struct CapacitySearch: Sendable, Hashable {
    /// The first rate probed, in requests per second.
    public var startRate: Double
    /// The factor between successive rates while stepping, above 1.
    public var growthFactor: Double
    /// The relative gap between the last pass and the first fail at which the search stops.
    public var tolerance: Double
    /// The most probes the search runs.
    public var maxProbes: Int
    /// The lowest rate probed when stepping down.
    public var minRate: Double
    /// The highest rate probed when stepping up.
    public var maxRate: Double
    /// What a probe must meet to pass.
    public var criteria: CapacityCriteria

    /// Creates a search.
    ///
    /// - Parameters:
    ///   - startRate: The first rate probed; 500 req/s by default.
    ///   - growthFactor: The factor between rates while stepping; 2 by default.
    ///   - tolerance: The relative gap at which bisection stops; 0.05 (5%) by default.
    ///   - maxProbes: The most probes run; 12 by default.
    ///   - minRate: The lowest rate probed; 1 req/s by default.
    ///   - maxRate: The highest rate probed; 1,000,000 req/s by default.
    ///   - criteria: What a probe must meet; P95 ≤ 25 ms and 99% success by default.
    public init(
        startRate: Double = 500,
        growthFactor: Double = 2,
        tolerance: Double = 0.05,
        maxProbes: Int = 12,
        minRate: Double = 1,
        maxRate: Double = 1_000_000,
        criteria: CapacityCriteria = .default
    ) {
        self.startRate = startRate
        self.growthFactor = growthFactor
        self.tolerance = tolerance
        self.maxProbes = maxProbes
        self.minRate = minRate
        self.maxRate = maxRate
        self.criteria = criteria
    }

    /// Checks that the search can make progress.
    ///
    /// - Throws: ``WorkloadsError`` with code `invalidCapacitySearch` naming the bad field.
    public func validate() throws(WorkloadsError) {
        func fail(_ message: String) -> WorkloadsError {
            WorkloadsError(code: .invalidCapacitySearch, message: "The capacity search's " + message)
        }
        guard minRate.isFinite, minRate >= 1 else { throw fail("minRate is \(minRate); it must be at least 1.") }
        guard maxRate.isFinite, maxRate >= minRate else {
            throw fail("maxRate is \(maxRate); it must be finite and at least minRate, \(minRate).")
        }
        guard startRate.isFinite, (minRate...maxRate).contains(startRate) else {
            throw fail("startRate is \(startRate); it must be from minRate (\(minRate)) to maxRate (\(maxRate)).")
        }
        guard growthFactor.isFinite, growthFactor > 1 else {
            throw fail("growthFactor is \(growthFactor); it must be above 1.")
        }
        guard tolerance.isFinite, tolerance > 0 else { throw fail("tolerance is \(tolerance); it must be above 0.") }
        guard maxProbes >= 1 else { throw fail("maxProbes is \(maxProbes); it must be at least 1.") }
        guard (0...1).contains(criteria.minSuccessRate) else {
            throw fail("minSuccessRate is \(criteria.minSuccessRate); it must be in 0...1.")
        }
    }

    /// Runs the search.
    ///
    /// Parameters that ``validate()`` would reject are brought to their nearest usable value
    /// rather than trapping: call `validate()` first to report them.
    ///
    /// - Parameters:
    ///   - onProbe: Called after each probe, for progress output.
    ///   - probe: Runs the target at a rate (requests per second) and returns the report.
    /// - Returns: The capacity and every probe.
    /// - Throws: Whatever `probe` throws; the search stops there.
    /// - Complexity: At most ``maxProbes`` calls of `probe`.
    public func run<Failure: Error>(
        onProbe: ((CapacityProbe) -> Void)? = nil,
        probe: (Double) async throws(Failure) -> DriverReport
    ) async throws(Failure) -> CapacitySearchResult {
        let minRate = minRate.isFinite ? Swift.max(1, minRate.rounded()) : 1
        let maxRate = maxRate.isFinite ? Swift.max(minRate, maxRate.rounded()) : minRate
        let growth = growthFactor.isFinite ? Swift.max(growthFactor, 1.01) : 2
        let tolerance = tolerance.isFinite ? Swift.max(tolerance, 1e-6) : 0.05
        let maxProbes = Swift.max(1, maxProbes)
        var probes: [CapacityProbe] = []
        var lastPass: Double?
        var firstFail: Double?

        func passes(_ rate: Double, _ phase: CapacityProbe.Phase) async throws(Failure) -> Bool {
            let report = try await probe(rate)
            let record = CapacityProbe(
                rate: rate,
                phase: phase,
                report: report,
                failureReasons: criteria.failures(of: report)
            )
            probes.append(record)
            onProbe?(record)
            return record.passed
        }

        var rate = startRate.isFinite ? Swift.min(Swift.max(startRate.rounded(), minRate), maxRate) : minRate
        if try await passes(rate, .stepUp) {
            lastPass = rate
            while probes.count < maxProbes, rate < maxRate {
                let next = Swift.min(Swift.max((rate * growth).rounded(), rate + 1), maxRate)
                if try await passes(next, .stepUp) {
                    lastPass = next
                    rate = next
                } else {
                    firstFail = next
                    break
                }
            }
        } else {
            firstFail = rate
            while probes.count < maxProbes, rate > minRate {
                let next = Swift.max(Swift.min((rate / growth).rounded(), rate - 1), minRate)
                if try await passes(next, .stepDown) {
                    lastPass = next
                    break
                }
                firstFail = next
                rate = next
            }
        }

        while probes.count < maxProbes, let low = lastPass, let high = firstFail, (high - low) / low > tolerance {
            let middle = ((low + high) / 2).rounded()
            if middle <= low || middle >= high { break }
            if try await passes(middle, .bisect) { lastPass = middle } else { firstFail = middle }
        }

        let stopReason: CapacitySearchResult.StopReason
        if let low = lastPass {
            if let high = firstFail {
                stopReason = (high - low) / low <= tolerance || high - low <= 1 ? .converged : .probeLimit
            } else {
                stopReason = low >= maxRate ? .reachedMaxRate : .probeLimit
            }
        } else {
            stopReason = rate <= minRate ? .noPassingRate : .probeLimit
        }
        return CapacitySearchResult(
            capacity: lastPass,
            firstFailingRate: firstFail,
            probes: probes,
            stopReason: stopReason
        )
    }
}
