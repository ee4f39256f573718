import RematchCore

/// Selection, scroll offset, filter and marks of one list. The page math is pure: drawing asks where the page
/// starts and never stores the answer.
struct ListState {
    var tab: MatchState = .unmatched
    var selection = 0
    /// The first row shown, kept between keys so the page only moves when the selection leaves it.
    var offset = 0
    var filter = ""
    var filtering = false
    var marked = Set<Int>()
    /// Each tab's sort column, when one was chosen (the tabs have different columns).
    var sortings: [MatchState: Sorting] = [:]
    /// The Matched tab narrowed to customers with devices left to match, most first.
    var workLeft = false

    /// The current tab's sort column.
    var sorting: Sorting? {
        get { sortings[tab] }
        set { sortings[tab] = newValue }
    }

    /// Sorts by the next column (after the last, back to the list's own order); `reverse` turns the order around.
    mutating func cycleSort(columns: Int, reverse: Bool) {
        if reverse {
            sorting = Sorting(column: sorting?.column ?? 0, descending: !(sorting?.descending ?? false))
        } else {
            let next = (sorting?.column ?? -1) + 1
            sorting = next < columns ? Sorting(column: next) : nil
        }
        resetPosition()
    }

    /// Moves the selection by `step` rows, staying on the list.
    mutating func move(by step: Int, count: Int) {
        selection = max(0, min(max(0, count - 1), selection + step))
    }

    /// The first row of a page of `height` rows that shows the selection, starting from the kept offset.
    func visibleOffset(count: Int, height: Int) -> Int {
        let selection = min(self.selection, max(0, count - 1))
        var offset = self.offset
        if selection < offset { offset = selection }
        if selection >= offset + height { offset = selection - height + 1 }
        return max(0, min(offset, max(0, count - height)))
    }

    /// Keeps the selection on a list of `count` rows and, when the page height is known, the page on the selection.
    mutating func settle(count: Int, height: Int?) {
        selection = min(selection, max(0, count - 1))
        if let height { offset = visibleOffset(count: count, height: height) }
    }

    /// A fresh start on another tab or filter.
    mutating func resetPosition() {
        selection = 0
        offset = 0
    }
}
