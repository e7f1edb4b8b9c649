import Foundation
import PerfGate
import PerfMonitor
import Testing

@testable import PerfGateCLI

/// `perfgate history append`, `show` and `changes`, in-process, on stores in a temporary folder.
@Suite struct HistoryCommandTests {
    /// A result of run `index` with the given P95 (±1% rounds) and throughput.
    static func result(index: Int, p95: Double, throughput: Double = 3000) -> RunResult {
        var result = GateCommandTests.result(throughput: throughput, p95: p95, suite: "cli-history")
        result.environment.gitCommit = String(format: "c%011d", index)
        result.startedAt = String(format: "2026-11-23T%02d:%02d:00.000Z", index / 60, index % 60)
        return result
    }

    /// A store of runs with the given P95s, appended through the library (fast) in a new folder.
    static func store(p95s: [Double]) throws -> String {
        let folder = GateCommandTests.folder() + "/history"
        let store = HistoryStore(directory: folder)
        for (index, p95) in p95s.enumerated() {
            _ = try store.append(try HistoryRecord(result(index: index, p95: p95), options: ComparisonOptions()))
        }
        return folder
    }

    /// P95s of `before` runs at `from` and `after` runs at `to`, with a ±0.5% deterministic wobble.
    static func step(before: Int, after: Int, from: Double, to: Double) -> [Double] {
        (0..<(before + after)).map { index in (index < before ? from : to) * (1 + 0.005 * sin(Double(index) * 2.399)) }
    }

    @Test func appendThenShowPrintsTheRunsSeries() async throws {
        let folder = GateCommandTests.folder()
        let store = folder + "/new/history"
        for index in 0..<2 {
            let path = try GateCommandTests.write(
                Self.result(index: index, p95: 10 + Double(index)),
                in: folder,
                as: "r\(index).json"
            )
            let appended = await invoke(["history", "append", path, "--store", store])
            #expect(appended.exitCode == 0, "\(appended.standardError)")
            #expect(appended.standardOutput.hasPrefix("Appended the run of c0000000000\(index)"))
            #expect(appended.standardOutput.contains(store + "/cli-history.jsonl"))
        }
        let shown = await invoke(["history", "show", "--store", store, "--metric", "latency_p95_ms"])
        #expect(shown.exitCode == 0, "\(shown.standardError)")
        #expect(shown.standardOutput.contains("cli-history · balanced/saturation · latency_p95_ms"))
        #expect(shown.standardOutput.contains("c00000000000"))
        #expect(shown.standardOutput.contains("c00000000001"))
        #expect(shown.standardOutput.contains("11 ms"))
        #expect(!shown.standardOutput.contains("throughput_rps"))

        let json = await invoke(["history", "show", "--store", store, "--format", "json"])
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        )
        #expect((document["series"] as? [Any])?.count == 4)
    }

    @Test func appendingTheSameResultTwiceAppendsItOnce() async throws {
        let folder = GateCommandTests.folder()
        let store = folder + "/history"
        let path = try GateCommandTests.write(Self.result(index: 0, p95: 10), in: folder, as: "r.json")
        #expect(await invoke(["history", "append", path, "--store", store]).exitCode == 0)
        let again = await invoke(["history", "append", path, "--store", store])
        #expect(again.exitCode == 0)
        #expect(again.standardOutput.contains("nothing appended"))
        let lines = try String(contentsOfFile: store + "/cli-history.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
    }

    @Test(arguments: [
        ("{\"schemaVersion\": 1, \"suite\": ", "broken.json"),
        ("{\"schemaVersion\": 9}", "future.json"),
    ])
    func aMalformedResultExits65NamingTheFile(content: String, name: String) async throws {
        let folder = GateCommandTests.folder()
        let path = folder + "/" + name
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        let run = await invoke(["history", "append", path, "--store", folder + "/history"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains(name))
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/history"))
    }

    @Test func aMissingResultExits65() async throws {
        let run = await invoke(["history", "append", "/nonexistent/result.json", "--store", GateCommandTests.folder()])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("/nonexistent/result.json"))
    }

    @Test func aTornLineIsSkippedWithAOneLineWarningAndTheRestShown() async throws {
        let store = try Self.store(p95s: [10, 11])
        let handle = try #require(FileHandle(forWritingAtPath: store + "/cli-history.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"schemaVer".utf8))
        try handle.close()
        let shown = await invoke(["history", "show", "--store", store, "--metric", "latency_p95_ms"])
        #expect(shown.exitCode == 0)
        #expect(
            shown.standardError == "warning: \(store)/cli-history.jsonl:3: skipped: it is the last line and has no "
                + "newline: a torn record, left by an append that was interrupted.\n"
        )
        #expect(shown.standardOutput.contains("2 records"))
    }

    @Test func anUnknownMetricExits64WithASuggestion() async throws {
        let store = try Self.store(p95s: [10, 11])
        let run = await invoke(["history", "changes", "--store", store, "--metric", "latency_p59_ms"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("has metric 'latency_p59_ms'"))
        #expect(run.standardError.contains("Did you mean 'latency_p95_ms'?"))
        let scenario = await invoke(["history", "show", "--store", store, "--scenario", "balanced/saturaton"])
        #expect(scenario.exitCode == 64)
        #expect(scenario.standardError.contains("Did you mean 'balanced/saturation'?"))
        let suite = await invoke(["history", "show", "--store", store, "--suite", "cli-histroy"])
        #expect(suite.exitCode == 64)
        #expect(suite.standardError.contains("Did you mean 'cli-history'?"))
    }

    @Test func anEmptyStoreExits65AndSaysHowToFillIt() async throws {
        let run = await invoke(["history", "show", "--store", GateCommandTests.folder() + "/none"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("perfgate history append"))
    }

    @Test func aRegressionAtTheNewestRunsFailsWithFailOnNew() async throws {
        let store = try Self.store(p95s: Self.step(before: 40, after: 6, from: 10, to: 12))
        let run = await invoke(["history", "changes", "--store", store, "--fail-on-new"])
        #expect(run.exitCode == 2, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("c00000000039..c00000000040"))
        #expect(run.standardOutput.contains("regression, new"))
        let without = await invoke(["history", "changes", "--store", store])
        #expect(without.exitCode == 0)
    }

    @Test func anImprovementAtTheNewestRunsPassesWithFailOnNew() async throws {
        let store = try Self.store(p95s: Self.step(before: 40, after: 6, from: 12, to: 10))
        let run = await invoke(["history", "changes", "--store", store, "--fail-on-new"])
        #expect(run.exitCode == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("improvement, new"))
    }

    @Test func anOldRegressionPassesWithFailOnNew() async throws {
        let store = try Self.store(p95s: Self.step(before: 20, after: 30, from: 10, to: 12))
        let run = await invoke(["history", "changes", "--store", store, "--fail-on-new"])
        #expect(run.exitCode == 0, "\(run.standardOutput)")
        #expect(run.standardOutput.contains("c00000000019..c00000000020"))
        let wide = await invoke(["history", "changes", "--store", store, "--fail-on-new", "--newest", "40"])
        #expect(wide.exitCode == 2)
    }

    @Test func seriesTooShortToTestExit65WithTheMinimum() async throws {
        let store = try Self.store(p95s: [10, 11, 12])
        let run = await invoke(["history", "changes", "--store", store])
        #expect(run.exitCode == 65)
        #expect(run.standardOutput.contains("too short to test: 3 valid runs"))
        #expect(run.standardError.contains("needs at least \(HistoryChangeAnalysis().minimumSeriesLength)"))
    }

    @Test(arguments: ["markdown", "json", "html"])
    func changesWritesEachFormatToOutput(format: String) async throws {
        let store = try Self.store(p95s: Self.step(before: 40, after: 6, from: 10, to: 12))
        let output = GateCommandTests.folder() + "/report." + format
        let run = await invoke(["history", "changes", "--store", store, "--format", format, "--output", output])
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("Wrote \(output)."))
        let text = try String(contentsOfFile: output, encoding: .utf8)
        switch format {
        case "markdown": #expect(text.hasPrefix("## PerfGate history: 1 new regression"))
        case "json": #expect(text.contains("\"newRegressions\" : 1"))
        default: #expect(text.hasPrefix("<!DOCTYPE html>") && text.contains("<svg"))
        }
    }

    @Test(arguments: [["history", "append"], ["history", "show"], ["history", "changes"]])
    func everyHistoryCommandHasHelp(path: [String]) async throws {
        let run = await invoke(path + ["--help"])
        #expect(run.exitCode == 0)
        #expect(run.standardOutput.hasPrefix("OVERVIEW: "))
        #expect(run.standardOutput.contains("USAGE: perfgate \(path.joined(separator: " "))"))
        #expect(run.standardOutput.contains("--store <dir>"))
        let command = try #require(CommandTable.perfgate.command(at: path))
        #expect(command.handler != nil)
    }
}
