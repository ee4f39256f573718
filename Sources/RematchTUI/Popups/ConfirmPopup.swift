import RematchCore
import RematchPresentation

/// Asks before a bulk change, listing what it would change (scrolling when that is more than fits) and what it
/// leaves out; `t` opens the type mapping first; `a` switches to the same change made another way, when there is
/// one (bulk create with the devices that have a possible match).
struct ConfirmPopup {
    let title: String
    let lines: [(String, StyleRole)]
    /// The local change to make, if any (a retirement is only remote: its effect does the work).
    let action: Action?
    /// What to ask of the app once the change is saved (creating in IT Glue).
    let effects: [ConsoleEffect]
    var alternative: Alternative?
    /// Whether `t` opens the type mapping (a preview of configurations to create).
    var offersTypeMapping: Bool
    /// The box's width for the longest line (a retirement names configuration, organization and device), worked
    /// out once rather than on every frame.
    let width: Int
    var offset = 0

    /// The other way to make the change (made when asked for), and the footer's words for switching to it.
    struct Alternative {
        let hint: String
        let make: () -> ConfirmPopup
    }

    init(title: String, lines: [(String, StyleRole)], action: Action?, effects: [ConsoleEffect], alternative: Alternative? = nil) {
        self.title = title
        self.lines = lines
        self.action = action
        self.effects = effects
        self.alternative = alternative
        offersTypeMapping = effects.contains { if case .createConfigurations = $0 { true } else { false } }
        width = max(72, (lines.map { TerminalText.width(of: $0.0) }.max() ?? 0) + 4)
    }

    init(title: String, lines: [String], action: Action, effects: [ConsoleEffect]) {
        self.init(title: title, lines: lines.map { ($0, .popup) }, action: action, effects: effects)
    }

    mutating func handle(_ command: Command, area: Rect? = nil) -> PopupResult {
        switch command {
        case .confirm: return .perform(action, effects: effects)
        case .typeMapping where offersTypeMapping: return .open(.typeMapping(TypeMappingPopup()))
        case .cancel: return .close(message: nil)
        case .alternative: return alternative.map { .open(.confirm($0.make())) } ?? .stay
        case .up: offset = max(0, offset - 1)
        case .down: offset = min(Self.maxOffset(lines.count, in: area), offset + 1)
        default: break
        }
        return .stay
    }

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let height = Self.pageHeight(in: area)
        let start = min(offset, Self.maxOffset(lines.count, in: area))
        var shown = Array(lines.dropFirst(start).prefix(height))
        let below = lines.count - start - shown.count
        if start > 0 || below > 0 {
            shown.append(("  … \(below) more below · ↑↓ j k scroll" + (start > 0 ? " (\(start) above)" : ""), .dim))
        }
        shown.append(("", .popup))
        shown.append((offersTypeMapping ? Keymap.footer(for: .confirm) : "y go ahead · n cancel", .accent))
        if let alternative { shown.append((alternative.hint, .accent)) }
        Box(title: title, lines: shown, width: min(width, area.width - 2)).draw(into: &screen, area: area)
    }

    /// Lines shown at once: the screen less the box, the scroll line, a blank line and two footer lines.
    private static func pageHeight(in area: Rect?) -> Int { max(1, (area?.height ?? 24) - 8) }

    private static func maxOffset(_ count: Int, in area: Rect?) -> Int { max(0, count - pageHeight(in: area)) }
}
