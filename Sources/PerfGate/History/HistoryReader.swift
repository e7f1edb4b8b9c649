import Foundation
@preconcurrency import Glibc
import PerfSupport

/// Reads a history file line by line, keeping only the selected series.
///
/// The file is read in chunks of ``chunkBytes``; each complete line is walked in place by
/// ``HistoryLineScanner``, which hands ``JSONParser`` only the record's header and the selected
/// measurements, and dropped once those are copied out. Memory is the selected series plus one
/// line (a line longer than ``maximumLineBytes`` is skipped unread), and reading one series of a
/// 10,000-record store of 50 metrics each parses 10,000 small objects rather than 5 million values.
/// Lines are skipped with a ``HistoryWarning``, never fatal:
/// - the last line when it has no newline (a torn append),
/// - a line that is not a JSON object, or lacks a field a record needs,
/// - a record of another schema version,
/// - a second record of a run already read (the same result appended twice).
/// Blank lines are skipped silently.
///
/// - Complexity: O(bytes of the file) time; O(selected points + records) memory.
package enum HistoryReader {
    /// How much of the file is read at a time: 1 MiB.
    static let chunkBytes = 1 << 20
    /// The longest line read: 16 MiB, far above a record of hundreds of metrics.
    package static let maximumLineBytes = 16 << 20

    /// Reads a suite's history file.
    ///
    /// - Parameters:
    ///   - path: The history file.
    ///   - suite: Its suite, for the log.
    ///   - selection: Which series to keep.
    /// - Throws: `historyUnreadable` when the file does not exist or cannot be read.
    package static func read(
        _ path: String,
        suite: String,
        selection: HistorySelection = .everything
    ) throws(PerfGateError) -> HistoryLog {
        var builder = Builder(path: path, suite: suite, selection: selection)
        try forEachLine(ofFileAt: path) { number, bytes, isTerminated, isOversized in
            builder.consume(line: number, bytes: bytes, isTerminated: isTerminated, isOversized: isOversized)
        }
        return builder.log()
    }

    /// Calls `body` with each line of a file: its number from 1, its bytes without the newline,
    /// whether a newline ended it, and whether it was longer than ``maximumLineBytes`` (its bytes
    /// are then empty).
    static func forEachLine(
        ofFileAt path: String,
        _ body: (Int, UnsafeRawBufferPointer, Bool, Bool) -> Void
    ) throws(PerfGateError) {
        func unreadable(_ cause: String) -> PerfGateError {
            PerfGateError(
                code: .historyUnreadable,
                message: "The history file '\(path)' cannot be read: \(cause); check the path and --store."
            )
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw unreadable(errno == ENOENT ? "it does not exist" : HistoryStore.lastError())
        }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        var pending: [UInt8] = []
        var isOversized = false
        var number = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { raw in
                HistoryStore.retryingInterrupts { Glibc.read(descriptor, raw.baseAddress, raw.count) }
            }
            guard count >= 0 else { throw unreadable(HistoryStore.lastError()) }
            if count == 0 { break }
            chunk.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var start = 0
                while start < count, let found = memchr(base + start, 0x0A, count - start) {
                    let end = UnsafeRawPointer(found) - base
                    number += 1
                    let piece = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    if isOversized {
                        body(number, UnsafeRawBufferPointer(start: nil, count: 0), true, true)
                    } else if pending.isEmpty {
                        body(number, piece, true, false)
                    } else if pending.count + piece.count > maximumLineBytes {
                        body(number, UnsafeRawBufferPointer(start: nil, count: 0), true, true)
                    } else {
                        pending.append(contentsOf: piece)
                        pending.withUnsafeBytes { body(number, $0, true, false) }
                    }
                    pending.removeAll(keepingCapacity: pending.count <= chunkBytes)
                    isOversized = false
                    start = end + 1
                }
                if start < count, !isOversized {
                    if pending.count + (count - start) > maximumLineBytes {
                        isOversized = true
                        pending.removeAll()
                    } else {
                        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<count]))
                    }
                }
            }
        }
        if isOversized || !pending.isEmpty {
            pending.withUnsafeBytes { body(number + 1, $0, false, isOversized) }
        }
    }

    /// Gathers the records of a file into a ``HistoryLog``.
    private struct Builder {
        let path: String
        let suite: String
        let selection: HistorySelection
        var entries: [HistoryEntry] = []
        var series: [String: [String: HistorySeries]] = [:]
        var warnings: [HistoryWarning] = []
        var runs: [String: Int] = [:]
        var scenarioNames: Set<String> = []
        var metricNames: Set<String> = []

        init(path: String, suite: String, selection: HistorySelection) {
            self.path = path
            self.suite = suite
            self.selection = selection
        }

        mutating func consume(line number: Int, bytes: UnsafeRawBufferPointer, isTerminated: Bool, isOversized: Bool) {
            func skip(_ reason: String) {
                warnings.append(HistoryWarning(path: path, line: number, reason: reason))
            }
            if isOversized {
                return skip("it is longer than \(HistoryReader.maximumLineBytes >> 20) MiB, which no record is")
            }
            guard isTerminated else {
                return skip(
                    "it is the last line and has no newline: a torn record, left by an append that was interrupted"
                )
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            do {
                try read(bytes, line: number)
            } catch {
                skip(error.reason)
            }
        }

        /// Reads one record in one pass, parsing only the header and the selected measurements
        /// (see ``HistoryLineScanner``); a line it cannot read is diagnosed by ``diagnose(_:_:)``.
        private mutating func read(_ bytes: UnsafeRawBufferPointer, line number: Int) throws(HistoryLineProblem) {
            var version: Int?
            var run: String?
            var commit: String?
            var time: String?
            var isDirty: Bool?
            var environment: JSONObject?
            var hasScenarios = false
            // Every selected measurement is read before any is kept, so a bad line adds nothing.
            var points: [(scenario: String, metric: String, point: HistorySeries.Point)] = []
            var names: [String] = []
            var metrics: [String] = []
            let entryIndex = entries.count
            do throws(HistoryLineProblem) {
                var scanner = HistoryLineScanner(bytes)
                var record = try scanner.beginObject()
                while var member = try scanner.nextKey(in: &record) {
                    guard scanner.key(of: member, is: "scenarios") else {
                        member.value = try scanner.skipValue()
                        switch (try scanner.text(of: member), try scanner.value(of: member)) {
                        case ("schemaVersion", .number(let value)): version = value.exactly(Int.self)
                        case ("run", .string(let text)): run = text
                        case ("commit", .string(let text)): commit = text
                        case ("time", .string(let text)): time = text
                        case ("dirty", .bool(let flag)): isDirty = flag
                        case ("environment", .object(let value)): environment = value
                        default: break
                        }
                        continue
                    }
                    hasScenarios = true
                    var scenarios = try scanner.beginObject()
                    while let scenario = try scanner.nextKey(in: &scenarios) {
                        let name = try scanner.text(of: scenario)
                        names.append(name)
                        guard selection.includes(scenario: name) else {
                            _ = try scanner.skipValue()
                            continue
                        }
                        var isValid = true
                        var body = try scanner.beginObject()
                        var selected: [(String, HistoryMeasurement)] = []
                        while var field = try scanner.nextKey(in: &body) {
                            if scanner.key(of: field, is: "valid") {
                                field.value = try scanner.skipValue()
                                if case .bool(let flag) = try scanner.value(of: field) { isValid = flag }
                                continue
                            }
                            guard scanner.key(of: field, is: "metrics") else {
                                _ = try scanner.skipValue()
                                continue
                            }
                            var measurements = try scanner.beginObject()
                            while var metric = try scanner.nextKey(in: &measurements) {
                                let identifier = try scanner.text(of: metric)
                                metrics.append(identifier)
                                metric.value = try scanner.skipValue()
                                guard selection.includes(metric: identifier) else { continue }
                                let path = "scenarios.\(name).metrics.\(identifier)"
                                guard case .object(let fields) = try scanner.value(of: metric) else {
                                    throw HistoryLineProblem(field: path, expected: "an object")
                                }
                                do {
                                    selected.append((identifier, try HistoryMeasurement(fields)))
                                } catch {
                                    throw error.inside(path)
                                }
                            }
                        }
                        for (identifier, measurement) in selected {
                            points.append(
                                (
                                    name, identifier,
                                    HistorySeries.Point(entry: entryIndex, measurement: measurement, isValid: isValid)
                                )
                            )
                        }
                    }
                }
                try scanner.expectEnd()
            } catch {
                throw Self.diagnose(bytes, error)
            }
            guard let version else { throw HistoryLineProblem(field: "schemaVersion", expected: "a whole number") }
            guard version == HistoryRecord.currentSchemaVersion else { throw Self.otherVersion(version) }
            guard let run else { throw HistoryLineProblem(field: "run", expected: "a string") }
            guard let commit else { throw HistoryLineProblem(field: "commit", expected: "a string") }
            guard let time else { throw HistoryLineProblem(field: "time", expected: "a string") }
            guard hasScenarios else { throw HistoryLineProblem(field: "scenarios", expected: "an object") }
            if let first = runs[run] {
                throw HistoryLineProblem(
                    "it repeats run \(run) of line \(first) (the same result appended twice); the first is kept"
                )
            }
            scenarioNames.formUnion(names)
            metricNames.formUnion(metrics)
            runs[run] = number
            entries.append(
                HistoryEntry(
                    line: number,
                    run: run,
                    commit: commit,
                    isDirty: isDirty,
                    time: time,
                    environment: environment.map(HistoryEnvironment.init)
                        ?? HistoryEnvironment(
                            hostname: "",
                            machineID: nil,
                            bootID: nil,
                            cpuModel: "",
                            logicalCores: 0,
                            buildConfiguration: ""
                        )
                )
            )
            for (scenario, metric, point) in points {
                series[scenario, default: [:]][metric, default: HistorySeries(scenario: scenario, metric: metric)]
                    .points.append(point)
            }
        }

        /// Why a line the one-pass walk could not read is skipped: it is not JSON, JSON but not an
        /// object, a record of another schema version (whose shape may differ), or else the walk's
        /// own problem.
        static func diagnose(_ bytes: UnsafeRawBufferPointer, _ problem: HistoryLineProblem) -> HistoryLineProblem {
            let node: JSONNode
            do {
                node = try JSONParser.parse(bytes)
            } catch {
                return HistoryLineProblem("it is not JSON (\(error.reason) at column \(error.column))")
            }
            guard case .object(let object) = node else {
                return HistoryLineProblem("it is \(node.kindDescription), not a JSON object")
            }
            if case .number(let number)? = object["schemaVersion"], let version = number.exactly(Int.self),
                version != HistoryRecord.currentSchemaVersion
            {
                return otherVersion(version)
            }
            return problem
        }

        static func otherVersion(_ version: Int) -> HistoryLineProblem {
            HistoryLineProblem(
                "it has schema version \(version), and this perfgate reads version "
                    + "\(HistoryRecord.currentSchemaVersion) (it was appended by another perfgate version)"
            )
        }

        func log() -> HistoryLog {
            var ordered: [HistorySeries] = []
            for scenario in series.keys.sorted() {
                guard let metrics = series[scenario] else { continue }
                for metric in metrics.keys.sorted(by: HistoryLog.metricOrder) {
                    if let one = metrics[metric] { ordered.append(one) }
                }
            }
            return HistoryLog(
                path: path,
                suite: suite,
                entries: entries,
                series: ordered,
                warnings: warnings,
                scenarioNames: scenarioNames.sorted(),
                metricNames: metricNames.sorted(by: HistoryLog.metricOrder)
            )
        }
    }
}
