public import PerfHTTP
public import PerfMonitor
public import Workloads

/// Puts an HTTP service behind the load drivers' `LoadTarget`: each request fills a template
/// and goes out through an ``HTTPClient``.
///
/// PerfHTTP knows nothing of the workloads (a service embedding the monitor endpoint does not pull
/// them in), and the workloads nothing of HTTP; this adapter is where they meet. A request's
/// `key`, `sequence` and `payloadSize` fill the template's `{key}`, `{seq}` and `{payload}`.
///
/// Outcomes: 2xx and 3xx are `.success`; everything else is `.failure(kind:)` with one of the
/// kinds in ``FailureKind``: `4xx`, `5xx`, `refused`, `timeout`, `reset`, `protocol`,
/// `dropped` (not sent: the client's in-flight cap was reached), `connect` and `shutdown`.
/// Latency is the driver's to measure, from each request's intended start, so time a request
/// spends waiting for a free connection counts.
///
/// Several named templates can share one target (a weighted mix of operations): `choose` picks
/// the index of the operation for each request.
///
/// ```swift
/// let client = try HTTPClient(url: "http://127.0.0.1:8080")
/// let target = HTTPLoadTarget(client: client,
///                             template: try HTTPRequestTemplate(path: "/items/{key}"))
/// let report = try await OpenLoopDriver(configuration: configuration).run(against: target)
/// ```
public struct HTTPLoadTarget: ScheduledLoadTarget {
    /// The failure kinds the target reports, as `LoadOutcome.failure(kind:)` names them.
    public enum FailureKind {
        /// The server answered 4xx.
        public static let clientError = "4xx"
        /// The server answered 5xx (or 1xx as a final answer, which HTTP does not allow).
        public static let serverError = "5xx"
        /// Nothing accepted the connection.
        public static let refused = "refused"
        /// The connect, read or request timeout passed.
        public static let timeout = "timeout"
        /// The connection was reset, or closed before any of the response came.
        public static let reset = "reset"
        /// The response was garbage, too large in its head, wrongly framed, or cut short.
        public static let malformed = "protocol"
        /// Not sent: the client's cap on requests in flight was reached.
        public static let dropped = "dropped"
        /// The connection could not be made for another reason (no route, no descriptors).
        public static let connect = "connect"
        /// The client was shut down before the request finished.
        public static let shutdown = "shutdown"
        /// `choose` returned an index that names no operation.
        public static let unknownOperation = "unknown_operation"
    }

    /// One named request template of a mix.
    public struct Operation: Sendable {
        /// The operation's name, such as `read` or `report`.
        public var name: String
        /// The request it sends.
        public var template: HTTPRequestTemplate

        /// Creates an operation.
        ///
        /// - Parameters:
        ///   - name: The operation's name.
        ///   - template: The request it sends.
        public init(name: String, template: HTTPRequestTemplate) {
            self.name = name
            self.template = template
        }
    }

    /// The client requests go through.
    public let client: HTTPClient
    /// The operations, in the order `choose` indexes them.
    public let operations: [Operation]
    private let choose: @Sendable (LoadRequest) -> Int
    /// The monitor every completed request is recorded in, from its intended start, under its
    /// operation when the monitor declares it; nil records nothing.
    public private(set) var monitor: StreamPerformanceMonitor?
    private var monitorOperations: [MonitorOperation?] = []

    /// A target that sends one template for every request.
    ///
    /// - Parameters:
    ///   - client: The client requests go through.
    ///   - template: The request to send.
    public init(client: HTTPClient, template: HTTPRequestTemplate) {
        self.init(client: client, operations: [Operation(name: "request", template: template)]) { _ in 0 }
    }

    /// A target that sends one of several named templates for each request.
    ///
    /// - Parameters:
    ///   - client: The client requests go through.
    ///   - operations: The operations.
    ///   - choose: The index in `operations` of the operation to send for a request; an index out
    ///     of range fails the request as ``FailureKind/unknownOperation``. Called on the driver's
    ///     sender thread, so keep it quick.
    public init(
        client: HTTPClient,
        operations: [Operation],
        choose: @escaping @Sendable (LoadRequest) -> Int
    ) {
        self.client = client
        self.operations = operations
        self.choose = choose
    }

    /// A target for a weighted mix of named operations: each request is sent as the operation its
    /// ``LoadRequest/operation`` names (the first, when it names none), and recorded in `monitor`.
    ///
    /// - Parameters:
    ///   - client: The client to send with.
    ///   - operations: The operations, by name.
    ///   - monitor: The monitor to record every request in; declare the operations' names in its
    ///     configuration to get per-operation figures.
    public init(client: HTTPClient, operations: [Operation], monitor: StreamPerformanceMonitor?) {
        let index = Dictionary(operations.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.init(client: client, operations: operations) { request in
            request.operation.map { index[$0] ?? -1 } ?? 0
        }
        self.monitor = monitor
        monitorOperations = operations.map { monitor?.operation(named: $0.name) }
    }

    /// Fills the chosen operation's template from the request and sends it through the client;
    /// returns at once (see ``HTTPClient/send(_:completion:)``).
    ///
    /// - Parameters:
    ///   - request: The driver's request: its key, sequence and payload size fill the template.
    ///   - completion: Called once with the outcome, on the client's I/O thread or inline.
    public func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        guard let (index, httpRequest) = prepare(request) else {
            completion(.failure(kind: FailureKind.unknownOperation))
            return
        }
        let record = recorder(for: request, operationAt: index)
        client.send(httpRequest) { result in completion(record(result)) }
    }

    /// Fills the chosen operation's template from the request and hands it to the client to be
    /// sent at the request's intended start (see ``HTTPClient/send(_:at:completion:)``); returns
    /// at once. The open-loop driver uses this, so that the client's I/O thread keeps the
    /// schedule and no thread spins.
    ///
    /// - Parameters:
    ///   - request: The driver's request.
    ///   - completion: Called once with the outcome, when the client took the request up and
    ///     when the response arrived (``HTTPClientResponse/receivedAt``).
    public func send(
        scheduled request: LoadRequest,
        completion: @escaping @Sendable (LoadOutcome, ScheduledTimes) -> Void
    ) {
        guard let (index, httpRequest) = prepare(request) else {
            completion(.failure(kind: FailureKind.unknownOperation), ScheduledTimes(takenUp: .now))
            return
        }
        let record = recorder(for: request, operationAt: index)
        client.send(httpRequest, at: request.intendedStart) { result, takenUp in
            completion(record(result), ScheduledTimes(takenUp: takenUp, answered: Self.receivedAt(result)))
        }
    }

    /// When a response arrived; nil for a failure (its latency ends when it is reported).
    private static func receivedAt(_ result: Result<HTTPClientResponse, PerfHTTPError>) -> ContinuousClock.Instant? {
        guard case .success(let response) = result else { return nil }
        return response.receivedAt
    }

    /// The chosen operation's index and its filled template, or nil for an index out of range.
    private func prepare(_ request: LoadRequest) -> (Int, HTTPClientRequest)? {
        let index = choose(request)
        guard operations.indices.contains(index) else { return nil }
        let httpRequest = operations[index].template.request(
            key: request.key,
            sequence: request.sequence,
            payloadSize: request.payloadSize
        )
        return (index, httpRequest)
    }

    /// What turns a client result into an outcome, recording it in the monitor (when there is one)
    /// from the request's intended start.
    private func recorder(
        for request: LoadRequest,
        operationAt index: Int
    ) -> @Sendable (Result<HTTPClientResponse, PerfHTTPError>) -> LoadOutcome {
        guard let monitor else { return Self.outcome(of:) }
        let operation = monitorOperations.indices.contains(index) ? monitorOperations[index] : nil
        let intendedStart = request.intendedStart
        return { result in
            let outcome = Self.outcome(of: result)
            let latency = intendedStart.duration(to: Self.receivedAt(result) ?? .now)
            if case .failure(let kind) = outcome, kind == FailureKind.dropped {
                // Never sent: a failure, but no latency (it would pull the percentiles down).
                monitor.recordError(kind: kind)
                return outcome
            }
            if let operation {
                monitor.recordRequest(latency: latency, succeeded: outcome.isSuccess, operation: operation)
            } else {
                monitor.recordRequest(latency: latency, succeeded: outcome.isSuccess)
            }
            if case .failure(let kind) = outcome { monitor.recordError(kind: kind) }
            return outcome
        }
    }

    /// The load outcome of a client result: success for 2xx and 3xx, the failure kind otherwise.
    ///
    /// - Parameter result: What the client answered.
    /// - Returns: The outcome.
    public static func outcome(of result: Result<HTTPClientResponse, PerfHTTPError>) -> LoadOutcome {
        switch result {
        case .success(let response):
            switch response.statusCode {
            case 200..<400: return .success
            case 400..<500: return .failure(kind: FailureKind.clientError)
            default: return .failure(kind: FailureKind.serverError)
            }
        case .failure(let error):
            return .failure(kind: failureKind(of: error.code))
        }
    }

    /// The failure kind of a client error code.
    ///
    /// - Parameter code: The code of the client's error.
    /// - Returns: One of the kinds in ``FailureKind``.
    public static func failureKind(of code: PerfHTTPError.Code) -> String {
        switch code {
        case .connectionRefused: FailureKind.refused
        case .timedOut: FailureKind.timeout
        case .connectionReset: FailureKind.reset
        case .malformedResponse: FailureKind.malformed
        case .dropped: FailureKind.dropped
        case .clientShutDown: FailureKind.shutdown
        default: FailureKind.connect
        }
    }
}
