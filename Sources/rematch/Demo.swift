import ArgumentParser
import Foundation
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
            the same data), a fresh temporary state file, runs the first sync and opens the console. Everything \
            works as with real accounts: sync, matching, creating organizations and configurations. With --print, or \
            when stdout is not a terminal, it prints the customer tabs as text instead.
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
        var configuration = SandboxConfiguration(dataset: .generated(seed: seed, scale: scale))
        configuration.latency = .zero
        let sandbox: RunningSandbox
        do { sandbox = try await Sandbox.start(configuration) } catch { throw Failure(error) }
        let synchronizer = try Synchronizer(accounts: Accounts(syncroURL: sandbox.syncroURL, syncroAPIKey: sandbox.syncroAPIKey,
                                                               itGlueURL: sandbox.itGlueURL, itGlueAPIKey: sandbox.itGlueAPIKey))
        let workbench = try CommonOptions.opening(path) { try Workbench(store: try StateStore(path: $0), synchronizer: synchronizer) }
        do {
            _ = try await workbench.sync()
        } catch {
            throw Failure("The first sync against the sandbox failed: \(error)")
        }
        if print || isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0 {
            Swift.print(WorkspaceText(workspace: workbench.workspace, rows: rows).render())
            Swift.print(temporary ? "State file (removed on exit): \(path)" : "State file: \(path)")
        } else {
            await ConsoleApp.run(workbench: workbench, theme: chosenTheme, syncroHost: "demo sandbox", itGlueHost: "demo sandbox")
        }
        await sandbox.stop()
    }
}
