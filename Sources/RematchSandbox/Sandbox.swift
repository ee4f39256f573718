import Foundation
import RematchCore
import RematchJSON
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// How to run the two sandbox servers.
public struct SandboxConfiguration: Sendable {
    public var dataset: SandboxDataset
    /// Persist writes here (fixture format) so a restarted sandbox continues.
    public var dataFile: String?
    public var syncroPort = 0
    public var itGluePort = 0
    public var syncroAPIKey = SandboxConfiguration.randomKey(prefix: "", length: 40)
    public var itGlueAPIKey = SandboxConfiguration.randomKey(prefix: "ITG.", length: 32)
    /// Enforce the documented rate limits (Syncro 180 a minute, IT Glue 3,000 in 5 minutes).
    public var rateLimits = true
    /// Time runs this many times faster for the rate limits: the same requests per window, windows this many times
    /// shorter (a benchmark of the rate-limited regime in minutes, not hours). The client's limiter must be scaled
    /// alike (`RequestLimiter(limit:window:)`).
    public var rateLimitTimeScale = 1.0
    /// Added to every request.
    public var latency: Duration = .zero
    public var faults = FaultPlan()
    /// How undocumented behaviours are played: realistic (the harsh answer to each) unless told otherwise.
    public var behaviour = SandboxBehaviour.realistic
    /// One line per request (method, path, status, ms), or nil for none.
    public var log: (@Sendable (String) -> Void)?

    public init(dataset: SandboxDataset) {
        self.dataset = dataset
    }

    public static func randomKey(prefix: String, length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<length).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }
}

/// Both servers, running on loopback.
public final class RunningSandbox: Sendable {
    public let syncroURL: String
    public let itGlueURL: String
    public let syncroAPIKey: String
    public let itGlueAPIKey: String
    public let store: SandboxStore
    let syncroGate: RequestGate
    let itGlueGate: RequestGate
    private let servers: [RunningServer]

    init(syncroURL: String, itGlueURL: String, configuration: SandboxConfiguration, store: SandboxStore,
         syncroGate: RequestGate, itGlueGate: RequestGate, servers: [RunningServer]) {
        self.syncroURL = syncroURL
        self.itGlueURL = itGlueURL
        syncroAPIKey = configuration.syncroAPIKey
        itGlueAPIKey = configuration.itGlueAPIKey
        self.store = store
        self.syncroGate = syncroGate
        self.itGlueGate = itGlueGate
        self.servers = servers
    }

    /// Requests, rate-limit refusals and faults so far.
    public func stats(_ server: SandboxServer) -> SandboxStats {
        server == .syncro ? syncroGate.stats : itGlueGate.stats
    }

    /// The line `rematch sandbox` prints first: where the servers are and their keys.
    public var announcement: String {
        let value: JSONValue = ["syncro_url": .string(syncroURL), "syncro_api_key": .string(syncroAPIKey),
                                "itglue_url": .string(itGlueURL), "itglue_api_key": .string(itGlueAPIKey)]
        return String(decoding: value.encoded(), as: UTF8.self)
    }

    /// Stops both servers and waits for them: a graceful shutdown (no new connections, the requests in flight
    /// answered), never a cancelled server task, which can trap in NIO while an accepted connection waits to be
    /// served (swift-nio#2637, swift-server/swift-http-server#137).
    public func stop() async {
        for server in servers { await server.stop() }
    }
}

/// One server of the sandbox: its service group (so it can be shut down gracefully) and the task running it.
struct RunningServer: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

public enum Sandbox {
    /// Starts the Syncro and IT Glue servers on 127.0.0.1 and returns once both accept connections.
    public static func start(_ configuration: SandboxConfiguration) async throws -> RunningSandbox {
        let store = SandboxStore(dataset: configuration.dataset, dataFile: configuration.dataFile)
        try await store.persistIfNew()
        // Other consumers' share of each window is not Rematch's to use.
        let left = 1 - min(max(configuration.behaviour.externalRateShare, 0), 0.95)
        let scale = max(configuration.rateLimitTimeScale, 1e-3)
        func scaled(_ documented: SlidingWindowLimit) -> SlidingWindowLimit {
            SlidingWindowLimit(limit: documented.limit, window: documented.window / scale)
        }
        func limit(_ documented: SlidingWindowLimit) -> SlidingWindowLimit? {
            configuration.rateLimits ? SlidingWindowLimit(limit: Int(Double(documented.limit) * left), window: documented.window / scale) : nil
        }
        let syncroGate = RequestGate(server: .syncro, limit: limit(.syncro), documented: scaled(.syncro),
                                     faults: configuration.faults, latency: configuration.latency, log: configuration.log)
        let itGlueGate = RequestGate(server: .itglue, limit: limit(.itGlue), documented: scaled(.itGlue),
                                     faults: configuration.faults, latency: configuration.latency, log: configuration.log)
        let itGlueBase = Mutex("")
        let syncro = SyncroResponder(store: store, apiKey: configuration.syncroAPIKey, gate: syncroGate,
                                     behaviour: configuration.behaviour)
        let itGlue = ITGlueResponder(store: store, apiKey: configuration.itGlueAPIKey, gate: itGlueGate,
                                     behaviour: configuration.behaviour,
                                     baseURL: { itGlueBase.withLock { $0 } })
        let (syncroServer, syncroPort) = try await run(syncro, port: configuration.syncroPort, name: "syncro")
        let itGlueServer: RunningServer
        let itGluePort: Int
        do {
            (itGlueServer, itGluePort) = try await run(itGlue, port: configuration.itGluePort, name: "itglue")
        } catch {
            await syncroServer.stop()
            throw error
        }
        let itGlueURL = "http://127.0.0.1:\(itGluePort)"
        itGlueBase.withLock { $0 = itGlueURL }
        return RunningSandbox(syncroURL: "http://127.0.0.1:\(syncroPort)/api/v1", itGlueURL: itGlueURL,
                              configuration: configuration, store: store, syncroGate: syncroGate, itGlueGate: itGlueGate,
                              servers: [syncroServer, itGlueServer])
    }

    /// Runs one server in a task and waits until it listens, returning its port.
    private static func run<Responder: HTTPResponder>(_ responder: Responder, port: Int, name: String) async throws
        -> (RunningServer, Int) where Responder.Context == BasicRequestContext
    {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "rematch.sandbox.\(name)")
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = stream.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            let result = await task.result
            if case .failure(let error) = result {
                throw SandboxError(message: "The \(name) server could not start on 127.0.0.1:\(port): \(error)")
            }
            throw SandboxError(message: "The \(name) server stopped before it listened on 127.0.0.1:\(port)")
        }
        return (RunningServer(group: group, task: task), bound)
    }
}

public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension SandboxStore {
    /// A new data file is written at once, so it exists (and can be restarted from) before the first write.
    func persistIfNew() throws {
        guard let dataFile, !FileManager.default.fileExists(atPath: dataFile) else { return }
        try persist()
    }
}
