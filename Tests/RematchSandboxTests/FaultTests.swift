import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RematchJSON
import RematchSandbox
import Testing

@Suite("Sandbox: fault injection", .serialized, .timeLimit(.minutes(5)))
struct FaultTests {
    private func withFaults(_ spec: String, seed: UInt64 = 1, _ body: (SandboxHarness) async throws -> Void) async throws {
        try await withSandbox(configure: { $0.faults = try! FaultPlan(spec: spec, seed: seed) }, body)
    }

    @Test("error statuses on the Nth request of a route", arguments: [500, 502, 503, 504])
    func statuses(code: Int) async throws {
        try await withFaults("\(code)@syncro/customers,nth=2") { (harness: SandboxHarness) async throws in
            #expect(try await harness.syncro("/customers").status == 200)
            #expect(try await harness.syncro("/customer_assets").status == 200)  // another route does not count
            #expect(try await harness.syncro("/customers").status == code)
            #expect(try await harness.syncro("/customers").status == 200)
        }
        try await withFaults("\(code)@itglue,nth=1") { (harness: SandboxHarness) async throws in
            let answer = try await harness.itGlue("/organizations")
            #expect(answer.status == code)
            #expect(firstError(answer)?["status"]?.intValue == code)
        }
    }

    @Test("429 with and without Retry-After")
    func tooManyRequests() async throws {
        try await withFaults("429+retry=3@itglue,nth=1;429@syncro,nth=1") { (harness: SandboxHarness) async throws in
            let itGlue = try await harness.itGlue("/organizations")
            #expect(itGlue.status == 429)
            #expect(itGlue.headers.first(name: "retry-after") == "3")
            let syncro = try await harness.syncro("/customers")
            #expect(syncro.status == 429)
            #expect(syncro.headers.first(name: "retry-after") == nil)
            #expect(syncro.text == "Retry later")
            #expect(harness.sandbox.stats(.itglue).faults == 1)
            #expect(harness.sandbox.stats(.itglue).rateLimited == 0)
        }
    }

    @Test("a connection closed mid-body fails the client's read")
    func close() async throws {
        try await withFaults("close@itglue/organizations,nth=1") { (harness: SandboxHarness) async throws in
            await #expect(throws: (any Error).self) { _ = try await harness.itGlue("/organizations") }
            #expect(try await harness.itGlue("/organizations").status == 200)
        }
    }

    @Test("a slow answer outlasts a client's timeout")
    func slow() async throws {
        try await withFaults("slow=3000@syncro,nth=1") { (harness: SandboxHarness) async throws in
            let url = harness.sandbox.syncroURL + "/customers"
            await #expect(throws: (any Error).self) {
                _ = try await harness.request(url, headers: [("Authorization", harness.sandbox.syncroAPIKey)], timeout: .milliseconds(300))
            }
        }
    }

    @Test("truncated JSON is a 200 whose body does not parse")
    func truncate() async throws {
        try await withFaults("truncate@itglue,nth=1") { (harness: SandboxHarness) async throws in
            let answer = try await harness.itGlue("/organizations")
            #expect(answer.status == 200)
            #expect(answer.json == nil)
            #expect(!answer.body.isEmpty)
        }
    }

    @Test("rate-based faults are reproducible with the same seed")
    func seeded() async throws {
        func run(seed: UInt64) async throws -> [Int] {
            var statuses: [Int] = []
            try await withFaults("503@itglue,rate=0.3", seed: seed) { (harness: SandboxHarness) async throws in
                for _ in 0..<40 { statuses.append(try await harness.itGlue("/organization_types").status) }
            }
            return statuses
        }
        let first = try await run(seed: 7)
        #expect(first.contains(503) && first.contains(200))
        #expect(try await run(seed: 7) == first)
        #expect(try await run(seed: 8) != first)
    }

    @Test("times limits how often a rule fires; every fires periodically")
    func timesAndEvery() async throws {
        try await withFaults("503@syncro,times=2") { (harness: SandboxHarness) async throws in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await harness.syncro("/customers").status) }
            #expect(statuses == [503, 503, 200, 200])
        }
        try await withFaults("500@itglue,every=3") { (harness: SandboxHarness) async throws in
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await harness.itGlue("/organization_types").status) }
            #expect(statuses == [200, 200, 500, 200, 200, 500])
        }
    }

    @Test("a bad spec names the rule and what is wrong", arguments: [
        ("418@syncro", "unknown kind"), ("500@nowhere", "must start with syncro or itglue"), ("500,often=2", "unknown option"),
        ("500,rate=2", "rate must be between 0 and 1"), ("500,nth=0", "nth must be 1 or more"), ("slow=fast", "unknown kind"),
    ])
    func badSpecs(spec: String, message: String) {
        #expect {
            _ = try FaultPlan(spec: spec)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains(spec.split(separator: ",").first.map(String.init) ?? spec)
        }
    }
}
