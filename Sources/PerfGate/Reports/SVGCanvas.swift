import Foundation

/// A small builder of inline SVG: lines, rectangles, circles, polylines and text, with every
/// piece of text XML-escaped and every number written with at most two decimals.
///
/// Styling comes from classes the HTML report's style sheet defines (`axis`, `grid`, `current`,
/// `baseline`, `band`, …); elements may add a `<title>` shown as a tooltip, so the charts need no
/// JavaScript.
struct SVGCanvas: Sendable {
    /// The width of the drawing, in user units.
    var width: Double
    /// The height of the drawing, in user units.
    var height: Double
    /// What the drawing shows, for screen readers.
    var label: String
    private var elements: [String] = []

    /// Creates an empty canvas.
    init(width: Double, height: Double, label: String) {
        self.width = width
        self.height = height
        self.label = label
    }

    /// A number as SVG wants it: at most two decimals, no trailing zeros, never NaN.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    private static func attributes(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in value.map { " \(name)=\"\($0.xmlEscaped)\"" } }.joined()
    }

    private static func titled(_ element: String, _ attributes: String, title: String?) -> String {
        guard let title else { return "<\(element)\(attributes)/>" }
        return "<\(element)\(attributes)><title>\(title.xmlEscaped)</title></\(element)>"
    }

    /// Adds a straight line.
    mutating func line(
        _ x1: Double,
        _ y1: Double,
        _ x2: Double,
        _ y2: Double,
        class className: String,
        title: String? = nil
    ) {
        let attributes = Self.attributes([
            ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
            ("class", className),
        ])
        elements.append(Self.titled("line", attributes, title: title))
    }

    /// Adds a rectangle; negative sizes are drawn from the other corner.
    mutating func rect(
        x: Double,
        y: Double,
        width: Double,
        height: Double,
        class className: String,
        title: String? = nil
    ) {
        let attributes = Self.attributes([
            ("x", Self.number(min(x, x + width))), ("y", Self.number(min(y, y + height))),
            ("width", Self.number(abs(width))), ("height", Self.number(abs(height))), ("class", className),
        ])
        elements.append(Self.titled("rect", attributes, title: title))
    }

    /// Adds a circle.
    mutating func circle(x: Double, y: Double, radius: Double, class className: String, title: String? = nil) {
        let attributes = Self.attributes([
            ("cx", Self.number(x)), ("cy", Self.number(y)), ("r", Self.number(radius)), ("class", className),
        ])
        elements.append(Self.titled("circle", attributes, title: title))
    }

    /// Adds a polyline through points; nothing for fewer than two.
    mutating func polyline(_ points: [(x: Double, y: Double)], class className: String, title: String? = nil) {
        guard points.count >= 2 else { return }
        let list = points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ")
        let attributes = Self.attributes([("points", list), ("class", className)])
        elements.append(Self.titled("polyline", attributes, title: title))
    }

    /// Adds a closed polygon through points; nothing for fewer than three.
    mutating func polygon(_ points: [(x: Double, y: Double)], class className: String) {
        guard points.count >= 3 else { return }
        let list = points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ")
        elements.append("<polygon\(Self.attributes([("points", list), ("class", className)]))/>")
    }

    /// Text anchors.
    enum Anchor: String {
        case start
        case middle
        case end
    }

    /// Adds a line of text, escaped.
    mutating func text(
        _ content: String,
        x: Double,
        y: Double,
        anchor: Anchor = .start,
        class className: String = "label",
        title: String? = nil
    ) {
        let attributes = Self.attributes([
            ("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor.rawValue), ("class", className),
        ])
        let titleElement = title.map { "<title>\($0.xmlEscaped)</title>" } ?? ""
        elements.append("<text\(attributes)>\(titleElement)\(content.xmlEscaped)</text>")
    }

    /// The `<svg>` element.
    var svg: String {
        let header = Self.attributes([
            ("viewBox", "0 0 \(Self.number(width)) \(Self.number(height))"),
            ("width", Self.number(width)), ("height", Self.number(height)), ("role", "img"), ("aria-label", label),
        ])
        return "<svg\(header)>\n" + elements.joined(separator: "\n") + "\n</svg>"
    }
}
