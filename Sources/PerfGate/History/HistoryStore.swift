import Foundation
@preconcurrency import Glibc
import PerfSupport

/// A folder of history files, one per suite: `<directory>/<suite>.jsonl`, one record a line.
///
/// Appending is crash-safe and does not read the store: the record is one `write(2)` of a whole
/// line to a file opened with `O_APPEND`, under an exclusive `flock(2)` (so two appends never
/// interleave), followed by `fsync(2)`. Before it writes, an append reads at most the last
/// ``tailBytes`` of the file, which costs the same for 10 records or 10 million:
/// - a file that does not end in a newline ends in a torn line (an append that was interrupted);
///   the new record then starts with a newline, so the torn text stays a line of its own that
///   readers skip with a warning, and the new record stays readable;
/// - a record of the same run (``HistoryRecord/run``) among the complete lines of that tail means
///   the result was already appended (a retried CI job): nothing is written. A duplicate further
///   back is not seen here; readers keep the first record of a run and skip the others with a
///   warning.
///
/// A short write (a full disk) is undone with `ftruncate(2)` to the length before it, so the file
/// never keeps half a record that this append wrote.
package struct HistoryStore: Sendable {
    /// Where `perfgate history` keeps its files unless `--store` says otherwise.
    package static let defaultDirectory = ".perfgate/history"
    /// The extension of a history file.
    package static let fileExtension = "jsonl"
    /// How much of the file's end an append reads to find a torn line and a repeated run: 256 KiB,
    /// some 40 records of 50 metrics each.
    package static let tailBytes = 256 << 10

    /// The folder of the history files.
    package var directory: String

    /// A store in a folder; nothing is created until a record is appended.
    package init(directory: String = HistoryStore.defaultDirectory) {
        self.directory = directory
    }

    /// The file of a suite's history.
    package func path(forSuite suite: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + suite + "." + Self.fileExtension
    }

    /// The suites that have a history file in the store, sorted; empty when the folder does not exist.
    package func suites() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let suffix = "." + Self.fileExtension
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.map { String($0.dropLast(suffix.count)) }
            .sorted()
    }

    /// What an append did.
    package struct AppendOutcome: Sendable, Hashable {
        /// The file appended to.
        package var path: String
        /// Whether the record was written; false when the same run was already among the newest records.
        package var wasAppended: Bool
        /// Whether the file was created by this append.
        package var createdFile: Bool
        /// Whether the file ended in a torn line, which the new record now follows on a line of its own.
        package var followedTornLine: Bool
    }

    /// Appends a record to its suite's file, creating the folder and the file when needed.
    ///
    /// - Parameter record: The record; its suite names the file.
    /// - Returns: What was done; a run already among the last ``tailBytes`` is not written again.
    /// - Throws: `historyRecord` for a suite name that cannot name a file; `historyUnwritable` when
    ///   the folder cannot be created or the file cannot be opened, locked, written or synced.
    /// - Complexity: O(size of the record + ``tailBytes``), independent of the records in the file.
    package func append(_ record: HistoryRecord) throws(PerfGateError) -> AppendOutcome {
        if let problem = SuiteName.problem(with: record.suite) {
            throw PerfGateError(
                code: .historyRecord,
                message: "The suite name '\(record.suite)' cannot name a history file: \(problem); "
                    + "fix the result's 'suite' field."
            )
        }
        let path = path(forSuite: record.suite)
        func unwritable(_ cause: String) -> PerfGateError {
            PerfGateError(
                code: .historyUnwritable,
                message: "The history file '\(path)' cannot be appended to: \(cause); check the folder's "
                    + "permissions or choose another one with --store. Nothing was appended."
            )
        }
        let line = try record.line()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw unwritable("its folder cannot be created (\(error.localizedDescription))")
        }
        let existed = FileManager.default.fileExists(atPath: path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw unwritable("open failed, \(Self.lastError())") }
        defer { close(descriptor) }
        guard Self.retryingInterrupts({ flock(descriptor, LOCK_EX) }) == 0 else {
            throw unwritable("it cannot be locked, \(Self.lastError())")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unwritable("fstat failed, \(Self.lastError())") }
        let length = Int(status.st_size)
        let tail = Self.tail(ofFileAt: path, length: length)
        if tail.runs.contains(record.run) {
            return AppendOutcome(path: path, wasAppended: false, createdFile: false, followedTornLine: false)
        }
        var bytes = line
        if tail.endsTorn { bytes.insert(0x0A, at: 0) }
        let written = bytes.withUnsafeBytes { buffer in
            Self.retryingInterrupts { Glibc.write(descriptor, buffer.baseAddress, buffer.count) }
        }
        guard written == bytes.count else {
            let cause =
                written < 0 ? "write failed, \(Self.lastError())" : "the disk took \(written) of \(bytes.count) bytes"
            _ = ftruncate(descriptor, off_t(length))
            throw unwritable(cause)
        }
        guard fsync(descriptor) == 0 else { throw unwritable("fsync failed, \(Self.lastError())") }
        if !existed { Self.syncFolder(directory) }
        return AppendOutcome(path: path, wasAppended: true, createdFile: !existed, followedTornLine: tail.endsTorn)
    }

    /// The runs of the complete lines in the last ``tailBytes`` of a file, and whether the file
    /// ends without a newline.
    static func tail(ofFileAt path: String, length: Int) -> (runs: Set<String>, endsTorn: Bool) {
        guard length > 0 else { return ([], false) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return ([], false) }
        defer { close(descriptor) }
        let start = max(0, length - tailBytes)
        var buffer = [UInt8](repeating: 0, count: length - start)
        var filled = 0
        while filled < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Self.retryingInterrupts {
                    pread(descriptor, base + filled, raw.count - filled, off_t(start + filled))
                }
            }
            guard count > 0 else { break }
            filled += count
        }
        guard filled > 0 else { return ([], false) }
        let endsTorn = buffer[filled - 1] != 0x0A
        var lines = buffer[..<filled].split(separator: 0x0A, omittingEmptySubsequences: true)
        // The first piece starts mid-line unless the window starts at the file's beginning; the last
        // is torn when the file does not end in a newline.
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        if endsTorn, !lines.isEmpty { lines.removeLast() }
        var runs: Set<String> = []
        for line in lines {
            // The scanner finds the top-level "run" without parsing the measurements.
            let run = line.withUnsafeBytes { bytes -> String? in
                var scanner = HistoryLineScanner(bytes)
                guard let members = try? scanner.members(),
                    let member = members.first(where: { scanner.key(of: $0, is: "run") }),
                    case .string(let run)? = try? scanner.value(of: member)
                else { return nil }
                return run
            }
            if let run { runs.insert(run) }
        }
        return (runs, endsTorn)
    }

    /// Syncs a folder, so that a file just created in it survives a crash.
    private static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    static func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
