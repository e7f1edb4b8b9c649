public import Foundation
import PerfMonitor
import PerfSupport

/// Reads and writes result and baseline files, with one-line errors that name the file, the
/// field and the fix, and atomic writes that never leave a half-written file.
///
/// Reading is bounded: a file above ``maximumFileBytes`` is refused before it is read, the text is
/// parsed once by ``JSONParser`` (strict, nesting at most 512 deep) and decoded by
/// ``JSONNodeDecoder``, whose integers are exact. Peak memory is about five times the file's
/// size (the bytes, the parsed tree, the decoded result).
public enum ResultStore {
    /// The largest result file read: 64 MiB. A result holds summary statistics, per-round values
    /// and sparse histograms, never raw samples; the largest real one is well under 1 MB.
    public static let maximumFileBytes = 64 << 20

    /// Reads a result or baseline file.
    ///
    /// - Parameter path: The file to read.
    /// - Throws: `PerfGateError` with code `resultUnreadable`, `resultTooLarge`,
    ///   `resultMalformed` or `resultSchema` (the CLI exits 65).
    public static func load(contentsOf path: String) throws(PerfGateError) -> RunResult {
        func unreadable(_ reason: String) -> PerfGateError {
            PerfGateError(
                code: .resultUnreadable,
                message: "The result file '\(path)' cannot be read because \(reason); check the path."
            )
        }
        // Attributes of what the path points to (a symbolic link is followed, as the read does).
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else {
            throw unreadable("it does not exist")
        }
        let type = attributes[.type] as? FileAttributeType
        // A link still unresolved points nowhere.
        guard type != .typeSymbolicLink else { throw unreadable("it does not exist") }
        guard type != .typeDirectory else { throw unreadable("it is a directory") }
        if type == .typeRegular, let size = (attributes[.size] as? NSNumber)?.intValue, size > maximumFileBytes {
            throw tooLarge(path, bytes: size)
        }
        // Read at most one byte past the limit, so a pipe or a growing file cannot exhaust memory;
        // `decode` refuses what went past it.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw unreadable("it cannot be read") }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw unreadable("it cannot be read")
        }
        return try decode(data, source: path)
    }

    static func tooLarge(_ source: String, bytes: Int) -> PerfGateError {
        PerfGateError(
            code: .resultTooLarge,
            message:
                "The result file '\(source)' is \(bytes >> 20) MB, above the \(maximumFileBytes >> 20) MB limit for "
                + "result files; a perfgate result holds summary statistics, never raw samples, so this is not one "
                + "(or it was edited); regenerate it with 'perfgate run'."
        )
    }

    /// Decodes a result from JSON data.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - source: The file's name, for messages.
    public static func decode(_ data: Data, source: String) throws(PerfGateError) -> RunResult {
        guard data.count <= maximumFileBytes else { throw tooLarge(source, bytes: data.count) }
        let document: JSONNode
        do {
            document = try JSONParser.parse { data.withUnsafeBytes($0) }
        } catch {
            throw PerfGateError(
                code: .resultMalformed,
                message: "The result file '\(source)' is not valid JSON: \(error) (truncated or edited by hand?); "
                    + "regenerate it with 'perfgate run' or restore it from git."
            )
        }
        guard case .object(let top) = document else {
            throw PerfGateError(
                code: .resultMalformed,
                message: "The result file '\(source)' is not a JSON object; regenerate it with 'perfgate run'."
            )
        }
        guard case .number(let number) = top["schemaVersion"], let version = number.exactly(Int.self) else {
            throw PerfGateError(
                code: .resultMalformed,
                message:
                    "The result file '\(source)' has no integer 'schemaVersion'; it is not a perfgate result, or it was edited by hand."
            )
        }
        guard version == RunResult.currentSchemaVersion else {
            let advice =
                version > RunResult.currentSchemaVersion
                ? "it was written by a newer perfgate; upgrade perfgate, or regenerate the file with this version"
                : "regenerate it with this perfgate ('perfgate run', then 'perfgate baseline update')"
            throw PerfGateError(
                code: .resultSchema,
                message:
                    "The result file '\(source)' has schemaVersion \(version), but this perfgate reads version \(RunResult.currentSchemaVersion); \(advice)."
            )
        }
        let result: RunResult
        do {
            result = try JSONNodeDecoder().decode(RunResult.self, from: document)
        } catch let error as DecodingError {
            throw PerfGateError(code: .resultMalformed, message: "The result file '\(source)' \(describe(error)).")
        } catch {
            throw PerfGateError(
                code: .resultMalformed,
                message: "The result file '\(source)' cannot be decoded: \(error)."
            )
        }
        if let problem = ResultPlausibility.firstProblem(in: result) {
            throw PerfGateError(code: .resultMalformed, message: "The result file '\(source)' \(problem)")
        }
        return result
    }

    /// Checks that two results can be compared: their calibration scores lie within 1000× of
    /// each other (``ResultPlausibility/calibrationProblem(current:baseline:)``).
    ///
    /// - Throws: `resultMalformed` naming the field and the fix (the CLI exits 65).
    package static func checkComparable(_ current: RunResult, with baseline: RunResult) throws(PerfGateError) {
        if let problem = ResultPlausibility.calibrationProblem(current: current, baseline: baseline) {
            throw PerfGateError(code: .resultMalformed, message: "The results cannot be compared: \(problem)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String { JSONNodeDecoder.describe(codingPath) }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return
                "has no field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'; add it or regenerate the file"
        case .typeMismatch(_, let context):
            return
                "has the wrong type at '\(path(context.codingPath))' (\(context.debugDescription)); fix the value or regenerate the file"
        case .valueNotFound(_, let context):
            return
                "has a missing value at '\(path(context.codingPath))' (\(context.debugDescription)); fix the value or regenerate the file"
        case .dataCorrupted(let context):
            return
                "has an invalid value at '\(path(context.codingPath))': \(context.debugDescription); fix the value or regenerate the file"
        @unknown default:
            return "cannot be decoded: \(error)"
        }
    }

    /// The JSON text of a result: pretty-printed, sorted keys, a final newline.
    public static func encode(_ result: RunResult) throws(PerfGateError) -> Data {
        var result = result
        for index in result.scenarios.indices {
            // Histograms read from older files are stored at the current resolution.
            if let histogram = result.scenarios[index].latencyHistogram {
                result.scenarios[index].latencyHistogram = StoredHistogram(histogram.snapshot)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(result)
            data.append(0x0A)
            return data
        } catch {
            throw PerfGateError(code: .resultEncode, message: "The result cannot be written as JSON: \(error).")
        }
    }

    /// Writes a result atomically: to a temporary file in the same folder, then a rename, so a
    /// reader sees the old file or the new one, never a part.
    ///
    /// - Parameters:
    ///   - result: The result to write.
    ///   - path: Where to write it; the folder is created if missing.
    /// - Throws: `PerfGateError` with code `resultUnwritable` naming the path and the fix.
    public static func write(_ result: RunResult, to path: String) throws(PerfGateError) {
        try writeAtomically(try encode(result), to: path)
    }

    /// Checks, before any load runs, that a file can be written at `path`: the path is not a
    /// folder, its nearest existing ancestor is a folder, its folder exists (it is created, as the
    /// write would) and accepts a new file (a probe file is created and removed).
    ///
    /// - Throws: `resultUnwritable`, a sentence that names the path, the cause and the fix.
    package static func checkWritable(_ path: String) throws(PerfGateError) {
        func unwritable(_ cause: String) -> PerfGateError {
            PerfGateError(
                code: .resultUnwritable,
                message: "'\(path)' cannot be written: \(cause); choose another path. Nothing was measured yet."
            )
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw unwritable("it is a folder, not a file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var ancestor = folder
        while !manager.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
            let parent = URL(fileURLWithPath: ancestor).deletingLastPathComponent().path
            guard parent != ancestor else { break }
            ancestor = parent
        }
        if manager.fileExists(atPath: ancestor, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw unwritable("'\(ancestor)' is a file, not a folder")
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw unwritable("the folder '\(folder)' cannot be created (\(String(cString: strerror(errno))))")
        }
        // A name no earlier run left behind: the pid and a random suffix.
        let probe = folder + "/.perfgate-probe-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw unwritable("the folder '\(folder)' does not accept new files (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
        unlink(probe)
    }

    /// Removes temporary files that an earlier write of `name` left in `folder` when its process
    /// was killed: `.<name>.tmp-<pid>` whose process no longer exists. Files of other names, and
    /// of processes still running, are left alone.
    static func removeStaleTemporaryFiles(of name: String, in folder: String) {
        let prefix = "." + name + ".tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = pid_t(entry.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }

    /// Writes bytes atomically (temporary file in the same folder, fsync, rename).
    package static func writeAtomically(_ data: Data, to path: String) throws(PerfGateError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PerfGateError(
                code: .resultUnwritable,
                message:
                    "The folder '\(folder)' cannot be created for '\(path)'; check its permissions or choose another path."
            )
        }
        removeStaleTemporaryFiles(of: url.lastPathComponent, in: folder)
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw PerfGateError(
                code: .resultUnwritable,
                message:
                    "'\(path)' cannot be written because the folder '\(folder)' is not writable (\(String(cString: strerror(errno)))); "
                    + "fix its permissions or choose another path. Nothing was changed."
            )
        }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PerfGateError(
                code: .resultUnwritable,
                message:
                    "'\(path)' could not be written (\(reason)); nothing was changed. Check the disk and permissions."
            )
        }
    }
}
