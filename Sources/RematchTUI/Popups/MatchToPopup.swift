import RematchCore
import RematchPresentation

/// Whose match Match To sets.
enum MatchSubject: Equatable {
    case customer(Int)
    case device(Int)
}

/// Match To: search the organizations (or a customer's configurations) as you type, Enter matches. Before a
/// letter is typed the list is ranked: the suggestion, then the closest names. Replacing a match asks first.
struct MatchToPopup {
    let subject: MatchSubject
    let subjectName: String
    let candidates: [(id: String, name: String)]
    let index: FuzzyIndex
    /// Candidates (by position) to list first while the query is empty, best first, each once.
    let ranked: [Int]
    var query = ""
    var hits: [FuzzyIndex.Hit] = []
    var total = 0
    var selection = 0

    init(subject: MatchSubject, subjectName: String, candidates: [(id: String, name: String)], ranked: [String] = []) {
        self.subject = subject
        self.subjectName = subjectName
        self.candidates = candidates
        // Resolved to positions once, not on every keystroke that empties the query.
        let positions = Dictionary(candidates.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<Int>()
        self.ranked = ranked.compactMap { positions[$0] }.filter { seen.insert($0).inserted }
        index = FuzzyIndex(names: candidates.map(\.name))
        refresh()
    }

    private var isEmptyQuery: Bool { query.allSatisfy(\.isWhitespace) }

    mutating func refresh() {
        (hits, total) = index.search(query, limit: 200)
        if isEmptyQuery, !ranked.isEmpty {
            let first = Set(ranked)
            hits = (ranked + hits.map(\.index).filter { !first.contains($0) }).prefix(200)
                .map { FuzzyIndex.Hit(index: $0, score: 0, positions: []) }
        }
        selection = min(selection, max(0, hits.count - 1))
    }

    mutating func handle(_ command: Command, typing character: Character?, workspace: Workspace) -> PopupResult {
        switch command {
        case .cancel: return .close(message: nil)
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(max(0, hits.count - 1), selection + 1)
        case .deleteLetter:
            if !query.isEmpty { query.removeLast() }
            refresh()
        case .typeText:
            if let character { query.append(character) }
            selection = 0
            refresh()
        case .confirm:
            // An empty query picks nothing: Enter alone must not replace a match by accident.
            guard !isEmptyQuery, hits.indices.contains(selection) else { return .stay }
            let target = candidates[hits[selection].index]
            let action = action(matching: target.id, in: workspace)
            if let current = currentMatch(in: workspace), current != target.id {
                let currentName = candidates.first { $0.id == current }?.name ?? "#\(current)"
                return .open(.confirm(ConfirmPopup(
                    title: "Replace the match of \(subjectName)?",
                    lines: ["\(subjectName) is matched to \(currentName).", "Match it to \(target.name) instead?"],
                    action: action, effects: [])))
            }
            return .perform(action, effects: [])
        default: break
        }
        return .stay
    }

    /// What the subject is matched to now (nil also while a record waits to be created).
    func currentMatch(in workspace: Workspace) -> String? {
        switch subject {
        case .customer(let id): workspace.status(ofCustomer: id).organizationID
        case .device(let id): workspace.status(ofAsset: id).configurationID
        }
    }

    /// A first match, or a change of the one there is.
    func action(matching target: String, in workspace: Workspace) -> Action {
        switch subject {
        case .customer(let id):
            workspace.status(ofCustomer: id).state == .matched
                ? .changeMatch(customer: id, organizationID: target) : .matchTo(customer: id, organizationID: target)
        case .device(let id):
            workspace.status(ofAsset: id).state == .matched
                ? .changeDeviceMatch(asset: id, configurationID: target) : .matchDevice(asset: id, configurationID: target)
        }
    }

    /// The query, the hits around the selection with their matched letters in the match style, the keys.
    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let visibleCount = max(1, min(hits.count, area.height - 10))
        var lines: [(String, StyleRole)] = [("> \(query)▏" + String(repeating: " ", count: 4) + "\(total) of \(index.count)", .accent)]
        let start = max(0, selection - visibleCount + 1)
        let shown = Array(hits.dropFirst(start).prefix(visibleCount))
        for (offset, hit) in shown.enumerated() {
            let selected = start + offset == selection
            lines.append(((selected ? "▸ " : "  ") + candidates[hit.index].name, selected ? .selected : .popup))
        }
        if hits.isEmpty { lines.append(("No name contains those letters in order.", .dim)) }
        lines.append((Keymap.footer(for: .matchTo), .dim))
        let text = Box(title: "Match \"\(subjectName)\" to", lines: lines, width: 64).draw(into: &screen, area: area)
        // The selected line keeps its highlight whole: a cell has one role.
        for (offset, hit) in shown.enumerated() where start + offset != selection && 1 + offset < text.height {
            screen.paintMatches(hit.matchedCharacters(in: candidates[hit.index].name), of: candidates[hit.index].name,
                                row: text.top + 1 + offset, column: text.left + 2, end: text.left + text.width)
        }
    }
}

extension ScreenBuffer {
    /// Paints the given characters of `text`, drawn from `column`, in the match style; stops short of `end`,
    /// where a cut line shows its ellipsis.
    mutating func paintMatches(_ matched: Set<Int>, of text: String, row: Int, column: Int, end: Int) {
        guard !matched.isEmpty else { return }
        var x = column
        for (offset, character) in text.enumerated() {
            let width = TerminalText.width(of: TerminalText.sanitize(String(character)))
            if x + width >= end { break }
            if matched.contains(offset), width > 0 { paint(row: row, from: x, width: width, role: .match) }
            x += width
        }
    }
}
