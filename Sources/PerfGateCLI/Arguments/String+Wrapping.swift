extension String {
    /// The text broken at spaces into lines no wider than the columns, every line indented, as
    /// swift-argument-parser wraps help.
    ///
    /// Existing line breaks are kept; a word longer than a line stands alone; empty lines are not indented.
    /// Like swift-argument-parser, a break is looked for within the first `columns - indent` characters, so a
    /// line that does not end the text is at most one character narrower than that.
    ///
    /// - Parameters:
    ///   - columns: The screen width.
    ///   - indent: The spaces before each line, counted within the width.
    ///
    /// - Complexity: O(*n*) in the length of the text.
    func wrapped(to columns: Int, indent: Int = 0) -> String {
        let width = Swift.max(columns - indent, 1)
        let margin = String(repeating: " ", count: indent)
        var lines: [Substring] = []
        for paragraph in split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = paragraph[...]
            while rest.count > width {
                let window = rest.prefix(width)
                if let space = window.lastIndex(of: " ") {
                    lines.append(rest[..<space])
                    rest = rest[rest.index(after: space)...]
                } else if let space = rest.firstIndex(of: " ") {
                    lines.append(rest[..<space])
                    rest = rest[rest.index(after: space)...]
                } else {
                    break
                }
            }
            lines.append(rest)
        }
        return lines.map { $0.isEmpty ? "" : margin + $0 }.joined(separator: "\n")
    }
}
