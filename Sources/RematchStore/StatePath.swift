import Foundation

/// Where the state lives: `--state PATH-OR-URL`, else `$REMATCH_STATE`, else
/// `$XDG_DATA_HOME/rematch/state.sqlite`, else `~/.local/share/rematch/state.sqlite`. A `postgres://` URL names
/// a PostgreSQL database instead of a file.
public enum StatePath {
    /// A location fit to show: a file path as it is, a PostgreSQL URL without its password (or, when it cannot be
    /// read, without anything of it).
    public static func shown(_ location: String) -> String {
        guard PostgresLocation.isDatabaseURL(location) else { return location }
        return ((try? PostgresLocation(parsing: location)) ?? nil)?.shown ?? "the PostgreSQL state (its URL cannot be read)"
    }

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
