import Foundation
import RematchCore
import Synchronization

/// The client's side of a service's rate limit, shared by every concurrent request to that service, so a
/// sync never draws a 429. It keeps a little under the documented limit, and counts a request in the window from
/// the moment it is sent until a window after its answer came (``ClientWindow``): the service counts it at some
/// moment in between, which the client cannot see, so under any spread of latencies its count never exceeds
/// the client's.
public actor RequestLimiter {
    private var window: ClientWindow
    private let start = ContinuousClock.now

    public init(limit: Int, window: Double) {
        self.window = ClientWindow(limit: limit, window: window)
        adaptive = AdaptiveShare(limit: limit, window: window)
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

    /// Waits until a request may be sent; the caller calls ``finished()`` once its answer came, or it gave up.
    /// Throws `CancellationError` when the task is cancelled (and then holds no place).
    public func acquire() async throws {
        while true {
            recover()
            let verdict = window.admit(at: now, limit: adaptive.share)
            if verdict.admitted { return }
            try await Task.sleep(for: .milliseconds(Int(verdict.retryAfter * 1000) + 5))
        }
    }

    /// A request admitted by ``acquire()`` got its answer (or failed): it counts for one more window from now.
    public func finished() { window.finish(at: now) }

    /// Requests per window this client now allows itself (see ``AdaptiveShare``).
    var share: Int { adaptive.share }
    private var adaptive: AdaptiveShare

    /// A 429 arrived: someone else is using the window too.
    public func slowDown() { adaptive.slowDown(at: now) }

    private func recover() { adaptive.recover(at: now) }
}

/// A sliding-window limit as a client must keep it when it cannot see when the service counts a request: from
/// the moment it is sent until a window after its answer came. A request in flight always counts.
///
/// Why that is enough: take any window of the service's, and the last-sent request the service counted in it,
/// sent at `s`. Every other request counted in that window was sent before `s` and counted after the window
/// began, so after `s` minus a window; it was answered later still. So at `s` each was in flight or answered
/// within the last window, and was counted here: the service counts at most `limit`. Admitting at the moment of
/// sending alone is not enough: a request held up on its way lands in the next window too. A pure value, fed the
/// clock; `RateLimitWindowTests` plays random latencies against it.
public struct ClientWindow: Sendable {
    public let limit: Int
    public let window: Double
    /// When admitted requests were answered, oldest first (the clock only moves on).
    private var answered: [Double] = []
    private var head = 0
    public private(set) var inFlight = 0

    public init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    private mutating func expire(before now: Double) {
        while head < answered.count, answered[head] <= now - window { head += 1 }
        if head > 4_096, head * 2 > answered.count {
            answered.removeFirst(head)
            head = 0
        }
    }

    /// Admits a request at `now` when fewer than `limit` (at most the window's own) are in flight or were answered
    /// within the window; else says how long until one would be.
    public mutating func admit(at now: Double, limit: Int) -> (admitted: Bool, retryAfter: Double) {
        expire(before: now)
        let allowed = max(1, min(limit, self.limit))
        let counted = inFlight + answered.count - head
        if counted < allowed {
            inFlight += 1
            return (true, 0)
        }
        let index = head + (counted - allowed)
        // Every place is taken by a request in flight: one of them must be answered first.
        guard index < answered.count else { return (false, 0.05) }
        return (false, max(0.001, answered[index] + window - now))
    }

    /// An admitted request was answered (or given up on) at `now`.
    public mutating func finish(at now: Double) {
        inFlight = max(0, inFlight - 1)
        answered.append(max(now, answered.last ?? now))
    }
}

/// How much of a shared window a client allows itself: the whole documented limit until a 429 says other tools
/// draw from the same window, then half as much at each burst of 429s (never under a tenth), growing back by a tenth for
/// each whole window without one. A pure value, fed the clock.
struct AdaptiveShare: Sendable, Hashable {
    let limit: Int
    let window: Double
    private(set) var share: Int
    private var since: Double?
    private var halved: Double?

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
        share = limit
    }

    /// Halves the share, once per burst: 429s within a twentieth of a window of the last halving (concurrent
    /// requests refused together) count as one.
    mutating func slowDown(at now: Double) {
        if let halved, now - halved < window / 20 { return }
        share = max(limit / 10, share / 2)
        since = now
        halved = now
    }

    mutating func recover(at now: Double) {
        guard let last = since else { return }
        let windows = Int((now - last) / window)
        guard windows > 0 else { return }
        share = min(limit, share + windows * max(1, limit / 10))
        since = share < limit ? last + Double(windows) * window : nil
    }
}

/// A wait for a service's rate limit, as a sync shows it: "waiting 60 s for IT Glue's rate limit".
public struct RateLimitWait: Sendable, Hashable {
    public var service: String
    public var seconds: Double
    /// Whether the service said how long (`Retry-After`); else the wait is Rematch's estimate.
    public var sentRetryAfter: Bool

    public var description: String {
        "waiting \(Int(seconds.rounded())) s for \(service)'s rate limit (shared with other integrations)"
    }
}

/// Where a transport reports its rate-limit waits; a sync sets the listener while it runs.
public final class WaitBoard: Sendable {
    private let listener = Mutex<(@Sendable (RateLimitWait) -> Void)?>(nil)

    public init() {}

    public func listen(_ handler: (@Sendable (RateLimitWait) -> Void)?) { listener.withLock { $0 = handler } }

    func notify(_ wait: RateLimitWait) { listener.withLock { $0 }?(wait) }
}
