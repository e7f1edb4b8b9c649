import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

@Suite struct ResultStoreTests {
    static func sampleResult() -> RunResult {
        RunResult(
            suite: "quick",
            tool: ToolInfo(version: "0.1.0"),
            startedAt: "2026-11-23T14:00:00.000Z",
            environment: EnvironmentProbe.fingerprint(calibrationScore: 1234.5),
            targets: .default,
            scenarios: [
                ScenarioResult(
                    name: "balanced/steady",
                    preset: "balanced",
                    workload: WorkloadDescription(
                        name: "steady",
                        loop: "open",
                        rate: 2000,
                        durationSeconds: 5,
                        connections: nil,
                        seed: 7
                    ),
                    metrics: [
                        MetricID.throughputRPS.rawValue: MetricSeries(
                            metric: .throughputRPS,
                            values: [1999, 2001, 2000]
                        ),
                        MetricID.latencyP95Ms.rawValue: MetricSeries(metric: .latencyP95Ms, values: [3.1, 2.9, 3.0]),
                    ]
                )
            ]
        )
    }

    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "perfgate-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesPrettySortedJSONThatLoadsBack() throws {
        let folder = Self.temporaryFolder()
        let path = folder + "/nested/result.json"
        let result = Self.sampleResult()
        try ResultStore.write(result, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"environment\""))
        #expect(text.hasSuffix("}\n"))
        #expect(try ResultStore.load(contentsOf: path) == result)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/nested") == ["result.json"])
    }

    @Test(arguments: [
        ("{\"schemaVersion\": 1, \"suite\": ", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ("{\"suite\": \"x\"}", "no integer 'schemaVersion'"),
        (
            "{\"schemaVersion\": 2}",
            "schemaVersion 2, but this perfgate reads version 1; it was written by a newer perfgate"
        ),
        ("{\"schemaVersion\": 0}", "schemaVersion 0, but this perfgate reads version 1; regenerate it"),
        ("{\"schemaVersion\": 1, \"suite\": \"x\"}", "has no field 'tool'"),
    ])
    func badFilesGetOneLineErrorsNamingFileAndField(text: String, expected: String) {
        do {
            _ = try ResultStore.decode(Data(text.utf8), source: "baselines/x.json")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.message.contains("'baselines/x.json'"))
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func nonFiniteOrNegativeValuesAreRejectedWithTheirPath() throws {
        var result = Self.sampleResult()
        result.scenarios[0].metrics[MetricID.latencyP95Ms.rawValue] = MetricSeries(
            metric: .latencyP95Ms,
            values: [3, -1, 2]
        )
        let data = try ResultStore.encode(result)
        do {
            _ = try ResultStore.decode(data, source: "r.json")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.message.contains("scenarios[0].metrics.latency_p95_ms.values[1]"))
        }
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try ResultStore.load(contentsOf: "/nonexistent/result.json")
            Issue.record("loading should fail")
        } catch {
            #expect(error.code == .resultUnreadable)
            #expect(error.message.contains("does not exist"))
        }
    }

    @Test func writingOverADirectoryFailsAndChangesNothing() throws {
        let folder = Self.temporaryFolder()
        let path = folder + "/taken"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        do {
            try ResultStore.write(Self.sampleResult(), to: path)
            Issue.record("writing over a directory should fail")
        } catch {
            #expect(error.code == .resultUnwritable)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken"])
    }

    @Test func fingerprintDescribesThisMachine() {
        let fingerprint = EnvironmentProbe.fingerprint(calibrationScore: 1)
        #expect(fingerprint.logicalCores >= 1)
        #expect(fingerprint.memoryBytes > 0)
        #expect(!fingerprint.os.isEmpty && fingerprint.os != "unknown")
        #expect(fingerprint.buildConfiguration == "debug" || fingerprint.buildConfiguration == "release")
    }

    @Test func calibrationCanaryReportsAPositiveRate() {
        #expect(EnvironmentProbe.calibrate(for: .milliseconds(20)) > 0)
    }
}
