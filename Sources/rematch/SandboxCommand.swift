import ArgumentParser
import Dispatch
import Foundation
import RematchSandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run local stand-ins for the Syncro and IT Glue APIs on 127.0.0.1.",
        discussion: """
            The first line on stdout is one JSON object with both base URLs and API keys; then one line per \
            request goes to stderr (method, path, status, ms) unless --quiet. SIGINT or SIGTERM stops it.

            Data: --data-file PATH if it exists (writes are saved there), else --fixture FILE, else generated \
            demo data (--seed, --scale).

            Faults (--faults), rules separated by ';', options by ',':
              KIND[@WHERE][,OPTION...]
              KIND   403 | 404 | 429 | 429+retry=SECONDS | 500 | 502 | 503 | 504 | close | slow=MS | truncate
                     | redirect=URL | badutf8 | deep | huge | pages=N
                     (slow: the server acts on the request only after MS, so a write can land after a client gave up)
              WHERE  syncro | itglue | syncro/ROUTE | itglue/ROUTE   (ROUTE is a path prefix, e.g. customer_assets)
              OPTION rate=P | nth=N | every=N | times=N | method=M (default: every matching request, any method)
            Example: --faults '429+retry=2@syncro/customers,nth=2;close@itglue/configurations,rate=0.05'
            """
    )

    @Option(help: "Seed for generated data.") var seed: UInt64 = 1
    @Option(help: "Generated data size: small, medium, large or huge.") var scale: DemoScale = .small
    @Option(help: "Serve the records of this fixture file instead of generated data.") var fixture: String?
    @Option(help: "Save writes to this file (fixture format) and start from it when it exists.") var dataFile: String?
    @Option(help: "Port of the Syncro server (0: any free port).") var syncroPort = 0
    @Option(help: "Port of the IT Glue server (0: any free port).") var itgluePort = 0
    @Option(help: "The Syncro API key to accept (default: a random one).") var syncroKey: String?
    @Option(help: "The IT Glue API key to accept (default: a random one).") var itglueKey: String?
    @Option(help: "documented (Syncro 180/min, IT Glue 3000/5 min) or off.") var rateLimits: RateLimitMode = .documented
    @Option(help: "realistic (the harsh answer to every undocumented behaviour: bulk answers out of order and partly applied, unindexed error pointers…) or ideal.")
    var behaviour: BehaviourMode = .realistic
    @Option(help: "Latency added to every request, in milliseconds.") var latencyMs = 0
    @Option(help: "Faults to inject (see above).") var faults: String?
    @Option(help: "Seed for the faults' random choices.") var faultSeed: UInt64 = 1
    @Flag(help: "No request log on stderr.") var quiet = false

    enum RateLimitMode: String, ExpressibleByArgument, CaseIterable { case documented, off }
    enum BehaviourMode: String, ExpressibleByArgument, CaseIterable { case realistic, ideal }

    func validate() throws {
        guard (0...65_535).contains(syncroPort), (0...65_535).contains(itgluePort) else { throw ValidationError("Ports are 0 to 65535.") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms cannot be negative.") }
        if let faults {
            do { _ = try FaultPlan(spec: faults) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() async throws {
        let dataset: SandboxDataset
        do {
            if let dataFile, FileManager.default.fileExists(atPath: dataFile) {
                dataset = try SandboxDataset.load(fixture: try Data(contentsOf: URL(fileURLWithPath: dataFile)), name: dataFile)
            } else if let fixture {
                guard let data = FileManager.default.contents(atPath: fixture) else { throw Failure("Cannot read \(fixture).") }
                dataset = try SandboxDataset.load(fixture: data, name: fixture)
            } else {
                dataset = SandboxDataset.generated(seed: seed, scale: scale)
            }
        } catch let error as FixtureError {
            throw Failure(error.message)
        }
        var configuration = SandboxConfiguration(dataset: dataset)
        configuration.dataFile = dataFile
        configuration.syncroPort = syncroPort
        configuration.itGluePort = itgluePort
        if let syncroKey { configuration.syncroAPIKey = syncroKey }
        if let itglueKey { configuration.itGlueAPIKey = itglueKey }
        configuration.rateLimits = rateLimits == .documented
        configuration.latency = .milliseconds(latencyMs)
        configuration.behaviour = behaviour == .realistic ? .realistic : .ideal
        if let faults { configuration.faults = try FaultPlan(spec: faults, seed: faultSeed) }
        if !quiet {
            configuration.log = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let sandbox: RunningSandbox
        do {
            sandbox = try await Sandbox.start(configuration)
        } catch {
            throw Failure(error)
        }
        FileHandle.standardOutput.write(Data((sandbox.announcement + "\n").utf8))
        await waitForTermination()
        await sandbox.stop()
    }

    /// Returns on SIGINT or SIGTERM.
    private func waitForTermination() async {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
    }
}
