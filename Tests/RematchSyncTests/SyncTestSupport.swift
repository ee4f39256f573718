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
import RematchTestSupport
import Testing

/// A sandbox plus a fresh state file, for one sync test.
struct SyncHarness {
    let sandbox: RunningSandbox
    let directory: String
    var statePath: String { directory + "/state.sqlite" }

    var accounts: Accounts { sandbox.accounts }

    /// Clients with short waits, so retry tests stay quick; a generous timeout, as the whole suite shares two cores.
    func synchronizer(timeout: Duration = .seconds(30), retry: RetryPolicy = .quick) throws -> Synchronizer {
        Synchronizer(
            syncro: try SyncroClient(baseURL: sandbox.syncroURL, apiKey: sandbox.syncroAPIKey, retry: retry, timeout: timeout),
            itGlue: try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey, retry: retry, timeout: timeout))
    }

    /// The state file's workbench, syncing and writing against this sandbox.
    func workbench(timeout: Duration = .seconds(30), writeBackLinks: Bool = false,
                   writeSettle: TimeInterval = UnansweredWrite.defaultSettle) throws -> Workbench {
        try Workbench(store: try StateStore(path: statePath), user: "tech", synchronizer: try synchronizer(timeout: timeout),
                      writeBackLinks: writeBackLinks, writeSettle: writeSettle)
    }

    /// Environment for a child `rematch` process talking to this sandbox.
    var environment: [String: String] { sandbox.environment(state: statePath, configHome: directory + "/config") }
}

func withSyncHarness(_ dataset: SandboxDataset = .generated(seed: 4, scale: .small),
                     configure: (inout SandboxConfiguration) -> Void = { _ in },
                     _ body: (SyncHarness) async throws -> Void) async throws {
    var configuration = SandboxConfiguration(dataset: dataset)
    configure(&configuration)
    let sandbox = try await Sandbox.start(configuration)
    let directory = temporaryDirectory("rematch-sync")
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

extension RetryPolicy {
    /// Short waits, so retry and rate-limit tests stay quick (a rate limit clears in under half a second here).
    static let quick = RetryPolicy(baseDelay: 0.05, maxDelay: 0.5, rateLimitFirstWait: 0.1, rateLimitWindow: 0.4, rateLimitBudget: 5)
}
