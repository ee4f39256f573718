/// When to try a request again: exponential backoff with full jitter, Retry-After honoured, bounded in
/// attempts and in total waiting. A pure value, tested without a network.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Give up once this much time was spent waiting between attempts.
    public var maxTotalWait: Double

    public init(maxAttempts: Int = 7, baseDelay: Double = 0.5, maxDelay: Double = 30, maxTotalWait: Double = 180) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// Seconds to wait before attempt `attempt + 1` (attempts count from 1), or nil to give up.
    /// `retryAfter` from the server wins over the computed backoff.
    public func delay(after attempt: Int, retryAfter: Double?, waitedSoFar: Double, random: Double) -> Double? {
        guard attempt < maxAttempts else { return nil }
        let exponential = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        let wait = retryAfter.map { min(max($0, 0), maxDelay * 4) } ?? exponential * (0.5 + random / 2)
        guard waitedSoFar + wait <= maxTotalWait else { return nil }
        return wait
    }
}
