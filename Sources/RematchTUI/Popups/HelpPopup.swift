import Foundation
import RematchCore
import RematchPresentation

/// `?`: every key of the screen under it, read from the key table. Lines wrap to the screen; when they are
/// more than fit, ↑↓ j k scroll. Any other key closes.
struct HelpPopup {
    /// The screen whose keys are listed.
    let scope: Scope
    var offset = 0

    /// Scrolls within what `area` shows (all lines, when the screen size is not known).
    mutating func handle(_ command: Command, area: Rect? = nil) -> PopupResult {
        switch command {
        case .up: offset = max(0, offset - 1)
        case .down:
            let last = area.map { Self.page(lines(width: $0.width), in: $0).maxOffset } ?? lines(width: 200).count - 1
            offset = min(max(0, last), offset + 1)
        default: return .close(message: nil)
        }
        return .stay
    }

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let all = lines(width: area.width)
        let page = Self.page(all, in: area)
        let start = min(offset, page.maxOffset)
        var shown: [(String, StyleRole)] = all.dropFirst(start).prefix(page.height).map { ($0, .popup) }
        shown.append((Keymap.footer(for: .help) + " · any other key closes", .dim))
        let width = all.map { TerminalText.width(of: $0) }.max() ?? 0
        let title = switch scope {
        case .devices: "Keys: devices"
        case .allDevices: "Keys: devices of every customer"
        default: "Keys: customers"
        }
        Box(title: title, lines: shown, width: width + 3).draw(into: &screen, area: area)
    }

    /// How many help lines a screen shows at once, and how far they scroll.
    private static func page(_ lines: [String], in area: Rect) -> (height: Int, maxOffset: Int) {
        let height = max(1, area.height - 5)
        return (height, max(0, lines.count - height))
    }

    /// The key column, then the text wrapped to what a box on a screen `width` wide holds.
    func lines(width: Int) -> [String] {
        let entries = Keymap.helpEntries(for: scope)
        let keysWidth = min(13, entries.map { TerminalText.width(of: $0.keys) }.max() ?? 0)
        let textWidth = max(10, width - 5)
        var lines: [String] = []
        for entry in entries {
            let keys = entry.keys.padding(toLength: max(keysWidth, entry.keys.count), withPad: " ", startingAt: 0) + "  "
            let indent = String(repeating: " ", count: keysWidth + 2)
            let first = Self.wrap(entry.text, width: max(8, textWidth - TerminalText.width(of: keys)))
            let rest = Self.wrap(first.dropFirst().joined(separator: " "), width: max(8, textWidth - indent.count))
            lines.append(keys + (first.first ?? ""))
            lines += rest.map { indent + $0 }
        }
        return lines
    }

    /// Words in lines of at most `width` columns; a word longer than that is cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if TerminalText.width(of: candidate) <= width || line.isEmpty {
                line = TerminalText.width(of: candidate) <= width ? candidate : TerminalText.truncate(candidate, to: width)
            } else {
                lines.append(line)
                line = TerminalText.width(of: String(word)) <= width ? String(word) : TerminalText.truncate(String(word), to: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
