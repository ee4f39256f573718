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
