/// Renders rows of text as aligned columns, numbers right-aligned, for terminal reports.
///
/// ```swift
/// var table = TextTable(columns: [.init("scenario"), .init("p95 ms", alignment: .right)])
/// table.append(["balanced/steady", "12.4"])
/// parsed.standardOutput.write(table.rendered())
/// ```
/// prints
/// ```
/// scenario         p95 ms
/// ---------------  ------
/// balanced/steady    12.4
/// ```
/// Widths ignore ANSI colour codes, so painted cells line up too.
public struct TextTable: Sendable, Equatable {
    /// Which side of its column a cell sits against.
    public enum Alignment: Sendable, Equatable {
        /// Against the left edge, for names.
        case left
        /// Against the right edge, for numbers.
        case right
    }

    /// A column's title and alignment.
    public struct Column: Sendable, Equatable {
        /// The heading.
        public var title: String
        /// How the heading and the cells are aligned.
        public var alignment: Alignment

        /// Creates a column.
        ///
        /// - Parameters:
        ///   - title: The heading.
        ///   - alignment: How the heading and the cells are aligned; numbers read best right-aligned.
        public init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows; a short row is padded with empty cells, and cells past the last column get untitled,
    /// left-aligned columns.
    public var rows: [[String]]

    /// Creates a table.
    ///
    /// - Parameters:
    ///   - columns: The columns, left to right.
    ///   - rows: The rows.
    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Adds a row at the bottom.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as text, one line per row after a heading and a rule, each line ending in a newline and
    /// without trailing spaces.
    ///
    /// - Parameters:
    ///   - separator: What goes between columns.
    ///
    /// - Complexity: O(*n*) in the number of cells.
    public func rendered(separator: String = "  ") -> String {
        let columnCount = max(columns.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return "" }
        let allColumns = (0..<columnCount).map { index in
            index < columns.count ? columns[index] : Column("")
        }
        let heading = allColumns.map(\.title)
        var widths = heading.map(\.visibleWidth)
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.visibleWidth)
            }
        }
        let rule = widths.map { String(repeating: "-", count: $0) }

        func line(_ cells: [String]) -> String {
            let padded = (0..<columnCount).map { index in
                let cell = index < cells.count ? cells[index] : ""
                let gap = String(repeating: " ", count: widths[index] - cell.visibleWidth)
                return allColumns[index].alignment == .right ? gap + cell : cell + gap
            }
            var text = padded.joined(separator: separator)
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }

        var output = line(heading) + line(rule)
        for row in rows { output += line(row) }
        return output
    }
}
