/// When to try a request again: exponential backoff with full jitter, Retry-After honoured, bounded in
/// attempts and in total waiting. A pure value, tested without a network.
///
/// A 429 is different: the rate-limit window is shared with every other tool on the account (IT Glue) or the
/// office's IP (Syncro), so it can take the whole window to clear. Waiting for it never counts as an attempt;
/// without `Retry-After` Rematch waits `rateLimitFirstWait`, doubling up to the window's length, and gives up
/// only after `rateLimitBudget` seconds of waiting.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Give up once this much time was spent waiting between attempts.
    public var maxTotalWait: Double
    /// The first wait after a 429 without `Retry-After`.
    public var rateLimitFirstWait: Double
    /// The service's rate-limit window: the longest a 429 can take to clear (Syncro 60 s, IT Glue 300 s).
    public var rateLimitWindow: Double
    /// Give up on a rate limit only after waiting this long in all.
    public var rateLimitBudget: Double

    public init(maxAttempts: Int = 7, baseDelay: Double = 0.5, maxDelay: Double = 30, maxTotalWait: Double = 180,
                rateLimitFirstWait: Double = 15, rateLimitWindow: Double = 300, rateLimitBudget: Double = 900) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
        self.rateLimitFirstWait = rateLimitFirstWait
        self.rateLimitWindow = rateLimitWindow
        self.rateLimitBudget = rateLimitBudget
    }

    public static let none = RetryPolicy(maxAttempts: 1, rateLimitBudget: 0)

    /// The same policy with another rate-limit window (each service has its own).
    public func window(_ seconds: Double) -> RetryPolicy {
        var policy = self
        policy.rateLimitWindow = min(policy.rateLimitWindow, seconds)
        return policy
    }

    /// Seconds to wait before attempt `attempt + 1` (attempts count from 1), or nil to give up.
    /// `retryAfter` from the server wins over the computed backoff.
    public func delay(after attempt: Int, retryAfter: Double?, waitedSoFar: Double, random: Double) -> Double? {
        guard attempt < maxAttempts else { return nil }
        let exponential = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        let wait = retryAfter.map { min(max($0, 0), maxDelay * 4) } ?? exponential * (0.5 + random / 2)
        guard waitedSoFar + wait <= maxTotalWait else { return nil }
        return wait
    }

    /// Seconds to wait after the `count`-th 429 in a row, or nil to give up: `Retry-After` when sent (at most a
    /// window), else the first wait doubling up to the window.
    public func rateLimitDelay(after count: Int, retryAfter: Double?, waitedSoFar: Double) -> Double? {
        let doubling = rateLimitFirstWait * Double(1 << min(max(count - 1, 0), 20))
        let wait = retryAfter.map { min(max($0, 0), rateLimitWindow) } ?? min(doubling, rateLimitWindow)
        guard waitedSoFar + wait <= rateLimitBudget else { return nil }
        return wait
    }
}
