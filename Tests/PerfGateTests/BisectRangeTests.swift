import Foundation
import Testing

@testable import PerfGate

/// The commits a bisect searches, read from a small git repository made for the test, and the
/// scenario and metric it checks before building anything.
@Suite struct BisectRangeTests {
    /// A repository in a fresh temporary folder: main has `a`, `b`, a merge of branch `side`
    /// (`s1`, `s2`, forked at `a`), then `c`.
    static func repository() throws -> (GitRepository, String) {
        let folder = NSTemporaryDirectory() + "perfgate-bisect-range-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func git(_ arguments: String...) throws {
            let outcome = try ProcessRunner.run(
                "/usr/bin/env",
                ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", folder] + arguments
            )
            try #require(outcome.status == 0, "git \(arguments.joined(separator: " ")): \(outcome.errorOutput)")
        }
        func commit(_ message: String) throws {
            try Data(message.utf8).write(to: URL(fileURLWithPath: folder + "/" + message))
            try git("add", message)
            try git("commit", "-q", "-m", message)
        }
        try git("init", "-q", "-b", "main")
        try commit("a")
        try git("tag", "ta")
        try git("checkout", "-q", "-b", "side")
        try commit("s1")
        try git("tag", "ts1")
        try commit("s2")
        try git("checkout", "-q", "main")
        try commit("b")
        try git("tag", "tb")
        try git("merge", "-q", "--no-ff", "-m", "merge side", "side")
        try commit("c")
        try git("tag", "tc")
        return (try GitRepository(containing: folder), folder)
    }

    @Test func listsTheFirstParentLineOldestFirstWithAMergeAsOneCommit() throws {
        let (repository, folder) = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let range = try BisectRange(good: "ta", bad: "tc", in: repository)
        #expect(range.good.subject == "a")
        #expect(range.commits.map(\.subject) == ["b", "merge side", "c"])
        #expect(range.bad?.id == (try repository.commit(for: "tc")))
        #expect(range.commits.allSatisfy { $0.id.count == 40 })
    }

    @Test func refusesAGoodCommitThatIsNotAnAncestorOfTheBadOne() throws {
        let (repository, folder) = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (good, bad, words) in [
            ("tc", "ta", "is not an ancestor"), ("tb", "ts1", "is not an ancestor"),
            ("tb", "tb", "are the same commit"), ("ts1", "tc", "only through a merged branch"),
        ] {
            do {
                _ = try BisectRange(good: good, bad: bad, in: repository)
                Issue.record("\(good)..\(bad) was accepted")
            } catch {
                #expect(error.code == .bisectRange)
                #expect(error.message.contains(words), "\(error.message)")
                #expect(!error.message.contains("\n"))
            }
        }
        #expect(throws: PerfGateError.self) { try BisectRange(good: "no-such", bad: "tc", in: repository) }
    }

    @Test func checksTheScenarioAndMetricWithASuggestion() throws {
        let suite = try SuiteLoader.resolve("quick", in: SuiteLoaderTests.packageRoot + "/Benchmarks")
        let narrowed = try Bisector.narrowed(suite, scenario: "balanced/saturation", metric: "throughput_rps")
        #expect(narrowed.scenarios.map(\.name) == ["balanced/saturation"])
        do {
            _ = try Bisector.narrowed(suite, scenario: "balanced/saturaton", metric: "throughput_rps")
            Issue.record("an unknown scenario was accepted")
        } catch {
            #expect(error.code == .bisectTarget)
            #expect(error.message.hasSuffix("Did you mean 'balanced/saturation'?"))
        }
        do {
            // A closed-loop scenario has no schedule lag.
            _ = try Bisector.narrowed(suite, scenario: "balanced/saturation", metric: "schedule_lag_p99_ms")
            Issue.record("a metric the scenario does not measure was accepted")
        } catch {
            #expect(error.code == .bisectTarget)
        }
        do {
            _ = try Bisector.narrowed(suite, scenario: "balanced/steady", metric: "latency_p95")
            Issue.record("an unknown metric was accepted")
        } catch {
            #expect(error.message.hasSuffix("Did you mean 'latency_p95_ms'?"))
        }
        let overhead = try #require(suite.scenarios.first { $0.kind == .monitorOverhead })
        #expect(Bisector.metrics(of: overhead).contains("record_ns_per_op"))
        let steady = try #require(suite.scenarios.first { $0.name == "balanced/steady" })
        #expect(Bisector.metrics(of: steady).contains("schedule_lag_p99_ms"))
        #expect(!Bisector.metrics(of: steady).contains("record_ns_per_op"))
    }
}
