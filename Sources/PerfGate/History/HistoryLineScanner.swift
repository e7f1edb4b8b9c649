import PerfSupport

/// Finds the members of the JSON objects in one history line without building them, so that a
/// reader can parse only the values it keeps.
///
/// A record of 50 metrics is about 9 KB of JSON, and reading one series from 10,000 of them
/// through a full parse builds 10,000 trees of some 500 values each to keep one number from each.
/// The scanner walks the bytes instead: ``members()`` returns the byte ranges of an object's keys
/// and values, and whatever the reader keeps is parsed from its range by ``JSONParser`` (strict, as
/// everywhere else). The parts it skips are checked for structure (strings closed and free of
/// control characters, brackets balanced, `true`, `false`, `null` and number characters where a
/// value starts, at most ``JSONParser/maximumDepth`` levels), not parsed, so a torn or truncated
/// line is always noticed while a malformed number in a skipped metric is not.
///
/// - Complexity: O(n) in the bytes scanned, without allocation but for the member lists.
struct HistoryLineScanner {
    /// One member of an object: where its key's text (between the quotes) and its value are.
    struct Member {
        /// The key's bytes, without the quotes; escapes are not decoded.
        var key: Range<Int>
        /// Whether the key holds a backslash escape, so its bytes are not its text.
        var keyHasEscapes: Bool
        /// The value's bytes, from its first to its last character.
        var value: Range<Int>
    }

    /// The line.
    let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    private(set) var index: Int
    private var depth = 0

    /// A scanner of `bytes` from `start` (the whole line by default).
    init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) {
        self.bytes = bytes
        index = start
    }

    /// The members of the object that starts at the next non-blank byte, which is then left
    /// just after the object's closing brace.
    ///
    /// - Throws: A problem naming what was expected and the column, for a line that is not JSON.
    mutating func members() throws(HistoryLineProblem) -> [Member] {
        skipBlanks()
        try expect(UInt8(ascii: "{"), "an object")
        var members: [Member] = []
        skipBlanks()
        if peek == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipBlanks()
            let (key, hasEscapes) = try string()
            skipBlanks()
            try expect(UInt8(ascii: ":"), "':' after a key")
            skipBlanks()
            let start = index
            try skip()
            members.append(Member(key: key, keyHasEscapes: hasEscapes, value: start..<index))
            skipBlanks()
            if peek == UInt8(ascii: ",") {
                index += 1
            } else {
                try expect(UInt8(ascii: "}"), "',' or '}' after a value")
                return members
            }
        }
    }

    /// Where a walk through an object is: before its first member or after one.
    struct ObjectCursor {
        fileprivate var isFirst = true
    }

    /// Enters the object that starts at the next non-blank byte; walk it with ``nextKey(in:)``.
    mutating func beginObject() throws(HistoryLineProblem) -> ObjectCursor {
        skipBlanks()
        try expect(UInt8(ascii: "{"), "an object")
        return ObjectCursor()
    }

    /// The next member's key, with the scanner left at its value (read it with ``skipValue()``),
    /// or nil after the object's closing brace.
    mutating func nextKey(in cursor: inout ObjectCursor) throws(HistoryLineProblem) -> Member? {
        skipBlanks()
        if peek == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if cursor.isFirst {
            cursor.isFirst = false
        } else {
            try expect(UInt8(ascii: ","), "',' or '}' after a value")
            skipBlanks()
        }
        let (key, hasEscapes) = try string()
        skipBlanks()
        try expect(UInt8(ascii: ":"), "':' after a key")
        skipBlanks()
        return Member(key: key, keyHasEscapes: hasEscapes, value: index..<index)
    }

    /// Skips the value at the scanner, returning its range.
    mutating func skipValue() throws(HistoryLineProblem) -> Range<Int> {
        skipBlanks()
        let start = index
        try skip()
        return start..<index
    }

    /// The first byte of the value at the scanner, if any.
    mutating func peekValue() -> UInt8? {
        skipBlanks()
        return peek
    }

    /// Checks that nothing but blanks follows.
    mutating func expectEnd() throws(HistoryLineProblem) {
        skipBlanks()
        guard index == bytes.count else { throw problem("unexpected text after the record") }
    }

    /// A key's text.
    func text(of member: Member) throws(HistoryLineProblem) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[member.key])
        guard member.keyHasEscapes else { return String(decoding: raw, as: UTF8.self) }
        let quoted = UnsafeRawBufferPointer(rebasing: bytes[(member.key.lowerBound - 1)..<(member.key.upperBound + 1)])
        guard case .string(let text)? = try? JSONParser.parse(quoted) else { throw problem("a key is not a string") }
        return text
    }

    /// Whether a key is exactly `name` (an escaped key is decoded first).
    func key(of member: Member, is name: StaticString) -> Bool {
        if member.keyHasEscapes { return (try? text(of: member)) == name.description }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[member.key])
        return raw.count == name.utf8CodeUnitCount
            && raw.elementsEqual(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// A member's value, parsed by ``JSONParser``.
    func value(of member: Member) throws(HistoryLineProblem) -> JSONNode {
        do {
            return try JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[member.value]))
        } catch {
            throw HistoryLineProblem(
                "it is not JSON (\(error.reason) at column \(member.value.lowerBound + error.column))"
            )
        }
    }

    // MARK: skipping

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipBlanks() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func problem(_ reason: String) -> HistoryLineProblem {
        HistoryLineProblem("it is not a history record (\(reason) at column \(index + 1))")
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(HistoryLineProblem) {
        guard let found = peek else { throw problem("the line ends where \(what) was expected") }
        guard found == byte else { throw problem("expected \(what)") }
        index += 1
    }

    /// Skips a string, returning the range of its text and whether it holds an escape.
    private mutating func string() throws(HistoryLineProblem) -> (Range<Int>, Bool) {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        var hasEscapes = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start..<(index - 1), hasEscapes)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                index += 2
                continue
            }
            guard byte >= 0x20 else { throw problem("a control character inside a string") }
            index += 1
        }
        throw problem("the line ends inside a string")
    }

    private mutating func skip() throws(HistoryLineProblem) {
        guard let byte = peek else { throw problem("the line ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth <= JSONParser.maximumDepth else { throw problem("nesting too deep") }
            // As members(), without keeping them: skipped objects cost no allocation.
            index += 1
            skipBlanks()
            if peek == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipBlanks()
                _ = try string()
                skipBlanks()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipBlanks()
                try skip()
                skipBlanks()
                if peek == UInt8(ascii: ",") {
                    index += 1
                } else {
                    try expect(UInt8(ascii: "}"), "',' or '}' after a value")
                    return
                }
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= JSONParser.maximumDepth else { throw problem("nesting too deep") }
            index += 1
            skipBlanks()
            if peek == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                skipBlanks()
                try skip()
                skipBlanks()
                if peek == UInt8(ascii: ",") {
                    index += 1
                } else {
                    try expect(UInt8(ascii: "]"), "',' or ']' in a list")
                    return
                }
            }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            index += 1
            while let next = peek, Self.isNumberByte(next) { index += 1 }
        default:
            throw problem("a value cannot start with '\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(HistoryLineProblem) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)])
                .elementsEqual(UnsafeRawBufferPointer(start: word.utf8Start, count: count))
        else { throw problem("expected \(word)") }
        index += count
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
