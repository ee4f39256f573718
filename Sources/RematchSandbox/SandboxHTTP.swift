import Foundation
import RematchCore
import RematchJSON
import Hummingbird
import NIOCore
import Synchronization

/// Query parameters as a client sent them: keys and values percent-decoded, `+` as a space.
struct QueryParameters: Sendable {
    private(set) var pairs: [(key: String, value: String)] = []

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            pairs.append((decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : ""))
        }
    }

    subscript(key: String) -> String? { pairs.last { $0.key == key }?.value }

    /// Every key, for the "duplicate parameter" and "unknown filter" checks.
    var keys: [String] { pairs.map(\.key) }
}

/// What both servers count, for tests and benchmarks: every request, and every 429 the documented
/// rate limit (not a fault) produced.
public struct SandboxStats: Sendable, Hashable {
    public var requests = 0
    public var rateLimited = 0
    public var faults = 0
    /// Most requests seen in any one window of the documented limit.
    public var peakInWindow = 0

    var json: JSONValue {
        ["requests": .from(requests), "rate_limited": .from(rateLimited), "faults": .from(faults),
         "peak_in_window": .from(peakInWindow)]
    }
}

/// The part of every request both servers share: faults, the rate limit, latency, counting, logging.
final class RequestGate: Sendable {
    struct State {
        var limit: SlidingWindowLimit?
        var peak: SlidingWindowLimit
        var faults: FaultPlan
        var stats = SandboxStats()
    }

    let server: SandboxServer
    let latency: Duration
    let log: (@Sendable (String) -> Void)?
    private let state: Mutex<State>
    private let start = ContinuousClock.now

    init(server: SandboxServer, limit: SlidingWindowLimit?, documented: SlidingWindowLimit, faults: FaultPlan,
         latency: Duration, log: (@Sendable (String) -> Void)?) {
        self.server = server
        self.latency = latency
        self.log = log
        state = Mutex(State(limit: limit, peak: documented, faults: faults))
    }

    enum Decision {
        case proceed(FaultRule.Kind?)
        case rateLimited(retryAfter: Double)
    }

    private var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Counts the request against the documented window (every request counts, as on the real
    /// service), then picks a fault, if any.
    func admit(path: String, method: String) -> Decision {
        state.withLock { state in
            // The clock is read under the lock: concurrent requests are then counted in the order they are timed,
            // never an earlier time behind a later one (which would keep it in the window too long).
            let now = seconds
            state.stats.requests += 1
            state.stats.peakInWindow = max(state.stats.peakInWindow, state.peak.record(at: now))
            if var limit = state.limit {
                let verdict = limit.admit(at: now)
                state.limit = limit
                if !verdict.admitted {
                    state.stats.rateLimited += 1
                    return .rateLimited(retryAfter: verdict.retryAfter)
                }
            }
            let fault = state.faults.next(server: server, path: path, method: method)
            if fault != nil { state.stats.faults += 1 }
            return .proceed(fault)
        }
    }

    var stats: SandboxStats { state.withLock { $0.stats } }

    /// One log line per request: method, path (with any api_key hidden), status, milliseconds.
    func logRequest(method: String, path: String, query: String?, status: Int, started: ContinuousClock.Instant) {
        guard let log else { return }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        var shown = path
        if let query, !query.isEmpty { shown += "?" + Self.redact(query) }
        log("\(server.rawValue) \(method) \(shown) \(status) \(milliseconds)ms")
    }

    /// Hides the value of any `api_key` query parameter: keys never reach a log.
    static func redact(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { part in
            part.lowercased().hasPrefix("api_key=") ? "api_key=[hidden]" : String(part)
        }.joined(separator: "&")
    }
}

/// A server's answer before it is sent, with the fault (if any) that changes how it is sent.
struct Answer: Sendable {
    var status: HTTPResponse.Status
    var body: Data
    var contentType: String
    var headers: HTTPFields = [:]
    var fault: FaultRule.Kind? = nil

    init(_ status: HTTPResponse.Status, _ value: JSONValue, contentType: String) {
        self.status = status
        body = value.encoded()
        self.contentType = contentType
    }

    init(_ status: HTTPResponse.Status, text: String, headers: HTTPFields = [:]) {
        self.status = status
        body = Data(text.utf8)
        contentType = "text/plain; charset=utf-8"
        self.headers = headers
    }

    var response: Response {
        Reply.make(status: status, body: body, contentType: contentType, headers: headers, fault: fault)
    }
}

/// Builds responses, and applies the faults that change how a response is sent.
enum Reply {
    static func make(status: HTTPResponse.Status, body: Data, contentType: String, headers extra: HTTPFields = [:],
                     fault: FaultRule.Kind?) -> Response {
        var headers = extra
        headers[.contentType] = contentType
        var buffer = ByteBuffer()
        switch fault {
        case .truncate?:
            buffer.writeBytes(body.prefix(max(1, body.count / 2)))
            headers[.contentLength] = String(buffer.readableBytes)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
        case .close?:
            buffer.writeBytes(body.prefix(max(1, body.count / 2)))
            let half = buffer
            headers[.contentLength] = String(body.count)
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: body.count) { writer in
                try await writer.write(half)
                throw CancellationError()
            })
        case .invalidUTF8?:
            buffer.writeBytes(withInvalidByte(body))
        case .deep?:
            buffer.writeBytes(Data(repeating: UInt8(ascii: "["), count: 100_000) + Data(repeating: UInt8(ascii: "]"), count: 100_000))
            return Response(status: .ok, headers: contentLength(headers, buffer), body: .init(byteBuffer: buffer))
        case .huge?:
            buffer.writeBytes(Data("[\"".utf8) + Data(repeating: UInt8(ascii: "x"), count: 40 << 20) + Data("\"]".utf8))
            return Response(status: .ok, headers: contentLength(headers, buffer), body: .init(byteBuffer: buffer))
        case .pages(let count)?:
            buffer.writeBytes(withPageCount(body, count))
        default:
            buffer.writeBytes(body)
        }
        return Response(status: status, headers: contentLength(headers, buffer), body: .init(byteBuffer: buffer))
    }

    private static func contentLength(_ headers: HTTPFields, _ buffer: ByteBuffer) -> HTTPFields {
        var headers = headers
        headers[.contentLength] = String(buffer.readableBytes)
        return headers
    }

    /// The body with a 0xFF byte (never UTF-8) inside the first name (Syncro's `business_name`, IT Glue's `name`),
    /// else the first string value.
    static func withInvalidByte(_ body: Data) -> Data {
        let bytes = [UInt8](body)
        let places = ["\"business_name\":\"", "\"name\":\"", "\":\""].map { Array($0.utf8) }
        guard let colon = places.lazy.compactMap({ bytes.firstRange(of: $0) }).first else {
            return body + Data([0xFF])
        }
        var changed = bytes
        changed.insert(0xFF, at: colon.upperBound)
        return Data(changed)
    }

    /// The body with its `meta` page count (Syncro's `total_pages`, IT Glue's `total-pages`) set to `count`.
    static func withPageCount(_ body: Data, _ count: Int) -> Data {
        guard var json = try? JSONValue.decode(body), var meta = json["meta"] else { return body }
        if meta["total_pages"] != nil { meta["total_pages"] = .from(count) }
        if meta["total-pages"] != nil { meta["total-pages"] = .from(count) }
        json["meta"] = meta
        return json.encoded()
    }
}

/// A sandbox server: works out an answer for each request; logging and sending are shared.
protocol SandboxResponder: HTTPResponder where Context == BasicRequestContext {
    var gate: RequestGate { get }
    func answer(_ request: inout Request, path: String) async -> Answer
}

extension SandboxResponder {
    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let path = request.uri.path
        let answer = await answer(&request, path: path)
        gate.logRequest(method: request.method.rawValue, path: path, query: request.uri.query, status: answer.status.code,
                        started: started)
        return answer.response
    }
}
