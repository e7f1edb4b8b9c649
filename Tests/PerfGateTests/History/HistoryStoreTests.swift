import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

/// The history store: append and read back, crash safety, skipped lines and duplicates.
@Suite struct HistoryStoreTests {
    @Test func appendedRunsReadBackAsSeriesInAppendOrder() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        let p95s = [10.0, 11.0, 12.5]
        try HistoryTestFixtures.appendRuns(p95s: p95s, to: store)
        let log = try HistoryReader.read(store.path(forSuite: "history-test"), suite: "history-test")
        #expect(log.warnings.isEmpty)
        #expect(log.entries.map(\.commit) == ["c00000000000", "c00000000001", "c00000000002"])
        #expect(log.entries.map(\.line) == [1, 2, 3])
        #expect(log.entries[0].environment.machineID == "machine-1")
        #expect(log.entries[2].environment.bootID == "boot-2")
        let p95 = try #require(log.series.first { $0.metric == "latency_p95_ms" })
        #expect(p95.scenario == "balanced/steady")
        #expect(p95.points.map(\.measurement.median) == p95s)
        // Five rounds: the interval is the whole range, with its coverage 1 − 2/32.
        #expect(p95.points[0].measurement.lower == 0.99 * 10)
        #expect(p95.points[0].measurement.upper == 1.01 * 10)
        #expect(p95.points[0].measurement.confidence == 0.9375)
        #expect(p95.points[0].measurement.rounds == 5)
        #expect(p95.better == .lower)
        #expect(p95.unit == "ms")
        #expect(p95.isGated)
        #expect(log.series.first { $0.metric == "cpu_percent" }?.isGated == false)
        // DESIGN.md's metric order.
        #expect(log.series.map(\.metric) == ["throughput_rps", "latency_p95_ms", "cpu_percent"])
    }

    @Test func eachRecordIsOneLineOfJSONWithTheSchemaVersion() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: [10, 11], to: store)
        let text = try String(contentsOfFile: store.path(forSuite: "history-test"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["commit"] as? String == "c00000000000")
        #expect((object["run"] as? String)?.count == 16)
    }

    @Test func theStoreFolderIsCreatedByTheFirstAppend() throws {
        let folder = HistoryTestFixtures.folder() + "/nested/history"
        #expect(!FileManager.default.fileExists(atPath: folder))
        let outcome = try HistoryStore(directory: folder).append(
            try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "a", run: 0))
        )
        #expect(outcome.wasAppended && outcome.createdFile)
        #expect(outcome.path == folder + "/history-test.jsonl")
        #expect(FileManager.default.fileExists(atPath: outcome.path))
    }

    @Test func appendingTheSameRunAgainWritesNothing() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        let record = try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "a", run: 0))
        #expect(try store.append(record).wasAppended)
        let again = try store.append(record)
        #expect(!again.wasAppended)
        let other = try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "a", run: 1))
        #expect(try store.append(other).wasAppended)
        let log = try HistoryReader.read(store.path(forSuite: "history-test"), suite: "history-test")
        #expect(log.entries.count == 2)
    }

    @Test func aTornLastLineIsSkippedWithAWarningAndTheNextAppendStillReads() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: [10, 11], to: store)
        let path = store.path(forSuite: "history-test")
        try HistoryTestFixtures.appendRaw("{\"commit\":\"torn\",\"scenar", to: path)

        let torn = try HistoryReader.read(path, suite: "history-test")
        #expect(torn.entries.count == 2)
        #expect(torn.warnings.count == 1)
        #expect(torn.warnings.first?.line == 3)
        #expect(torn.warnings.first?.description.hasPrefix("warning: \(path):3: skipped: ") == true)
        #expect(torn.warnings.first?.reason.contains("torn") == true)

        let next = try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "after", run: 9))
        #expect(try store.append(next).followedTornLine)
        let repaired = try HistoryReader.read(path, suite: "history-test")
        #expect(repaired.entries.map(\.commit) == ["c00000000000", "c00000000001", "after"])
        #expect(repaired.entries.last?.line == 4)
        #expect(repaired.warnings.map(\.line) == [3])
        #expect(repaired.warnings.first?.reason.contains("not JSON") == true)
    }

    @Test(arguments: [
        ("{\"schemaVersion\":2,\"run\":\"x\",\"commit\":\"c\",\"time\":\"t\",\"scenarios\":{}}", "schema version 2"),
        ("this is not json", "not JSON"),
        ("[1, 2]", "it is a list, not a JSON object"),
        ("{\"schemaVersion\":1,\"run\":\"x\",\"time\":\"t\",\"scenarios\":{}}", "'commit'"),
        (
            "{\"schemaVersion\":1,\"run\":\"x\",\"commit\":\"c\",\"time\":\"t\",\"scenarios\":{\"s\":{\"metrics\":"
                + "{\"m\":{\"median\":\"fast\"}}}}}",
            "'scenarios.s.metrics.m.median'"
        ),
    ])
    func aBadLineInTheMiddleIsSkippedAndTheRestRead(line: String, reason: String) throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: [10], to: store)
        let path = store.path(forSuite: "history-test")
        try HistoryTestFixtures.appendRaw(line + "\n", to: path)
        _ = try store.append(try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "b", run: 1)))
        let log = try HistoryReader.read(path, suite: "history-test")
        #expect(log.entries.map(\.commit) == ["c00000000000", "b"])
        #expect(log.warnings.count == 1)
        #expect(log.warnings.first?.line == 2)
        #expect(log.warnings.first?.reason.contains(reason) == true, "\(log.warnings)")
        #expect(log.series.first { $0.metric == "latency_p95_ms" }?.points.count == 2)
    }

    @Test func aRunRepeatedFurtherBackIsReadOnce() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: [10, 11], to: store)
        let path = store.path(forSuite: "history-test")
        let first = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0]
        try HistoryTestFixtures.appendRaw(first + "\n", to: path)
        let log = try HistoryReader.read(path, suite: "history-test")
        #expect(log.entries.count == 2)
        #expect(log.warnings.map(\.line) == [3])
        #expect(log.warnings.first?.reason.contains("repeats run") == true)
    }

    @Test func aSelectionKeepsOnlyItsSeriesButKnowsEveryName() throws {
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try HistoryTestFixtures.appendRuns(p95s: [10, 11], to: store)
        let log = try HistoryReader.read(
            store.path(forSuite: "history-test"),
            suite: "history-test",
            selection: HistorySelection(scenario: "balanced/steady", metric: "throughput_rps")
        )
        #expect(log.series.map(\.metric) == ["throughput_rps"])
        #expect(log.metricNames == ["throughput_rps", "latency_p95_ms", "cpu_percent"])
        #expect(log.scenarioNames == ["balanced/steady"])
    }

    @Test func aMissingFileIsAnErrorThatNamesIt() {
        let path = HistoryTestFixtures.folder() + "/none.jsonl"
        #expect {
            _ = try HistoryReader.read(path, suite: "none")
        } throws: { error in
            (error as? PerfGateError)?.code == .historyUnreadable
                && (error as? PerfGateError)?.message.contains(path) == true
        }
    }

    @Test func aResultWithoutValuesMakesNoRecord() {
        var result = HistoryTestFixtures.result(commit: "a", run: 0)
        result.scenarios[0].metrics = [:]
        #expect {
            _ = try HistoryTestFixtures.record(result)
        } throws: { error in
            (error as? PerfGateError)?.code == .historyRecord
        }
    }

    @Test func appendingReadsOnlyTheTailOfALargeStore() throws {
        // A store whose first line is a huge, unreadable blob: an append that read the whole store
        // would have to parse it; the tail read never sees it, and the append still notices a repeat.
        let store = HistoryStore(directory: HistoryTestFixtures.folder())
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        let path = store.path(forSuite: "history-test")
        let blob = String(repeating: "x", count: 2 * HistoryStore.tailBytes) + "\n"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(blob.utf8)))
        let record = try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "a", run: 0))
        let tail = HistoryStore.tail(ofFileAt: path, length: blob.utf8.count)
        #expect(tail.runs.isEmpty && !tail.endsTorn)
        #expect(try store.append(record).wasAppended)
        #expect(try !store.append(record).wasAppended)
    }
}
