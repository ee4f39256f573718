import Foundation
import RematchConfig
import RematchTestSupport
import Testing

@Suite("Configuration file and environment")
struct ConfigurationTests {
    private func write(_ text: String, mode: Int = 0o600) throws -> String {
        let path = temporaryDirectory("rematch-config") + "/config.toml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("the file gives the accounts; region and subdomain build the URLs")
    func file() throws {
        let path = try write("""
            syncro_subdomain = "acme"
            syncro_api_key = "T-key"
            itglue_region = "eu"
            itglue_api_key = "ITG.key"
            theme = "light"
            write_back_links = true
            """)
        let configuration = try RematchConfiguration.load(path: path, environment: [:])
        let accounts = try configuration.accounts()
        #expect(accounts.syncroURL == "https://acme.syncromsp.com/api/v1")
        #expect(accounts.itGlueURL == "https://api.eu.itglue.com")
        #expect(configuration.theme == "light")
        #expect(configuration.writeBackLinks)
    }

    @Test("a pasted Syncro host or URL names the account, in the file or the environment", arguments: [
        ("acme.syncromsp.com", "https://acme.syncromsp.com/api/v1"), ("https://Acme.syncromsp.com/customers/5", "https://acme.syncromsp.com/api/v1"),
        ("acme", "https://acme.syncromsp.com/api/v1"),
    ])
    func pastedSubdomain(typed: String, url: String) throws {
        let path = try write("syncro_api_key = \"k\"\nitglue_api_key = \"k\"\n", mode: 0o600)
        for environment in [["REMATCH_SYNCRO_SUBDOMAIN": typed], ["REMATCH_SYNCRO_URL": typed]] {
            #expect(try RematchConfiguration.load(path: path, environment: environment).accounts().syncroURL == url)
        }
        let sandbox = try RematchConfiguration.load(path: path, environment: ["REMATCH_SYNCRO_URL": "http://127.0.0.1:9/"])
        #expect(try sandbox.accounts().syncroURL == "http://127.0.0.1:9/api/v1", "a base URL without a path gets /api/v1")
    }

    @Test("the bulk accept threshold: from the file, the environment over it, and only from 0 to 1")
    func bulkAcceptThreshold() throws {
        #expect(try RematchConfiguration.load(path: try write(""), environment: [:]).bulkAcceptMinScore == nil)
        let path = try write("bulk_accept_min_score = 0.95\n")
        #expect(try RematchConfiguration.load(path: path, environment: [:]).bulkAcceptMinScore == 0.95)
        #expect(try RematchConfiguration.load(path: try write("bulk_accept_min_score = 1\n"), environment: [:]).bulkAcceptMinScore == 1)
        let overridden = try RematchConfiguration.load(path: path, environment: ["REMATCH_BULK_ACCEPT_MIN_SCORE": "0.8"])
        #expect(overridden.bulkAcceptMinScore == 0.8)
        #expect(throws: ConfigurationError.self) { try RematchConfiguration.load(path: try write("bulk_accept_min_score = 1.5\n"), environment: [:]) }
        #expect(throws: ConfigurationError.self) { try RematchConfiguration.load(path: try write("bulk_accept_min_score = \"high\"\n"), environment: [:]) }
        #expect(throws: ConfigurationError.self) {
            try RematchConfiguration.load(path: path, environment: ["REMATCH_BULK_ACCEPT_MIN_SCORE": "-1"])
        }
        // Written and read back.
        let configuration = try RematchConfiguration.load(path: path, environment: [:])
        let copy = path + ".copy"
        try configuration.write(to: copy)
        #expect(try RematchConfiguration.load(path: copy, environment: [:]) == configuration)
    }

    @Test("the audit log's name for this technician: from the file, the environment over it, one printable line")
    func userName() throws {
        #expect(try RematchConfiguration.load(path: try write(""), environment: [:]).user == nil)
        let path = try write("user = \"  Dana Ortiz \"\n")
        #expect(try RematchConfiguration.load(path: path, environment: [:]).user == "Dana Ortiz")
        #expect(try RematchConfiguration.load(path: path, environment: ["REMATCH_USER": "night shift"]).user == "night shift")
        for bad in ["user = \"\"\n", "user = \"a\\u001b[31mred\"\n", "user = 7\n", "user = \"\(String(repeating: "x", count: 65))\"\n"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try RematchConfiguration.load(path: try write(bad), environment: [:]) }
        }
        #expect(throws: ConfigurationError.self) { try RematchConfiguration.load(path: path, environment: ["REMATCH_USER": "two\nlines"]) }
        let configuration = try RematchConfiguration.load(path: path, environment: [:])
        try configuration.write(to: path + ".copy")
        #expect(try RematchConfiguration.load(path: path + ".copy", environment: [:]) == configuration)
    }

    @Test("environment variables override the file")
    func environment() throws {
        let path = try write("syncro_subdomain = \"acme\"\nsyncro_api_key = \"file\"\nitglue_api_key = \"file\"\n")
        let configuration = try RematchConfiguration.load(path: path, environment: [
            "REMATCH_SYNCRO_URL": "http://127.0.0.1:9/api/v1", "REMATCH_SYNCRO_API_KEY": "env", "REMATCH_ITGLUE_REGION": "au",
            "REMATCH_STATE": "/tmp/x.sqlite",
        ])
        let accounts = try configuration.accounts()
        #expect(accounts.syncroURL == "http://127.0.0.1:9/api/v1")
        #expect(accounts.syncroAPIKey == "env")
        #expect(accounts.itGlueURL == "https://api.au.itglue.com")
        #expect(accounts.itGlueAPIKey == "file")
        #expect(configuration.state == "/tmp/x.sqlite")
        #expect(RematchConfiguration.defaultPath(environment: ["XDG_CONFIG_HOME": "/c"]) == "/c/rematch/config.toml")
        #expect(RematchConfiguration.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/rematch/config.toml")
    }

    @Test("a subdomain that is not one DNS label is refused, so the key never goes to the host it names", arguments: [
        "evil.example/x#", "evil.example", "evil.example?", "me@evil.example", "acme corp", "-acme", "acme-", "a/b",
    ])
    func hostileSubdomain(typed: String) throws {
        let path = try write("syncro_api_key = \"k\"\nitglue_api_key = \"k\"\n", mode: 0o600)
        #expect {
            _ = try RematchConfiguration.load(path: path, environment: ["REMATCH_SYNCRO_SUBDOMAIN": typed]).accounts()
        } throws: { error in
            "\(error)".contains("is not a Syncro subdomain")
        }
        #expect(!RematchConfiguration.isSubdomain(typed))
        #expect(RematchConfiguration.isSubdomain("acme-it-2"))
    }

    @Test("a configuration reached through a symlink is judged by the file it names")
    func symlinkedFile() throws {
        let target = try write("syncro_api_key = \"secret-key\"\n", mode: 0o600)
        let link = temporaryDirectory("rematch-config") + "/config.toml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try RematchConfiguration.load(path: link, environment: [:]).syncroAPIKey == "secret-key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target)
        #expect {
            _ = try RematchConfiguration.load(path: link, environment: [:])
        } throws: { error in
            "\(error)".contains("chmod 600 \(target)")
        }
    }

    @Test("a file with keys that others can read is refused, with the chmod to run")
    func permissions() throws {
        let path = try write("syncro_api_key = \"secret-key\"\n", mode: 0o644)
        #expect {
            _ = try RematchConfiguration.load(path: path, environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("can be read by others") && text.contains("chmod 600 \(path)") && !text.contains("secret-key")
        }
        // Without keys the mode does not matter.
        _ = try RematchConfiguration.load(path: try write("theme = \"mono\"\n", mode: 0o644), environment: [:])
    }

    @Test("bad files are named with what is wrong", arguments: [
        ("colour = \"red\"\n", "unknown setting \"colour\""),
        ("syncro_api_key = 5\n", "\"syncro_api_key\" must be a string"),
        ("write_back_links = \"yes\"\n", "\"write_back_links\" must be true or false"),
        ("syncro_api_key = \n", ":1:"),
    ])
    func badFiles(text: String, message: String) throws {
        let path = try write(text)
        #expect {
            _ = try RematchConfiguration.load(path: path, environment: [:])
        } throws: { error in "\(error)".contains(message) }
    }

    @Test("missing accounts say which setting to add")
    func missing() throws {
        let configuration = try RematchConfiguration.load(path: "/nonexistent/config.toml", environment: [:])
        #expect {
            _ = try configuration.accounts()
        } throws: { error in "\(error)".contains("syncro_subdomain") && "\(error)".contains("REMATCH_SYNCRO_SUBDOMAIN") }
    }

    @Test("write() saves a file only its owner can read, that loads back the same")
    func roundTrip() throws {
        var configuration = RematchConfiguration()
        configuration.syncroSubdomain = "acme"
        configuration.syncroAPIKey = "k1"
        configuration.itGlueRegion = "us"
        configuration.itGlueAPIKey = "k2"
        configuration.writeBackLinks = true
        let path = temporaryDirectory("rematch-config") + "/config.toml"
        try configuration.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try RematchConfiguration.load(path: path, environment: [:]) == configuration)
    }
}
