import Foundation
import TOMLKit

/// The two accounts Rematch works with. Keys stay in memory and in request headers only.
public struct Accounts: Sendable {
    public var syncroURL: String
    public var syncroAPIKey: String
    public var itGlueURL: String
    public var itGlueAPIKey: String
    /// The Syncro asset custom field that holds the link to IT Glue (it must exist on each asset type).
    public var linkField: String

    public init(syncroURL: String, syncroAPIKey: String, itGlueURL: String, itGlueAPIKey: String,
                linkField: String = RematchConfiguration.defaultLinkField) {
        self.syncroURL = syncroURL
        self.syncroAPIKey = syncroAPIKey
        self.itGlueURL = itGlueURL
        self.itGlueAPIKey = itGlueAPIKey
        self.linkField = linkField
    }
}

/// A configuration problem, with what to do about it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Settings from `$XDG_CONFIG_HOME/rematch/config.toml` (`~/.config/rematch/config.toml`), each
/// overridden by its environment variable.
public struct RematchConfiguration: Sendable, Equatable {
    public var syncroSubdomain: String?
    public var syncroURL: String?
    public var syncroAPIKey: String?
    public var itGlueRegion: String?
    public var itGlueURL: String?
    public var itGlueAPIKey: String?
    public var state: String?
    public var theme: String?
    public var writeBackLinks = false
    /// The Syncro asset custom field written with the IT Glue link (`link_field`; default "IT Glue").
    public var linkField: String?
    public static let defaultLinkField = "IT Glue"
    /// The lowest score accepting suggestions in bulk takes (console and `accept-suggestions`).
    public var bulkAcceptMinScore: Double?
    /// How long after an unanswered create IT Glue may still act on it (`write_settle_seconds`); nil: the default.
    public var writeSettleSeconds: Double?
    /// The name the audit log and a teammate's conflict message give this technician (`user`); nil: the OS user.
    public var user: String?

    public init() {}

    /// A name for the audit log: printable, one line, at most 64 characters.
    static func checkedUser(_ name: String, source: String) throws(ConfigurationError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64,
              !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw ConfigurationError("\(source) must be a name of 1 to 64 printable characters on one line.")
        }
        return trimmed
    }

    static let keys: Set<String> = [
        "syncro_subdomain", "syncro_url", "syncro_api_key", "itglue_region", "itglue_url", "itglue_api_key", "state",
        "theme", "write_back_links", "bulk_accept_min_score", "link_field", "write_settle_seconds", "user",
    ]

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/rematch/config.toml" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/rematch/config.toml"
    }

    /// Reads the file (if there is one) and applies the environment. A file holding API keys that its
    /// group or others can read is refused, with the command that fixes it.
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> RematchConfiguration
    {
        let path = path ?? defaultPath(environment: environment)
        var configuration = RematchConfiguration()
        if FileManager.default.fileExists(atPath: path) {
            configuration = try parse(file: path)
        }
        let env = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let value = env("REMATCH_SYNCRO_URL") { configuration.syncroURL = value; configuration.syncroSubdomain = nil }
        if let value = env("REMATCH_SYNCRO_SUBDOMAIN") { configuration.syncroSubdomain = value; configuration.syncroURL = nil }
        if let value = env("REMATCH_SYNCRO_API_KEY") { configuration.syncroAPIKey = value }
        if let value = env("REMATCH_ITGLUE_URL") { configuration.itGlueURL = value; configuration.itGlueRegion = nil }
        if let value = env("REMATCH_ITGLUE_REGION") { configuration.itGlueRegion = value; configuration.itGlueURL = nil }
        if let value = env("REMATCH_ITGLUE_API_KEY") { configuration.itGlueAPIKey = value }
        if let value = env("REMATCH_STATE") { configuration.state = value }
        if let value = env("REMATCH_LINK_FIELD") { configuration.linkField = value }
        if let value = env("REMATCH_USER") { configuration.user = try checkedUser(value, source: "REMATCH_USER") }
        if let value = env("REMATCH_BULK_ACCEPT_MIN_SCORE") {
            guard let score = Double(value), (0...1).contains(score) else {
                throw ConfigurationError("REMATCH_BULK_ACCEPT_MIN_SCORE must be a number from 0 to 1, not \"\(value)\".")
            }
            configuration.bulkAcceptMinScore = score
        }
        if let value = env("REMATCH_WRITE_SETTLE_SECONDS") {
            guard let seconds = Double(value), seconds >= 0, seconds.isFinite else {
                throw ConfigurationError("REMATCH_WRITE_SETTLE_SECONDS must be a number of seconds, 0 or more, not \"\(value)\".")
            }
            configuration.writeSettleSeconds = seconds
        }
        return configuration
    }

    static func parse(file path: String) throws(ConfigurationError) -> RematchConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("Cannot read \(path).")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError("\(path):\(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigurationError("\(path): \(error)")
        }
        for key in table.keys where !keys.contains(key) {
            throw ConfigurationError("\(path): unknown setting \"\(key)\" (known: \(keys.sorted().joined(separator: ", "))).")
        }
        func string(_ key: String) throws(ConfigurationError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw ConfigurationError("\(path): \"\(key)\" must be a string.") }
            return text.isEmpty ? nil : text
        }
        var configuration = RematchConfiguration()
        configuration.syncroSubdomain = try string("syncro_subdomain")
        configuration.syncroURL = try string("syncro_url")
        configuration.syncroAPIKey = try string("syncro_api_key")
        configuration.itGlueRegion = try string("itglue_region")
        configuration.itGlueURL = try string("itglue_url")
        configuration.itGlueAPIKey = try string("itglue_api_key")
        configuration.state = try string("state")
        configuration.theme = try string("theme")
        if let value = table["user"] {
            guard let name = value.string else { throw ConfigurationError("\(path): \"user\" must be a string.") }
            configuration.user = try checkedUser(name, source: "\(path): \"user\"")
        }
        configuration.linkField = try string("link_field")?.trimmingCharacters(in: .whitespaces)
        if configuration.linkField?.isEmpty == true { throw ConfigurationError("\(path): \"link_field\" cannot be empty.") }
        if let value = table["write_back_links"] {
            guard let flag = value.bool else { throw ConfigurationError("\(path): \"write_back_links\" must be true or false.") }
            configuration.writeBackLinks = flag
        }
        if let value = table["bulk_accept_min_score"] {
            guard let score = value.double ?? value.int.map(Double.init), (0...1).contains(score) else {
                throw ConfigurationError("\(path): \"bulk_accept_min_score\" must be a number from 0 to 1.")
            }
            configuration.bulkAcceptMinScore = score
        }
        if let value = table["write_settle_seconds"] {
            guard let seconds = value.double ?? value.int.map(Double.init), seconds >= 0, seconds.isFinite else {
                throw ConfigurationError("\(path): \"write_settle_seconds\" must be a number of seconds, 0 or more.")
            }
            configuration.writeSettleSeconds = seconds
        }
        if configuration.syncroAPIKey != nil || configuration.itGlueAPIKey != nil,
           // The file a symlink names is the one that must be private (the link's own mode is always 0777).
           let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path),
           let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            throw ConfigurationError("\(path) holds API keys and can be read by others (mode \(String(mode, radix: 8))). Run: chmod 600 \(target)")
        }
        return configuration
    }

    /// What a person typed or pasted for the Syncro account: a subdomain (`acme`, `acme.syncromsp.com`,
    /// `https://acme.syncromsp.com/customers`) or another base URL (a sandbox), given `/api/v1` when it has no path.
    public static func syncroAccount(_ typed: String) -> (subdomain: String?, url: String?) {
        var text = typed.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return (nil, nil) }
        if let host = URL(string: text.contains("://") ? text : "https://" + text)?.host?.lowercased(), host.hasSuffix(".syncromsp.com") {
            return (String(host.dropLast(".syncromsp.com".count)), nil)
        }
        guard text.contains("://") else { return (text, nil) }
        while text.hasSuffix("/") { text.removeLast() }
        if let url = URL(string: text), url.path.isEmpty || url.path == "/" { text += "/api/v1" }
        return (nil, text)
    }

    static func syncroAPI(_ subdomain: String) -> String { "https://\(subdomain).syncromsp.com/api/v1" }

    /// Whether text is one DNS label, as a Syncro subdomain is: letters, digits and inner hyphens, at most 63. Anything
    /// else (a dot, a slash, a `#`, an `@`) could make the URL built from it name another host, and the key go there.
    public static func isSubdomain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
        }
    }

    private static func checkedSubdomain(_ subdomain: String) throws(ConfigurationError) -> String {
        guard isSubdomain(subdomain) else {
            throw ConfigurationError("\"\(String(subdomain.prefix(80)))\" is not a Syncro subdomain: give the first part of the account's "
                + "address (acme for acme.syncromsp.com), or a whole https:// URL as syncro_url.")
        }
        return subdomain
    }

    /// The accounts, with base URLs built from the subdomain and region when no URL is given.
    public func accounts() throws(ConfigurationError) -> Accounts {
        let hint = "in \(Self.defaultPath()) or the environment"
        // A pasted "acme.syncromsp.com", "https://acme.syncromsp.com/…" or a URL without /api/v1 all name the account.
        let subdomain = syncroSubdomain.map(Self.syncroAccount)
        var url = syncroURL.map(Self.syncroAccount)?.url
        if url == nil, let typed = syncroURL.flatMap({ Self.syncroAccount($0).subdomain }) { url = Self.syncroAPI(try Self.checkedSubdomain(typed)) }
        if url == nil { url = subdomain?.url }
        if url == nil, let typed = subdomain?.subdomain { url = Self.syncroAPI(try Self.checkedSubdomain(typed)) }
        guard let syncroURL = url else {
            throw ConfigurationError("No Syncro account: set syncro_subdomain (or syncro_url) \(hint) (REMATCH_SYNCRO_SUBDOMAIN).")
        }
        guard let syncroAPIKey else {
            throw ConfigurationError("No Syncro API key: set syncro_api_key \(hint) (REMATCH_SYNCRO_API_KEY).")
        }
        let itGlueURL: String
        if let url = self.itGlueURL {
            itGlueURL = url
        } else {
            switch (itGlueRegion ?? "us").lowercased() {
            case "us": itGlueURL = "https://api.itglue.com"
            case "eu": itGlueURL = "https://api.eu.itglue.com"
            case "au": itGlueURL = "https://api.au.itglue.com"
            default: throw ConfigurationError("IT Glue region \"\(itGlueRegion ?? "")\" is not us, eu or au.")
            }
        }
        guard let itGlueAPIKey else {
            throw ConfigurationError("No IT Glue API key: set itglue_api_key \(hint) (REMATCH_ITGLUE_API_KEY).")
        }
        return Accounts(syncroURL: syncroURL, syncroAPIKey: syncroAPIKey, itGlueURL: itGlueURL, itGlueAPIKey: itGlueAPIKey,
                        linkField: linkField ?? Self.defaultLinkField)
    }

    /// Writes the file with mode 0600 (the setup screen saves this way).
    public func write(to path: String) throws {
        let table = TOMLTable()
        let pairs: [(String, String?)] = [
            ("syncro_subdomain", syncroSubdomain), ("syncro_url", syncroURL), ("syncro_api_key", syncroAPIKey),
            ("itglue_region", itGlueRegion), ("itglue_url", itGlueURL), ("itglue_api_key", itGlueAPIKey), ("state", state),
            ("theme", theme), ("link_field", linkField), ("user", user),
        ]
        for (key, value) in pairs { if let value { table[key] = value } }
        if writeBackLinks { table["write_back_links"] = true }
        if let bulkAcceptMinScore { table["bulk_accept_min_score"] = bulkAcceptMinScore }
        if let writeSettleSeconds { table["write_settle_seconds"] = writeSettleSeconds }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        try Data(table.convert().utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
