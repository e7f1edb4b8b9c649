/// A parsed JSON document.
///
/// Objects keep their members in file order and never hold a key twice (``JSONParser`` refuses a
/// repeated key). Numbers keep what an integer field needs to be read exactly: an integer that
/// fits 64 bits stays an integer and never passes through `Double`.
package enum JSONNode: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONNode])
    /// An object.
    case object(JSONObject)

    /// What the value is, for messages: "null", "true", "a number", "a string", "a list" or "an object".
    package var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A JSON number: an exact integer when it is written as one and fits 64 bits, else a double.
package enum JSONNumber: Sendable, Equatable {
    /// An integer from `Int64.min` to `Int64.max`, written without fraction or exponent.
    case integer(Int64)
    /// An integer above `Int64.max` that fits `UInt64`, written without fraction or exponent.
    case unsignedInteger(UInt64)
    /// A number with a fraction or an exponent, or an integer beyond 64 bits (finite).
    case floatingPoint(Double)

    /// The largest integer up to which every integer is a `Double`: 2⁵³.
    static let largestExactDouble: Double = 9_007_199_254_740_992

    /// The number as an integer of type `T`, or nil when it is not a whole number that `T` holds
    /// exactly.
    ///
    /// Integers convert exactly over `T`'s whole range. A number with a fraction or exponent
    /// counts only when it is whole and at most 2⁵³ in magnitude, where a double is exact: `1e3`
    /// is 1000, while `9.223372036854776e18` is refused rather than rounded.
    package func exactly<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        switch self {
        case .integer(let value): T(exactly: value)
        case .unsignedInteger(let value): T(exactly: value)
        case .floatingPoint(let value):
            value.isFinite && value == value.rounded() && abs(value) <= Self.largestExactDouble
                ? T(exactly: value) : nil
        }
    }

    /// The number as a double (integers beyond 2⁵³ round to the nearest double).
    package var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .unsignedInteger(let value): Double(value)
        case .floatingPoint(let value): value
        }
    }

    /// The number as it would be written back: integers in full, doubles shortest.
    package var text: String {
        switch self {
        case .integer(let value): String(value)
        case .unsignedInteger(let value): String(value)
        case .floatingPoint(let value): String(value)
        }
    }
}

/// One member of a JSON object.
package struct JSONMember: Sendable, Equatable {
    /// The key.
    package var key: String
    /// The value.
    package var value: JSONNode

    /// Creates a member.
    package init(key: String, value: JSONNode) {
        self.key = key
        self.value = value
    }
}

/// A JSON object: members in file order, keys unique.
package struct JSONObject: Sendable, Equatable {
    /// The members, in file order.
    package private(set) var members: [JSONMember]

    /// Creates an object; a later member with the key of an earlier one is dropped (the parser
    /// never produces one).
    package init(_ members: [JSONMember]) {
        var seen = Set<String>()
        self.members = members.filter { seen.insert($0.key).inserted }
    }

    /// Creates an object from members known to have unique keys.
    init(uniqueMembers members: [JSONMember]) {
        self.members = members
    }

    /// The keys, in file order.
    package var keys: [String] { members.map(\.key) }

    /// The value of a key, if present.
    ///
    /// - Complexity: O(n) in the members; index with ``index()`` for many lookups in a large object.
    package subscript(key: String) -> JSONNode? {
        members.first { $0.key == key }?.value
    }

    /// The members by key, for many lookups in one object.
    ///
    /// - Complexity: O(n) in the members.
    package func index() -> [String: JSONNode] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
