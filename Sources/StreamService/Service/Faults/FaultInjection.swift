/// Faults to inject into the service, to check that the measurement sees them: a slowdown (for the whole run or a
/// window of it), a stall and an error rate.
///
/// A benchmark that cannot see a 20 % slowdown or a 300 ms stall cannot guard against one; run a suite with a fault
/// and check that the comparison flags it. Out-of-range values are clamped: a negative or non-finite slowdown counts
/// as 0, the error rate is clamped to `0...1`.
///
/// ```swift
/// let faults = FaultInjection(
///     slowdownPercent: 20,
///     stall: FaultInjection.Stall(start: .seconds(5), length: .milliseconds(300)),
///     errorRate: 0.01
/// )
/// ```
public struct FaultInjection: Sendable, Equatable {
    /// Extra CPU work per message, in percent of its normal work: 20 repeats a fifth of each message's transform
    /// passes and mixing iterations (backend iterations included on a cache miss).
    public var slowdownPercent: Double
    /// When the slowdown begins, measured from ``StreamingService/start()`` (zero: from the start).
    public var slowdownStart: Duration
    /// How long the slowdown lasts, or `nil` for the rest of the run.
    public var slowdownLength: Duration?
    /// A pause of every worker, or `nil` for none.
    public var stall: Stall?
    /// The fraction of messages that fail with ``ServiceFailureKind/injected`` after their normal work, in `0...1`.
    ///
    /// Which messages fail is fixed by the service's seed and each message's sequence number, so it does not depend
    /// on which worker runs them: the same seed fails the same messages.
    public var errorRate: Double

    /// No fault.
    public static let none = FaultInjection()

    /// Creates a set of faults.
    ///
    /// - Parameters:
    ///   - slowdownPercent: Extra CPU work per message, in percent of its normal work.
    ///   - slowdownStart: When the slowdown begins, measured from ``StreamingService/start()`` (zero by default).
    ///   - slowdownLength: How long it lasts; `nil` (the default) for the rest of the run.
    ///   - stall: A pause of every worker, or `nil`.
    ///   - errorRate: The fraction of messages that fail with ``ServiceFailureKind/injected``.
    public init(
        slowdownPercent: Double = 0,
        slowdownStart: Duration = .zero,
        slowdownLength: Duration? = nil,
        stall: Stall? = nil,
        errorRate: Double = 0
    ) {
        self.slowdownPercent = slowdownPercent
        self.slowdownStart = slowdownStart
        self.slowdownLength = slowdownLength
        self.stall = stall
        self.errorRate = errorRate
    }

    /// The slowdown as a fraction of the normal work, at least 0.
    var slowdownFraction: Double {
        slowdownPercent.isFinite ? max(0, slowdownPercent) / 100 : 0
    }

    /// Whether the slowdown window has a start or an end, so the time decides whether it applies.
    var hasSlowdownWindow: Bool {
        slowdownStart > .zero || slowdownLength != nil
    }

    /// The slowdown in force at a time since the service started, as a fraction of the normal work: ``slowdownFraction``
    /// inside `slowdownStart ..< slowdownStart + slowdownLength`, 0 outside.
    ///
    /// - Parameter elapsed: Time since ``StreamingService/start()``.
    func slowdownFraction(at elapsed: Duration) -> Double {
        guard elapsed >= slowdownStart else { return 0 }
        if let slowdownLength, elapsed >= slowdownStart + slowdownLength { return 0 }
        return slowdownFraction
    }

    /// The error rate within `0...1`; NaN counts as 0.
    var clampedErrorRate: Double {
        errorRate.isNaN ? 0 : min(max(errorRate, 0), 1)
    }
}

extension FaultInjection {
    /// A pause of every worker: from ``start`` after the service started, for ``length``, no worker begins a
    /// message, the way a garbage-collection pause or a blocked dependency would freeze a real service.
    ///
    /// Messages keep arriving and queueing during the stall; their latency, measured from their intended start,
    /// shows the pause in full.
    public struct Stall: Sendable, Equatable {
        /// When the stall begins, measured from ``StreamingService/start()``.
        public var start: Duration
        /// How long the stall lasts.
        public var length: Duration

        /// Creates a stall.
        ///
        /// - Parameters:
        ///   - start: When the stall begins, measured from ``StreamingService/start()``.
        ///   - length: How long it lasts.
        public init(start: Duration, length: Duration) {
            self.start = start
            self.length = length
        }
    }
}

/// Random draws tied to a message rather than to a thread: each is a hash of the service's seed, the message's
/// sequence number and the purpose of the draw.
///
/// Workers take messages in an order the scheduler decides, so a generator shared by a worker would fail different
/// messages on every run. A counter-based draw does not care who asks: the same seed and sequence give the same
/// draw.
enum MessageDraw {
    /// What a draw is for; each purpose gets an independent stream.
    enum Purpose: UInt64 {
        /// Whether the error-rate fault fails the message.
        case injectedError = 0x0E77
        /// The backend latency of a cache miss.
        case backendLatency = 0xBAC0
    }

    /// A uniform draw in `0..<1` for one message and purpose.
    ///
    /// - Parameters:
    ///   - seed: The service's seed.
    ///   - sequence: The message's sequence number.
    ///   - purpose: What the draw is for.
    /// - Returns: A number in `0..<1` with 53 random bits.
    static func unit(seed: UInt64, sequence: UInt64, purpose: Purpose) -> Double {
        var state = seed ^ PayloadWork.scramble(purpose.rawValue)
        state &+= sequence &* 0xD1B5_4A32_D192_ED03
        let bits = PayloadWork.splitMix(&state)
        return Double(bits >> 11) * 0x1.0p-53
    }
}
