import PerfSupport

/// What an option's or argument's value must look like; the parser checks it before the handler runs, so a
/// bad `--rounds` fails in milliseconds rather than after the warm-up.
///
/// ```swift
/// .option("--rounds", value: "n", type: .integer(in: 1...1_000), help: "…")
/// .option("--format", value: "format", type: .choice(of: ReportFormat.self), default: "text", help: "…")
/// ```
struct ValueType: Sendable, Equatable {
    enum Storage: Sendable, Equatable {
        case string
        case integer(ClosedRange<Int>)
        case decimal(ClosedRange<Double>)
        case choice([String])
    }

    let storage: Storage

    /// Any text.
    static let string = ValueType(storage: .string)

    /// Any whole number.
    static let integer = ValueType(storage: .integer(Int.min...Int.max))

    /// Any finite number.
    static let decimal = ValueType(
        storage: .decimal(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
    )

    /// A whole number within a range.
    static func integer(in range: ClosedRange<Int>) -> ValueType {
        ValueType(storage: .integer(range))
    }

    /// A finite number within a range.
    static func decimal(in range: ClosedRange<Double>) -> ValueType {
        ValueType(storage: .decimal(range))
    }

    /// One of a fixed list of words, listed in help as `(values: …)`.
    static func choice(_ allowedValues: [String]) -> ValueType {
        ValueType(storage: .choice(allowedValues))
    }

    /// One of the raw values of an enumeration, in declaration order.
    static func choice<Choice: CaseIterable & RawRepresentable>(of type: Choice.Type) -> ValueType
    where Choice.RawValue == String {
        choice(type.allCases.map(\.rawValue))
    }

    /// The words a choice allows, or an empty list for any other type.
    var allowedValues: [String] {
        if case .choice(let values) = storage { return values }
        return []
    }

    /// Why the value is not acceptable, as the end of a sentence that starts
    /// "The value 'x' is invalid for '--name <value>'", or `nil` when it is acceptable.
    ///
    /// The wording follows swift-argument-parser: `: expected …` for numbers and
    /// `. Please provide one of 'a', 'b' or 'c'` for choices.
    func problem(with value: String) -> String? {
        switch storage {
        case .string:
            return nil
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return ": expected a whole number\(Self.describe(range))"
            }
            return nil
        case .decimal(let range):
            guard let number = Double(value), number.isFinite, range.contains(number) else {
                return ": expected a number\(Self.describe(range))"
            }
            return nil
        case .choice(let values):
            guard !values.contains(value) else { return nil }
            return ". Please provide one of \(Self.quotedList(values))"
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): ""
        case (false, true): " of at least \(range.lowerBound)"
        case (true, false): " of at most \(range.upperBound)"
        case (false, false): " from \(range.lowerBound) to \(range.upperBound)"
        }
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        let plain = NumberFormat.plain
        let isOpenBelow = range.lowerBound == -Double.greatestFiniteMagnitude
        let isOpenAbove = range.upperBound == Double.greatestFiniteMagnitude
        switch (isOpenBelow, isOpenAbove) {
        case (true, true): return ""
        case (false, true): return " of at least \(plain.format(range.lowerBound))"
        case (true, false): return " of at most \(plain.format(range.upperBound))"
        case (false, false): return " from \(plain.format(range.lowerBound)) to \(plain.format(range.upperBound))"
        }
    }

    /// `'a'`, `'a' and 'b'`, or `'a', 'b' or 'c'`.
    static func quotedList(_ values: [String]) -> String {
        let quoted = values.map { "'\($0)'" }
        guard let last = quoted.last else { return "" }
        guard quoted.count > 1 else { return last }
        return quoted.dropLast().joined(separator: ", ") + (quoted.count == 2 ? " and " : " or ") + last
    }
}
