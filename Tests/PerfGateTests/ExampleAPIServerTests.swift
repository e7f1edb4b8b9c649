import Foundation
import PerfHTTP
import Testing

@testable import PerfGate

/// The example service under `Examples/api-server` and its suite `Benchmarks/example-api.json`:
/// the built `example-api-server` is started as the suite runner starts it, through
/// ``ServiceProcess`` on a free port, and each endpoint is checked over HTTP.
@Suite(.serialized) struct ExampleAPIServerTests {
    /// The package's root folder, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The `example-api-server` built beside this test binary (`swift build --build-tests` and
    /// `swift test` build every product).
    static func executable() throws -> String {
        let testBinary = try #require(
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            "this test finds the example beside the test binary through /proc/self/exe"
        )
        let path = URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent(
            "example-api-server"
        ).path
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "'\(path)' is missing; build every product with 'swift build --build-tests' first"
        )
        return path
    }

    /// Starts the example on a free port, as a suite's `start` command would.
    static func startServer() async throws -> ServiceProcess {
        try await ServiceProcess.start(
            ServiceCommand(
                "exec '\(try executable())' --port {port}",
                readinessPath: "/healthz",
                readyTimeout: .seconds(120)
            )
        )
    }

    /// One request on a new connection, with `Connection: close`.
    static func request(
        _ method: String,
        _ path: String,
        body: String = "",
        port: Int
    ) async throws -> TestResponse {
        try await onOwnThread {
            let client = try TestHTTPClient(port: port, timeout: .seconds(60))
            var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            if !body.isEmpty || method == "POST" {
                head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            }
            try client.send(head + "\r\n" + body)
            return try client.readResponse()
        }
    }

    struct Dashboard: Decodable {
        var orders: Int
        var revenue: Double
        var averageOrder: Double
        var largeOrderShare: Double
        var checksum: String
    }

    struct Report: Decodable {
        var user_id: String
        var orders: Int
        var revenue: Double
    }

    struct Message: Decodable {
        var sequence: Int
        var value: Int
    }

    struct Summary: Decodable {
        struct Operation: Decodable {
            var totalRequests: Int
            var failedRequests: Int
        }
        var operations: [String: Operation]
    }

    @Test func eachEndpointAnswersWithItsShapeAndIsRecordedUnderItsOperation() async throws {
        let service = try await Self.startServer()
        defer { service.stop() }
        let port = service.port

        let dashboard = try await Self.request("GET", "/api/dashboard", port: port)
        #expect(dashboard.status == 200)
        #expect(dashboard.headers["content-type"] == "application/json")
        let figures = try JSONDecoder().decode(Dashboard.self, from: Data(dashboard.body.utf8))
        #expect(figures.orders > 0)
        #expect(figures.revenue > 0)
        // The work is deterministic: the same request gives the same figures.
        let again = try await Self.request("GET", "/api/dashboard", port: port)
        #expect(again.body == dashboard.body)

        let report = try await Self.request("POST", "/api/reports/generate", body: #"{"user_id": "u42"}"#, port: port)
        #expect(report.status == 200)
        let made = try JSONDecoder().decode(Report.self, from: Data(report.body.utf8))
        #expect(made.user_id == "u42")
        #expect(made.orders > figures.orders, "a report walks more orders than the dashboard")

        for body in [#"{"name": "u42"}"#, #"{"user_id": ""}"#, #"{"user_id": 42}"#, "not json", ""] {
            let refused = try await Self.request("POST", "/api/reports/generate", body: body, port: port)
            #expect(refused.status == 400, "\(body)")
            #expect(refused.body.contains("user_id"), "\(body)")
        }
        let wrongMethod = try await Self.request("GET", "/api/reports/generate", port: port)
        #expect(wrongMethod.status == 405)

        let stream = try await Self.request("GET", "/api/stream?messages=5", port: port)
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"] == "application/x-ndjson")
        let messages = try stream.body.split(separator: "\n").map {
            try JSONDecoder().decode(Message.self, from: Data($0.utf8))
        }
        #expect(messages.map(\.sequence) == [0, 1, 2, 3, 4])
        for count in ["0", "1001", "many"] {
            let refused = try await Self.request("GET", "/api/stream?messages=\(count)", port: port)
            #expect(refused.status == 400, "messages=\(count)")
        }

        // Every API request above was recorded under its operation: 2 dashboards, 6 reports (5
        // refused, which the client got wrong, so none failed), 4 streams.
        let metrics = try await Self.request("GET", "/metrics", port: port)
        #expect(metrics.status == 200)
        #expect(metrics.body.contains(#"perfgate_request_duration_seconds_bucket{operation="report",le="#))
        #expect(metrics.body.contains(#"perfgate_request_duration_seconds_count{operation="report"} 6"#))
        #expect(metrics.body.contains(#"perfgate_sessions_completed_total 1"#))
        let summary = try await Self.request("GET", "/summary", port: port)
        let operations = try JSONDecoder().decode(Summary.self, from: Data(summary.body.utf8)).operations
        #expect(operations.keys.sorted() == ["dashboard", "report", "stream"])
        #expect(operations["dashboard"]?.totalRequests == 2)
        #expect(operations["report"]?.totalRequests == 6)
        #expect(operations["report"]?.failedRequests == 0)
        #expect(operations["stream"]?.totalRequests == 4)
    }

    @Test func sigtermStopsTheServerCleanly() async throws {
        let service = try await Self.startServer()
        let health = try await Self.request("GET", "/healthz", port: service.port)
        #expect(health.status == 200)
        // The shell exec'd the server, so this is the server's own exit: status 0 after SIGTERM,
        // not the signal itself and not the SIGKILL that follows the grace period.
        #expect(service.stop() == .exited(0))
        #expect(service.lastOutput().contains { $0.hasPrefix("example-api-server stopped after") })
    }

    @Test(arguments: [["--port", "http"], ["--port"], ["--verbose"], ["--port", "70000"]])
    func aBadCommandLineIsAUsageError(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.executable())
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(output.hasPrefix("Error: "))
    }

    @Test func theSuiteStartsTheExampleAndDrivesTheGuidesMix() throws {
        let suite = try SuiteLoader.resolve("example-api", in: Self.packageRoot + "/" + SuiteLoader.folder)
        #expect(suite.name == "example-api")
        let service = try #require(suite.service)
        #expect(service.template.contains("--product example-api-server"))
        #expect(service.template.contains("--port {port}"))
        #expect(service.readinessPath == "/healthz")
        let mix = try #require(suite.scenarios.first { $0.http?.operations.count == 2 })
        let operations = try #require(mix.http?.operations)
        #expect(operations.map(\.name) == ["dashboard", "report"])
        #expect(operations.map(\.weight) == [3, 1])
        #expect(operations.map(\.template.method) == ["GET", "POST"])
        #expect(operations.map(\.template.path) == ["/api/dashboard", "/api/reports/generate"])
        #expect(mix.targets.map(\.metric).contains("latency_p95_ms{operation=report}"))
        #expect(mix.targets.map(\.metric).contains("success_rate"))
    }
}
