import RematchCore
import RematchPresentation

/// The popup over the list, if any; each kind keeps its state, keys and drawing in its own file.
enum Popup {
    case help(HelpPopup)
    case matchTo(MatchToPopup)
    case createOrganization(CreateOrganizationPopup)
    case confirm(ConfirmPopup)
    case typeMapping(TypeMappingPopup)
    case report(ReportPopup)

    var scope: Scope {
        switch self {
        case .help: .help
        case .matchTo: .matchTo
        case .createOrganization: .createOrganization
        case .confirm: .confirm
        case .typeMapping(let mapping): mapping.scope
        case .report: .report
        }
    }

    func draw(into screen: inout ScreenBuffer, area: Rect, workspace: Workspace) {
        switch self {
        case .help(let help): help.draw(into: &screen, area: area)
        case .matchTo(let matchTo): matchTo.draw(into: &screen, area: area)
        case .createOrganization(let create): create.draw(into: &screen, area: area)
        case .confirm(let confirm): confirm.draw(into: &screen, area: area)
        case .typeMapping(let mapping): mapping.draw(into: &screen, area: area, workspace: workspace)
        case .report(let report): report.draw(into: &screen, area: area)
        }
    }
}

/// What a popup's key asks of the console: popups never change the matching state themselves.
enum PopupResult {
    /// The popup stays open (its own state may have changed).
    case stay
    case close(message: String?)
    /// Another popup takes its place.
    case open(Popup)
    /// Closes, performs the action (if any) and, when it was saved, asks for the effects.
    case perform(Action?, effects: [ConsoleEffect])
    case setTypeMapping(DeviceTypeMapping)
    /// The retirement preview takes the popup's place.
    case retire
}

extension Console {
    /// Hands a popup's command to it and carries out what it asks.
    func handlePopup(_ command: Command, typing character: Character? = nil) -> [ConsoleEffect] {
        guard let current = popup else { return [] }
        let result: PopupResult
        switch current {
        case .help(var help):
            result = help.handle(command, area: layout?.screen)
            popup = .help(help)
        case .matchTo(var matchTo):
            result = matchTo.handle(command, typing: character, workspace: workspace)
            popup = .matchTo(matchTo)
        case .createOrganization(let create): result = create.handle(command)
        case .confirm(var confirm):
            result = confirm.handle(command, area: layout?.screen)
            popup = .confirm(confirm)
        case .typeMapping(var mapping):
            result = mapping.handle(command, typing: character, workspace: workspace)
            popup = .typeMapping(mapping)
        case .report(var report):
            result = report.handle(command, area: layout?.screen)
            popup = .report(report)
        }
        switch result {
        case .stay: break
        case .close(let message):
            popup = nil
            if let message { show(message) }
        case .open(let next): popup = next
        case .perform(let action?, let effects):
            popup = nil
            return perform(action, then: effects)
        case .perform(nil, let effects):
            popup = nil
            return effects
        case .setTypeMapping(let mapping): setTypeMapping(mapping)
        case .retire: confirmRetire()
        }
        return []
    }
}

/// A popup's frame: a bordered box in the middle of the screen with a title and one line of text per row.
struct Box {
    let title: String
    let lines: [(String, StyleRole)]
    let width: Int

    /// Draws the box; returns where the lines' text goes (after the border and a space) and how many lines show.
    @discardableResult
    func draw(into screen: inout ScreenBuffer, area: Rect) -> Rect {
        let width = min(area.width - 2, max(self.width, TerminalText.width(of: title) + 6))
        let height = min(area.height - 2, lines.count + 2)
        let left = area.left + (area.width - width) / 2
        let top = area.top + max(1, (area.height - height) / 2)
        let inner = width - 2
        screen.put("┌ " + TerminalText.truncate(title, to: inner - 3) + " " + String(repeating: "─", count: width), row: top, column: left,
                   role: .popupBorder, limit: width - 1)
        screen.put("┐", row: top, column: left + width - 1, role: .popupBorder)
        for index in 0..<max(0, height - 2) {
            let row = top + 1 + index
            screen.put("│", row: row, column: left, role: .popupBorder)
            screen.field(" " + (index < lines.count ? lines[index].0 : ""), row: row, column: left + 1, width: inner,
                         role: index < lines.count ? lines[index].1 : .popup)
            screen.put("│", row: row, column: left + width - 1, role: .popupBorder)
        }
        screen.put("└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, column: left, role: .popupBorder)
        return Rect(top: top + 1, left: left + 2, height: max(0, height - 2), width: max(0, inner - 1))
    }
}
