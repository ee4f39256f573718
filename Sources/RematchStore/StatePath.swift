import Foundation

/// Where the state file lives: `--state PATH`, else `$REMATCH_STATE`, else
/// `$XDG_DATA_HOME/rematch/state.sqlite`, else `~/.local/share/rematch/state.sqlite`.
public enum StatePath {
    public static func resolve(explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment["REMATCH_STATE"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty, data.hasPrefix("/") {
            return data + "/rematch/state.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/rematch/state.sqlite"
    }
}
