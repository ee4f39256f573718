import RematchCore
import RematchPresentation

extension Key {
    /// How help text writes the key.
    var label: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .resize: "resize"
        case .control(let character): "Ctrl-\(character)"
        case .function(let number): "F\(number)"
        }
    }
}

/// The key table read back as text: the key bar, popup footers and the `?` lines.
extension Keymap {
    /// One `?` line: the keys and what they do.
    struct HelpEntry: Equatable {
        var keys: String
        var text: String
    }

    /// Every key of a scope, bindings with the same text on one line, in table order.
    static func helpEntries(for scope: Scope) -> [HelpEntry] {
        var entries: [HelpEntry] = []
        var labelled = Set<String>()
        for binding in bindings(in: scope) {
            let keys = binding.label ?? binding.keys.map(\.label).joined(separator: " ")
            if let index = entries.firstIndex(where: { $0.text == binding.help }) {
                if !labelled.contains(binding.help) { entries[index].keys += " " + keys }
            } else {
                entries.append(HelpEntry(keys: keys, text: binding.help))
                if binding.label != nil { labelled.insert(binding.help) }
            }
        }
        return entries
    }

    /// The hints of a scope's key bar that fit `width` columns, in table order: the lowest ranks are taken first,
    /// so `? help` (rank 0) always stays and a narrow bar drops the least important.
    static func keyBar(for scope: Scope, width: Int) -> String {
        let hints = table.enumerated().compactMap { index, binding -> (index: Int, text: String, rank: Int)? in
            guard binding.barScopes.contains(scope), binding.scopes.contains(scope), let hint = binding.hint else { return nil }
            return (index, hint, binding.rank)
        }
        var used = -1  // the leading space, less the separator the first hint goes without
        var kept = Set<Int>()
        for hint in hints.sorted(by: { ($0.rank, $0.index) < ($1.rank, $1.index) }) {
            let cost = 2 + TerminalText.width(of: hint.text)
            if used + cost <= width || hint.rank == 0 {
                used += cost
                kept.insert(hint.index)
            }
        }
        return " " + hints.filter { kept.contains($0.index) }.map(\.text).joined(separator: "  ")
    }

    /// A popup's last line: its hints in table order.
    static func footer(for scope: Scope) -> String {
        bindings(in: scope).compactMap(\.hint).joined(separator: " · ")
    }
}
