import Foundation
import Testing
@testable import RematchCore

/// The example table of the Matching article (`Sources/RematchCore/RematchCore.docc/Matching.md`), read from the
/// article and checked cell by cell, so the documentation and the matcher cannot drift apart.
@Suite("Documented matching examples")
struct DocumentedMatchingExamplesTests {
    /// One row of the table: what the matcher must propose for a Syncro name.
    struct Example: Sendable, CustomTestStringConvertible {
        var syncro: String
        var organization: String
        var score: Double
        var reason: String

        /// "First Last (a person)" is a residential customer; anything else is a business name.
        var customer: Customer {
            let person = " (a person)"
            guard syncro.hasSuffix(person) else { return Customer(id: 1, businessName: syncro) }
            let words = syncro.dropLast(person.count).split(separator: " ", maxSplits: 1).map(String.init)
            return Customer(id: 1, firstName: words[0], lastName: words.count > 1 ? words[1] : "")
        }

        var testDescription: String { syncro }
    }

    static let article = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/RematchCore/RematchCore.docc/Matching.md")

    static let header = "| Syncro | IT Glue | score | reason |"

    /// The rows under the table's header, up to the first line that is not a table row.
    static func examples() throws -> [Example] {
        let lines = try String(contentsOf: article, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == header }) else {
            throw DocumentError("\(article.path) has no line \"\(header)\"")
        }
        var examples: [Example] = []
        for line in lines[(start + 1)...] {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("|") else { break }
            let cells = text.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }
            guard cells.count == 4, let score = Double(cells[2]) else {
                throw DocumentError("\(article.path): a row of the example table is not name | name | score | reason: \(text)")
            }
            examples.append(Example(syncro: cells[0], organization: cells[1], score: score, reason: cells[3]))
        }
        return examples
    }

    /// The account the article describes: every organization of the IT Glue column, and the rivals an
    /// ambiguous reason lists ("…: Name (0.56), Other Name (0.56)").
    static func organizations(_ examples: [Example]) -> [Organization] {
        var names = examples.map(\.organization)
        for example in examples where example.reason.hasPrefix("ambiguous:") {
            guard let list = example.reason.split(separator: ": ").last else { continue }
            for rival in list.split(separator: ", ") {
                let name = rival.split(separator: " (").dropLast().joined(separator: " (")
                if !name.isEmpty { names.append(name) }
            }
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }.enumerated().map { Organization(id: String($0.offset), name: $0.element) }
    }

    struct DocumentError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("the article's table has the documented cases")
    func table() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 8)
        #expect(examples.contains { $0.syncro.hasSuffix(" (a person)") }, "the residential row")
        #expect(examples.contains { $0.reason.hasPrefix("ambiguous:") }, "an ambiguous row")
        #expect(Self.organizations(examples).map(\.name).contains("Summit Orthodontics Lab"))
    }

    @Test("each row of the article's table", arguments: try DocumentedMatchingExamplesTests.examples())
    func row(_ example: Example) throws {
        let matcher = OrganizationMatcher(organizations: Self.organizations(try Self.examples()))
        let suggestion = matcher.suggest(for: example.customer)
        let best = try #require(suggestion.best)
        #expect(best.name == example.organization)
        #expect(best.score == example.score)
        #expect(best.reason == example.reason)
        #expect(suggestion.isAmbiguous == example.reason.hasPrefix("ambiguous:"))
        #expect(!suggestion.isAutoLink)
    }

    @Test("the residential row is matched as a person")
    func person() throws {
        let row = try #require(try Self.examples().first { $0.syncro.hasSuffix(" (a person)") })
        let customer = row.customer
        #expect(customer.isResidential)
        #expect(customer.displayName + " (a person)" == row.syncro)
        let best = try #require(OrganizationMatcher(organizations: Self.organizations(try Self.examples())).suggest(for: customer).best)
        #expect(best.name == row.organization)
        #expect(best.reason == row.reason)
    }

    /// "Its score drops by 40 % and the reason names the rivals", as the article says.
    @Test("the ambiguous row names its rivals and is scored down by 40 %")
    func ambiguous() throws {
        let row = try #require(try Self.examples().first { $0.reason.hasPrefix("ambiguous:") })
        let suggestion = OrganizationMatcher(organizations: Self.organizations(try Self.examples())).suggest(for: row.customer)
        #expect(suggestion.isAmbiguous)
        let rivals = try #require(row.reason.split(separator: ": ").last).split(separator: ", ")
        #expect(row.reason.hasPrefix("ambiguous: \(rivals.count) close candidates: "))
        let scores = rivals.compactMap { Double($0.split(separator: "(").last?.dropLast() ?? "") }
        #expect(scores.count == rivals.count)
        let top = try #require(scores.max())
        #expect(suggestion.best?.score == ((top * 0.6) * 100).rounded() / 100)
        #expect(suggestion.best?.score == row.score)
    }
}
