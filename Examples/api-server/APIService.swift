import PerfHTTP
import PerfMonitor
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The example service: three API endpoints that do deterministic work, each request recorded
/// in a ``StreamPerformanceMonitor`` under its operation, and the monitor's own endpoints.
///
/// | route | operation | answers |
/// |---|---|---|
/// | `GET /api/dashboard` | `dashboard` | JSON figures, about 0.2 ms of work |
/// | `POST /api/reports/generate` | `report` | JSON report for the body's `user_id`, about 1.5 ms; 400 without it |
/// | `GET /api/stream?messages=N` | `stream` | N JSON messages, one a line (`application/x-ndjson`); 1 to 1000, 10 by default |
/// | `GET /metrics`, `/summary`, `/history`, `/healthz` | — | the monitor's, as ``MonitorHTTPEndpoint`` serves them |
///
/// A request's latency is the handler's time, from the parsed request to the built response; a
/// request counts as failed when its status is 500 or above (a 400 is the client's mistake).
/// `/api/stream` builds its messages before it answers, and records the whole answer as one
/// stream session besides the request.
final class APIService: Sendable {
    /// The operations the monitor declares, one per API endpoint.
    static let operations = ["dashboard", "report", "stream"]
    /// The most messages one `/api/stream` request may ask for.
    static let maximumMessages = 1000

    /// The monitor every request is recorded in.
    let monitor: StreamPerformanceMonitor
    private let streams = Atomic<Int>(0)

    /// Creates the service with a monitor that declares ``operations``.
    init() {
        var configuration = MonitoringConfiguration()
        configuration.operations = Self.operations
        monitor = StreamPerformanceMonitor(configuration: configuration)
    }

    /// The routes: the API, then the monitor's `/metrics`, `/summary`, `/history` and `/healthz`.
    func routes() -> HTTPRoutes {
        var routes = HTTPRoutes()
        routes.add("GET", "/api/dashboard", handler: recorded("dashboard", dashboard))
        routes.add("POST", "/api/reports/generate", handler: recorded("report", report))
        routes.add("GET", "/api/stream", handler: recorded("stream", stream))
        routes.addMonitorEndpoints(for: monitor)
        return routes
    }

    /// A handler that records each request's latency and outcome under `name`.
    private func recorded(
        _ name: String,
        _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) -> HTTPRoutes.Handler {
        let monitor = monitor
        // Resolved once: the handle records without hashing the name.
        let operation = monitor.operation(named: name)
        return { request in
            let started = ContinuousClock.now
            let response = handler(request)
            let latency = ContinuousClock.now - started
            let succeeded = response.status.code < 500
            if let operation {
                monitor.recordRequest(latency: latency, succeeded: succeeded, operation: operation)
            } else {
                monitor.recordRequest(latency: latency, succeeded: succeeded)
            }
            return response
        }
    }

    /// `GET /api/dashboard`: a few figures over a fixed set of synthetic orders.
    private func dashboard(_ request: HTTPRequest) -> HTTPResponse {
        let figures = Workload.figures(iterations: Workload.dashboardWorkIterations, seed: 1)
        return Self.json(
            Dashboard(
                orders: figures.orders,
                revenue: Double(figures.revenueCents) / 100,
                averageOrder: figures.orders > 0 ? Double(figures.revenueCents) / 100 / Double(figures.orders) : 0,
                largeOrderShare: figures.orders > 0 ? Double(figures.largeOrders) / Double(figures.orders) : 0,
                checksum: String(figures.checksum, radix: 16)
            )
        )
    }

    /// `POST /api/reports/generate`: a report for the body's `user_id`, or 400.
    private func report(_ request: HTTPRequest) -> HTTPResponse {
        guard let asked = try? JSONDecoder().decode(ReportRequest.self, from: Data(request.body)),
            !asked.userID.isEmpty
        else {
            return .json(
                #"{"error": "The body must be a JSON object with a non-empty string \"user_id\"."}"# + "\n",
                status: .badRequest
            )
        }
        let figures = Workload.figures(
            iterations: Workload.reportWorkIterations,
            seed: Workload.seed(for: asked.userID)
        )
        return Self.json(
            Report(
                userID: asked.userID,
                orders: figures.orders,
                revenue: Double(figures.revenueCents) / 100,
                largeOrders: figures.largeOrders,
                checksum: String(figures.checksum, radix: 16)
            )
        )
    }

    /// `GET /api/stream?messages=N`: N messages, one JSON object a line; 400 for a count out of range.
    private func stream(_ request: HTTPRequest) -> HTTPResponse {
        let started = ContinuousClock.now
        let count = request.queryItems["messages"].map { Int($0) ?? 0 } ?? 10
        guard (1...Self.maximumMessages).contains(count) else {
            return .json(
                #"{"error": "'messages' must be a whole number from 1 to \#(Self.maximumMessages)."}"# + "\n",
                status: .badRequest
            )
        }
        var body: [UInt8] = []
        for sequence in 0..<count {
            let figures = Workload.figures(
                iterations: Workload.streamWorkIterationsPerMessage,
                seed: UInt64(sequence)
            )
            body += Array(#"{"sequence": \#(sequence), "value": \#(figures.revenueCents)}"#.utf8)
            body.append(UInt8(ascii: "\n"))
        }
        let number = streams.wrappingAdd(1, ordering: .relaxed).newValue
        monitor.recordStreamSession(
            connectionID: "stream-\(number)",
            messageCount: count,
            duration: ContinuousClock.now - started,
            bytesProcessed: body.count
        )
        return HTTPResponse(
            status: .ok,
            headers: [HTTPHeader("Content-Type", "application/x-ndjson")],
            body: body
        )
    }

    /// A JSON response with the value's keys sorted.
    private static func json(_ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else {
            return .error(.internalServerError, "The response could not be encoded.")
        }
        return HTTPResponse(
            status: .ok,
            headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(data) + [UInt8(ascii: "\n")]
        )
    }
}

/// The body of `POST /api/reports/generate`.
struct ReportRequest: Decodable {
    /// Whose report to make.
    var userID: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
    }
}

/// The answer of `GET /api/dashboard`.
struct Dashboard: Encodable {
    var orders: Int
    var revenue: Double
    var averageOrder: Double
    var largeOrderShare: Double
    var checksum: String
}

/// The answer of `POST /api/reports/generate`.
struct Report: Encodable {
    var userID: String
    var orders: Int
    var revenue: Double
    var largeOrders: Int
    var checksum: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case orders, revenue, largeOrders, checksum
    }
}
