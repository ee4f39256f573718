import Foundation
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import RematchJSON
import Testing

/// The organizations' domains and location phones, read at every sync for the contact evidence.
@Suite("Domains and locations in a sync")
struct ContactSyncTests {
    /// Organization id → domains and phones, as the generated sandbox holds them.
    private static let dataset = SandboxDataset.generated(seed: 4, scale: .small)

    private static func expected(_ records: [JSONValue], _ attribute: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for record in records {
            guard let organization = record["attributes"]?["organization-id"]?.intValue,
                  let value = record["attributes"]?[attribute]?.stringValue else { continue }
            values[String(organization), default: []].append(value)
        }
        return values
    }

    @Test("a sync reads every domain and location phone onto its organization, and a reopened state keeps them")
    func read() async throws {
        try await withSyncHarness { harness in
            let withDomain = try await syncedChecked(harness)
            let reopened = try StateStore(path: harness.statePath).loadWorkspace()
            #expect(reopened.catalog.organizations.filter { !$0.domains.isEmpty }.map(\.id) == withDomain)
        }
    }

    /// Syncs, checks every organization's domains and phones against the sandbox's, and closes the state.
    private func syncedChecked(_ harness: SyncHarness) async throws -> [String] {
        let session = try harness.workbench()
        _ = try await session.sync()
        let domains = Self.expected(Self.dataset.domains, "name"), phones = Self.expected(Self.dataset.locations, "phone")
        #expect(!domains.isEmpty && !phones.isEmpty)
        for organization in session.workspace.catalog.organizations {
            #expect(organization.domains.sorted() == (domains[organization.id] ?? []).sorted(), "organization #\(organization.id)")
            #expect(organization.phones.sorted() == (phones[organization.id] ?? []).sorted())
        }
        return session.workspace.catalog.organizations.filter { !$0.domains.isEmpty }.map(\.id)
    }

    @Test("a key that may not list domains (403) or an account without locations (404): the sync goes on without them")
    func forbidden() async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: "403@itglue/domains;404@itglue/locations") }) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            #expect(!session.workspace.catalog.organizations.isEmpty)
            #expect(session.workspace.catalog.organizations.allSatisfy { $0.domains.isEmpty && $0.phones.isEmpty })
        }
    }
}
