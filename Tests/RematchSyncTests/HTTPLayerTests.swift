import Foundation
@testable import RematchHTTP
import RematchJSON
import Testing

@Suite("The shared HTTP layer", .timeLimit(.minutes(5)))
struct HTTPLayerTests {
    @Test("HTTPS always; plain HTTP only for loopback", arguments: [
        ("https://acme.syncromsp.com/api/v1", true), ("https://api.eu.itglue.com", true), ("http://127.0.0.1:8080/api/v1", true),
        ("http://localhost:9", true), ("http://[::1]:9", true), ("http://127.1.2.3", true), ("http://acme.syncromsp.com/api/v1", false),
        ("http://10.0.0.5", false), ("ftp://x", false), ("https://user:s3cr3tpw@x.com", false), ("https://x.com?api_key=1", false),
        ("not a url", false),
    ])
    func urlPolicy(url: String, allowed: Bool) {
        let result = Result { () throws(APIError) in try ServiceEndpoint(service: "Syncro", baseURL: url) }
        switch result {
        case .success: #expect(allowed, "\(url)")
        case .failure(let error):
            #expect(!allowed, "\(url)")
            #expect(!error.message.contains("s3cr3tpw") && !error.message.contains("api_key=1"))
        }
    }

    @Test("backoff doubles with jitter, honours Retry-After, and stops")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 1, maxDelay: 10, maxTotalWait: 20)
        #expect(policy.delay(after: 1, retryAfter: nil, waitedSoFar: 0, random: 1) == 1)
        #expect(policy.delay(after: 2, retryAfter: nil, waitedSoFar: 0, random: 1) == 2)
        #expect(policy.delay(after: 3, retryAfter: nil, waitedSoFar: 0, random: 0) == 2)
        #expect(policy.delay(after: 1, retryAfter: 7, waitedSoFar: 0, random: 0.5) == 7)
        #expect(policy.delay(after: 4, retryAfter: nil, waitedSoFar: 0, random: 0) == nil)
        #expect(policy.delay(after: 2, retryAfter: 15, waitedSoFar: 10, random: 0) == nil)
    }

    @Test("a 429 without Retry-After waits from 15 s doubling to the window's length, and gives up only after the budget")
    func rateLimitPolicy() {
        let itGlue = RetryPolicy()
        let syncro = RetryPolicy().window(60)
        #expect((1...6).map { itGlue.rateLimitDelay(after: $0, retryAfter: nil, waitedSoFar: 0) } == [15, 30, 60, 120, 240, 300])
        #expect((1...4).map { syncro.rateLimitDelay(after: $0, retryAfter: nil, waitedSoFar: 0) } == [15, 30, 60, 60])
        #expect(syncro.rateLimitDelay(after: 1, retryAfter: 7, waitedSoFar: 0) == 7)
        #expect(syncro.rateLimitDelay(after: 1, retryAfter: 3_600, waitedSoFar: 0) == 60, "never longer than the window")
        #expect(itGlue.rateLimitDelay(after: 9, retryAfter: nil, waitedSoFar: 700) == nil, "the budget is spent")
        #expect(RetryPolicy.none.rateLimitDelay(after: 1, retryAfter: nil, waitedSoFar: 0) == nil)
    }

    @Test("after a 429 the limiter halves its own share of the window, and recovers a tenth per quiet window")
    func limiterSlowsDown() async {
        var share = AdaptiveShare(limit: 100, window: 60)
        share.slowDown(at: 0)
        #expect(share.share == 50)
        share.slowDown(at: 1)
        #expect(share.share == 50, "429s of one burst count once")
        for time in 1...5 { share.slowDown(at: Double(time) * 10) }
        #expect(share.share == 10, "never under a tenth")
        share.recover(at: 109)
        #expect(share.share == 10)
        share.recover(at: 175)
        #expect(share.share == 30, "two quiet windows")
        share.recover(at: 1_000)
        #expect(share.share == 100, "never over the limit")
        let limiter = RequestLimiter(limit: 100, window: 60)
        await limiter.slowDown()
        #expect(await limiter.share == 50)
    }

    @Test("a request's place in the limiter is given back once: when its answer's head came, not again when it ended")
    func placeGivenBackOnce() async throws {
        let limiter = RequestLimiter(limit: 2, window: 600)
        try await limiter.acquire()
        let place = APITransport.LimiterPlace(limiter)
        await place.give()  // the head came
        await place.give()  // the request ended
        // The request counts once for the window: one place is left, then none.
        _ = try await APITransport.withDeadline(.seconds(5)) { try await limiter.acquire() }
        await #expect(throws: APITransport.DeadlineExceeded.self) {
            try await APITransport.withDeadline(.milliseconds(300)) { try await limiter.acquire() }
        }
    }

    @Test("one deadline covers an answer's head and its whole body: a body trickled forever cannot hang a sync")
    func deadline() async throws {
        // Without the deadline this never ends (the suite's time limit would fail it); no wall time is asserted.
        await #expect(throws: APITransport.DeadlineExceeded.self) {
            _ = try await APITransport.withDeadline(.milliseconds(200)) { () async throws -> Int in
                while true { try await Task.sleep(for: .milliseconds(20)) }  // a byte now and then, never the end
            }
        }
        #expect(try await APITransport.withDeadline(.seconds(5)) { 42 } == 42)
    }

    @Test("error details are read from every shape the services use")
    func errorDetails() {
        #expect(APITransport.details(["errors": [["status": 422, "title": "Unprocessable Entity", "detail": "must exist",
                                                  "source": ["pointer": "/data/0/attributes/configuration-type"]]]])
            == ["Unprocessable Entity: must exist (/data/0/attributes/configuration-type)"])
        #expect(APITransport.details(["errors": [["status": "unprocessable_entity", "title": "Duplicate Parameters Specified"]]])
            == ["Duplicate Parameters Specified"])
        #expect(APITransport.details(["error": "Not authorized"]) == ["Not authorized"])
        #expect(APITransport.details(["success": false, "message": ["Email is not an email", "Name is blank"]]) == ["Email is not an email", "Name is blank"])
        #expect(APITransport.details(["errors": ["mute_for": ["is not valid"]]]) == ["mute_for is not valid"])
        #expect(APITransport.details("Retry later") == ["Retry later"])
    }
}
