import Foundation
import RematchCore
import RematchPresentation

/// Which IT Glue configuration type each device class becomes, chosen from the account's live list of types:
/// ←→ step through the types, Enter opens the whole list to pick from (type to narrow it).
struct TypeMappingPopup {
    var selection = 0
    /// The list of types open for the selected class, when it is.
    var picker: Picker?

    /// The type list for one class: a query that narrows it, and the selected row.
    struct Picker {
        var query = ""
        var selection = 0

        /// The types whose folded name contains the query.
        func choices(_ types: [ConfigurationType]) -> [ConfigurationType] {
            let wanted = TextFolding.fold(query)
            return types.filter { wanted.isEmpty || TextFolding.fold($0.name).contains(wanted) }
        }
    }

    var scope: Scope { picker == nil ? .typeMapping : .typePicker }

    mutating func handle(_ command: Command, typing character: Character? = nil, workspace: Workspace) -> PopupResult {
        if picker != nil { return handlePicker(command, typing: character, workspace: workspace) }
        let classes = DeviceClass.allCases
        let types = workspace.catalog.snapshot.configurationTypes
        switch command {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(classes.count - 1, selection + 1)
        case .previousType, .nextType:
            guard !types.isEmpty else { return .stay }
            var mapping = workspace.typeMapping
            let current = types.firstIndex { $0.id == mapping[classes[selection]] } ?? -1
            let step = command == .previousType ? -1 : 1
            mapping[classes[selection]] = types[(current + step + types.count) % types.count].id
            return .setTypeMapping(mapping)
        case .confirm:
            var picker = Picker()
            let current = workspace.typeMapping[classes[selection]]
            picker.selection = picker.choices(types).firstIndex { $0.id == current } ?? 0
            self.picker = picker
        case .cancel: return .close(message: "Type mapping saved.")
        default: break
        }
        return .stay
    }

    private mutating func handlePicker(_ command: Command, typing character: Character?, workspace: Workspace) -> PopupResult {
        guard var picker else { return .stay }
        let choices = picker.choices(workspace.catalog.snapshot.configurationTypes)
        switch command {
        case .up: picker.selection = max(0, picker.selection - 1)
        case .down: picker.selection = min(max(0, choices.count - 1), picker.selection + 1)
        case .typeText:
            if let character { picker.query.append(character) }
            picker.selection = 0
        case .deleteLetter:
            if !picker.query.isEmpty { picker.query.removeLast() }
            picker.selection = 0
        case .confirm:
            guard choices.indices.contains(picker.selection) else { return .stay }
            var mapping = workspace.typeMapping
            mapping[DeviceClass.allCases[selection]] = choices[picker.selection].id
            self.picker = nil
            return .setTypeMapping(mapping)
        case .cancel:
            self.picker = nil
            return .stay
        default: break
        }
        self.picker = picker
        return .stay
    }

    func draw(into screen: inout ScreenBuffer, area: Rect, workspace: Workspace) {
        let types = workspace.catalog.snapshot.configurationTypes
        if let picker {
            drawPicker(picker, types: types, into: &screen, area: area)
            return
        }
        let names = Dictionary(types.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var lines: [(String, StyleRole)] = DeviceClass.allCases.enumerated().map { index, deviceClass in
            let type = workspace.typeMapping[deviceClass].flatMap { names[$0] } ?? "— (not mapped)"
            let text = "\(index == selection ? "▸" : " ") \(deviceClass.title.padding(toLength: 8, withPad: " ", startingAt: 0)) → \(type)"
            return (text, index == selection ? StyleRole.selected : .popup)
        }
        lines.append(("", .popup))
        lines.append((Keymap.footer(for: .typeMapping), .dim))
        Box(title: "Device type → IT Glue configuration type", lines: lines, width: 64).draw(into: &screen, area: area)
    }

    private func drawPicker(_ picker: Picker, types: [ConfigurationType], into screen: inout ScreenBuffer, area: Rect) {
        let choices = picker.choices(types)
        let height = max(1, area.height - 9)
        let start = max(0, min(picker.selection - height + 1, choices.count - height))
        var lines: [(String, StyleRole)] = [("> \(picker.query)▏    \(choices.count) of \(types.count)", .accent)]
        for (offset, choice) in choices.dropFirst(start).prefix(height).enumerated() {
            let selected = start + offset == picker.selection
            lines.append(((selected ? "▸ " : "  ") + choice.name, selected ? .selected : .popup))
        }
        if choices.isEmpty { lines.append(("No type contains those letters.", .dim)) }
        lines.append(("", .popup))
        lines.append((Keymap.footer(for: .typePicker), .dim))
        let title = "\(DeviceClass.allCases[selection].title) becomes"
        Box(title: title, lines: lines, width: 64).draw(into: &screen, area: area)
    }
}
