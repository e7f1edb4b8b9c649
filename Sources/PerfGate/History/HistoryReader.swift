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

        /// Reads one record, parsing only the header and the selected measurements (see
        /// ``HistoryLineScanner``).
        private mutating func read(_ bytes: UnsafeRawBufferPointer, line number: Int) throws(HistoryLineProblem) {
            var scanner = HistoryLineScanner(bytes)
            let members: [HistoryLineScanner.Member]
            do {
                members = try scanner.members()
            } catch {
                // JSON, but not an object, gets its own words.
                if case let node? = try? JSONParser.parse(bytes) {
                    throw HistoryLineProblem("it is \(node.kindDescription), not a JSON object")
                }
                throw error
            }
            try scanner.expectEnd()
            var version: Int?
            var run: String?
            var commit: String?
            var time: String?
            var isDirty: Bool?
            var environment: JSONObject?
            var scenarios: HistoryLineScanner.Member?
            for member in members {
                if scanner.key(of: member, is: "scenarios") {
                    scenarios = member
                    continue
                }
                switch (try scanner.text(of: member), try scanner.value(of: member)) {
                case ("schemaVersion", .number(let value)): version = value.exactly(Int.self)
                case ("run", .string(let text)): run = text
                case ("commit", .string(let text)): commit = text
                case ("time", .string(let text)): time = text
                case ("dirty", .bool(let flag)): isDirty = flag
                case ("environment", .object(let value)): environment = value
                default: break
                }
            }
            guard let version else { throw HistoryLineProblem(field: "schemaVersion", expected: "a whole number") }
            guard version == HistoryRecord.currentSchemaVersion else {
                throw HistoryLineProblem(
                    "it has schema version \(version), and this perfgate reads version "
                        + "\(HistoryRecord.currentSchemaVersion) (it was appended by another perfgate version)"
                )
            }
            guard let run else { throw HistoryLineProblem(field: "run", expected: "a string") }
            guard let commit else { throw HistoryLineProblem(field: "commit", expected: "a string") }
            guard let time else { throw HistoryLineProblem(field: "time", expected: "a string") }
            guard let scenarios, scanner.bytes[scenarios.value.lowerBound] == UInt8(ascii: "{") else {
                throw HistoryLineProblem(field: "scenarios", expected: "an object")
            }
            if let first = runs[run] {
                throw HistoryLineProblem(
                    "it repeats run \(run) of line \(first) (the same result appended twice); the first is kept"
                )
            }
            // Read every selected measurement before keeping any, so a bad line adds nothing.
            var points: [(scenario: String, metric: String, point: HistorySeries.Point)] = []
            let entryIndex = entries.count
            var scenarioScanner = HistoryLineScanner(bytes, from: scenarios.value.lowerBound)
            for scenario in try scenarioScanner.members() {
                let name = try scanner.text(of: scenario)
                scenarioNames.insert(name)
                guard selection.includes(scenario: name) else { continue }
                guard bytes[scenario.value.lowerBound] == UInt8(ascii: "{") else {
                    throw HistoryLineProblem(field: "scenarios.\(name)", expected: "an object")
                }
                var bodyScanner = HistoryLineScanner(bytes, from: scenario.value.lowerBound)
                var isValid = true
                var metrics: HistoryLineScanner.Member?
                for member in try bodyScanner.members() {
                    if scanner.key(of: member, is: "metrics") {
                        metrics = member
                    } else if scanner.key(of: member, is: "valid"), case .bool(let flag) = try scanner.value(of: member)
                    {
                        isValid = flag
                    }
                }
                guard let metrics, bytes[metrics.value.lowerBound] == UInt8(ascii: "{") else {
                    throw HistoryLineProblem(field: "scenarios.\(name).metrics", expected: "an object")
                }
                var metricScanner = HistoryLineScanner(bytes, from: metrics.value.lowerBound)
                for metric in try metricScanner.members() {
                    let identifier = try scanner.text(of: metric)
                    metricNames.insert(identifier)
                    guard selection.includes(metric: identifier) else { continue }
                    guard case .object(let fields) = try scanner.value(of: metric) else {
                        throw HistoryLineProblem(
                            field: "scenarios.\(name).metrics.\(identifier)",
                            expected: "an object"
                        )
                    }
                    do {
                        let measurement = try HistoryMeasurement(fields)
                        points.append(
                            (
                                name, identifier,
                                HistorySeries.Point(entry: entryIndex, measurement: measurement, isValid: isValid)
                            )
                        )
                    } catch {
                        throw error.inside("scenarios.\(name).metrics.\(identifier)")
                    }
                }
            }
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
