import PerfSupport

/// Rows of text in aligned columns, numbers right-aligned, for a terminal or a CI log.
///
/// ```swift
/// var table = TextTable(columns: [.init("scenario"), .init("p95 ms", alignment: .right)])
/// table.append(["balanced/steady", "12.4"])
/// print(table.rendered(), terminator: "")
/// ```
/// prints
/// ```
/// scenario         p95 ms
/// ---------------  ------
/// balanced/steady    12.4
/// ```
/// Widths ignore ANSI escape sequences, so cells and headings painted before they go in line up
/// with plain ones, whether colour is on or off. A spanning row (``appendSpanning(_:)``), such as
/// the title of the rows that follow, is written as given and never widens a column. The text
/// report (``TextReport``) takes its tables' ``lines(separator:rule:)`` without the rule.
struct TextTable: Sendable, Equatable {
    /// Which side of its column a cell sits against.
    enum Alignment: Sendable, Equatable {
        /// Against the left edge, for names.
        case left
        /// Against the right edge, for numbers.
        case right
    }

    /// A column's title and alignment.
    struct Column: Sendable, Equatable {
        /// The heading.
        var title: String
        /// How the heading and the cells are aligned.
        var alignment: Alignment

        /// Creates a column.
        ///
        /// - Parameters:
        ///   - title: The heading.
        ///   - alignment: How the heading and the cells are aligned; numbers read best right-aligned.
        init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// One line of the table below the headings.
    enum Row: Sendable, Equatable {
        /// One cell per column; a short row is padded with empty cells, and cells past the last
        /// column get untitled, left-aligned columns.
        case cells([String])
        /// A line of its own across the columns, written as given and not counted in the widths.
        case spanning(String)
    }

    /// The columns, left to right.
    var columns: [Column]
    /// The rows, top to bottom.
    var rows: [Row]

    /// Creates a table.
    ///
    /// - Parameters:
    ///   - columns: The columns, left to right.
    ///   - rows: The rows of cells.
    init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows.map(Row.cells)
    }

    /// Adds a row of cells at the bottom.
    mutating func append(_ row: [String]) {
        rows.append(.cells(row))
    }

    /// Adds a line across the columns at the bottom, such as the title of the rows that follow.
    mutating func appendSpanning(_ text: String) {
        rows.append(.spanning(text))
    }

    /// The table's lines, without newlines: the headings, the rule under them when asked, then one
    /// line per row, without trailing spaces.
    ///
    /// - Parameters:
    ///   - separator: What goes between columns.
    ///   - rule: Whether a line of dashes as wide as each column follows the headings.
    /// - Returns: No lines when the table has neither columns nor cells.
    /// - Complexity: O(*n*) in the number of cells.
    func lines(separator: String = "  ", rule: Bool = true) -> [String] {
        let longestRow = rows.map { row -> Int in
            guard case .cells(let cells) = row else { return 0 }
            return cells.count
        }.max()
        let columnCount = max(columns.count, longestRow ?? 0)
        guard columnCount > 0 else { return [] }
        let allColumns = (0..<columnCount).map { index in
            index < columns.count ? columns[index] : Column("")
        }
        let heading = allColumns.map(\.title)
        var widths = heading.map(\.visibleWidth)
        for case .cells(let cells) in rows {
            for (index, cell) in cells.enumerated() {
                widths[index] = max(widths[index], cell.visibleWidth)
            }
        }

        func line(_ cells: [String]) -> String {
            let padded = (0..<columnCount).map { index in
                let cell = index < cells.count ? cells[index] : ""
                let gap = String(repeating: " ", count: widths[index] - cell.visibleWidth)
                return allColumns[index].alignment == .right ? gap + cell : cell + gap
            }
            var text = padded.joined(separator: separator)
            while text.last == " " { text.removeLast() }
            return text
        }

        var lines = [line(heading)]
        if rule { lines.append(line(widths.map { String(repeating: "-", count: $0) })) }
        for row in rows {
            switch row {
            case .cells(let cells): lines.append(line(cells))
            case .spanning(let text): lines.append(text)
            }
        }
        return lines
    }

    /// The table as text: the headings, a rule and the rows, each line ending in a newline.
    ///
    /// - Parameters:
    ///   - separator: What goes between columns.
    /// - Complexity: O(*n*) in the number of cells.
    func rendered(separator: String = "  ") -> String {
        lines(separator: separator).map { $0 + "\n" }.joined()
    }
}
