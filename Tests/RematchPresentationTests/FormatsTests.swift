import Testing
@testable import RematchCore
@testable import RematchPresentation

@Suite("Formats")
struct FormatsTests {
    @Test("counts are singular for one; scores have two decimals; origins are one word")
    func words() {
        #expect(Formats.count(1, "device") == "1 device")
        #expect(Formats.count(0, "device") == "0 devices")
        #expect(Formats.count(12, "customer") == "12 customers")
        #expect(Formats.score(0.966) == "0.97")
        #expect(Formats.score(1) == "1.00")
        #expect(Formats.how(.automatic, pending: false) == "exact")
        #expect(Formats.how(.created, pending: true) == "pending")
        #expect(Formats.how(.created, pending: false) == "created")
        #expect(Formats.how(nil, pending: false) == "")
    }
}
