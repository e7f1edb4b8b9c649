/// The byte-level rules of HTTP/1.1 messages that the server's request parser, the client's
/// response parser and request templates share (RFC 9110 §5, RFC 9112 §5).
enum HTTPSyntax {
    /// Why a header line is not `name: value`; the sentence names what is wrong.
    struct HeaderLineError: Error, Sendable, Equatable {
        /// A sentence saying what is wrong with the line.
        var reason: String
    }

    /// Whether a byte may appear in a token (RFC 9110 §5.6.2): letters, digits and ``!#$%&'*+-.^_`|~``.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// Whether a byte is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether `text` is a non-empty token: a valid method or header name.
    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    /// Whether a byte may appear in a header value: a visible character, a space, a tab or
    /// non-ASCII text; never CR, LF or another control byte.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// Parses one header line, without its line ending, as `name: value`.
    ///
    /// - Parameter line: The line's bytes.
    /// - Returns: The field, its value without surrounding spaces and tabs.
    /// - Throws: ``HeaderLineError`` for a folded line, a line without `:`, a name that is not a
    ///   token, or a value with a control byte.
    /// - Complexity: O(line).
    static func parseHeaderLine(_ line: ArraySlice<UInt8>) throws(HeaderLineError) -> HTTPHeader {
        let (name, value) = try headerLineParts(line)
        return HTTPHeader(String(decoding: line[name], as: UTF8.self), String(decoding: line[value], as: UTF8.self))
    }

    /// Checks one header line, without its line ending, as ``parseHeaderLine(_:)`` does, and
    /// returns where its name and value lie, without making strings of them.
    ///
    /// - Parameter line: The line's bytes.
    /// - Returns: The name's range and the value's, without surrounding spaces and tabs.
    /// - Throws: ``HeaderLineError`` as ``parseHeaderLine(_:)`` does.
    /// - Complexity: O(line).
    static func headerLineParts(
        _ line: ArraySlice<UInt8>
    ) throws(HeaderLineError) -> (name: Range<Int>, value: Range<Int>) {
        guard let first = line.first, first != 0x20, first != 0x09 else {
            throw HeaderLineError(reason: "A header line is folded; send it on one line.")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HeaderLineError(reason: "A header line has no ':'.")
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenCharacter) else {
            throw HeaderLineError(reason: "A header name is empty or not a token.")
        }
        var value = line[(colon + 1)...]
        guard value.allSatisfy(isFieldValueByte) else {
            throw HeaderLineError(reason: "A header value has a control byte.")
        }
        while let byte = value.first, byte == 0x20 || byte == 0x09 { value = value.dropFirst() }
        while let byte = value.last, byte == 0x20 || byte == 0x09 { value = value.dropLast() }
        return (name.indices, value.indices)
    }

    /// Whether `bytes` spell `lowercaseName` in any case (`lowercaseName` is lowercase ASCII).
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercaseName: StaticString) -> Bool {
        guard bytes.count == lowercaseName.utf8CodeUnitCount else { return false }
        return lowercaseName.withUTF8Buffer { expected in
            var index = bytes.startIndex
            for byte in expected {
                let actual = bytes[index]
                let folded = actual >= 0x41 && actual <= 0x5A ? actual | 0x20 : actual
                if folded != byte { return false }
                index += 1
            }
            return true
        }
    }
}
