import Foundation
import RematchCore
import RematchPresentation

/// Which IT Glue configuration type each device class becomes, chosen from the account's live list of types:
/// ←→ step through the types, Enter opens the whole list to pick from (type to narrow it). Below the classes, the
/// account's own Syncro asset types (printers, firewalls… typed in without the agent): ←→ picks the class each becomes.
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
        let assetTypes = Self.assetTypes(workspace)
        let types = workspace.catalog.snapshot.configurationTypes
        if selection >= classes.count, [.previousType, .nextType, .confirm].contains(command) {
            guard assetTypes.indices.contains(selection - classes.count) else { return .stay }
            return .setTypeMapping(Self.stepClass(of: assetTypes[selection - classes.count], by: command == .previousType ? -1 : 1,
                                                  in: workspace.typeMapping))
        }
        switch command {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(classes.count + assetTypes.count - 1, selection + 1)
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

    /// The account's Syncro asset types other than agent devices (whose class the agent's report gives), most used first.
    static func assetTypes(_ workspace: Workspace) -> [(name: String, count: Int)] {
        workspace.assetTypeCounts.filter { $0.name != DeviceClass.agentAssetType }
    }

    /// The class an asset type becomes when nobody chose one: what its name says, else Other.
    static func automaticClass(of assetType: String) -> DeviceClass { DeviceClass.classify(assetType: assetType) ?? .other }

    /// The mapping with the asset type's class one step on; landing on the automatic class forgets the choice.
    static func stepClass(of assetType: (name: String, count: Int), by step: Int, in mapping: DeviceTypeMapping) -> DeviceTypeMapping {
        var mapping = mapping
        let classes = DeviceClass.allCases
        let current = mapping.assetTypeClasses[assetType.name] ?? automaticClass(of: assetType.name)
        let next = classes[(classes.firstIndex(of: current)! + step + classes.count) % classes.count]
        mapping.assetTypeClasses[assetType.name] = next == automaticClass(of: assetType.name) ? nil : next
        return mapping
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
        let classes = DeviceClass.allCases
        var lines: [(String, StyleRole)] = classes.enumerated().map { index, deviceClass in
            let type = workspace.typeMapping[deviceClass].flatMap { names[$0] } ?? "— (not mapped)"
            let text = "\(index == selection ? "▸" : " ") \(deviceClass.title.padding(toLength: 8, withPad: " ", startingAt: 0)) → \(type)"
            return (text, index == selection ? StyleRole.selected : .popup)
        }
        let assetTypes = Self.assetTypes(workspace)
        if !assetTypes.isEmpty {
            lines.append(("", .popup))
            lines.append(("Syncro asset types without the agent → class (←→)", .accent))
            let room = max(1, area.height - classes.count - 10)
            let first = max(0, min(selection - classes.count - room + 1, assetTypes.count - room))
            for (offset, assetType) in assetTypes.enumerated().dropFirst(first).prefix(room) {
                let selected = classes.count + offset == selection
                let chosen = workspace.typeMapping.assetTypeClasses[assetType.name]
                let deviceClass = chosen ?? Self.automaticClass(of: assetType.name)
                let name = TerminalText.fit(TerminalText.sanitize("\(assetType.name) (\(assetType.count))"), to: 30)
                lines.append(("\(selected ? "▸" : " ") \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) → \(deviceClass.title)"
                              + (chosen == nil ? "" : " (chosen)"), selected ? .selected : .popup))
            }
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
