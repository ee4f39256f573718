import Foundation

/// A colour: the terminal's default, one of 256, or 24-bit (shown as the nearest of 256).
public enum ThemeColor: Sendable, Hashable {
    case terminalDefault
    case indexed(Int)

    static let names: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "brightblack": 8, "gray": 8, "grey": 8, "brightred": 9, "brightgreen": 10, "brightyellow": 11, "brightblue": 12,
        "brightmagenta": 13, "brightcyan": 14, "brightwhite": 15,
    ]

    /// Parses `default`, a name, 0–255 or `#rrggbb`.
    static func parse(_ text: String) -> ThemeColor? {
        let value = text.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
        if value == "default" || value == "none" { return .terminalDefault }
        if let index = names[value] { return .indexed(index) }
        if let number = Int(value), (0...255).contains(number) { return .indexed(number) }
        if value.hasPrefix("#"), value.count == 7, let rgb = Int(value.dropFirst(), radix: 16) {
            return .indexed(nearest256(red: (rgb >> 16) & 0xFF, green: (rgb >> 8) & 0xFF, blue: rgb & 0xFF))
        }
        return nil
    }

    /// The nearest xterm-256 colour: the 6×6×6 cube or the grey ramp.
    static func nearest256(red: Int, green: Int, blue: Int) -> Int {
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let levels = [0, 95, 135, 175, 215, 255]
        let (r, g, b) = (level(red), level(green), level(blue))
        let cube = 16 + 36 * r + 6 * g + b
        let cubeDistance = (levels[r] - red) * (levels[r] - red) + (levels[g] - green) * (levels[g] - green) + (levels[b] - blue) * (levels[b] - blue)
        let average = (red + green + blue) / 3
        let grey = average > 238 ? 23 : max(0, (average - 3) / 10)
        let greyValue = 8 + 10 * grey
        let greyDistance = 3 * (greyValue - average) * (greyValue - average)
        return greyDistance < cubeDistance ? 232 + grey : cube
    }
}

/// How one role is drawn.
public struct Style: Sendable, Hashable {
    public var foreground: ThemeColor = .terminalDefault
    public var background: ThemeColor = .terminalDefault
    public var bold = false
    public var underline = false
    public var reverse = false
}

/// A theme file that cannot be used, naming the file and the line.
public struct ThemeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Colours and attributes per UI element, read from a flat TOML file:
/// `ROLE_fg = "cyan"`, `ROLE_bg = 236`, `ROLE_bold = true`, `ROLE_underline`, `ROLE_reverse`.
/// A missing key keeps the default theme's value.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var styles: [StyleRole: Style]
    /// Mono draws with attributes only.
    public var usesColor: Bool

    public subscript(role: StyleRole) -> Style { styles[role] ?? Style() }

    static func key(_ role: StyleRole) -> String {
        role.rawValue.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    /// The default theme, compiled in so the binary works anywhere.
    public static let `default`: Theme = {
        // Parsing the embedded text cannot fail; a test keeps it so.
        (try? parse(defaultText, name: "default", base: nil)) ?? Theme(name: "default", styles: [:], usesColor: true)
    }()

    public static let mono = Theme(name: "mono", styles: [
        .selected: Style(reverse: true), .tabActive: Style(bold: true, reverse: true), .header: Style(bold: true),
        .columnHeader: Style(underline: true), .marked: Style(bold: true), .statusBar: Style(reverse: true),
        .warning: Style(bold: true), .error: Style(bold: true), .match: Style(underline: true), .accent: Style(bold: true),
        .popupBorder: Style(bold: true),
    ], usesColor: false)

    /// Parses theme text over a base theme (the default unless given).
    public static func parse(_ text: String, name: String, base: Theme? = Theme.default) throws(ThemeError) -> Theme {
        var theme = base ?? Theme(name: name, styles: [:], usesColor: true)
        theme.name = name
        var roles: [String: StyleRole] = [:]
        for role in StyleRole.allCases { roles[key(role)] = role }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = String(rawLine)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ThemeError(message: "\(name):\(lineNumber): expected key = value")
            }
            let key = parts[0]
            var value = parts[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if key == "uses_color" {
                guard let flag = Bool(value) else { throw ThemeError(message: "\(name):\(lineNumber): uses_color must be true or false") }
                theme.usesColor = flag
                continue
            }
            let suffixes = ["_fg", "_bg", "_bold", "_underline", "_reverse"]
            guard let suffix = suffixes.first(where: { key.hasSuffix($0) }), let role = roles[String(key.dropLast(suffix.count))] else {
                throw ThemeError(message: "\(name):\(lineNumber): unknown key \"\(key)\"")
            }
            var style = theme.styles[role] ?? Style()
            switch suffix {
            case "_fg", "_bg":
                guard let color = ThemeColor.parse(value) else {
                    throw ThemeError(message: "\(name):\(lineNumber): \"\(value)\" is not a colour (a name, 0-255, #rrggbb or default)")
                }
                if suffix == "_fg" { style.foreground = color } else { style.background = color }
            default:
                guard let flag = Bool(value) else { throw ThemeError(message: "\(name):\(lineNumber): \(key) must be true or false") }
                switch suffix {
                case "_bold": style.bold = flag
                case "_underline": style.underline = flag
                default: style.reverse = flag
                }
            }
            theme.styles[role] = style
        }
        return theme
    }

    /// Finds a theme by name or path: the user's config directory, the share directory beside the binary, the
    /// installed share directories, the checkout the binary was built from, then `./themes`; `default` and
    /// `mono` also exist compiled in.
    public static func load(_ nameOrPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") {
            guard let text = try? String(contentsOfFile: nameOrPath, encoding: .utf8) else {
                throw ThemeError(message: "Cannot read the theme file \(nameOrPath).")
            }
            return try parse(text, name: nameOrPath)
        }
        for directory in searchDirectories(environment: environment) {
            let path = directory + "/" + nameOrPath + ".toml"
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try parse(text, name: path) }
        }
        switch nameOrPath {
        case "default": return .default
        case "mono": return .mono
        default:
            throw ThemeError(message: "No theme named \"\(nameOrPath)\" (looked in \(searchDirectories(environment: environment).joined(separator: ", "))).")
        }
    }

    static func searchDirectories(environment: [String: String]) -> [String] {
        var directories: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { directories.append(config + "/rematch/themes") }
        else if let home = environment["HOME"] { directories.append(home + "/.config/rematch/themes") }
        // Beside an installed binary (PREFIX/bin/rematch → PREFIX/share/rematch/themes).
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(executable.deletingLastPathComponent().appendingPathComponent("share/rematch/themes").path)
        directories += ["/usr/local/share/rematch/themes", "/usr/share/rematch/themes"]
        // The checkout this binary was built from, so `swift run` finds them from any directory; then the current one.
        directories.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes").path)
        directories.append(FileManager.default.currentDirectoryPath + "/themes")
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    static let defaultText = """
        header_fg = "brightwhite"
        header_bg = 24
        header_bold = true
        tab_fg = 250
        tab_active_fg = "black"
        tab_active_bg = "cyan"
        tab_active_bold = true
        column_header_fg = 244
        column_header_underline = true
        selected_fg = "brightwhite"
        selected_bg = 25
        marked_fg = "yellow"
        marked_bold = true
        dim_fg = 244
        good_fg = "green"
        warning_fg = "yellow"
        error_fg = "brightred"
        error_bold = true
        accent_fg = "cyan"
        status_bar_fg = "black"
        status_bar_bg = 250
        message_fg = "brightwhite"
        popup_fg = "default"
        popup_bg = 236
        popup_border_fg = "cyan"
        match_fg = "brightyellow"
        match_bold = true
        border_fg = 240
        """
}
