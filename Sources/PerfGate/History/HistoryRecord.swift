package import Foundation
import PerfSupport

/// One line of a history store: one run of a suite, reduced to what a trend needs.
///
/// A record holds the run's commit, when it started, which machine ran it, and per scenario and
/// metric the median of the rounds with its interval and round count (``HistoryMeasurement``).
/// It is written as one line of compact JSON with sorted keys (schema version 1, DESIGN.md):
/// ```
/// {"commit":"…","environment":{"bootID","buildConfiguration","cpuModel","hostname","logicalCores",
///  "machineID"},"run":"…16 hex…","scenarios":{"<scenario>":{"metrics":{"<metric>":{"better",
///  "confidence","gated","lower","median","rounds","unit","upper"}},"valid":true}},
///  "schemaVersion":1,"suite":"…","time":"…ISO 8601…","tool":"…"}
/// ```
/// ``run`` identifies the result the record came from, so that the same run appended twice is
/// recognized.
package struct HistoryRecord: Sendable, Hashable, Encodable {
    /// The schema version this build reads and writes.
    package static let currentSchemaVersion = 1

    /// One scenario of the run.
    package struct Scenario: Sendable, Hashable, Encodable {
        /// Whether every round held its schedule; `history changes` leaves invalid runs out.
        package var isValid: Bool
        /// The measurements, by metric identifier.
        package var metrics: [String: HistoryMeasurement]

        enum CodingKeys: String, CodingKey {
            case isValid = "valid"
            case metrics
        }

        /// Creates a scenario record.
        package init(isValid: Bool, metrics: [String: HistoryMeasurement]) {
            self.isValid = isValid
            self.metrics = metrics
        }
    }

    /// The schema version of the record.
    package var schemaVersion: Int
    /// The suite that was run.
    package var suite: String
    /// The identity of the result: FNV-1a (64 bits, hex) of its canonical JSON.
    package var run: String
    /// The git commit that was measured, or "unknown".
    package var commit: String
    /// Whether the working tree had uncommitted changes; nil where the result did not record it.
    package var isDirty: Bool?
    /// When the run started, ISO 8601 in UTC (the result's `startedAt`).
    package var time: String
    /// The perfgate version that measured the run.
    package var tool: String
    /// Which machine, boot and build measured the run.
    package var environment: HistoryEnvironment
    /// The scenarios, by name.
    package var scenarios: [String: Scenario]

    enum CodingKeys: String, CodingKey {
        case schemaVersion, suite, run, commit, time, tool, environment, scenarios
        case isDirty = "dirty"
    }

    /// Creates a record.
    package init(
        suite: String,
        run: String,
        commit: String,
        isDirty: Bool?,
        time: String,
        tool: String,
        environment: HistoryEnvironment,
        scenarios: [String: Scenario]
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.suite = suite
        self.run = run
        self.commit = commit
        self.isDirty = isDirty
        self.time = time
        self.tool = tool
        self.environment = environment
        self.scenarios = scenarios
    }

    /// The record of a run: every metric of every scenario with at least one finite value.
    ///
    /// - Parameters:
    ///   - result: The run.
    ///   - options: Which metrics gate which scenario (the suite's, as `perfgate compare` uses).
    /// - Throws: `historyRecord` when the result has no metric with a value, or its canonical JSON
    ///   cannot be encoded for its identity.
    /// - Complexity: O(size of the result), plus O(r log r) per metric of r rounds.
    package init(_ result: RunResult, options: ComparisonOptions) throws(PerfGateError) {
        var scenarios: [String: Scenario] = [:]
        for scenario in result.scenarios {
            var metrics: [String: HistoryMeasurement] = [:]
            for (identifier, series) in scenario.metrics {
                let isGated = options.isGated(identifier, in: scenario.name)
                metrics[identifier] = HistoryMeasurement(series, isGated: isGated)
            }
            guard !metrics.isEmpty else { continue }
            scenarios[scenario.name] = Scenario(isValid: scenario.valid, metrics: metrics)
        }
        guard !scenarios.isEmpty else {
            throw PerfGateError(
                code: .historyRecord,
                message: "The result of suite '\(result.suite)' has no metric with a finite value, so it makes no "
                    + "history record; append a result written by 'perfgate run'."
            )
        }
        self.init(
            suite: result.suite,
            run: try Self.identity(of: result),
            commit: result.environment.gitCommit,
            isDirty: result.environment.gitDirty,
            time: result.startedAt,
            tool: result.tool.version,
            environment: HistoryEnvironment(result.environment),
            scenarios: scenarios
        )
    }

    /// The identity of a result: FNV-1a, 64 bits, of its canonical JSON (``ResultStore/encode(_:)``),
    /// as 16 lowercase hex digits. The same file, or the same run written again, gives the same one.
    package static func identity(of result: RunResult) throws(PerfGateError) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try ResultStore.encode(result) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The record as one line of compact JSON with sorted keys, ending in a newline.
    ///
    /// - Throws: `historyRecord` when a value cannot be encoded (a non-finite number).
    package func line() throws(PerfGateError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw PerfGateError(
                code: .historyRecord,
                message: "The history record of suite '\(suite)' cannot be encoded as JSON: \(error)."
            )
        }
    }
}
