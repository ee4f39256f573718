import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchJSON
import RematchSandbox
import RematchTestSupport
import SyncroAPI
import Testing

/// Answers a hostile or broken service could send: each is refused or read safely, at once, never retried in vain,
/// and no key follows a redirect.
@Suite("Hostile answers", .timeLimit(.minutes(5)))
struct HostileAnswerTests {
    private func sandbox(_ spec: String, _ body: (RunningSandbox) async throws -> Void) async throws {
        var configuration = SandboxConfiguration.unlimited()
        configuration.faults = try FaultPlan(spec: spec)
        try await withRunningSandbox(configuration, body)
    }

    @Test("a redirect is never followed: the key stays home, to another host or over plain HTTP alike")
    func redirectsAreNotFollowed() async throws {
        try await withRunningSandbox(.unlimited()) { elsewhere in
            // The sandbox answers every request with a redirect to a second sandbox, which must see nothing.
            try await sandbox("redirect=\(elsewhere.itGlueURL)@itglue;redirect=\(elsewhere.syncroURL)@syncro") { sandbox in
                let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey, retry: .none)
                let syncro = try SyncroClient(baseURL: sandbox.syncroURL, apiKey: sandbox.syncroAPIKey, retry: .none)
                do {
                    _ = try await itGlue.organizations()
                    Issue.record("a redirect was followed")
                } catch let error as APIError {
                    #expect(error.kind == .redirected)
                    #expect(error.message.contains("does not follow redirects"), "\(error.message)")
                    #expect(!error.message.contains(sandbox.itGlueAPIKey))
                }
                await #expect(throws: APIError.self) { _ = try await syncro.customers() }
                #expect(elsewhere.stats(.itglue).requests == 0, "the key went to the redirect's host")
                #expect(elsewhere.stats(.syncro).requests == 0, "the key went to the redirect's host")
            }
        }
    }

    @Test("one byte that is not UTF-8 costs nothing but that character; the page is read")
    func invalidUTF8() async throws {
        try await sandbox("badutf8@syncro/customers,nth=1") { sandbox in
            let syncro = try SyncroClient(baseURL: sandbox.syncroURL, apiKey: sandbox.syncroAPIKey, retry: .none)
            let (customers, _) = try await syncro.customers()
            #expect(customers.count == (await sandbox.store.counts.customers))
            #expect(customers.contains { String(describing: $0).contains("\u{FFFD}") }, "the sandbox sent no bad byte")
        }
    }

    @Test("an answer nested too deep or too large is refused after one request, not retried", arguments: ["deep", "huge"])
    func unreadableOnce(kind: String) async throws {
        try await sandbox("\(kind)@itglue/organizations") { sandbox in
            let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey, retry: .quickRetries)
            do {
                _ = try await itGlue.organizations()
                Issue.record("the answer was read")
            } catch let error as APIError {
                #expect(error.kind == .unreadable, "\(error.message)")
                #expect(error.message.contains(kind == "deep" ? "nested deeper" : "larger than"), "\(error.message)")
            }
            #expect(sandbox.stats(.itglue).requests == 1, "an answer that cannot change was asked for again")
        }
    }

    @Test("a page count of a billion is not believed: the list ends at its first empty page", arguments: ["syncro/customers", "itglue/organizations"])
    func hugePageCount(route: String) async throws {
        try await sandbox("pages=1000000000@\(route)") { sandbox in
            if route.hasPrefix("syncro") {
                let syncro = try SyncroClient(baseURL: sandbox.syncroURL, apiKey: sandbox.syncroAPIKey, retry: .none)
                let expected = await sandbox.store.counts.customers
                #expect(try await syncro.customers().0.count == expected)
                #expect(sandbox.stats(.syncro).requests < 40)
            } else {
                let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey, retry: .none)
                let expected = await sandbox.store.counts.organizations
                #expect(try await itGlue.organizations().0.count == expected)
                #expect(sandbox.stats(.itglue).requests < 40)
            }
        }
    }

    @Test("a page repeated (a service ignoring the page number) is refused, never read on without end")
    func repeatedPage() async throws {
        await #expect(throws: Pager.Unbounded.self) {
            _ = try await Pager.all(list: "things", progress: { _ in }) { _ in
                Pager.Page(items: [1, 2, 3], totalPages: 1_000_000_000, fingerprint: ["1", "2", "3"])
            }
        }
        await #expect(throws: Pager.Unbounded.self) {
            _ = try await Pager.all(list: "things", maximumPages: 50, progress: { _ in }) { page in
                Pager.Page(items: [page], totalPages: page + 1, fingerprint: [String(page)])
            }
        }
        let read = try await Pager.all(list: "things", progress: { _ in }) { page in
            Pager.Page(items: page <= 7 ? [page] : [], totalPages: 1_000_000_000, fingerprint: page <= 7 ? [String(page)] : [])
        }
        #expect(read == Array(1...7))
    }

    @Test("the bytes of an answer are read with bounds", arguments: [
        ("[1, 2", JSONAnswerProblem.incomplete), ("{\"a\": \"b", .incomplete), ("[1 2]", .invalid),
        (String(repeating: "[", count: 101) + String(repeating: "]", count: 101), .tooDeep(limit: 100)),
    ])
    func answerShapes(text: String, problem: JSONAnswerProblem) {
        #expect(throws: problem) { try JSONValue.decodeAnswer(Data(text.utf8)) }
        #expect(problem.mayChange == (problem == .incomplete))
    }

    @Test("invalid UTF-8 is repaired; a bracket inside a string is no nesting")
    func answerRepairs() throws {
        var bytes = Data("{\"name\": \"Caf".utf8)
        bytes.append(0xE9)
        bytes.append(contentsOf: Data("\", \"note\": \"[[[{\\\"\"}".utf8))
        let value = try JSONValue.decodeAnswer(bytes, depthLimit: 2)
        #expect(value["name"]?.stringValue == "Caf\u{FFFD}")
        #expect(value["note"]?.stringValue == "[[[{\"")
    }
}

extension RetryPolicy {
    /// Retries that would show in the request count if they happened.
    static let quickRetries = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)
}
