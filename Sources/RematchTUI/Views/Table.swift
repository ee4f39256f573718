import RematchCore
import RematchPresentation

/// What one cell shows.
struct CellText {
    var text: String
    var role: StyleRole = .normal

    init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// What a column sorts by: a number (scores, counts) or folded text; rows without a value sort last either way.
enum SortValue: Comparable {
    case number(Double)
    case text([UInt8])
    case none

    static func < (lhs: SortValue, rhs: SortValue) -> Bool {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)): a < b
        case let (.text(a), .text(b)): a.lexicographicallyPrecedes(b)
        case (.number, .text): true
        case (.none, _): false
        case (_, .none): true
        case (.text, .number): false
        }
    }

    /// Folded text, so that case and accents do not decide the order; "—" (nothing) has no value.
    static func folded(_ text: String) -> SortValue {
        guard text != "—" else { return .none }
        let bytes = TextFolding.foldedBytes(text)
        return bytes.isEmpty ? .none : .text(bytes)
    }
}

/// One column of a table, tig-style: its header, how wide it is, what a row shows in it and what it sorts by.
struct Column<Row> {
    enum Width {
        case fixed(Int)
        /// As wide as its widest cell on the page (or its header) when the screen allows; when it does not, the
        /// flexible columns share the room by how much each wants beyond its minimum.
        case flexible(minimum: Int)
    }

    let header: String
    /// Blank columns before this one.
    let gap: Int
    let width: Width
    let cell: (Row) -> CellText
    /// Columns with a rank are left out on a screen too narrow for every column's minimum, lowest rank first.
    let dropRank: Int?
    /// What the column sorts by; its cell's folded text unless the column says otherwise.
    let sortValue: (Row) -> SortValue

    init(_ header: String, gap: Int = 1, width: Width, dropRank: Int? = nil, sort: ((Row) -> SortValue)? = nil,
         cell: @escaping (Row) -> CellText) {
        self.header = header
        self.dropRank = dropRank
        self.gap = gap
        self.width = width
        self.cell = cell
        self.sortValue = sort ?? { SortValue.folded(cell($0).text) }
    }

    /// What the column would like on this page: its widest cell (or header); fixed columns their width.
    func wanted(_ rows: [Row]) -> Int {
        switch width {
        case .fixed(let width): width
        case .flexible(let minimum):
            max(minimum, TerminalText.width(of: header) + 2, rows.map { TerminalText.width(of: cell($0).text) }.max() ?? 0)
        }
    }
}

/// Which column a list is sorted by, and which way.
struct Sorting: Hashable {
    var column: Int
    var descending = false
}

/// Columns laid out left to right from column 3 (after the selection and mark signs); draws the header row
/// and one row at a time, so a list formats only the rows it shows.
struct Table<Row> {
    static var left: Int { 3 }

    let columns: [Column<Row>]

    /// Each column's start and width on a screen `width` columns wide for a page of `rows`. Fixed columns get their
    /// width; flexible ones get what their widest cell needs when it all fits, else their minimum plus a share of
    /// the rest in proportion to what each lacks (so a long "Why" is not cut to keep a short name's blank room).
    /// Room left over goes to the last column. A column left out has width 0.
    func placement(width: Int, rows: [Row] = []) -> [(x: Int, width: Int)] {
        let kept = Self.kept(columns, room: width - Self.left - 1)
        let columns = kept.map { self.columns[$0] }
        let wanted = columns.map { $0.wanted(rows) }
        let minimums = columns.map { column -> Int in
            if case .flexible(let minimum) = column.width { max(minimum, TerminalText.width(of: column.header)) } else { column.wanted([]) }
        }
        let gaps = columns.dropFirst().reduce(0) { $0 + $1.gap }
        let room = max(0, width - Self.left - 1 - gaps)
        var widths = wanted
        if wanted.reduce(0, +) > room {
            let spare = max(0, room - minimums.reduce(0, +))
            let lacking = zip(wanted, minimums).map { $0 - $1 }
            let totalLacking = max(1, lacking.reduce(0, +))
            widths = zip(minimums, lacking).map { $0 + $1 * spare / totalLacking }
        }
        if let last = widths.indices.last, case .flexible = columns[last].width {
            widths[last] += max(0, room - widths.reduce(0, +))
        }
        var x = Self.left
        var placed = Array(repeating: (x: 0, width: 0), count: self.columns.count)
        for (index, column) in columns.enumerated() {
            if index > 0 { x += column.gap }
            placed[kept[index]] = (x, widths[index])
            x += widths[index]
        }
        return placed
    }

    /// The columns that fit their minimums in `room`, leaving out ranked columns lowest rank first.
    private static func kept(_ columns: [Column<Row>], room: Int) -> [Int] {
        var kept = Array(columns.indices)
        func needed() -> Int {
            kept.enumerated().reduce(0) { total, entry in
                let column = columns[entry.element]
                let minimum = if case .flexible(let minimum) = column.width { max(minimum, TerminalText.width(of: column.header)) }
                    else { column.wanted([]) }
                return total + minimum + (entry.offset > 0 ? column.gap : 0)
            }
        }
        let droppable = columns.indices.filter { columns[$0].dropRank != nil }.sorted { columns[$0].dropRank! < columns[$1].dropRank! }
        for index in droppable where needed() > room { kept.removeAll { $0 == index } }
        return kept
    }

    /// The header row; the sorted column's header carries ▲ or ▼.
    func drawHeader(into screen: inout ScreenBuffer, row: Int, placement: [(x: Int, width: Int)], sorting: Sorting? = nil) {
        for (index, (column, place)) in zip(columns, placement).enumerated() where place.width > 0 {
            let sign = sorting?.column == index ? (sorting!.descending ? " ▼" : " ▲") : ""
            // The sign stays visible in a narrow column: the header gives way to it.
            let header = sign.isEmpty ? column.header : TerminalText.truncate(column.header, to: max(1, place.width - 2))
            screen.put(header + sign, row: row, column: place.x, role: .columnHeader, limit: place.width)
        }
    }

    func draw(_ value: Row, into screen: inout ScreenBuffer, row: Int, placement: [(x: Int, width: Int)]) {
        for (column, place) in zip(columns, placement) where place.width > 0 {
            let cell = column.cell(value)
            screen.field(cell.text, row: row, column: place.x, width: place.width, role: cell.role)
        }
    }

    /// The table as the list model reads it: the folded text of every cell of a row (for the filter) and the
    /// sort value of one column, without knowing the row type. `fingerprint` changes whenever what a row shows
    /// may have changed (within one catalog), so the model rebuilds only those rows after a decision.
    func index(fingerprint: @escaping (Int) -> Int, _ row: @escaping (Int) -> Row?) -> TableIndex {
        TableIndex(
            columnCount: columns.count,
            fingerprint: fingerprint,
            haystack: { id in
                guard let value = row(id) else { return [] }
                // Cell by cell: one cell with a non-ASCII letter (a "—", a "⚠") does not send the whole row
                // through the slow Unicode fold.
                var bytes: [UInt8] = []
                for column in columns {
                    let text = column.cell(value).text
                    guard !text.isEmpty, text != "—" else { continue }
                    bytes += TextFolding.foldedBytes(text)
                    bytes.append(0x1F)
                }
                return bytes
            },
            sortValue: { id, column in
                guard let value = row(id), columns.indices.contains(column) else { return .none }
                return columns[column].sortValue(value)
            })
    }
}

/// A table seen by the list model: what the filter searches in a row and what a column sorts a row by.
struct TableIndex {
    let columnCount: Int
    let fingerprint: (Int) -> Int
    let haystack: (Int) -> [UInt8]
    let sortValue: (Int, Int) -> SortValue
}
