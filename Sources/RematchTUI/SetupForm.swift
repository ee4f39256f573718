import Foundation
import RematchConfig
import RematchCore

/// The first-run setup screen: both accounts, keys masked as typed, a connection test, and a save that
/// writes the configuration with mode 0600.
public final class SetupForm {
    public enum Outcome: Equatable { case none, test, save, quit }

    struct Field {
        var label: String
        var value: String
        var secret: Bool
        var hint: String
    }

    var fields: [Field]
    var focus = 0
    public var message: (text: String, isError: Bool) = ("", false)
    public let path: String

    /// `existing` is the configuration as loaded, the environment applied: a `REMATCH_*_URL` shows in its field.
    public init(path: String, existing: RematchConfiguration) {
        self.path = path
        fields = [
            Field(label: "Syncro account", value: existing.syncroURL ?? existing.syncroSubdomain ?? "", secret: false,
                  hint: "acme, acme.syncromsp.com or a URL"),
            Field(label: "Syncro API key", value: existing.syncroAPIKey ?? "", secret: true, hint: "Admin → API Tokens"),
            Field(label: "IT Glue region", value: existing.itGlueURL ?? existing.itGlueRegion ?? "us", secret: false,
                  hint: "us, eu, au or a URL"),
            Field(label: "IT Glue API key", value: existing.itGlueAPIKey ?? "", secret: true, hint: "Account → Settings → API Keys"),
        ]
    }

    /// The configuration as typed so far: the file's other settings, with the accounts from the fields.
    public var configuration: RematchConfiguration {
        var configuration = (try? RematchConfiguration.load(path: path, environment: [:])) ?? RematchConfiguration()
        (configuration.syncroSubdomain, configuration.syncroURL) = Self.syncroAccount(fields[0].value)
        configuration.syncroAPIKey = fields[1].value.trimmingCharacters(in: .whitespaces)
        (configuration.itGlueRegion, configuration.itGlueURL) = Self.itGlueAccount(fields[2].value)
        configuration.itGlueAPIKey = fields[3].value.trimmingCharacters(in: .whitespaces)
        return configuration
    }

    /// What a person may paste for Syncro: `acme`, `acme.syncromsp.com`, `https://acme.syncromsp.com/…` (the
    /// subdomain is taken), or another URL (a sandbox), kept whole with `/api/v1` added when it has no path.
    static func syncroAccount(_ typed: String) -> (subdomain: String?, url: String?) {
        RematchConfiguration.syncroAccount(typed)
    }

    /// `us`, `eu`, `au`, or a URL (a sandbox), kept whole.
    static func itGlueAccount(_ typed: String) -> (region: String?, url: String?) {
        var text = typed.trimmingCharacters(in: .whitespaces)
        guard text.contains("://") else { return (text.isEmpty ? nil : text.lowercased(), nil) }
        while text.hasSuffix("/") { text.removeLast() }
        return (nil, text)
    }

    public func handle(_ key: Key) -> Outcome {
        switch key {
        case .tab, .down, .enter: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        case .backspace: if !fields[focus].value.isEmpty { fields[focus].value.removeLast() }
        case .control("T"): return .test
        case .control("S"), .function(2): return .save
        case .escape: return .quit
        case .character(let character): fields[focus].value.append(character)
        default: break
        }
        return .none
    }

    public func render(rows: Int, columns: Int) -> ScreenBuffer {
        if let tooSmall = Console.tooSmall(rows: rows, columns: columns) { return tooSmall }
        var screen = ScreenBuffer(rows: rows, columns: columns)
        screen.fill(row: 0, role: .header)
        screen.put(" Rematch · set up the two accounts", row: 0, column: 0, role: .header)
        var row = 2
        screen.put("Rematch needs a Syncro API token and an IT Glue API key. They are saved in", row: row, column: 2, limit: columns - 4)
        screen.put(path + " (mode 0600).", row: row + 1, column: 2, role: .accent, limit: columns - 4)
        row += 3
        for (index, field) in fields.enumerated() {
            let shown = field.secret ? String(repeating: "•", count: field.value.count) : field.value
            let focused = index == focus
            screen.field((focused ? "▸ " : "  ") + field.label, row: row, column: 2, width: 20, role: focused ? .accent : .normal)
            screen.field(shown + (focused ? "▏" : ""), row: row, column: 23, width: min(40, columns - 25), role: focused ? .selected : .normal)
            if columns > 90 { screen.put(field.hint, row: row, column: 65, role: .dim, limit: columns - 66) }
            row += 2
        }
        screen.fill(row: rows - 2, role: .statusBar)
        screen.put(" Tab next field  Ctrl-T test connection  F2 or Ctrl-S save and open  Esc quit", row: rows - 2, column: 0,
                   role: .statusBar, limit: columns)
        screen.put(message.text, row: rows - 1, column: 1, role: message.isError ? .error : .message, limit: columns - 2)
        return screen
    }
}
