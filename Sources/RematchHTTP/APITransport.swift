import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RematchJSON
import Synchronization

/// One answer from a service.
public struct APIResponse: Sendable {
    public var status: Int
    public var json: JSONValue
    public var retryAfter: Double?
}

/// The small HTTP layer both clients share: the shared rate limiter, timeouts, retries with backoff,
/// JSON bodies, and errors a person can act on. Keys travel only in headers.
public final class APITransport: Sendable {
    public let endpoint: ServiceEndpoint
    private let authorization: [(String, String)]
    private let limiter: RequestLimiter
    private let retry: RetryPolicy
    private let timeout: Duration
    private let client: HTTPClient
    private let keyHint: String
    /// The permission a request needs, named as the service's admin screens name it, for a refusal that
    /// means "this key may not do that" rather than "this key is wrong".
    private let permission: @Sendable (_ method: String, _ path: String) -> String?
    /// Told of each wait for a rate limit, so a sync can show it.
    public let waits = WaitBoard()

    /// - Parameters:
    ///   - authorization: the header(s) that carry the key, e.g. `("Authorization", "Bearer …")`.
    ///   - keyHint: what to tell a person to check when the key is refused.
    public init(endpoint: ServiceEndpoint, authorization: [(String, String)], limiter: RequestLimiter,
                retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(30), keyHint: String = "Check the key.",
                permission: @escaping @Sendable (_ method: String, _ path: String) -> String? = { _, _ in nil },
                client: HTTPClient = APITransport.client) {
        self.permission = permission
        self.endpoint = endpoint
        self.authorization = authorization
        self.limiter = limiter
        self.retry = retry
        self.timeout = timeout
        self.client = client
        self.keyHint = keyHint
    }

    private var service: String { endpoint.service }

    /// The client both services use. It never follows a redirect: a key sent in a header would go with it to
    /// whatever host, and over whatever scheme, the answer names. A 3xx is reported instead (see `classify`).
    public static let client: HTTPClient = {
        let configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The largest answer read: a page of 1,000 records with their includes is a few megabytes.
    public static let maximumBodyBytes = 32 << 20

    public func get(_ path: String) async throws(APIError) -> APIResponse {
        try await send("GET", path, body: nil, idempotent: true)
    }

    /// Sends a request; `path` is relative to the base URL and carries its (encoded) query.
    /// Reads are retried on 429, 502, 503, 504, timeouts, dropped connections and cut-off bodies. A write
    /// (`idempotent: false`) is retried only on 429, which means the service did not act on it; anything
    /// else is left to the caller, which knows how to check whether the write happened.
    /// `retrySlowAnswers: false` gives up at once on a 504 or a timeout, for a caller that will ask differently
    /// (a smaller page) rather than the same again.
    public func send(_ method: String, _ path: String, body: JSONValue?, contentType: String = "application/json",
                     idempotent: Bool, retrySlowAnswers: Bool = true) async throws(APIError) -> APIResponse {
        var attempt = 0
        var waited = 0.0
        var rateLimited = 0
        var waitedForRateLimit = 0.0
        var firstRateLimit: ContinuousClock.Instant?
        while true {
            attempt += 1
            let outcome: Result<APIResponse, APIError>
            do {
                try await limiter.acquire()
            } catch {
                throw APIError(.cancelled, service: service, message: "\(service) request cancelled.")
            }
            let answered = LimiterPlace(limiter)
            do {
                outcome = .success(try await once(method, path, body: body, contentType: contentType, answered: answered))
            } catch {
                outcome = .failure(error)
            }
            // Given up on (or answered, if the head did not already say so): the request counts for a window from now.
            await answered.give()
            var failure: APIError
            var retryAfter: Double?
            switch outcome {
            case .success(let response) where (200..<300).contains(response.status):
                return response
            case .success(let response):
                failure = classify(response, method: method, path: path)
                retryAfter = response.retryAfter
                if response.status == 429, firstRateLimit == nil { firstRateLimit = .now }
            case .failure(let error):
                failure = error
            }
            let delay: Double
            if failure.kind == .rateLimited {
                // The window is shared with other tools: wait for it (up to its whole length), never as an attempt.
                rateLimited += 1
                attempt -= 1
                await limiter.slowDown()
                guard let wait = retry.rateLimitDelay(after: rateLimited, retryAfter: retryAfter, waitedSoFar: waitedForRateLimit) else {
                    if rateLimited > 1 { failure.message += gaveUp(failure, attempts: rateLimited, since: firstRateLimit) }
                    throw failure
                }
                waitedForRateLimit += wait
                delay = wait
                waits.notify(RateLimitWait(service: service, seconds: wait, sentRetryAfter: retryAfter != nil))
            } else {
                let slow = failure.kind == .timeout || failure.status == 504
                let retryable = failure.isTransient && idempotent && (retrySlowAnswers || !slow)
                guard retryable, let wait = retry.delay(after: attempt, retryAfter: retryAfter, waitedSoFar: waited,
                                                        random: Double.random(in: 0..<1)) else {
                    if attempt > 1 { failure.message += gaveUp(failure, attempts: attempt, since: firstRateLimit) }
                    throw failure
                }
                waited += wait
                delay = wait
            }
            do {
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            } catch {
                throw APIError(.cancelled, service: service, message: "\(service) request cancelled.")
            }
        }
    }

    private func gaveUp(_ error: APIError, attempts: Int, since: ContinuousClock.Instant?) -> String {
        if error.kind == .rateLimited, let since {
            let seconds = Int((ContinuousClock.now - since).components.seconds)
            return " for \(seconds) s; gave up after \(attempts - 1) retries (the limit is shared with every other integration "
                + "on the account or IP: try again when they are quieter)"
        }
        return "; gave up after \(attempts - 1) retries"
    }

    private func once(_ method: String, _ path: String, body: JSONValue?, contentType: String,
                      answered: LimiterPlace) async throws(APIError) -> APIResponse {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in authorization { request.headers.add(name: name, value: value) }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Rematch/0.1")
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body.encoded()))
        }
        let shownPath = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let seconds = Int(timeout.components.seconds)
        let response: HTTPClientResponse
        let data: ByteBuffer
        do {
            // One deadline for the head and the whole body: a body trickled a byte at a time must not hang a sync. It
            // falls a little after the client's own, which names the cause (a refused connection) when it has one.
            (response, data) = try await Self.withDeadline(timeout + .milliseconds(500)) { [client, request] in
                let response = try await client.execute(request, timeout: .seconds(Int64(seconds)))
                // The head came: the service has counted the request, so its window starts now, not after the body
                // is read and decoded (a page of a large list takes a while; the window would be held that long).
                await answered.give()
                return (response, try await response.body.collect(upTo: Self.maximumBodyBytes))
            }
        } catch let error where error is DeadlineExceeded
                    || [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error as? HTTPClientError) {
            throw APIError(.timeout, service: service, message: "\(service) did not answer \(method) \(shownPath) within \(seconds) s")
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            throw APIError(.network, service: service, message: "\(service) closed the connection during \(method) \(shownPath)")
        } catch is NIOTooManyBytesError {
            throw APIError(.unreadable, service: service,
                           message: "\(service) sent an answer to \(method) \(shownPath) larger than \(Self.maximumBodyBytes >> 20) MB; it was not read")
        } catch is CancellationError {
            throw APIError(.cancelled, service: service, message: "\(service) request cancelled.")
        } catch {
            throw APIError(.network, service: service,
                           message: "Cannot reach \(service) at \(endpoint.host) (\(method) \(shownPath)): \(Self.cause(of: error, host: endpoint.host))")
        }
        let status = Int(response.status.code)
        let retryAfter = response.headers.first(name: "retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if (300..<400).contains(status) {
            throw redirect(status: status, location: response.headers.first(name: "location"), method: method, path: shownPath)
        }
        let bytes = Data(data.readableBytesView)
        if bytes.isEmpty { return APIResponse(status: status, json: .null, retryAfter: retryAfter) }
        let problem: JSONAnswerProblem
        do {
            return APIResponse(status: status, json: try JSONValue.decodeAnswer(bytes), retryAfter: retryAfter)
        } catch {
            problem = error
        }
        if (200..<300).contains(status) {
            switch problem {
            case .incomplete:
                throw APIError(.decoding, service: service, status: status,
                               message: "\(service) sent an answer to \(method) \(shownPath) that was cut off")
            case .tooDeep(let limit):
                throw APIError(.unreadable, service: service, status: status,
                               message: "\(service) sent an answer to \(method) \(shownPath) nested deeper than \(limit) levels; it was not read")
            case .invalid:
                throw APIError(.unreadable, service: service, status: status,
                               message: "\(service) sent an answer to \(method) \(shownPath) that is not valid JSON")
            }
        }
        // Non-JSON error bodies (Syncro's "Retry later") are kept as text.
        return APIResponse(status: status, json: .string(String(decoding: bytes.prefix(200), as: UTF8.self)), retryAfter: retryAfter)
    }

    /// A 3xx is never followed (the key would go with it). It says where the service pointed (scheme and host only,
    /// never a query), so a person can correct the URL in the configuration.
    private func redirect(status: Int, location: String?, method: String, path: String) -> APIError {
        let target = location.flatMap { URLComponents(string: $0) }
        let place: String
        if let target, let host = target.host {
            place = "\(target.scheme ?? "?")://\(host)"
        } else {
            place = "another address on \(endpoint.host)"
        }
        return APIError(.redirected, service: service, status: status,
                        message: "\(service) answered \(method) \(path) with a redirect (\(status)) to \(place); Rematch does not follow "
                            + "redirects with an API key. Check the \(service) URL or region in the configuration.")
    }

    struct DeadlineExceeded: Error {}

    /// A request's place in the limiter, given back once: when the answer's head arrives, or when it is given up on.
    final class LimiterPlace: Sendable {
        private let limiter: RequestLimiter
        private let given = Mutex(false)

        init(_ limiter: RequestLimiter) { self.limiter = limiter }

        func give() async {
            let first = given.withLock { given in
                defer { given = true }
                return !given
            }
            if first { await limiter.finished() }
        }
    }

    /// Runs `body`, or throws `DeadlineExceeded` once `limit` has passed (and cancels it).
    static func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
            return value
        }
    }

    private static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }

    /// Why a connection failed, in words a person can act on: the name did not resolve, nothing listens there,
    /// or TLS failed; else the error itself, shortened. (The networking library's errors say this only in
    /// their descriptions.)
    static func cause(of error: any Error, host: String) -> String {
        let text = String(describing: error).lowercased()
        if text.contains("socketaddresserror") || text.contains("dnsaerror: optional") || text.contains("name or service not known")
            || text.contains("nodename nor servname") {
            return "DNS: no address found for \(host); check the subdomain or URL, and the network"
        }
        if text.contains("connection refused") || text.contains("econnrefused") {
            return "the connection to \(host) was refused: nothing answers there; check the URL"
        }
        if text.contains("nissl") || text.contains("niossl") || text.contains("handshake") || text.contains("certificate") {
            return "TLS with \(host) failed (certificate or protocol): \(describe(error))"
        }
        return describe(error)
    }

    /// Turns an error status into words, with the service's own error details.
    private func classify(_ response: APIResponse, method: String, path: String) -> APIError {
        let shownPath = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let details = Self.details(response.json)
        let suffix = details.isEmpty ? "" : ": " + details.joined(separator: "; ")
        let status = response.status
        switch status {
        case 401 where details.contains { $0.lowercased().contains("permission") }:
            // Syncro answers a wrong token and a group without the permission alike: "Not authorized. Please ask
            // account admin to update your group permissions."
            let needed = permission(method, shownPath) ?? "this request"
            return APIError(.unauthorized, service: service, status: status,
                            message: "\(service) rejected the API key (401) for \(method) \(shownPath): the token is wrong, or its group "
                                + "lacks the permission \(needed) (ask the account's admin to grant it). \(keyHint)", details: details)
        case 401:
            return APIError(.unauthorized, service: service, status: status, message: "\(service) rejected the API key (401). \(keyHint)", details: details)
        case 403:
            return APIError(.forbidden, service: service, status: status, message: "\(service) refused the API key (403). \(keyHint)", details: details)
        case 404:
            return APIError(.notFound, service: service, status: status, message: "\(service) has no \(shownPath) (404)\(suffix)", details: details)
        case 429:
            return APIError(.rateLimited, service: service, status: status, message: "\(service) answered 429 (too many requests)", details: details)
        case 500...599:
            return APIError(.server, service: service, status: status, message: "\(service) answered \(status) to \(method) \(shownPath)", details: details)
        default:
            return APIError(.rejected, service: service, status: status, message: "\(service) rejected \(method) \(shownPath) (\(status))\(suffix)", details: details)
        }
    }

    /// Error texts from any of the shapes the services use: JSON:API `errors` (status as number or
    /// string, detail optional), Syncro's `error`, `errors` or `message` as a string, a list or an object.
    static func details(_ json: JSONValue) -> [String] {
        func texts(_ value: JSONValue?) -> [String] {
            switch value {
            case .string(let text)?: return [text]
            case .array(let items)?: return items.flatMap { texts($0) }
            case .object(let object)?:
                if object["title"] != nil || object["detail"] != nil {
                    let pointer = object["source"]?["pointer"]?.stringValue.map { " (\($0))" } ?? ""
                    let parts = [object["title"]?.text, object["detail"]?.text].compactMap { $0 }
                    return [parts.joined(separator: ": ") + pointer]
                }
                return object.sorted { $0.key < $1.key }.flatMap { key, value in texts(value).map { "\(key) \($0)" } }
            default: return []
            }
        }
        if case .string(let text) = json { return [text] }
        return (texts(json["errors"]) + texts(json["error"]) + texts(json["message"])).map { String($0.prefix(300)) }
    }
}
