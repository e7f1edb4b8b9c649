extension String {
    /// The string as a JSON string literal: in double quotes, with `"`, `\` and the control
    /// characters escaped (RFC 8259), everything else as it is.
    ///
    /// `\n`, `\r` and `\t` use their short escapes; the other control characters below U+0020 are
    /// written `\u00XX` with lowercase hex digits. Non-ASCII text is not escaped, so the literal is
    /// UTF-8 like the rest of the document. ``JSONParser`` reads it back to the same string.
    ///
    /// - Complexity: O(*n*) in the string's Unicode scalars.
    package var jsonStringLiteral: String {
        var literal = ""
        literal.appendJSONStringLiteral(of: self)
        return literal
    }

    /// Appends `text` as a JSON string literal (see ``jsonStringLiteral``), without building it
    /// apart first.
    ///
    /// - Parameter text: The string to write as a literal.
    /// - Complexity: O(*n*) in the Unicode scalars of `text`.
    package mutating func appendJSONStringLiteral(of text: String) {
        append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                unicodeScalars.append(scalar)
            }
        }
        append("\"")
    }
}
