import Foundation

/// A service's base URL, checked: HTTPS always, plain HTTP only for a loopback host (the sandbox). There is
/// no switch that turns certificate checks off for a real host.
public struct ServiceEndpoint: Sendable, Hashable {
    public let service: String
    /// Without a trailing slash, e.g. `https://acme.syncromsp.com/api/v1`.
    public let baseURL: String
    public let host: String

    public init(service: String, baseURL: String) throws(APIError) {
        self.service = service
        let trimmed = baseURL.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw APIError(.insecureURL, service: service, message: "\(service) URL \"\(Self.redacted(trimmed))\" is not a valid URL.")
        }
        guard components.user == nil, components.password == nil, components.query == nil else {
            throw APIError(.insecureURL, service: service,
                           message: "\(service) URL must not carry a user, a password or a query; keys go in the configuration.")
        }
        switch scheme {
        case "https": break
        case "http" where Self.isLoopback(host): break
        case "http":
            throw APIError(.insecureURL, service: service,
                           message: "\(service) URL \(scheme)://\(host) uses plain HTTP; only HTTPS is allowed, except for a local sandbox on 127.0.0.1 or localhost.")
        default:
            throw APIError(.insecureURL, service: service, message: "\(service) URL must start with https://.")
        }
        self.host = host
        self.baseURL = trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    private static func redacted(_ url: String) -> String { String(url.prefix(80)) }
}

/// Query strings as the services expect them: brackets and every reserved character percent-encoded.
public enum QueryString {
    public static func encode(_ items: [(String, String)]) -> String {
        items.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
