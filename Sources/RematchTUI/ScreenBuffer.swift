import RematchCore
import RematchPresentation

/// What a UI element looks like; themes map each to colours and attributes.
public enum StyleRole: String, Sendable, CaseIterable, Hashable {
    case normal, header, tab, tabActive, columnHeader, selected, marked, dim, good, warning, error, accent, statusBar,
         message, popup, popupBorder, match, border
}

/// One terminal cell: a grapheme and its role. A wide grapheme fills its cell and a continuation cell.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var width: Int
    public var role: StyleRole

    public static let blank = Cell(text: " ", width: 1, role: .normal)
    static let continuation = Cell(text: "", width: 0, role: .normal)
}

/// The in-memory screen views draw into: rows × columns of cells. The curses backend copies it out;
/// tests read it back as text.
public struct ScreenBuffer: Sendable {
    public let rows: Int
    public let columns: Int
    public private(set) var cells: [Cell]

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Writes text from (row, column), at most `limit` columns, sanitized; returns the columns used.
    /// Wide characters that would not fit are left out; control characters are shown inert.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, role: StyleRole = .normal, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows, column < columns else { return 0 }
        let end = min(columns, column + (limit ?? columns))
        var x = column
        for character in TerminalText.sanitize(text) {
            let width = TerminalText.width(of: character)
            if width == 0 {
                // A combining mark joins the previous cell.
                if x > column, x - 1 < columns, x - 1 >= 0 { cells[row * columns + x - 1].text.append(character) }
                continue
            }
            if x + width > end { break }
            if x >= 0 {
                clear(row: row, column: x, width: width)
                cells[row * columns + x] = Cell(text: String(character), width: width, role: role)
                if width == 2 { cells[row * columns + x + 1] = .continuation }
            }
            x += width
        }
        return x - column
    }

    /// Makes room for a cell of `width` at `column`: a wide character cut in half by it becomes blanks, so
    /// a popup over CJK text never leaves half a glyph that shifts the rest of the row.
    private mutating func clear(row: Int, column: Int, width: Int) {
        let base = row * columns
        if cells[base + column].width == 0, column > 0 { cells[base + column - 1] = Cell(text: " ", width: 1, role: cells[base + column - 1].role) }
        let last = column + width - 1
        if last + 1 < columns, cells[base + last].width == 2 || (cells[base + last + 1].width == 0 && last + 1 < columns) {
            if cells[base + last + 1].width == 0 { cells[base + last + 1] = Cell(text: " ", width: 1, role: cells[base + last + 1].role) }
        }
    }

    /// Writes text truncated with … to fit `width` columns, padded with spaces in the row's role.
    public mutating func field(_ text: String, row: Int, column: Int, width: Int, role: StyleRole = .normal) {
        guard width > 0 else { return }
        let fitted = TerminalText.fit(TerminalText.sanitize(text), to: width)
        put(fitted, row: row, column: column, role: role, limit: width)
    }

    /// Sets the role of a span (a selected row's highlight).
    public mutating func paint(row: Int, from column: Int = 0, width: Int? = nil, role: StyleRole) {
        guard row >= 0, row < rows else { return }
        let end = min(columns, column + (width ?? columns))
        for x in max(0, column)..<max(max(0, column), end) { cells[row * columns + x].role = role }
    }

    public mutating func fill(row: Int, role: StyleRole, character: Character = " ") {
        guard row >= 0, row < rows else { return }
        for x in 0..<columns { cells[row * columns + x] = Cell(text: String(character), width: 1, role: role) }
    }

    /// One line of text per row, trailing spaces removed: what snapshot tests compare.
    public var lines: [String] {
        (0..<rows).map { row in
            var line = ""
            for x in 0..<columns {
                let cell = cells[row * columns + x]
                if cell.width > 0 { line += cell.text }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}

/// A key press, decoded from curses.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end, enter, escape, tab, backTab, backspace, delete, resize
    case control(Character)
    /// F1…F12.
    case function(Int)
}
