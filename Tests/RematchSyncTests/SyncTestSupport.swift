import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchSandbox
import RematchStore
import RematchSync
import RematchConfig
import RematchJSON
import SyncroAPI
import Testing

/// A sandbox plus a fresh state file, for one sync test.
struct SyncHarness {
    let sandbox: RunningSandbox
    let directory: String
    var statePath: String { directory + "/state.sqlite" }

    var accounts: Accounts {
        Accounts(syncroURL: sandbox.syncroURL, syncroAPIKey: sandbox.syncroAPIKey, itGlueURL: sandbox.itGlueURL,
                 itGlueAPIKey: sandbox.itGlueAPIKey)
    }

    /// Clients with short waits, so retry tests stay quick.
    func synchronizer(timeout: Duration = .seconds(10), retry: RetryPolicy = RetryPolicy(baseDelay: 0.05, maxDelay: 0.5)) throws -> Synchronizer {
        Synchronizer(
            syncro: try SyncroClient(baseURL: sandbox.syncroURL, apiKey: sandbox.syncroAPIKey, retry: retry, timeout: timeout),
            itGlue: try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey, retry: retry, timeout: timeout))
    }

    /// The state file's workbench, syncing and writing against this sandbox.
    func workbench(timeout: Duration = .seconds(10), writeBackLinks: Bool = false) throws -> Workbench {
        try Workbench(store: try StateStore(path: statePath), user: "tech", synchronizer: try synchronizer(timeout: timeout),
                      writeBackLinks: writeBackLinks)
    }

    /// Environment for a child `rematch` process talking to this sandbox.
    var environment: [String: String] {
        ["REMATCH_SYNCRO_URL": sandbox.syncroURL, "REMATCH_SYNCRO_API_KEY": sandbox.syncroAPIKey,
         "REMATCH_ITGLUE_URL": sandbox.itGlueURL, "REMATCH_ITGLUE_API_KEY": sandbox.itGlueAPIKey,
         "REMATCH_STATE": statePath, "XDG_CONFIG_HOME": directory + "/config"]
    }
}

func withSyncHarness(_ dataset: SandboxDataset = .generated(seed: 4, scale: .small),
                     configure: (inout SandboxConfiguration) -> Void = { _ in },
                     _ body: (SyncHarness) async throws -> Void) async throws {
    var configuration = SandboxConfiguration(dataset: dataset)
    configure(&configuration)
    let sandbox = try await Sandbox.start(configuration)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rematch-sync-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let harness = SyncHarness(sandbox: sandbox, directory: directory)
    do {
        try await body(harness)
    } catch {
        await sandbox.stop()
        try? FileManager.default.removeItem(atPath: directory)
        throw error
    }
    await sandbox.stop()
    try? FileManager.default.removeItem(atPath: directory)
}
