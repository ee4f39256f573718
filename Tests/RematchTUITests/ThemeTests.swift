import Foundation
import Testing
@testable import RematchTUI

@Suite("Themes")
struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    @Test("every file in themes/ loads and validates")
    func validateThemesDirectory() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files).isSuperset(of: ["default.toml", "light.toml", "high-contrast.toml", "mono.toml"]))
        for file in files {
            let theme = try Theme.load(Self.themesDirectory.appendingPathComponent(file).path)
            #expect(theme.styles[.selected] != nil, "\(file)")
        }
    }

    @Test("the compiled-in default matches themes/default.toml")
    func compiledDefault() throws {
        let file = try Theme.parse(String(contentsOf: Self.themesDirectory.appendingPathComponent("default.toml"), encoding: .utf8),
                                   name: "default", base: nil)
        #expect(file.styles == Theme.default.styles)
        #expect(!Theme.default.styles.isEmpty)
    }

    @Test("mono has no colours")
    func mono() throws {
        let mono = try Theme.load(Self.themesDirectory.appendingPathComponent("mono.toml").path)
        #expect(!mono.usesColor)
    }

    @Test("a missing key falls back to the default")
    func fallback() throws {
        let theme = try Theme.parse("selected_bg = \"red\"\n", name: "partial")
        #expect(theme[.selected].background == .indexed(1))
        #expect(theme[.header] == Theme.default[.header])
    }

    @Test("colours by name, number and #rrggbb")
    func colours() {
        #expect(ThemeColor.parse("cyan") == .indexed(6))
        #expect(ThemeColor.parse("236") == .indexed(236))
        #expect(ThemeColor.parse("#ff0000") == .indexed(196))
        #expect(ThemeColor.parse("#808080") == .indexed(244))
        #expect(ThemeColor.parse("default") == .terminalDefault)
        #expect(ThemeColor.parse("256") == nil)
        #expect(ThemeColor.parse("#12345") == nil)
    }

    @Test("an unknown key or a bad colour is an error naming the file and line", arguments: [
        ("header_fg = \"cyan\"\nheadr_fg = \"red\"\n", "mine.toml:2: unknown key \"headr_fg\""),
        ("# comment\n\nselected_bg = \"mauve\"\n", "mine.toml:3: \"mauve\" is not a colour"),
        ("selected_bold = yes\n", "mine.toml:1: selected_bold must be true or false"),
        ("just words\n", "mine.toml:1: expected key = value"),
    ])
    func errors(text: String, message: String) {
        #expect {
            _ = try Theme.parse(text, name: "mine.toml")
        } throws: { error in "\(error)".hasPrefix(message) }
    }

    @Test("themes are found by name; an unknown name says where it looked")
    func lookup() throws {
        #expect(try Theme.load("default").name.hasSuffix("default.toml") || Theme.load("default").name == "default")
        #expect {
            _ = try Theme.load("no-such-theme", environment: ["HOME": "/nonexistent"])
        } throws: { error in "\(error)".contains("No theme named \"no-such-theme\"") }
    }

    @Test("themes are looked for beside the binary and in the checkout it was built from, not only in ./themes")
    func lookupFromElsewhere() throws {
        let directories = Theme.searchDirectories(environment: ["HOME": "/nonexistent"])
        #expect(directories.contains(Self.themesDirectory.path))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        #expect(directories.contains(executable.deletingLastPathComponent().appendingPathComponent("share/rematch/themes").path))
        #expect(Set(directories).count == directories.count)
    }
}
