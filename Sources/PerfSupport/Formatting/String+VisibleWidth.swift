extension String {
    /// The number of characters a terminal shows for this string, leaving out ANSI escape sequences.
    ///
    /// A control sequence is `ESC [`, parameters, and a final byte in `0x40...0x7E`: `"\u{1B}[31mab\u{1B}[0m"`
    /// shows two characters.
    ///
    /// - Complexity: O(*n*) in the length of the string.
    package var visibleWidth: Int {
        guard unicodeScalars.contains("\u{1B}") else { return count }
        var visible = String.UnicodeScalarView()
        var scalars = unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                visible.append(scalar)
                continue
            }
            guard scalars.next() == "[" else { continue }
            while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        }
        return String(visible).count
    }
}
