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
