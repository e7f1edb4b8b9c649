public import Foundation
import PerfSupport

/// The comparison as JSON: the ``ComparisonReport`` itself, pretty-printed with sorted keys so
/// that two reports diff line by line, plus `verdict` (``ExitVerdict/identifier``), `exitCode` and
/// `reportFormatVersion` at the top level.
///
/// The document decodes back into a ``ComparisonReport`` with ``decode(_:)`` (a plain
/// `JSONDecoder` works too when every number is finite; the extra top-level keys are ignored).
/// Numbers that are not finite are written as the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`, which ``decode(_:)`` reads back.
public struct JSONReport: Sendable {
    /// The version of the document's layout around the report.
    public static let formatVersion = 1

    /// Creates a JSON report.
    public init() {}

    /// Renders a comparison.
    ///
    /// - Parameters:
    ///   - report: The comparison.
    ///   - current: The run it judged (not included: the result file has it).
    ///   - baseline: The run it was compared against (not included either).
    /// - Returns: The JSON text, ending with a newline.
    public func render(_ report: ComparisonReport, current: RunResult, baseline: RunResult?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity",
            negativeInfinity: "-Infinity",
            nan: "NaN"
        )
        do {
            let data = try encoder.encode(Document(report: report))
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            // Unreachable with the float strategy above; still never trap on a report.
            let message = "The report cannot be encoded as JSON: \(error)".replacingOccurrences(of: "\n", with: " ")
            return "{\n  \"error\" : \(message.jsonStringLiteral)\n}\n"
        }
    }

    /// Reads a report back from the JSON this type writes.
    ///
    /// - Parameters:
    ///   - data: The JSON text.
    /// - Throws: `PerfGateError` with code `reportMalformed` when the text is not such a report.
    public static func decode(_ data: Data) throws(PerfGateError) -> ComparisonReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity",
            negativeInfinity: "-Infinity",
            nan: "NaN"
        )
        do {
            return try decoder.decode(ComparisonReport.self, from: data)
        } catch {
            throw PerfGateError(
                code: .reportMalformed,
                message:
                    "The JSON is not a PerfGate comparison report; write it with 'perfgate compare --format json'.",
                cause: "\(error)"
            )
        }
    }

    /// The report's own keys and the top-level additions, in one object.
    private struct Document: Encodable {
        var report: ComparisonReport

        enum CodingKeys: String, CodingKey {
            case verdict
            case exitCode
            case reportFormatVersion
        }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(report.exitVerdict.identifier, forKey: .verdict)
            try container.encode(report.exitVerdict.exitCode, forKey: .exitCode)
            try container.encode(JSONReport.formatVersion, forKey: .reportFormatVersion)
        }
    }
}
