import Foundation
import Synchronization
import Testing

@testable import PerfGateCLI
@testable import PerfHTTP

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `perfgate drive --url`: a workload against a user's HTTP service, and the usage errors around it.
@Suite struct DriveURLTests {
    /// A server that answers `GET /items` with the key asked for and `POST /reports` when the body
    /// names a user, counting the reports it made.
    final class Tally: Sendable {
        let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    static func server(reports: Tally) throws -> HTTPServer {
        var routes = HTTPRoutes()
        routes.add("GET", "/items") { request in .text(request.queryItems["key"] ?? "none") }
        routes.add("POST", "/reports") { request in
            guard String(decoding: request.body, as: UTF8.self).hasPrefix("{\"user\": \"u") else {
                return HTTPResponse.error(.badRequest, "no user")
            }
            reports.count.withLock { $0 += 1 }
            return .text("made")
        }
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.runsInBackground = false
        return try HTTPServer(configuration: configuration, routes: routes)
    }

    @Test func drivesTheServiceAndReportsJSON() async throws {
        let reports = Tally()
        let server = try Self.server(reports: reports)
        defer { server.shutdown() }
        let run = await invoke([
            "drive", "--url", "http://127.0.0.1:\(server.port)/items?key={key}", "--rate", "200", "--duration", "0.5",
            "--seed", "7", "--connections", "4", "--format", "json",
        ])
        // On a loaded machine the driver may fall behind (exit 4, "valid": false); the JSON is the same.
        #expect(run.exitCode == 0 || run.exitCode == 4, "\(run.standardError)")
        let object = try Self.json(run.standardOutput)
        #expect(object["preset"] as? String == "http://127.0.0.1:\(server.port)/items?key={key}")
        #expect(object["seed"] as? Int == 7)
        let metrics = try #require(object["metrics"] as? [String: Double])
        #expect(metrics["success_rate"] == 1)
        for key in ["throughput_rps", "latency_p50_ms", "latency_p99_ms", "schedule_lag_p99_ms"] {
            #expect(metrics[key] != nil, "\(key)")
        }
        // Nothing of the built-in service: no cache, no backpressure.
        #expect(metrics["cache_hit_ratio"] == nil)
        let requests = try #require(object["requests"] as? [String: Any])
        let completed = try #require(requests["completed"] as? Int)
        #expect(completed == requests["sent"] as? Int)
        #expect(completed > 0)
        #expect(server.answeredRequestCount == completed)
    }

    @Test func sendsTheMethodHeadersAndBodyGiven() async throws {
        let reports = Tally()
        let server = try Self.server(reports: reports)
        defer { server.shutdown() }
        let run = await invoke([
            "drive", "--url", "http://127.0.0.1:\(server.port)/reports", "--method", "POST", "--header",
            "Content-Type: application/json", "--header", "X-Run: 1", "--body", "{\"user\": \"u{key}\"}", "--rate",
            "100",
            "--duration", "0.3", "--format", "json",
        ])
        #expect(run.exitCode == 0 || run.exitCode == 4, "\(run.standardError)")
        let object = try Self.json(run.standardOutput)
        let requests = try #require(object["requests"] as? [String: Any])
        #expect(requests["succeeded"] as? Int == reports.value)
        #expect(reports.value > 0)
    }

    @Test func nothingListeningIsCountedAsRefusedNotACrash() async throws {
        // A port bound but not listening refuses connections, and no other test can take it.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(descriptor >= 0 && bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let run = await invoke([
            "drive", "--url", "http://127.0.0.1:\(port)/", "--rate", "100", "--duration", "0.2", "--format", "json",
        ])
        // No request succeeded: the success target is missed (3), unless the run is also invalid (4).
        #expect(run.exitCode == 3 || run.exitCode == 4, "\(run.standardError)")
        #expect(run.standardError.contains("the success rate 0.0 is below 0.99 (failures: refused"))
        let object = try Self.json(run.standardOutput)
        let metrics = try #require(object["metrics"] as? [String: Double])
        #expect(metrics["success_rate"] == 0)
        let requests = try #require(object["requests"] as? [String: Any])
        let failures = try #require(requests["failuresByKind"] as? [String: Int])
        #expect(failures["refused"] == requests["sent"] as? Int)
    }

    @Test(arguments: [
        (["--url", "https://127.0.0.1:1/"], "https"),
        (["--url", "ftp://x/"], "'--url ftp://x/'"),
        (["--url", "http://127.0.0.1:1/", "--preset", "balanced"], "'--preset' sets up the built-in service"),
        (["--url", "http://127.0.0.1:1/", "--slowdown", "5"], "'--slowdown' sets up the built-in service"),
        (["--preset", "balanced", "--workload", "steady", "--connections", "4"], "'--connections' goes with --url"),
        (["--url", "http://127.0.0.1:1/", "--header", "NoColon"], "'--header NoColon' has no ':'"),
        (["--url", "http://127.0.0.1:1/", "--body", "{user}"], "unknown placeholder '{user}'"),
        (["--url", "http://127.0.0.1:1/", "--connections", "8", "--max-in-flight", "4"], "make it at least that"),
        (["--workload", "steady"], "Missing expected argument '--preset <preset>'"),
    ])
    func badDriveArgumentsAreUsageErrors(arguments: [String], expected: String) async {
        let run = await invoke(["drive"] + arguments)
        #expect(run.exitCode == 64, "\(run.standardError)")
        // One line naming the problem, then the usage lines every usage error has.
        let first = run.standardError.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("Error: "), "\(run.standardError)")
        #expect(first.contains(expected), "\(run.standardError)")
    }
}

/// A suite's service that cannot start makes the run invalid (exit 4) with its last output; a
/// template with an unknown placeholder is a malformed suite (exit 65) naming the field.
@Test func aServiceThatCannotStartExits4AndABadTemplate65() async throws {
    let folder = NSTemporaryDirectory() + "perfgate-cli-http-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let failing = folder + "/failing.json"
    try Data(
        #"""
        {"rounds": 1, "warmupRounds": 0, "roundDurationSeconds": 0.2, "start": "echo boom; exit 3", "ready": "/healthz",
         "scenarios": [{"kind": "http", "workload": "steady", "rate": 10}]}
        """#.utf8
    ).write(to: URL(fileURLWithPath: failing))
    let run = await invoke(["run", "--suite", failing, "--output", folder + "/r.json"])
    #expect(run.exitCode == 4)
    #expect(run.standardError.hasPrefix("Error: The service command 'echo boom; exit 3' exited with status 3"))
    #expect(run.standardError.contains("\n  boom"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/r.json"))

    let template = folder + "/template.json"
    try Data(
        #"""
        {"scenarios": [{"kind": "http", "workload": "steady", "url": "http://127.0.0.1:1",
                        "operations": [{"name": "a", "path": "/x/{user}"}]}]}
        """#.utf8
    ).write(to: URL(fileURLWithPath: template))
    let bad = await invoke(["run", "--suite", template])
    #expect(bad.exitCode == 65)
    #expect(bad.standardError.contains("'scenarios[0].operations[0]'"))
    #expect(bad.standardError.contains("'{user}'"))
    #expect(!bad.standardError.contains(".."))
}
