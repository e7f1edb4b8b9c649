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
