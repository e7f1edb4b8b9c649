import Foundation
import PerfMonitor

/// Reads and writes result and baseline files, with one-line errors that name the file, the
/// field and the fix, and atomic writes that never leave a half-written file.
public enum ResultStore {
    /// Reads a result or baseline file.
    ///
    /// - Parameter path: The file to read.
    /// - Throws: `PerfGateError` with code `result.unreadable`, `result.malformed` or
    ///   `result.schema` (the CLI exits 65).
    public static func load(contentsOf path: String) throws(PerfGateError) -> RunResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason =
                !exists ? "it does not exist" : (isDirectory.boolValue ? "it is a directory" : "it cannot be read")
            throw PerfGateError(
                code: "result.unreadable",
                message: "The result file '\(path)' cannot be read because \(reason); check the path."
            )
        }
        return try decode(data, source: path)
    }

    /// Decodes a result from JSON data.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - source: The file's name, for messages.
    public static func decode(_ data: Data, source: String) throws(PerfGateError) -> RunResult {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let location = (error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int
            let whereText = location.map { " near byte \($0)" } ?? ""
            throw PerfGateError(
                code: "result.malformed",
                message: "The result file '\(source)' is not valid JSON\(whereText) (truncated or edited by hand?); "
                    + "regenerate it with 'perfgate run' or restore it from git."
            )
        }
        guard let top = object as? [String: Any] else {
            throw PerfGateError(
                code: "result.malformed",
                message: "The result file '\(source)' is not a JSON object; regenerate it with 'perfgate run'."
            )
        }
        guard let version = top["schemaVersion"] as? Int else {
            throw PerfGateError(
                code: "result.malformed",
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
                code: "result.schema",
                message:
                    "The result file '\(source)' has schemaVersion \(version), but this perfgate reads version \(RunResult.currentSchemaVersion); \(advice)."
            )
        }
        let result: RunResult
        do {
            result = try JSONDecoder().decode(RunResult.self, from: data)
        } catch let error as DecodingError {
            throw PerfGateError(code: "result.malformed", message: "The result file '\(source)' \(describe(error)).")
        } catch {
            throw PerfGateError(
                code: "result.malformed",
                message: "The result file '\(source)' cannot be decoded: \(error)."
            )
        }
        if let problem = firstBadValue(in: result) {
            throw PerfGateError(code: "result.malformed", message: "The result file '\(source)' \(problem)")
        }
        return result
    }

    /// The first value a result must not hold (NaN, infinite, negative, empty), as a sentence.
    static func firstBadValue(in result: RunResult) -> String? {
        for (index, scenario) in result.scenarios.enumerated() {
            for (name, series) in scenario.metrics.sorted(by: { $0.key < $1.key }) {
                // A paired difference such as the monitor's overhead can fall below 0 by noise.
                let mayBeNegative = MetricID(rawValue: name)?.allowsNegativeValues ?? false
                for (round, value) in series.values.enumerated() where !value.isFinite || (value < 0 && !mayBeNegative)
                {
                    return
                        "has \(value) at 'scenarios[\(index)].metrics.\(name).values[\(round)]' (scenario '\(scenario.name)'); "
                        + "values must be finite and not negative; rerun the scenario or remove it."
                }
                if series.values.isEmpty {
                    return
                        "has no values at 'scenarios[\(index)].metrics.\(name).values' (scenario '\(scenario.name)'); "
                        + "every metric needs at least one round; rerun the scenario."
                }
            }
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return
                "has no field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'; add it or regenerate the file"
        case .typeMismatch(let type, let context):
            return
                "has the wrong type at '\(path(context.codingPath))' (expected \(type)); fix the value or regenerate the file"
        case .valueNotFound(let type, let context):
            return "has null at '\(path(context.codingPath))' (expected \(type)); fix the value or regenerate the file"
        case .dataCorrupted(let context):
            return "has an invalid value at '\(path(context.codingPath))': \(context.debugDescription)"
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
            throw PerfGateError(code: "result.encode", message: "The result cannot be written as JSON: \(error).")
        }
    }

    /// Writes a result atomically: to a temporary file in the same folder, then a rename, so a
    /// reader sees the old file or the new one, never a part.
    ///
    /// - Parameters:
    ///   - result: The result to write.
    ///   - path: Where to write it; the folder is created if missing.
    /// - Throws: `PerfGateError` with code `result.unwritable` naming the path and the fix.
    public static func write(_ result: RunResult, to path: String) throws(PerfGateError) {
        try writeAtomically(try encode(result), to: path)
    }

    /// Writes bytes atomically (temporary file in the same folder, fsync, rename).
    public static func writeAtomically(_ data: Data, to path: String) throws(PerfGateError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PerfGateError(
                code: "result.unwritable",
                message:
                    "The folder '\(folder)' cannot be created for '\(path)'; check its permissions or choose another path."
            )
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw PerfGateError(
                code: "result.unwritable",
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
                code: "result.unwritable",
                message:
                    "'\(path)' could not be written (\(reason)); nothing was changed. Check the disk and permissions."
            )
        }
    }
}
