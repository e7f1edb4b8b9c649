/// A plain-text table with aligned columns, optionally painted with ANSI colours.
///
/// Widths are measured on the unpainted text, so colour never shifts a column: every row's
/// cells start at the same column whether colour is on or off.
struct ReportTextTable: Sendable {
    /// How a column's cells line up.
    enum Alignment: Sendable {
        /// Text starts at the column's start.
        case left
        /// Text ends at the column's end (numbers).
        case right
    }

    /// One cell: its text and the tone it is painted in.
    struct Cell: Sendable, ExpressibleByStringLiteral {
        /// The text, without escape sequences.
        var text: String
        /// The tone; `.neutral` is never painted.
        var tone: ReportTone

        /// Creates a cell.
        init(_ text: String, tone: ReportTone = .neutral) {
            self.text = text
            self.tone = tone
        }

        init(stringLiteral value: String) {
            self.init(value)
        }
    }

    /// The column headings.
    var headers: [String]
    /// The alignment of each column; missing entries are left-aligned.
    var alignments: [Alignment]
    /// One line of the table.
    enum Row: Sendable {
        /// One cell per column.
        case cells([Cell])
        /// A line of its own across the columns (a group's title), not counted in the widths.
        case spanning(String)
    }

    /// The rows.
    var rows: [Row] = []

    /// The spaces between two columns.
    static let gap = "  "

    /// Creates an empty table.
    init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    /// Adds a row.
    mutating func append(_ cells: [Cell]) {
        rows.append(.cells(cells))
    }

    /// Adds a line across the columns, such as the title of the rows that follow.
    mutating func appendSpanning(_ text: String) {
        rows.append(.spanning(text))
    }

    /// The table's lines: the headings, then one line per row, without trailing spaces; spanning
    /// rows are written as they are (in bold with colours).
    ///
    /// - Parameters:
    ///   - colors: Whether toned cells and the headings get ANSI escape sequences.
    /// - Complexity: O(rows × columns).
    func lines(colors: Bool) -> [String] {
        let count = headers.count
        var widths = headers.map(\.count)
        for case .cells(let row) in rows {
            for (index, cell) in row.prefix(count).enumerated() {
                widths[index] = max(widths[index], cell.text.count)
            }
        }
        func render(_ cells: [Cell], isHeader: Bool) -> String {
            var line = ""
            for index in 0..<count {
                let cell = index < cells.count ? cells[index] : Cell("")
                let padding = String(repeating: " ", count: widths[index] - cell.text.count)
                let isRight = index < alignments.count && alignments[index] == .right
                let painted = isHeader ? Self.bold(cell.text, colors) : Self.paint(cell.text, cell.tone, colors)
                line += isRight ? padding + painted : painted + padding
                if index < count - 1 { line += Self.gap }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
        return [render(headers.map { Cell($0) }, isHeader: true)]
            + rows.map { row in
                switch row {
                case .cells(let cells): render(cells, isHeader: false)
                case .spanning(let text): Self.bold(text, colors)
                }
            }
    }

    /// Text wrapped in the ANSI colour of a tone, or the text itself.
    static func paint(_ text: String, _ tone: ReportTone, _ colors: Bool) -> String {
        guard colors, !text.isEmpty else { return text }
        let code: String
        switch tone {
        case .bad: code = "31"
        case .good: code = "32"
        case .caution: code = "33"
        case .neutral: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Text in bold, or the text itself.
    static func bold(_ text: String, _ colors: Bool) -> String {
        colors && !text.isEmpty ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
