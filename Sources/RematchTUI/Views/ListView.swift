/// A table over a list of ids: the column headers, then only the rows on the page, with the selection sign,
/// the marks and the highlight. Columns that fit their content are fitted to the page.
struct ListView<Row> {
    let table: Table<Row>
    let list: ListState
    let ids: [Int]
    let empty: String

    /// `row` is asked only for the rows on the page; nil leaves the line blank.
    func draw(into screen: inout ScreenBuffer, area: Rect, row: (Int) -> Row?) {
        let top = area.top + 1
        let height = max(0, area.height - 1)
        let start = list.visibleOffset(count: ids.count, height: max(1, height))
        let end = min(ids.count, start + height)
        let page: [(id: Int, row: Row?)] = start < end ? ids[start..<end].map { ($0, row($0)) } : []
        let placement = table.placement(width: area.width, rows: page.compactMap(\.row))
        table.drawHeader(into: &screen, row: area.top, placement: placement, sorting: list.sorting)
        let selected = ids.indices.contains(list.selection) ? ids[list.selection] : nil
        for (offset, entry) in page.enumerated() {
            let line = top + offset
            guard let value = entry.row else { continue }
            if entry.id == selected { screen.put("▸", row: line, column: 1, role: .accent) }
            if list.marked.contains(entry.id) { screen.put("✓", row: line, column: 2, role: .marked) }
            table.draw(value, into: &screen, row: line, placement: placement)
            if entry.id == selected { screen.paint(row: line, role: .selected) }
        }
        if ids.isEmpty { screen.put(empty, row: top, column: Table<Row>.left, role: .dim) }
    }
}
