import Foundation
import PerfMonitor
import Testing
import Workloads

@testable import PerfGate
@testable import PerfHTTP

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Suites whose scenarios drive a user's HTTP service: loading, running, per-operation metrics,
/// declared targets, and a service the suite starts and stops itself.
@Suite struct HTTPSuiteTests {
    /// A server with the guide's two endpoints: `GET /api/dashboard` and
    /// `POST /api/reports/generate`, which answers 500 when its body lacks a user id.
    static func server() throws -> HTTPServer {
        var routes = HTTPRoutes()
        routes.add("GET", "/api/dashboard") { _ in .text("ok") }
        routes.add("POST", "/api/reports/generate") { request in
            String(decoding: request.body, as: UTF8.self).contains("\"user_id\": \"u")
                ? .text("made") : HTTPResponse.error(.internalServerError, "no user")
        }
        return try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), routes: routes)
    }

    static func suite(url: String, extra: String = "", targets: String = "{}") throws -> Suite {
        try SuiteLoader.decode(
            Data(
                """
                {"name": "api", "rounds": 2, "warmupRounds": 0, "roundDurationSeconds": 0.3, \(extra)
                 "scenarios": [{"kind": "http", "name": "api/mix", "workload": "steady", "rate": 200,
                   "url": "\(url)", "connections": 4, "targets": \(targets),
                   "operations": [
                     {"name": "dashboard", "path": "/api/dashboard", "weight": 3},
                     {"name": "report", "method": "POST", "path": "/api/reports/generate",
                      "headers": {"Content-Type": "application/json"},
                      "body": "{\\"user_id\\": \\"u{key}\\"}", "weight": 1}]}]}
                """.utf8
            ),
            source: "api.json",
            defaultName: "api"
        )
    }

    @Test func aSuiteDrivesTheServiceWithAWeightedMixAndReportsEachOperation() async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let suite = try Self.suite(
            url: "http://127.0.0.1:\(server.port)",
            targets: #"{"latency_p99_ms{operation=report}": "<= 60000", "success_rate": ">= 0.99"}"#
        )
        let scenario = try #require(suite.scenarios.first)
        #expect(scenario.kind == .http)
        #expect(scenario.http?.operations.map(\.name) == ["dashboard", "report"])
        #expect(scenario.http?.operations.map(\.weight) == [3, 1])

        let result = try await SuiteRunner(executor: ServiceRoundExecutor(), toolVersion: "test").run(suite)
        let measured = try #require(result.scenarios.first)
        #expect(measured.preset == "http")
        for id in [
            "throughput_rps", "latency_p95_ms", "success_rate", "throughput_rps{operation=dashboard}",
            "latency_p95_ms{operation=report}", "success_rate{operation=report}",
        ] {
            #expect(measured.metrics[id]?.values.count == 2, "\(id)")
        }
        // Every request succeeded (the body template fills the user id), and the server answered
        // every one the driver completed.
        #expect(measured.metrics["success_rate"]?.values == [1, 1])
        #expect(measured.metrics["success_rate{operation=report}"]?.values == [1, 1])
        // 200 req/s for 0.3 s, twice, split about 3:1 by the seeded mix.
        let dashboard = measured.metrics["throughput_rps{operation=dashboard}"]?.values.reduce(0, +) ?? 0
        let report = measured.metrics["throughput_rps{operation=report}"]?.values.reduce(0, +) ?? 0
        #expect(dashboard > report)
        let completed = (measured.metrics["throughput_rps"]?.values.reduce(0, +) ?? 0) * 0.3
        #expect(server.answeredRequestCount == Int(completed.rounded()))
        #expect(completed > 0)
        // The declared targets are judged; the suite-wide ones (the built-in service's) are not.
        let verdict = Gate.targetsOnly(result, options: Gate.options(for: suite))
        #expect(verdict.targetChecks.map(\.metric) == ["latency_p99_ms{operation=report}", "success_rate"])
        #expect(verdict.targetChecks.allSatisfy { $0.verdict == .pass })
    }

    /// Each arm of a paired check runs `perfgate run` with a one-round suite file: an `http`
    /// scenario and the suite's `start` command must survive the trip, so each arm starts its own
    /// build of the service.
    @Test func aPairedArmsOneRoundSuiteKeepsTheServiceAndTheOperations() throws {
        var suite = try Self.suite(
            url: "http://127.0.0.1:{port}",
            extra: #""start": "srv --port {port}", "ready": "/up","#
        )
        let single = try SuiteLoader.decode(
            Data(
                #"{"start": "srv", "scenarios": [{"kind": "http", "name": "api/single", "workload": "steady", "url": "http://127.0.0.1:{port}/index.html?k={key}", "timeout": 2.5}]}"#
                    .utf8
            ),
            source: "s.json",
            defaultName: "s"
        )
        suite.scenarios += single.scenarios
        let loaded = try SuiteLoader.decode(
            ArmRoundRunner.oneRoundSuite(suite, seed: 3),
            source: "r.json",
            defaultName: "x"
        )
        #expect(loaded.service == suite.service)
        #expect(loaded.service?.readinessPath == "/up")
        #expect(loaded.scenarios.map(\.kind) == [.http, .http])
        #expect(loaded.scenarios.map(\.http) == suite.scenarios.map(\.http))
        #expect(single.scenarios[0].http?.url == "http://127.0.0.1:{port}")
        #expect(single.scenarios[0].http?.operations.first?.template.path == "/index.html?k={key}")
    }

    /// A suite that starts the user's service runs each arm's `perfgate run` in that arm's
    /// sources, where its `start` command builds that arm's service; other suites run where the
    /// gate runs.
    @Test func anArmOfAServiceSuiteRunsInItsOwnSources() throws {
        let folder = NSTemporaryDirectory() + "perfgate-arm-sources-\(UUID().uuidString)"
        let sources = folder + "/sources"
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A stand-in arm that records where it ran.
        let script = folder + "/arm.sh"
        try Data("#!/bin/sh\npwd > '\(folder)/ran-in'\n".utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        var arm = Arm(
            label: "base",
            ref: "main",
            commit: String(repeating: "b", count: 40),
            isDirty: false,
            key: "b",
            executable: script,
            wasCached: true
        )
        arm.sourceDirectory = sources
        let runner = ArmRoundRunner(folder: folder + "/rounds", directory: folder)
        let withService = try Self.suite(url: "http://127.0.0.1:{port}", extra: #""start": "srv {port}","#)
        _ = runner.run(arm, suite: withService, round: 0, seed: 1)
        let ranIn = {
            try String(contentsOfFile: folder + "/ran-in", encoding: .utf8).trimmingCharacters(in: .newlines)
        }
        #expect(try ranIn() == URL(fileURLWithPath: sources).resolvingSymlinksInPath().path)
        // A round may wait for the service's start (a build included) up to its ready timeout.
        #expect(ArmRoundRunner.serviceAllowance(withService) >= withService.service?.readyTimeout.seconds ?? .infinity)
        var withoutService = withService
        withoutService.service = nil
        #expect(ArmRoundRunner.serviceAllowance(withoutService) == 0)
        _ = runner.run(arm, suite: withoutService, round: 1, seed: 1)
        #expect(try ranIn() == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path)
    }

    /// Every workload shape drives a user's service: open-loop schedules and closed-loop
    /// sessions alike (the capacity search shares its probe loop with the built-in service's).
    @Test(arguments: ["steady", "ramp", "spike", "sessions", "saturation", "soak"])
    func everyWorkloadShapeDrivesTheService(workload name: String) async throws {
        let server = try Self.server()
        defer { server.shutdown() }
        let spec = try WorkloadSpec.named(name)
        let workload = try spec.overriding(
            rate: spec.nominalRate.map { _ in 200 },
            duration: .milliseconds(300),
            seed: 4
        )
        let settings = HTTPScenarioSettings(
            url: "http://127.0.0.1:\(server.port)",
            operations: [
                HTTPOperation(name: "dashboard", template: try HTTPRequestTemplate(path: "/api/dashboard"), weight: 3),
                HTTPOperation(
                    name: "report",
                    template: try HTTPRequestTemplate(
                        method: "POST",
                        path: "/api/reports/generate",
                        body: #"{"user_id": "u{key}"}"#
                    )
                ),
            ],
            connections: 8
        )
        let outcome = try await HTTPDrive.run(settings: settings, url: settings.url, workload: workload)
        #expect(outcome.report.completed > 0)
        #expect(outcome.report.succeeded == outcome.report.completed)
        #expect(outcome.metrics["success_rate{operation=report}"] == 1)
        #expect(outcome.report.operations.map(\.name) == ["dashboard", "report"])
        #expect(server.answeredRequestCount == outcome.report.completed)
    }

    @Test func nothingListeningIsAFailedTargetNotACrash() async throws {
        // A port bound but not listening refuses connections, and no other test can take it.
        let (port, descriptor) = try HTTPLoadTargetTests.refusingPort()
        defer { close(descriptor) }
        let suite = try Self.suite(url: "http://127.0.0.1:\(port)", targets: #"{"success_rate": ">= 0.99"}"#)
        let result = try await SuiteRunner(executor: ServiceRoundExecutor(), toolVersion: "test").run(suite)
        let measured = try #require(result.scenarios.first)
        #expect(measured.metrics["success_rate"]?.values == [0, 0])
        let verdict = Gate.targetsOnly(result, options: Gate.options(for: suite))
        #expect(verdict.targetChecks.map(\.verdict) == [.fail])
        #expect(verdict.outcome.hasTargetFailure)
    }

    @Test func theSuiteStartsItsServiceSamplesItAndStopsIt() async throws {
        let folder = NSTemporaryDirectory() + "perfgate-http-suite-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // python3's own server, which records its process id so the test can check it is gone.
        let pidFile = folder + "/pid"
        let start = "echo $$ > \(pidFile); exec python3 -m http.server {port} --bind 127.0.0.1 --directory \(folder)"
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/index.html"))
        let suite = try SuiteLoader.decode(
            Data(
                """
                {"name": "own", "rounds": 2, "warmupRounds": 0, "roundDurationSeconds": 0.3,
                 "start": "\(start)", "ready": "/index.html", "readyTimeout": 120,
                 "scenarios": [{"kind": "http", "workload": "steady", "rate": 50, "connections": 2,
                                "url": "http://127.0.0.1:{port}/index.html"}]}
                """.utf8
            ),
            source: "own.json",
            defaultName: "own"
        )
        #expect(suite.service?.readinessPath == "/index.html")
        #expect(suite.scenarios.first?.name == "http/steady")
        let result = try await SuiteRunner(executor: ServiceRoundExecutor(), toolVersion: "test").run(suite)
        let measured = try #require(result.scenarios.first)
        // A loaded machine may make the driver fall behind (an invalid round, and says so); the
        // service itself stayed up.
        #expect(!measured.invalidReasons.contains { $0.contains("exited") }, "\(measured.invalidReasons)")
        #expect(measured.metrics["success_rate"]?.values == [1, 1])
        #expect(measured.metrics["peak_rss_mb"]?.values.allSatisfy { $0 > 1 } == true)
        #expect(measured.metrics["cpu_percent"]?.values.count == 2)
        // No operations were named, so there are no per-operation metrics.
        #expect(!measured.metrics.keys.contains { $0.contains("{") })
        let pid = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        )
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test func aRoundInWhichTheServiceExitsIsInvalid() async throws {
        let folder = NSTemporaryDirectory() + "perfgate-http-dies-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Answers /healthz, then exits on the first other request.
        let script = """
            import http.server, os, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"ok")
                    if self.path != "/healthz":
                        os._exit(0)
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/dies.py"))
        let suite = try SuiteLoader.decode(
            Data(
                """
                {"rounds": 1, "warmupRounds": 0, "roundDurationSeconds": 0.5,
                 "start": "exec python3 \(folder)/dies.py {port}", "ready": "/healthz", "readyTimeout": 120,
                 "scenarios": [{"kind": "http", "workload": "steady", "rate": 20, "url": "http://127.0.0.1:{port}/x"}]}
                """.utf8
            ),
            source: "dies.json",
            defaultName: "dies"
        )
        let result = try await SuiteRunner(executor: ServiceRoundExecutor(), toolVersion: "test").run(suite)
        let measured = try #require(result.scenarios.first)
        #expect(!measured.valid)
        #expect(measured.invalidReasons.contains { $0.contains("the service under test exited during the round") })
        #expect((measured.metrics["success_rate"]?.values.first ?? 1) < 1)
    }

    @Test(arguments: [
        (#""url": "https://127.0.0.1:1""#, "field 'scenarios[0].url' is not usable"),
        (#""url": "http://127.0.0.1:{port}""#, "uses {port}, the port of the service that 'start' runs"),
        ("", "has no 'scenarios[0].url'"),
        (#""url": "http://127.0.0.1:1/x", "operations": [{"name": "a", "path": "/a"}]"#, "give only the origin"),
        (
            #""url": "http://127.0.0.1:1", "operations": [{"name": "a", "path": "/a/{user}"}]"#,
            "unknown placeholder '{user}'"
        ),
        (
            #""url": "http://127.0.0.1:1", "operations": [{"name": "a b", "path": "/a"}]"#,
            "field 'scenarios[0].operations[0].name'"
        ),
        (
            #""url": "http://127.0.0.1:1", "operations": [{"name": "a", "path": "/a"}, {"name": "a", "path": "/b"}]"#,
            "two operations named 'a'"
        ),
        (
            #""url": "http://127.0.0.1:1", "operations": []"#,
            "field 'scenarios[0].operations' must be a list of 1 to 32"
        ),
        (#""url": "http://127.0.0.1:1", "connections": 8, "maxInFlight": 4"#, "make it at least 'connections'"),
        (#""url": "http://127.0.0.1:1", "preset": "balanced""#, "has 'scenarios[0].preset' on an http scenario"),
    ])
    func badHTTPScenariosNameTheField(fields: String, expected: String) {
        let comma = fields.isEmpty ? "" : ", "
        let text = #"{"scenarios": [{"kind": "http", "workload": "steady""# + comma + fields + "}]}"
        do {
            _ = try SuiteLoader.decode(Data(text.utf8), source: "x.json", defaultName: "x")
            Issue.record("decoding should fail: \(text)")
        } catch {
            #expect(error.code == .suiteMalformed)
            #expect(error.message.hasPrefix("The suite file 'x.json' "), "\(error.message)")
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func aBadStartCommandIsAMalformedSuiteNamingTheField() {
        let text = #"{"start": "run --port {prot}", "scenarios": [{"kind": "http", "workload": "steady"}]}"#
        let error = #expect(throws: PerfGateError.self) {
            _ = try SuiteLoader.decode(Data(text.utf8), source: "x.json", defaultName: "x")
        }
        #expect(error?.code == .suiteMalformed)
        #expect(error?.message.hasPrefix("The suite file 'x.json' field 'start'") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("{prot}") == true)
    }
}
