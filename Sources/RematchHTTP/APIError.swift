/// A failure talking to Syncro or IT Glue, in words a person can act on. Never carries an API key or a URL
/// with one.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case insecureURL, unauthorized, forbidden, notFound, rateLimited, server, network, timeout, decoding,
             rejected, cancelled
        /// An answer that will read the same however often it is asked for: too large, nested too deep, or
        /// complete but not JSON.
        case unreadable
        /// The service answered with a redirect, which Rematch never follows with a key.
        case redirected
    }

    public var kind: Kind
    public var service: String
    public var status: Int?
    public var message: String
    /// Error details from the service (JSON:API `errors`, Syncro's `error`/`message`), already sanitized.
    public var details: [String]

    public init(_ kind: Kind, service: String, status: Int? = nil, message: String, details: [String] = []) {
        self.kind = kind
        self.service = service
        self.status = status
        self.message = message
        self.details = details
    }

    public var description: String { message }

    /// Whether a request that failed this way may be sent again: 429, 502, 503, 504, timeouts, dropped
    /// connections and cut-off bodies. A 500 is a bug on the other side; sending it again will not help.
    var isTransient: Bool {
        switch kind {
        case .rateLimited, .network, .timeout, .decoding: true
        case .server: status.map { [502, 503, 504].contains($0) } ?? true
        default: false
        }
    }
}
