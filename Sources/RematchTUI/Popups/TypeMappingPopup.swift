import Foundation
import RematchCore

/// Which IT Glue configuration type each device class becomes, chosen from the account's live list of types.
struct TypeMappingPopup {
    var selection = 0

    mutating func handle(_ command: Command, workspace: Workspace) -> PopupResult {
        let classes = DeviceClass.allCases
        switch command {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(classes.count - 1, selection + 1)
        case .previousType, .nextType:
            let types = workspace.catalog.snapshot.configurationTypes
            guard !types.isEmpty else { return .stay }
            var mapping = workspace.typeMapping
            let current = types.firstIndex { $0.id == mapping[classes[selection]] } ?? -1
            let step = command == .previousType ? -1 : 1
            mapping[classes[selection]] = types[(current + step + types.count) % types.count].id
            return .setTypeMapping(mapping)
        case .cancel: return .close(message: "Type mapping saved.")
        default: break
        }
        return .stay
    }

    func draw(into screen: inout ScreenBuffer, area: Rect, workspace: Workspace) {
        let types = Dictionary(workspace.catalog.snapshot.configurationTypes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var lines: [(String, StyleRole)] = DeviceClass.allCases.enumerated().map { index, deviceClass in
            let type = workspace.typeMapping[deviceClass].flatMap { types[$0] } ?? "— (not mapped)"
            let text = "\(index == selection ? "▸" : " ") \(deviceClass.title.padding(toLength: 8, withPad: " ", startingAt: 0)) → \(type)"
            return (text, index == selection ? StyleRole.selected : .popup)
        }
        lines.append(("", .popup))
        lines.append((Keymap.footer(for: .typeMapping), .dim))
        Box(title: "Device type → IT Glue configuration type", lines: lines, width: 60).draw(into: &screen, area: area)
    }
}
