import ArgumentParser
import Foundation
import Synchronization
import RematchConfig
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import RematchTUI

extension DemoScale: ExpressibleByArgument {}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rematch on built-in demo data, offline: the console against a local sandbox of both APIs.",
        discussion: """
            Starts the Syncro and IT Glue sandbox in-process on 127.0.0.1 with generated data (the same seed gives \
            the same data) and a fresh temporary state file, and opens the console at once: the first sync runs in \
            it, with its progress in the header. Everything works as with real accounts: sync, matching, creating \
            organizations and configurations. $REMATCH_STATE is not used, so a real state file is never touched \
            unless --state names it. With --print, or when stdout is not a terminal, it prints the customer tabs as \
            text instead.
            """
    )

    @Option(help: "How much data: small (50 customers), medium (500), large (5,000) or huge (10,000).")
    var scale: DemoScale = .small

    @Option(help: "Seed for the generator; the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(help: "Theme name or file (default, light, high-contrast, mono).")
    var theme: String?

    @Option(help: "State file to use instead of a fresh temporary one.")
    var state: String?

    @Flag(help: "Print the customer tabs as text instead of opening the console.")
    var print = false

    @Option(help: "Rows to print per tab with --print.")
    var rows: Int = 15

    func run() async throws {
        let temporary = state == nil
        let path = state ?? FileManager.default.temporaryDirectory.appendingPathComponent("rematch-demo-\(getpid())/state.sqlite").path
        defer {
            if temporary { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        }
        let chosenTheme: Theme
        do { chosenTheme = try Theme.load(theme ?? (try? RematchConfiguration.load())?.theme ?? "default") } catch { throw Failure(error.message) }
        let seed = self.seed, scale = self.scale
        if print || isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0 {
            let sandbox = try await Self.start(seed: seed, scale: scale)
            let workbench = try CommonOptions.opening(path) { try Workbench(store: try StateStore(path: $0), synchronizer: sandbox.synchronizer) }
            let line = ProgressLine()
            do {
                _ = try await workbench.sync { line.show("Demo: first sync… \(Int($0.fraction * 100))%  \($0.summary)") }
                line.finish()
            } catch {
                line.finish()
                await sandbox.running.stop()
                throw Failure("The first sync against the sandbox failed: \(error)")
            }
            Swift.print(WorkspaceText(workspace: workbench.workspace, rows: rows).render())
            Swift.print(temporary ? "State file (removed on exit): \(path)" : "State: \(StatePath.shown(path))")
            await sandbox.running.stop()
            return
        }
        // The console is on screen at once: the demo data is generated, served and synced behind it, with the
        // sync's progress in the header.
        let store = try CommonOptions.opening(path) { try StateStore(path: $0) }
        let started = Mutex<RunningSandbox?>(nil)
        let customers = scale.customerCount.formatted()
        do {
            try await ConsoleApp.run(store: store, open: {
                let sandbox = try await Self.start(seed: seed, scale: scale)
                started.withLock { $0 = sandbox.running }
                return try Workbench(store: store, synchronizer: sandbox.synchronizer)
            }, openingLine: "Starting the demo: \(customers) customers and their devices, served from a local sandbox…",
               theme: chosenTheme, syncroHost: "demo sandbox", itGlueHost: "demo sandbox", syncFirst: true)
        } catch {
            await started.withLock({ $0 })?.stop()
            throw error
        }
        await started.withLock({ $0 })?.stop()
    }

    /// Generates the demo data, serves it from a sandbox of both APIs, and returns a synchronizer on it.
    private static func start(seed: UInt64, scale: DemoScale) async throws -> (running: RunningSandbox, synchronizer: Synchronizer) {
        var configuration = SandboxConfiguration(dataset: .generated(seed: seed, scale: scale))
        configuration.latency = .zero
        let sandbox: RunningSandbox
        do { sandbox = try await Sandbox.start(configuration) } catch { throw Failure(error) }
        let synchronizer = try Synchronizer(accounts: Accounts(syncroURL: sandbox.syncroURL, syncroAPIKey: sandbox.syncroAPIKey,
                                                               itGlueURL: sandbox.itGlueURL, itGlueAPIKey: sandbox.itGlueAPIKey))
        return (sandbox, synchronizer)
    }
}
