import Foundation
import RematchCore

/// The client's side of a service's rate limit, shared by every concurrent request to that service, so a
/// sync never draws a 429. It keeps a little under the documented limit to allow for the time a request
/// takes to arrive.
public actor RequestLimiter {
    private var window: SlidingWindowLimit
    private let start = ContinuousClock.now

    public init(limit: Int, window: Double) {
        self.window = SlidingWindowLimit(limit: limit, window: window)
    }

    /// A limit as the clients keep it: requests per window of seconds.
    public struct Limit: Sendable, Hashable {
        public var requests: Int
        public var window: Double

        /// The least time `count` requests take beyond the first window's worth, which may go at once.
        public func secondsBeyondWindow(_ count: Int) -> Double {
            Double(max(0, count - requests)) * window / Double(requests)
        }
    }

    /// Syncro: 180 a minute documented; 176 used.
    public static let syncroLimit = Limit(requests: 176, window: 60)
    /// IT Glue: 3,000 in 5 minutes documented; 2,960 used.
    public static let itGlueLimit = Limit(requests: 2_960, window: 300)

    public static func syncro() -> RequestLimiter { RequestLimiter(limit: syncroLimit.requests, window: syncroLimit.window) }
    public static func itGlue() -> RequestLimiter { RequestLimiter(limit: itGlueLimit.requests, window: itGlueLimit.window) }

    private var now: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Waits until a request may be sent. Throws `CancellationError` when the task is cancelled.
    public func acquire() async throws {
        while true {
            let verdict = window.admit(at: now)
            if verdict.admitted { return }
            try await Task.sleep(for: .milliseconds(Int(verdict.retryAfter * 1000) + 5))
        }
    }
}
