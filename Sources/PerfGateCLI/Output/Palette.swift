/// Paints text with ANSI styles when colour is allowed, and returns it untouched when it is not.
///
/// ```swift
/// let palette = Palette(terminal: parsed.terminal, stream: .standardOutput)
/// parsed.standardOutput.writeLine(palette.red("REGRESSION") + " balanced/steady")
/// ```
struct Palette: Sendable, Equatable {
    /// Whether painting adds escape sequences.
    var isEnabled: Bool

    /// Creates a palette that is on or off.
    ///
    /// - Parameters:
    ///   - isEnabled: Whether painting adds escape sequences.
    init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// Creates a palette for text written to a stream, on when that stream supports colour.
    ///
    /// - Parameters:
    ///   - terminal: The description of the output streams.
    ///   - stream: The stream the painted text will be written to.
    init(terminal: Terminal, stream: Terminal.Stream) {
        self.isEnabled = terminal.supportsColor(on: stream)
    }

    /// Returns the text wrapped in the escape sequences for the styles, or the text itself when disabled.
    ///
    /// - Parameters:
    ///   - text: The text to paint.
    ///   - styles: The styles to apply together; none returns the text unchanged.
    func paint(_ text: String, _ styles: TextStyle...) -> String {
        guard isEnabled, !styles.isEmpty, !text.isEmpty else { return text }
        let parameters = styles.map(\.selectGraphicRendition).joined(separator: ";")
        return "\u{1B}[\(parameters)m\(text)\u{1B}[0m"
    }

    /// Bold text, for headings.
    func bold(_ text: String) -> String { paint(text, .bold) }
    /// Dim text, for secondary detail.
    func dim(_ text: String) -> String { paint(text, .dim) }
    /// Red text, for failures and regressions.
    func red(_ text: String) -> String { paint(text, .red) }
    /// Green text, for passes and improvements.
    func green(_ text: String) -> String { paint(text, .green) }
    /// Yellow text, for warnings.
    func yellow(_ text: String) -> String { paint(text, .yellow) }
}

/// An ANSI text style that a ``Palette`` can paint text with.
enum TextStyle: Sendable, CaseIterable {
    case bold
    case dim
    case red
    case green
    case yellow
    case blue
    case cyan

    /// The Select Graphic Rendition parameter that turns the style on.
    var selectGraphicRendition: String {
        switch self {
        case .bold: "1"
        case .dim: "2"
        case .red: "31"
        case .green: "32"
        case .yellow: "33"
        case .blue: "34"
        case .cyan: "36"
        }
    }
}
