import PerfMonitor

/// Which named operation each request of a run is, drawn by weight: `dashboard 3, report 1`
/// makes three dashboards for every report, on average.
///
/// Drivers (``OpenLoopConfiguration/operations``, ``ClosedLoopConfiguration/operations``) draw
/// one operation per request from a ``SeededGenerator`` stream of their own, so the same seed
/// gives the same sequence of operations, and adding a mix leaves every key and payload size of
/// a run as it was. The request carries the name in ``LoadRequest/operation``, and the report
/// counts requests and failures per operation (``DriverReport/operations``).
///
/// The rules (``validate(field:)``) match the monitor's, so a mix can be declared to a
/// `StreamPerformanceMonitor` as it is: at least one and at most
/// `MonitorOperation.maximumCount` (32) operations, names valid by
/// `MonitorOperation.isValidName(_:)` and not repeated, weights from 1 to ``maximumWeight``.
///
/// ```swift
/// let mix = OperationMix(["dashboard": 3, "report": 1])
/// var generator = SeededGenerator(seed: 7)
/// let operation = mix.nextOperation(using: &generator)  // "dashboard" or "report"
/// ```
public struct OperationMix: Sendable, Hashable, CustomStringConvertible {
    /// One operation and its weight.
    public struct Entry: Sendable, Hashable {
        /// The operation's name.
        public var name: String
        /// Its weight relative to the others' (not a percentage).
        public var weight: Int

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - name: The operation's name.
        ///   - weight: Its weight relative to the others'.
        public init(name: String, weight: Int) {
            self.name = name
            self.weight = weight
        }
    }

    /// The largest weight one operation may have (1,000,000).
    public static let maximumWeight = 1_000_000

    /// The operations and their weights, in the order given.
    public let entries: [Entry]
    /// For each entry, the sum of the weights up to and including it (weights outside
    /// `1...maximumWeight` count as 0, so an invalid mix never overflows).
    private let cumulativeWeights: [UInt64]

    /// Creates a mix from operations and their weights, in the order given (repeats are kept, so
    /// that ``validate(field:)`` can name them).
    ///
    /// - Parameter entries: The operations and their weights.
    public init(entries: [Entry]) {
        self.entries = entries
        var total: UInt64 = 0
        cumulativeWeights = entries.map { entry in
            if (1...Self.maximumWeight).contains(entry.weight) { total += UInt64(entry.weight) }
            return total
        }
    }

    /// Creates a mix from a literal list of names and weights, such as `["dashboard": 3, "report": 1]`.
    ///
    /// - Parameter weights: The operations and their weights, in order.
    public init(_ weights: KeyValuePairs<String, Int>) {
        self.init(entries: weights.map { Entry(name: $0.key, weight: $0.value) })
    }

    /// The operations' names, in the order given.
    public var names: [String] { entries.map(\.name) }

    /// The sum of the weights.
    public var totalWeight: Int { Int(cumulativeWeights.last ?? 0) }

    /// The share of requests each operation gets on average: its weight over the total.
    ///
    /// - Parameter index: The operation's position in ``entries``.
    /// - Returns: A fraction in `0...1`; 0 for a position outside the mix.
    public func expectedShare(ofOperationAt index: Int) -> Double {
        guard entries.indices.contains(index), totalWeight > 0 else { return 0 }
        let previous = index > 0 ? cumulativeWeights[index - 1] : 0
        return Double(cumulativeWeights[index] - previous) / Double(totalWeight)
    }

    /// Checks the mix: 1 to 32 operations, valid names without repeats, weights from 1 to
    /// ``maximumWeight``.
    ///
    /// - Parameter field: The field path to name in the error, such as `workload.operations`.
    /// - Throws: ``WorkloadsError`` with code `invalidOperations` naming the first bad entry.
    public func validate(field: String = "operations") throws(WorkloadsError) {
        if entries.isEmpty {
            throw Self.invalid("\(field) is empty; name at least one operation with a weight, such as report: 1.")
        }
        if entries.count > MonitorOperation.maximumCount {
            throw Self.invalid(
                "\(field) has \(entries.count) operations; at most \(MonitorOperation.maximumCount) are allowed."
            )
        }
        var seen: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            if !MonitorOperation.isValidName(entry.name) {
                throw Self.invalid(
                    "\(field)[\(index)] name '\(entry.name)' must be ASCII letters, digits, '_', '.' and '-', "
                        + "and not empty."
                )
            }
            if let first = seen[entry.name] {
                throw Self.invalid("\(field)[\(index)] name '\(entry.name)' repeats \(field)[\(first)].")
            }
            seen[entry.name] = index
            if !(1...Self.maximumWeight).contains(entry.weight) {
                throw Self.invalid(
                    "\(field)[\(index)] '\(entry.name)' has weight \(entry.weight); it must be from 1 to "
                        + "\(Self.maximumWeight)."
                )
            }
        }
    }

    /// Draws the position of the next request's operation in ``entries``.
    ///
    /// One uniform draw below the total weight (without modulo bias), then the first entry whose
    /// cumulative weight exceeds it. A mix with no valid weight always gives 0.
    ///
    /// - Parameter generator: The source of randomness; a ``SeededGenerator`` for reproducible runs.
    /// - Complexity: O(log operations).
    public func nextIndex(using generator: inout some RandomNumberGenerator) -> Int {
        guard let total = cumulativeWeights.last, total > 0 else { return 0 }
        let draw = generator.next(below: total)
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if draw < cumulativeWeights[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Draws the next request's operation.
    ///
    /// - Parameter generator: The source of randomness; a ``SeededGenerator`` for reproducible runs.
    /// - Returns: An operation's name; an empty string for an empty mix.
    /// - Complexity: O(log operations).
    public func nextOperation(using generator: inout some RandomNumberGenerator) -> String {
        let index = nextIndex(using: &generator)
        return entries.indices.contains(index) ? entries[index].name : ""
    }

    /// The stream a sender's operations are drawn from, apart from its keys and payload sizes
    /// (which use `stream` itself).
    ///
    /// - Parameter stream: The sender's stream: 0 for the open-loop sender, `i + 1` for
    ///   closed-loop connection `i`.
    static func operationStream(forSenderStream stream: UInt64) -> UInt64 {
        stream | 0x4000_0000_0000_0000
    }

    /// The mix in words, such as `dashboard 3, report 1`.
    public var description: String {
        entries.map { "\($0.name) \($0.weight)" }.joined(separator: ", ")
    }

    private static func invalid(_ message: String) -> WorkloadsError {
        WorkloadsError(code: .invalidOperations, message: "The operation mix is invalid: " + message)
    }
}
