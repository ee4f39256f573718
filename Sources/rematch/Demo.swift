import ArgumentParser
import Foundation
import RematchCore
import RematchSandbox
import RematchStore

extension DemoScale: ExpressibleByArgument {}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show Rematch on built-in demo data, offline.",
        discussion: """
            Generates a deterministic MSP account (Syncro customers and assets, IT Glue organizations and \
            configurations), stores it in a fresh state file, runs the matcher and prints the Unmatched, \
            Matched and Ignored tabs as text. The interactive console is not built yet; this is the state it will show.
            """
    )

    @Option(help: "How much data: small (50 customers), medium (500), large (5,000) or huge (10,000).")
    var scale: DemoScale = .small

    @Option(help: "Seed for the generator; the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(help: "State file to use instead of a fresh temporary one.")
    var state: String?

    @Option(help: "Rows to print per tab.")
    var rows: Int = 15

    func run() async throws {
        let data = DemoData.generate(seed: seed, scale: scale)
        let temporary = state == nil
        let path = state ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("rematch-demo-\(getpid())/state.sqlite").path
        defer {
            if temporary { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        }
        let workspace: Workspace
        do {
            let store = try StateStore(path: path)
            try store.saveSnapshot(data.snapshot)
            workspace = try store.loadWorkspace()
        } catch {
            throw Failure(error)
        }
        print(WorkspaceText(workspace: workspace, rows: rows).render())
        if temporary { print("State file (removed on exit): \(path)") } else { print("State file: \(path)") }
    }
}
