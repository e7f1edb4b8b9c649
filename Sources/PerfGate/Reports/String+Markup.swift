extension String {
    /// The string escaped for XML and HTML text and attribute values: `&`, `<`, `>`, `"` and `'`
    /// become entities, and control characters XML 1.0 does not allow are dropped.
    ///
    /// - Complexity: O(n) in the length of the string.
    var xmlEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let isAllowed = value >= 0x20 && value != 0xFFFE && value != 0xFFFF && !(0x7F...0x9F).contains(value)
                if isAllowed { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }

    /// The string made safe for one cell or line of GitHub-flavoured Markdown: `|`, `\`, `` ` ``,
    /// `*`, `[` and `]` are backslash-escaped, `&`, `<` and `>` become entities (so nothing is
    /// read as HTML), and line breaks become spaces.
    ///
    /// - Complexity: O(n) in the length of the string.
    var markdownEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "|", "\\", "`", "*", "[", "]": escaped += "\\" + String(character)
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\n", "\r", "\r\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
