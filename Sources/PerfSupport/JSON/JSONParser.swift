/// Why a JSON text could not be read, and where.
package struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset of the problem, from 0.
    package var offset: Int
    /// The line of the problem, from 1.
    package var line: Int
    /// The column of the problem (in bytes), from 1.
    package var column: Int
    /// What is wrong, as a phrase ("a missing ',' or '}' after an object member").
    package var reason: String

    /// "reason at line L, column C".
    package var description: String { "\(reason) at line \(line), column \(column)" }
}

/// Parses JSON text (RFC 8259) into a ``JSONNode``, strictly and with bounded effort.
///
/// - Strict: no trailing commas, comments, `NaN` or single quotes; strings must be valid UTF-8
///   with escaped control characters; a key may appear once per object; a number must be finite
///   as a double. A UTF-8 byte order mark before the value is skipped.
/// - Bounded: nesting deeper than ``maximumDepth`` is refused (no stack overflow on hostile
///   input), and the work and memory are linear in the input: about 24 bytes per value beyond
///   the text of its strings.
///
/// - Complexity: O(n) in the bytes.
package struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    package static let maximumDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses one JSON value that fills the whole text.
    ///
    /// - Throws: ``JSONParseError`` naming the first problem and its line and column.
    package static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.index = 3 }
        parser.skipWhitespace()
        guard parser.index < bytes.count else { throw parser.error("an empty file: no JSON value") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    /// Parses one JSON value from bytes that `access` lends for the duration of a call, as
    /// `withUnsafeBytes` does: `try JSONParser.parse { data.withUnsafeBytes($0) }` reads a `Data`
    /// in place, without a copy.
    ///
    /// - Throws: ``JSONParseError`` naming the first problem and its line and column.
    package static func parse(
        lending access: ((UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(JSONParseError) -> JSONNode {
        var outcome: Result<JSONNode, JSONParseError> = .failure(
            JSONParseError(offset: 0, line: 1, column: 1, reason: "no bytes were lent to the parser")
        )
        access { raw in
            do throws(JSONParseError) {
                outcome = .success(try parse(raw))
            } catch {
                outcome = .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Parses one JSON value that fills the whole text.
    ///
    /// - Throws: ``JSONParseError`` naming the first problem and its line and column.
    package static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONNode {
        try parse { bytes.withUnsafeBytes($0) }
    }

    /// Parses one JSON value that fills the whole text.
    ///
    /// - Throws: ``JSONParseError`` naming the first problem and its line and column.
    package static func parse(_ text: String) throws(JSONParseError) -> JSONNode {
        try parse(Array(text.utf8))
    }

    // MARK: values

    private mutating func parseValue() throws(JSONParseError) -> JSONNode {
        guard index < bytes.count else { throw error("the file ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected \(describeByte(bytes[index])) where a value was expected")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONObject {
        try enterContainer()
        index += 1
        var members: [JSONMember] = []
        // Keys compare by code points (RFC 8259), not by Swift's canonical equivalence.
        var seen = Set<[Unicode.Scalar]>()
        skipWhitespace()
        if closeContainer(UInt8(ascii: "}")) { return JSONObject(uniqueMembers: members) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error(
                    index < bytes.count ? "a quoted key expected in an object" : "the file ends inside an object"
                )
            }
            let keyOffset = index
            let key = try parseString()
            guard seen.insert(Array(key.unicodeScalars)).inserted else {
                throw error("the key \(key.debugDescription) appears twice in one object", at: keyOffset)
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("a ':' expected after the key \(key.debugDescription)")
            }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            if closeContainer(UInt8(ascii: "}")) { return JSONObject(uniqueMembers: members) }
            guard peek() == UInt8(ascii: ",") else {
                throw error(
                    index < bytes.count
                        ? "a ',' or '}' expected after the value of \(key.debugDescription)"
                        : "the file ends inside an object"
                )
            }
            index += 1
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> [JSONNode] {
        try enterContainer()
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if closeContainer(UInt8(ascii: "]")) { return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if closeContainer(UInt8(ascii: "]")) { return elements }
            guard peek() == UInt8(ascii: ",") else {
                throw error(index < bytes.count ? "a ',' or ']' expected in a list" : "the file ends inside a list")
            }
            index += 1
        }
    }

    /// Consumes `closing` and leaves the container when it comes next; otherwise changes nothing.
    private mutating func closeContainer(_ closing: UInt8) -> Bool {
        guard peek() == closing else { return false }
        index += 1
        depth -= 1
        return true
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error("lists and objects nested deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: strings

    private mutating func parseString() throws(JSONParseError) -> String {
        let opening = index
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try decodeUTF8(start..<index, opening: opening)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw error("an unescaped control character in a string") }
            index += 1
        }
        var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw error("a string that is not valid UTF-8", at: opening)
                }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error("an unescaped control character in a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw error("the file ends inside a string", at: opening)
    }

    private func decodeUTF8(_ range: Range<Int>, opening: Int) throws(JSONParseError) -> String {
        guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw error("a string that is not valid UTF-8", at: opening)
        }
        return text
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        index += 1
        guard index < bytes.count else { throw error("the file ends inside a string") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw error("a lone UTF-16 surrogate in a \\u escape")
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone UTF-16 surrogate in a \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("a lone UTF-16 surrogate in a \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
            buffer.append(contentsOf: String(unicode).utf8)
        default:
            index -= 1
            throw error("an unknown escape \\ followed by \(describeByte(escaped)) in a string")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("the file ends inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A")) + 10
            default: throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), isDigit(first) else { throw error("a number needs a digit after '-'") }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), isDigit(next) { throw error("a number with a leading zero", at: start) }
        } else {
            skipDigits()
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let digit = peek(), isDigit(digit) else { throw error("a number needs a digit after '.'") }
            skipDigits()
            isInteger = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), isDigit(digit) else { throw error("a number needs a digit in its exponent") }
            skipDigits()
            isInteger = false
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger {
            if let value = Int64(text) { return .integer(value) }
            if let value = UInt64(text) { return .unsignedInteger(value) }
        }
        guard let value = Double(text), value.isFinite else {
            throw error("the number \(text) is too large for a double", at: start)
        }
        return .floatingPoint(value)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    // MARK: scanning

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let start = index
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("an unknown word (not true, false or null)", at: start) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("an unknown word (not true, false or null)", at: start)
        }
        index += count
    }

    private func describeByte(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        let position = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for scan in 0..<position where bytes[scan] == 0x0A {
            line += 1
            lineStart = scan + 1
        }
        return JSONParseError(offset: position, line: line, column: position - lineStart + 1, reason: reason)
    }
}
