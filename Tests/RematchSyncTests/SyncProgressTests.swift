import Foundation
@testable import RematchHTTP
@testable import RematchSync
import Testing

@Suite("Sync progress: requests and time left")
struct SyncProgressTests {
    private func progress(_ lists: [(String, Int, Int)], elapsed: Duration) -> SyncProgress {
        var progress = SyncProgress()
        for (list, done, total) in lists { progress.lists[list] = PageProgress(list: list, done: done, total: total) }
        progress.elapsed = elapsed
        return progress
    }

    @Test("requests left count the pages still to read; time left follows the pace once a few pages are in")
    func pace() {
        let early = progress([("Syncro customers", 1, 5)], elapsed: .milliseconds(100))
        #expect(early.requestsLeft == 4)
        #expect(early.secondsLeft == nil)
        #expect(early.summary == "4 requests left · Syncro customers 1/5")
        let going = progress([("Syncro assets", 10, 40), ("IT Glue configurations", 2, 2)], elapsed: .seconds(6))
        #expect(going.requestsLeft == 30)
        #expect(going.secondsLeft == 15)
        #expect(going.summary == "~15 s left · 30 requests left · IT Glue configurations 2/2 · Syncro assets 10/40")
        let done = progress([("Syncro assets", 40, 40)], elapsed: .seconds(20))
        #expect(done.secondsLeft == nil)
        #expect(done.summary == "Syncro assets 40/40")
    }

    @Test("time left is never less than the rate limit allows beyond one window of requests")
    func rateLimitFloor() throws {
        // 390 Syncro pages left at 10 pages a second would be 39 s; at 176 a minute the 214 beyond the first
        // minute's worth alone take 73 s.
        let fast = progress([("Syncro assets", 10, 400)], elapsed: .seconds(1))
        let seconds = try #require(fast.secondsLeft)
        #expect(abs(seconds - 214.0 * 60 / 176) < 0.001)
        #expect(fast.summary.hasPrefix("~1 min left · 390 requests left"))
        #expect(SyncProgress.duration(3_725) == "1 h 2 min")
        #expect(SyncProgress.duration(0.2) == "1 s")
    }
}
