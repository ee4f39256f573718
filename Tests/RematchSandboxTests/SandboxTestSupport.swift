import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RematchJSON
import RematchSandbox
import Testing

/// One HTTP answer, read whole.
struct HTTPAnswer {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var json: JSONValue? { try? JSONValue.decode(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A sandbox started in-process for one test, with a client to call it over real HTTP on loopback.
struct SandboxHarness {
    let sandbox: RunningSandbox
    static let client = HTTPClient(eventLoopGroupProvider: .singleton)

    static func start(_ dataset: SandboxDataset = .generated(seed: 3, scale: .small),
                      configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> SandboxHarness {
        var configuration = SandboxConfiguration(dataset: dataset)
        configure(&configuration)
        return SandboxHarness(sandbox: try await Sandbox.start(configuration))
    }

    func stop() async { await sandbox.stop() }

    /// Brackets in query keys are sent percent-encoded (`filter%5Bname%5D`): Foundation's URL parser on
    /// Linux would otherwise re-encode the whole query, `%20` included, as `%2520`.
    func request(_ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: Data? = nil,
                 timeout: TimeAmount = .seconds(30)) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D"))
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await Self.client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
    }

    func syncro(_ path: String, method: HTTPMethod = .GET, body: JSONValue? = nil) async throws -> HTTPAnswer {
        try await request(sandbox.syncroURL + path, method: method,
                          headers: [("Authorization", "Bearer \(sandbox.syncroAPIKey)"), ("Content-Type", "application/json")],
                          body: body?.encoded())
    }

    func itGlue(_ path: String, method: HTTPMethod = .GET, body: JSONValue? = nil,
                contentType: String = "application/vnd.api+json") async throws -> HTTPAnswer {
        try await request(path.hasPrefix("http") ? path : sandbox.itGlueURL + path, method: method,
                          headers: [("x-api-key", sandbox.itGlueAPIKey), ("Content-Type", contentType)], body: body?.encoded())
    }
}

/// Runs a test body against a fresh sandbox and always stops it.
func withSandbox(_ dataset: SandboxDataset = .generated(seed: 3, scale: .small),
                 configure: (inout SandboxConfiguration) -> Void = { _ in },
                 _ body: (SandboxHarness) async throws -> Void) async throws {
    let harness = try await SandboxHarness.start(dataset, configure: configure)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}

/// The first error object of a JSON:API error document.
func firstError(_ answer: HTTPAnswer) -> JSONValue? { answer.json?["errors"]?.arrayValue?.first }
