import Foundation
import RematchConfig
import RematchTestSupport
import Testing
@testable import RematchTUI

@Suite("Setup screen")
struct SetupFormTests {
    @Test("keys are masked as typed; Tab moves; Ctrl-T tests; Ctrl-S saves; Esc quits")
    func form() throws {
        let directory = temporaryDirectory("rematch-setup")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/config.toml"
        let form = SetupForm(path: "/home/tech/.config/rematch/config.toml", existing: RematchConfiguration())
        for character in "acme" { _ = form.handle(.character(character)) }
        _ = form.handle(.tab)
        for character in "secret-token" { _ = form.handle(.character(character)) }
        _ = form.handle(.tab)
        _ = form.handle(.backspace)
        _ = form.handle(.backspace)
        for character in "eu" { _ = form.handle(.character(character)) }
        _ = form.handle(.tab)
        for character in "ITG.key" { _ = form.handle(.character(character)) }
        let text = form.render(rows: 24, columns: 100).text
        #expect(!text.contains("secret-token"))
        #expect(text.contains("••••••••••••"))
        #expect(text.contains("acme"))
        try assertSnapshot(text, named: "setup-100x24")
        #expect(form.handle(.control("T")) == .test)
        #expect(form.handle(.control("S")) == .save)
        #expect(form.handle(.escape) == .quit)
        let accounts = try form.configuration.accounts()
        #expect(accounts.syncroURL == "https://acme.syncromsp.com/api/v1")
        #expect(accounts.itGlueURL == "https://api.eu.itglue.com")
        try form.configuration.write(to: path)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("the account fields take what a person pastes: a subdomain, a host name, a full URL, a sandbox URL")
    func accounts() {
        #expect(SetupForm.syncroAccount("acme") == ("acme", nil))
        #expect(SetupForm.syncroAccount(" acme.syncromsp.com ") == ("acme", nil))
        #expect(SetupForm.syncroAccount("https://Acme.syncromsp.com/api/v1/customers") == ("acme", nil))
        #expect(SetupForm.syncroAccount("http://127.0.0.1:8080") == (nil, "http://127.0.0.1:8080/api/v1"))
        #expect(SetupForm.syncroAccount("http://127.0.0.1:8080/api/v1/") == (nil, "http://127.0.0.1:8080/api/v1"))
        #expect(SetupForm.syncroAccount("") == (nil, nil))
        #expect(SetupForm.itGlueAccount("EU") == ("eu", nil))
        #expect(SetupForm.itGlueAccount("http://127.0.0.1:9090/") == (nil, "http://127.0.0.1:9090"))
    }

    @Test("a URL from the environment shows in its field and is kept; F2 saves as Ctrl-S does")
    func environmentURL() throws {
        var existing = RematchConfiguration()
        existing.syncroURL = "http://127.0.0.1:8080/api/v1"
        existing.itGlueURL = "http://127.0.0.1:9090"
        let form = SetupForm(path: "/nonexistent/config.toml", existing: existing)
        #expect(form.render(rows: 24, columns: 100).text.contains("http://127.0.0.1:8080/api/v1"))
        _ = form.handle(.tab)
        for character in "token" { _ = form.handle(.character(character)) }
        _ = form.handle(.tab)
        _ = form.handle(.tab)
        for character in "ITG.key" { _ = form.handle(.character(character)) }
        let accounts = try form.configuration.accounts()
        #expect(accounts.syncroURL == "http://127.0.0.1:8080/api/v1")
        #expect(accounts.itGlueURL == "http://127.0.0.1:9090")
        #expect(form.handle(.function(2)) == .save)
    }

    @Test("below 60×15 the setup screen asks for a bigger terminal, as the console does")
    func tooSmall() {
        let form = SetupForm(path: "/home/tech/.config/rematch/config.toml", existing: RematchConfiguration())
        #expect(form.render(rows: 10, columns: 50).text.contains("Terminal too small (50×10); Rematch needs 60×15."))
        #expect(form.render(rows: 24, columns: 80).text.contains("set up the two accounts"))
    }
}
