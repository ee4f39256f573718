/// A table over a list of ids: the column headers, then only the rows on the page, with the selection sign,
/// the marks and the highlight.
struct ListView<Row> {
    let table: Table<Row>
    let list: ListState
    let ids: [Int]
    let empty: String

    /// `row` is asked only for the rows on the page; nil leaves the line blank.
    func draw(into screen: inout ScreenBuffer, area: Rect, row: (Int) -> Row?) {
        let placement = table.placement(width: area.width)
        table.drawHeader(into: &screen, row: area.top, placement: placement)
        let top = area.top + 1
        let height = max(0, area.height - 1)
        let start = list.visibleOffset(count: ids.count, height: max(1, height))
        let end = min(ids.count, start + height)
        let selected = ids.indices.contains(list.selection) ? ids[list.selection] : nil
        if start < end {
            for index in start..<end {
                let line = top + index - start
                let id = ids[index]
                guard let value = row(id) else { continue }
                if id == selected { screen.put("▸", row: line, column: 1, role: .accent) }
                if list.marked.contains(id) { screen.put("✓", row: line, column: 2, role: .marked) }
                table.draw(value, into: &screen, row: line, placement: placement)
                if id == selected { screen.paint(row: line, role: .selected) }
            }
        }
        if ids.isEmpty { screen.put(empty, row: top, column: Table<Row>.left, role: .dim) }
    }
}
