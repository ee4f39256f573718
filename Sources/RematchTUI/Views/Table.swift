/// What one cell shows.
struct CellText {
    var text: String
    var role: StyleRole = .normal

    init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// One column of a table, tig-style: its header, how wide it is, and what a row shows in it.
struct Column<Row> {
    enum Width {
        case fixed(Int)
        /// `numerator/denominator` of the columns right of the column's start less `reserve`, at least `minimum`.
        case share(Int, of: Int, reserve: Int, minimum: Int)
        /// To one column short of the right edge.
        case rest
    }

    let header: String
    /// Blank columns before this one.
    let gap: Int
    let width: Width
    let cell: (Row) -> CellText

    init(_ header: String, gap: Int = 1, width: Width, cell: @escaping (Row) -> CellText) {
        self.header = header
        self.gap = gap
        self.width = width
        self.cell = cell
    }

    func resolvedWidth(start: Int, columns: Int) -> Int {
        switch width {
        case .fixed(let width): width
        case .share(let numerator, let denominator, let reserve, let minimum):
            max(minimum, (columns - start - reserve) * numerator / denominator)
        case .rest: max(0, columns - start - 1)
        }
    }
}

/// Columns laid out left to right from column 3 (after the selection and mark signs); draws the header row
/// and one row at a time, so a list formats only the rows it shows.
struct Table<Row> {
    static var left: Int { 3 }

    let columns: [Column<Row>]

    /// Each column's start and width on a screen `width` columns wide.
    func placement(width: Int) -> [(x: Int, width: Int)] {
        var x = Self.left
        var placed: [(x: Int, width: Int)] = []
        for (index, column) in columns.enumerated() {
            if index > 0 { x += column.gap }
            let columnWidth = column.resolvedWidth(start: x, columns: width)
            placed.append((x, columnWidth))
            x += columnWidth
        }
        return placed
    }

    func drawHeader(into screen: inout ScreenBuffer, row: Int, placement: [(x: Int, width: Int)]) {
        for (column, place) in zip(columns, placement) {
            screen.put(column.header, row: row, column: place.x, role: .columnHeader, limit: place.width)
        }
    }

    func draw(_ value: Row, into screen: inout ScreenBuffer, row: Int, placement: [(x: Int, width: Int)]) {
        for (column, place) in zip(columns, placement) {
            let cell = column.cell(value)
            screen.field(cell.text, row: row, column: place.x, width: place.width, role: cell.role)
        }
    }
}
