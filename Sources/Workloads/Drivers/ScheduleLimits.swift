public import PerfMonitor

/// The limits within which an open-loop driver is taken to have held its schedule.
///
/// Past them the run is marked invalid (``RunValidity``): the load it offered was late or short,
/// so the target was not measured at the intended rate.
public struct ScheduleLimits: Sendable, Hashable {
    /// The highest acceptable 99th percentile of schedule lag (actual send − intended send).
    public var maxLagP99: Duration
    /// The smallest acceptable fraction of offered arrivals that were sent, in `0 ... 1`.
    public var minSentFraction: Double

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxLagP99: The highest acceptable P99 schedule lag; 10 ms by default.
    ///   - minSentFraction: The smallest acceptable fraction of arrivals sent; 0.99 by default.
    public init(maxLagP99: Duration = .milliseconds(10), minSentFraction: Double = 0.99) {
        self.maxLagP99 = maxLagP99
        self.minSentFraction = minSentFraction
    }

    /// The default limits: P99 lag at most 10 ms, at least 99% of arrivals sent.
    public static let `default` = ScheduleLimits()

    /// Judges a run against the limits.
    ///
    /// - Parameters:
    ///   - offered: The arrivals the schedule offered.
    ///   - sent: The arrivals actually sent.
    ///   - lag: The schedule-lag histogram of the sent arrivals.
    /// - Returns: `.valid`, or `.invalid` with one sentence per limit missed.
    /// - Complexity: O(histogram buckets).
    public func validity(offered: Int, sent: Int, lag: HistogramSnapshot) -> RunValidity {
        var reasons: [String] = []
        let lagP99 = lag.percentile(0.99)
        if !lag.isEmpty, lagP99 > maxLagP99 {
            reasons.append(
                "The driver's schedule lag P99 was \(Self.milliseconds(lagP99)) ms, above the "
                    + "\(Self.milliseconds(maxLagP99)) ms limit: it could not send on time."
            )
        }
        if offered > 0 {
            let fraction = Double(sent) / Double(offered)
            if fraction < minSentFraction {
                reasons.append(
                    "Only \(sent) of \(offered) arrivals (\(Self.percent(fraction))%) were sent, fewer than "
                        + "the \(Self.percent(minSentFraction))% required."
                )
            }
        }
        return reasons.isEmpty ? .valid : .invalid(reasons: reasons)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let value = duration.seconds * 1000
        return String((value * 100).rounded() / 100)
    }

    private static func percent(_ fraction: Double) -> String {
        String((fraction * 1000).rounded() / 10)
    }
}

/// Whether a run measured what it meant to: a run whose driver could not hold the schedule
/// offered less load than intended, so its figures must not be compared or gated on.
public enum RunValidity: Sendable, Hashable, CustomStringConvertible {
    /// The driver held the schedule.
    case valid
    /// The driver could not hold the schedule; each reason is one sentence.
    case invalid(reasons: [String])

    /// Whether the run is valid.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The reasons joined into one line, or `nil` when valid.
    public var reason: String? {
        if case .invalid(let reasons) = self { return reasons.joined(separator: " ") }
        return nil
    }

    /// `valid`, or `invalid: ` and the reasons.
    public var description: String {
        reason.map { "invalid: " + $0 } ?? "valid"
    }
}
