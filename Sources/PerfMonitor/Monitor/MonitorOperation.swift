import Synchronization

/// A handle to one of the operations a ``StreamPerformanceMonitor`` was configured with, resolved
/// once so that recording under it costs no string hashing.
///
/// Get one from ``StreamPerformanceMonitor/operation(named:)`` when the service starts and keep
/// it; pass it to ``StreamPerformanceMonitor/recordRequest(latency:succeeded:operation:)`` for
/// every request of that operation. A handle belongs to the monitor that made it: another
/// monitor counts it as an undeclared operation (the request still counts in its total).
///
/// Operation names follow ``isValidName(_:)``, and a monitor keeps at most ``maximumCount`` of
/// them (see ``MonitoringConfiguration/operations``).
///
/// ```swift
/// var configuration = MonitoringConfiguration()
/// configuration.operations = ["dashboard", "report"]
/// let monitor = StreamPerformanceMonitor(configuration: configuration)
/// let report = monitor.operation(named: "report")!
/// monitor.recordRequest(latency: .milliseconds(40), succeeded: true, operation: report)
/// ```
public struct MonitorOperation: Sendable, Hashable, CustomStringConvertible {
    /// The most operations one monitor keeps apart (32): the Prometheus series, the memory (one
    /// ``LatencyHistogram`` of about 55 KiB each) and the exposition time all grow with them.
    public static let maximumCount = 32

    /// The operation's name, as declared.
    public let name: String
    /// The operation's position among the monitor's declared operations, from 0.
    public let index: Int
    /// The identity of the monitor that resolved the handle.
    let monitorID: UInt64

    init(name: String, index: Int, monitorID: UInt64) {
        self.name = name
        self.index = index
        self.monitorID = monitorID
    }

    public var description: String { name }

    /// Whether a name can name an operation: not empty, and only ASCII letters, digits, `_`, `.`
    /// and `-`, so that it needs no escaping as a Prometheus label value or a metric identifier.
    ///
    /// - Parameter name: The name to check.
    /// - Complexity: O(name length).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
                    true
                default:
                    false
                }
            }
    }

    /// The source of monitor identities: each monitor takes the next one, so a handle made by one
    /// monitor is never mistaken for another's.
    static let nextMonitorID = Atomic<UInt64>(1)
}
