import Foundation
import RematchConfig
import RematchSandbox

extension RunningSandbox {
    /// Both accounts of this sandbox, as a configuration names them.
    public var accounts: Accounts {
        Accounts(syncroURL: syncroURL, syncroAPIKey: syncroAPIKey, itGlueURL: itGlueURL, itGlueAPIKey: itGlueAPIKey)
    }

    /// The environment that points a `rematch` child process at this sandbox and at a state file, with its own
    /// configuration directory (so no configuration of the machine's user is read).
    public func environment(state: String, configHome: String) -> [String: String] {
        ["REMATCH_SYNCRO_URL": syncroURL, "REMATCH_SYNCRO_API_KEY": syncroAPIKey,
         "REMATCH_ITGLUE_URL": itGlueURL, "REMATCH_ITGLUE_API_KEY": itGlueAPIKey,
         "REMATCH_STATE": state, "XDG_CONFIG_HOME": configHome]
    }
}

/// Runs `body` with a sandbox of both APIs on loopback and stops it however `body` ends.
public func withRunningSandbox<T>(_ configuration: SandboxConfiguration,
                                  _ body: (RunningSandbox) async throws -> T) async throws -> T {
    let sandbox = try await Sandbox.start(configuration)
    do {
        let result = try await body(sandbox)
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}

extension SandboxConfiguration {
    /// Generated data without the documented rate limits, for tests that do not measure them.
    public static func unlimited(seed: UInt64 = 4, scale: DemoScale = .small) -> SandboxConfiguration {
        var configuration = SandboxConfiguration(dataset: .generated(seed: seed, scale: scale))
        configuration.rateLimits = false
        return configuration
    }
}
