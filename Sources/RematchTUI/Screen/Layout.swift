/// A rectangle of the screen, in cells.
struct Rect: Equatable {
    var top: Int
    var left: Int
    var height: Int
    var width: Int

    var bottom: Int { top + height }
}

/// Where each part of the console goes on a screen of a given size. Computed from the size alone, so keys
/// (the page height) and drawing agree without drawing storing anything.
struct Layout: Equatable {
    let rows: Int
    let columns: Int

    static let minimum = (rows: 15, columns: 60)

    var isTooSmall: Bool { rows < Self.minimum.rows || columns < Self.minimum.columns }
    var screen: Rect { Rect(top: 0, left: 0, height: rows, width: columns) }
    /// The header: title, tabs and filter, and a rule.
    var header: Rect { Rect(top: 0, left: 0, height: 3, width: columns) }
    /// The detail pane, on screens tall enough for it.
    var detail: Rect? { rows >= 22 ? Rect(top: rows - 3 - 4, left: 0, height: 4, width: columns) : nil }
    /// The table: a row of column headers, then the list.
    var table: Rect { Rect(top: 3, left: 0, height: (detail?.top ?? rows - 3) - 3, width: columns) }
    /// Rows of the list on one page.
    var pageHeight: Int { max(1, table.height - 1) }
    var keyBarRow: Int { rows - 2 }
    var messageRow: Int { rows - 1 }
}
