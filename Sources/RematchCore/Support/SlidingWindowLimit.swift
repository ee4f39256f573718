/// A sliding-window limit: at most `limit` requests in any `window` seconds, as Syncro (180 a minute)
/// and IT Glue (3,000 in 5 minutes) document. Pure value; the server feeds it the clock.
public struct SlidingWindowLimit: Sendable {
    public let limit: Int
    public let window: Double
    private var times: [Double] = []
    private var head = 0

    public init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    public static let syncro = SlidingWindowLimit(limit: 180, window: 60)
    public static let itGlue = SlidingWindowLimit(limit: 3_000, window: 300)

    private mutating func expire(before now: Double) {
        while head < times.count, times[head] <= now - window { head += 1 }
        if head > 4_096, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
    }

    /// Admits a request at `now` (seconds), or says how long until one would be admitted.
    public mutating func admit(at now: Double) -> (admitted: Bool, retryAfter: Double) {
        admit(at: now, limit: limit)
    }

    /// Admits a request if fewer than `limit` (at most the window's own) are in the window.
    public mutating func admit(at now: Double, limit: Int) -> (admitted: Bool, retryAfter: Double) {
        expire(before: now)
        let inWindow = times.count - head
        if inWindow < min(limit, self.limit) {
            times.append(max(now, times.last ?? now))
            return (true, 0)
        }
        let oldest = times.count - min(limit, self.limit)
        return (false, times[max(head, oldest)] + window - now)
    }

    /// Records a request whatever the limit, and returns how many are now in the window.
    public mutating func record(at now: Double) -> Int {
        expire(before: now)
        times.append(max(now, times.last ?? now))
        return times.count - head
    }
}
