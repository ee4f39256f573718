import RematchCore
import RematchHTTP
import RematchSandbox
import Testing

/// The client's window against a service that counts each request at a moment the client cannot see, somewhere
/// between sending it and its answer: whatever the latencies, the service never counts more than the limit.
@Suite("Rate limit under concurrency")
struct RateLimitWindowTests {
    /// The most requests the service counted in any one window, for `requests` sent by `workers` at once.
    static func peak(seed: UInt64, limit: Int = 30, window: Double = 10, workers: Int = 4, requests: Int = 400,
                     countAtAnswer: Bool) -> Int {
        var random = SeededGenerator(seed: seed)
        var client = ClientWindow(limit: limit, window: window)
        var sendOnly = SlidingWindowLimit(limit: limit, window: window)
        // Each worker's next moment and what it does then: nil to ask for a place, else the answer of its request.
        var next: [(time: Double, answerAt: Double?)] = Array(repeating: (0, nil), count: workers)
        var counted: [Double] = []
        var sent = 0
        while sent < requests || next.contains(where: { $0.answerAt != nil }) {
            let worker = next.indices.min { next[$0].time < next[$1].time }!
            let now = next[worker].time
            if next[worker].answerAt != nil {
                client.finish(at: now)
                next[worker] = (now, nil)
                continue
            }
            guard sent < requests else {
                next[worker].time = .infinity
                continue
            }
            let verdict = countAtAnswer ? client.admit(at: now, limit: limit) : sendOnly.admit(at: now)
            if !verdict.admitted {
                next[worker].time = now + max(verdict.retryAfter, 0.001)
                continue
            }
            sent += 1
            let arrival = now + random.latency()
            counted.append(arrival)
            let answer = arrival + random.latency()
            next[worker] = (answer, answer)
        }
        counted.sort()
        var peak = 0, start = 0
        for end in counted.indices {
            while counted[start] <= counted[end] - window { start += 1 }
            peak = max(peak, end - start + 1)
        }
        return peak
    }

    @Test("counted from sending until a window after the answer, the service never sees more than the limit")
    func neverOver() {
        for seed in UInt64(1)...40 {
            let peak = Self.peak(seed: seed, countAtAnswer: true)
            #expect(peak <= 30, "seed \(seed): \(peak) in one window")
        }
    }

    @Test("counted at sending alone, the same latencies put more than the limit in one window (the test can fail)")
    func sendingAloneIsNotEnough() {
        let over = (UInt64(1)...40).filter { Self.peak(seed: $0, countAtAnswer: false) > 30 }
        #expect(over.count > 10)
    }

    @Test("a window full of requests in flight waits for an answer, then for the oldest answer to age out")
    func waits() {
        var window = ClientWindow(limit: 2, window: 10)
        #expect(window.admit(at: 0, limit: 2).admitted)
        #expect(window.admit(at: 0, limit: 2).admitted)
        let full = window.admit(at: 1, limit: 2)
        #expect(!full.admitted && full.retryAfter > 0, "all in flight")
        window.finish(at: 2)
        let aging = window.admit(at: 3, limit: 2)
        #expect(!aging.admitted && abs(aging.retryAfter - 9) < 1e-9, "the answer at 2 counts until 12")
        #expect(window.admit(at: 12.5, limit: 2).admitted)
        #expect(window.inFlight == 2)
    }
}

extension SeededGenerator {
    /// Mostly quick, now and then very slow: the spread that made a sync draw 429s at the floor.
    mutating func latency() -> Double {
        chance(0.05) ? Double.random(in: 1..<4, using: &self) : Double.random(in: 0..<0.3, using: &self)
    }
}
