import Foundation
import PerfMonitor
import Testing

@testable import PerfGate

/// What a result file may hold, refused with the JSON path of the value at fault.
@Suite struct ResultHardeningTests {
    static func text(_ edit: (inout String) -> Void) throws -> Data {
        var text = String(decoding: try ResultStore.encode(ResultStoreTests.sampleResult()), as: UTF8.self)
        edit(&text)
        return Data(text.utf8)
    }

    static func refusal(_ data: Data) -> String? {
        do {
            _ = try ResultStore.decode(data, source: "r.json")
            return nil
        } catch {
            return error.code == .resultMalformed ? error.message : "wrong code \(error.code)"
        }
    }

    @Test(arguments: [
        ("\"seed\" : 7", "\"seed\" : -1", "scenarios[0].workload.seed", "-1 is not a whole number"),
        ("\"seed\" : 7", "\"seed\" : 18446744073709551616", "scenarios[0].workload.seed", "not a whole number"),
        ("\"seed\" : 7", "\"seed\" : 1.5", "scenarios[0].workload.seed", "1.5 is not a whole number"),
        ("\"logicalCores\" : ", "\"logicalCores\" : 2.5, \"x\" : ", "environment.logicalCores", "not a whole number"),
    ])
    func anIntegerFieldOutOfRangeNamesItsPath(
        original: String,
        replacement: String,
        path: String,
        reason: String
    )
        throws
    {
        let data = try Self.text { text in
            if let range = text.range(of: original) { text.replaceSubrange(range, with: replacement) }
        }
        let message = try #require(Self.refusal(data))
        #expect(message.contains("'\(path)'") && message.contains(reason), "\(message)")
    }

    @Test func implausibleValuesAreRefusedWithTheirPath() throws {
        var result = ResultStoreTests.sampleResult()
        result.scenarios[0].metrics[MetricID.successRate.rawValue] = MetricSeries(
            metric: .successRate,
            values: [1, 1.5, 1]
        )
        var message = try #require(Self.refusal(try ResultStore.encode(result)))
        #expect(message.contains("'scenarios[0].metrics.success_rate.values[1]'") && message.contains("ratio"))

        result = ResultStoreTests.sampleResult()
        result.scenarios[0].latencyHistogram = Self.oneValueHistogram()
        result.scenarios[0].latencyHistogram?.minNanoseconds = 5_000_000
        message = try #require(Self.refusal(try ResultStore.encode(result)))
        #expect(message.contains("'scenarios[0].latencyHistogram'") && message.contains("minNanoseconds"))

        result = ResultStoreTests.sampleResult()
        result.targets.maxLatencyP95Ms = -1
        message = try #require(Self.refusal(try ResultStore.encode(result)))
        #expect(message.contains("'targets.maxLatencyP95Ms'"))

        result = ResultStoreTests.sampleResult()
        result.environment.calibrationScore = -3
        message = try #require(Self.refusal(try ResultStore.encode(result)))
        #expect(message.contains("'environment.calibrationScore'"))
    }

    static func oneValueHistogram() -> StoredHistogram {
        StoredHistogram(
            HistogramSnapshot(
                sparseBuckets: [SparseBucket(lowerBoundNanoseconds: 1_000_000, count: 1)],
                sumNanoseconds: 1_000_000,
                minNanoseconds: 1_000_000,
                maxNanoseconds: 1_000_000
            )
        )
    }

    @Test func aNegativeHistogramCountNamesItsPath() throws {
        var result = ResultStoreTests.sampleResult()
        result.scenarios[0].latencyHistogram = Self.oneValueHistogram()
        var text = String(decoding: try ResultStore.encode(result), as: UTF8.self)
        let range = try #require(text.range(of: "\"count\" : 1"))
        text.replaceSubrange(range, with: "\"count\" : -1")
        let message = try #require(Self.refusal(Data(text.utf8)))
        #expect(message.contains("'scenarios[0].latencyHistogram.count'") && message.contains("-1"), "\(message)")
    }

    @Test func aFileAboveTheSizeLimitIsRefusedBeforeItIsRead() throws {
        let folder = ResultStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/huge.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(ResultStore.maximumFileBytes + 1))
        try handle.close()
        #expect {
            _ = try ResultStore.load(contentsOf: path)
        } throws: { error in
            guard let error = error as? PerfGateError else { return false }
            return error.code == .resultTooLarge && error.message.contains("64 MB")
        }
    }

    @Test func aStaleTemporaryFileOfADeadWriterIsRemovedByTheNextWrite() throws {
        let folder = ResultStoreTests.temporaryFolder()
        // A process that has exited: its pid is free (unless reused, which the check tolerates).
        let dead = try Self.exitedProcessID()
        let stale = folder + "/.quick.json.tmp-\(dead)"
        let other = folder + "/.other.json.tmp-\(dead)"
        #expect(FileManager.default.createFile(atPath: stale, contents: Data("{".utf8)))
        #expect(FileManager.default.createFile(atPath: other, contents: Data("{".utf8)))
        try ResultStore.write(ResultStoreTests.sampleResult(), to: folder + "/quick.json")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(FileManager.default.fileExists(atPath: folder + "/quick.json"))
    }

    /// The pid of a child that has run and been reaped.
    static func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func theNameRuleRefusesPathsAndAcceptsNames() {
        for name in ["quick", "nightly-2", "my_suite.v2", "ünïcode"] { #expect(SuiteName.problem(with: name) == nil) }
        for name in [
            "", "a/b", "../x", "..", ".x", "-x", "a\u{0}b", "a\nb", "a\\b", String(repeating: "x", count: 101),
        ] {
            #expect(SuiteName.problem(with: name) != nil, "\(name.debugDescription)")
        }
    }
}
