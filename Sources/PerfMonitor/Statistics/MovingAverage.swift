/// A simple moving average over the last `length` values.
public struct SimpleMovingAverage: Sendable, Equatable {
    /// How many values the average covers.
    public let length: Int
    private var values: [Double] = []
    private var next = 0
    private var sum = 0.0

    /// Creates an empty average over `length` values (at least 1).
    public init(length: Int) {
        self.length = max(1, length)
        values.reserveCapacity(self.length)
    }

    /// Adds a value; a non-finite value is ignored.
    public mutating func add(_ value: Double) {
        guard value.isFinite else { return }
        if values.count < length {
            values.append(value)
        } else {
            sum -= values[next]
            values[next] = value
        }
        sum += value
        next = (next + 1) % length
    }

    /// The average of the values held, or nil before the first.
    public var value: Double? { values.isEmpty ? nil : sum / Double(values.count) }
}

/// An exponentially weighted moving average and variance (West's incremental form).
public struct ExponentialMovingAverage: Sendable, Equatable {
    /// The weight of a new value, in `(0, 1]`.
    public let alpha: Double
    /// The number of values seen.
    public private(set) var count = 0
    /// The current average, or nil before the first value.
    public private(set) var mean: Double?
    /// The exponentially weighted variance.
    public private(set) var variance = 0.0

    /// Creates an average with weight `alpha` (clamped to `0.001...1`).
    public init(alpha: Double) {
        self.alpha = alpha.isFinite ? min(max(alpha, 0.001), 1) : 0.3
    }

    /// The standard deviation, the square root of ``variance``.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Adds a value; a non-finite value is ignored.
    public mutating func add(_ value: Double) {
        guard value.isFinite else { return }
        count += 1
        guard let current = mean else {
            mean = value
            return
        }
        let difference = value - current
        let increment = alpha * difference
        mean = current + increment
        variance = (1 - alpha) * (variance + difference * increment)
    }
}
