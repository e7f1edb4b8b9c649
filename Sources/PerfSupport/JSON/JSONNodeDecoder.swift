/// Decodes `Decodable` types from a ``JSONNode``, with exact integers and errors that name the
/// field.
///
/// Every loader reads numbers by one rule (``JSONNumber/exactly(_:)``): an integer field takes a
/// whole number within its type's range, read exactly, never through a `Double`; `-1` for a
/// `UInt64`, `1.5` for an `Int` or `2^64` for a `UInt64` is a `DecodingError.dataCorrupted`
/// whose coding path names the field and whose description says what is allowed. A `Double` field
/// takes any number. Objects may hold keys the type does not read (they are ignored, as
/// `JSONDecoder` does).
///
/// - Complexity: O(n) in the values decoded; each object is indexed once when a type reads it.
package struct JSONNodeDecoder {
    /// Creates a decoder.
    package init() {}

    /// Decodes a value of `type` from a parsed document.
    ///
    /// - Throws: `DecodingError`, with the coding path of the field at fault.
    package func decode<T: Decodable>(_ type: T.Type, from value: JSONNode) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }

    /// A coding path as text: `scenarios[0].workload.seed`.
    package static func describe(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }
}

/// A coding key for array positions and dictionary keys.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw DecodingError.typeMismatch(
                [String: Any].self,
                .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.kindDescription)")
            )
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.typeMismatch(
                [Any].self,
                .init(codingPath: codingPath, debugDescription: "expected a list, found \(value.kindDescription)")
            )
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }
}

/// The one reading rule for scalars, shared by the three containers.
private enum Scalar {
    static func bool(_ value: JSONNode, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, "true or false", value, path) }
        return flag
    }

    static func string(_ value: JSONNode, _ path: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, "a string", value, path) }
        return text
    }

    static func double(_ value: JSONNode, _ path: [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(Double.self, "a number", value, path) }
        return number.doubleValue
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONNode, _ path: [any CodingKey]) throws -> T {
        let allowed = "a whole number from \(T.min) to \(T.max)"
        guard case .number(let number) = value else { throw mismatch(T.self, allowed, value, path) }
        guard let integer = number.exactly(T.self) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "\(number.text) is not \(allowed)")
            )
        }
        return integer
    }

    static func mismatch(
        _ type: Any.Type,
        _ expected: String,
        _ value: JSONNode,
        _ path: [any CodingKey]
    )
        -> DecodingError
    {
        if case .null = value {
            return DecodingError.valueNotFound(
                type,
                .init(codingPath: path, debugDescription: "expected \(expected), found null")
            )
        }
        return DecodingError.typeMismatch(
            type,
            .init(codingPath: path, debugDescription: "expected \(expected), found \(value.kindDescription)")
        )
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let members: [String: JSONNode]
    let codingPath: [any CodingKey]

    init(object: JSONObject, codingPath: [any CodingKey]) {
        self.object = object
        members = object.index()
        self.codingPath = codingPath
    }

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONNode {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: codingPath, debugDescription: "no field '\(key.stringValue)'")
            )
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard case .null = try value(key) else { return false }
        return true
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Scalar.bool(value(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Scalar.string(value(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Scalar.double(value(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(try Scalar.double(value(key), path(key)))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Scalar.integer(value(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Scalar.integer(value(key), path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: ValueDecoder(value: value(key), codingPath: path(key)))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(key), codingPath: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: value(key), codingPath: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = AnyCodingKey(stringValue: "super")
        return ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: path(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONNode], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var path: [any CodingKey] { codingPath + [AnyCodingKey(intValue: currentIndex)] }

    private mutating func next() throws -> JSONNode {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self,
                .init(codingPath: path, debugDescription: "the list has only \(elements.count) elements")
            )
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    /// Reads the next element with a scalar rule, naming its position in errors.
    private mutating func scalar<T>(_ read: (JSONNode, [any CodingKey]) throws -> T) throws -> T {
        let elementPath = path
        return try read(next(), elementPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar { try Scalar.bool($0, $1) } }
    mutating func decode(_ type: String.Type) throws -> String { try scalar { try Scalar.string($0, $1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar { try Scalar.double($0, $1) } }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try scalar { try Scalar.double($0, $1) }) }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar { try Scalar.integer($0, $1) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar { try Scalar.integer($0, $1) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let elementPath = path
        return try T(from: ValueDecoder(value: next(), codingPath: elementPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let elementPath = path
        return try ValueDecoder(value: next(), codingPath: elementPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let elementPath = path
        return try ValueDecoder(value: next(), codingPath: elementPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let elementPath = path
        return ValueDecoder(value: try next(), codingPath: elementPath)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try Scalar.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Scalar.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Scalar.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try Scalar.double(value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try Scalar.integer(value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Scalar.integer(value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Scalar.integer(value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Scalar.integer(value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Scalar.integer(value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Scalar.integer(value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Scalar.integer(value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Scalar.integer(value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Scalar.integer(value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Scalar.integer(value, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: codingPath))
    }
}
