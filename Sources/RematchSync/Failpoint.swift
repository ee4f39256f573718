import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Crash points for the exactly-once tests: when `REMATCH_FAILPOINT` names a point, the process dies
/// there at once (no cleanup, as in a real crash). Unset, they cost one comparison.
enum Failpoint {
    static let armed = ProcessInfo.processInfo.environment["REMATCH_FAILPOINT"]

    static func hit(_ name: String) {
        if armed == name { _exit(70) }
    }

    /// True when the point is armed: the caller sends its request, waits for it to arrive, then dies.
    static func isArmed(_ name: String) -> Bool { armed == name }

    static func die() -> Never { _exit(70) }
}
