/// A fixed-capacity ring buffer: appending past capacity drops the oldest element.
///
/// Storage is reserved up front, so a full buffer never reallocates.
public struct HistoryBuffer<Element: Sendable>: Sendable {
    /// The most elements held.
    public let capacity: Int
    private var storage: [Element] = []
    private var head = 0

    /// Creates an empty buffer.
    ///
    /// - Parameter capacity: The most elements held (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The number of elements held.
    public var count: Int { storage.count }

    /// Whether the buffer is empty.
    public var isEmpty: Bool { storage.isEmpty }

    /// Appends an element, dropping the oldest when full.
    public mutating func append(_ element: Element) {
        if storage.count < capacity {
            if storage.isEmpty { storage.reserveCapacity(Swift.min(capacity, 4096)) }
            storage.append(element)
        } else {
            storage[head] = element
            head = (head + 1) % capacity
        }
    }

    /// The oldest element.
    public var first: Element? {
        guard !storage.isEmpty else { return nil }
        return storage[head]
    }

    /// The newest element.
    public var last: Element? {
        guard !storage.isEmpty else { return nil }
        return storage[(head + storage.count - 1) % storage.count]
    }

    /// The elements, oldest first.
    ///
    /// - Complexity: O(n).
    public var elements: [Element] { suffix(storage.count) }

    /// The newest `n` elements, oldest first.
    ///
    /// - Complexity: O(n).
    public func suffix(_ n: Int) -> [Element] {
        let taken = Swift.max(0, Swift.min(n, storage.count))
        var result: [Element] = []
        result.reserveCapacity(taken)
        for offset in (storage.count - taken)..<storage.count {
            result.append(storage[(head + offset) % storage.count])
        }
        return result
    }
}

/// One collection interval of the monitor's history.
public struct HistoryPoint: Sendable, Equatable {
    /// The end of the interval.
    public var at: MonitorInstant
    /// Requests per second over the interval.
    public var requestsPerSecond: Double
    /// Mean latency over the interval, in milliseconds.
    public var meanLatencyMs: Double
    /// 95th percentile latency over the interval, in milliseconds.
    public var p95LatencyMs: Double
    /// Memory in use at the end of the interval, in bytes (the reported figure, else RSS; 0 if unknown).
    public var memoryBytes: Double
    /// Active connections at the end of the interval.
    public var activeConnections: Int
    /// Failed requests / all requests over the interval (0 when there were none).
    public var errorRate: Double
}
