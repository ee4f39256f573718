import RematchCore

/// Asks before a bulk change, with what it would change; `t` opens the type mapping first.
struct ConfirmPopup {
    let title: String
    let lines: [String]
    let action: Action
    /// What to ask of the app once the change is saved (creating in IT Glue).
    let effect: ConsoleEffect?

    func handle(_ command: Command) -> PopupResult {
        switch command {
        case .confirm: .perform(action, effect: effect)
        case .typeMapping: .open(.typeMapping(TypeMappingPopup()))
        case .cancel: .close(message: nil)
        default: .stay
        }
    }

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        var lines = self.lines.map { ($0, StyleRole.popup) }
        lines.append(("", .popup))
        lines.append((Keymap.footer(for: .confirm), .accent))
        Box(title: title, lines: lines, width: 64).draw(into: &screen, area: area)
    }
}
