import PerfSupport

/// A JSON value rendered with sorted keys and no NaN, without Foundation.
///
/// Used for the monitor's JSON lines so every line has the same key order byte for byte.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    /// A number, or null when it is nil or not finite.
    public static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// An unsigned integer (clamped to `Int64`).
    public static func unsigned(_ value: UInt64) -> JSONValue { .integer(Int64(clamping: value)) }

    /// The value as compact JSON text with object keys sorted.
    ///
    /// - Complexity: O(n log n) in the number of keys.
    public func rendered() -> String {
        var output = ""
        render(into: &output)
        return output
    }

    private func render(into output: inout String) {
        switch self {
        case .string(let text):
            output.appendJSONStringLiteral(of: text)
        case .number(let value):
            output += value.isFinite ? NumberFormat.plain.format(value) : "null"
        case .integer(let value):
            output += String(value)
        case .bool(let value):
            output += value ? "true" : "false"
        case .null:
            output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.render(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                output.appendJSONStringLiteral(of: key)
                output += ":"
                members[key, default: .null].render(into: &output)
            }
            output += "}"
        }
    }
}
