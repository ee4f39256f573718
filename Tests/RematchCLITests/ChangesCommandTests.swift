import Foundation
import ITGlueAPI
import RematchCore
import RematchSandbox
import RematchStore
import RematchTestSupport
import Testing

/// `changes`, `log` and `retire-configurations` after a device matched by MAC + serial is deleted in Syncro.
@Suite("Changes, log and retirement commands", .serialized, .timeLimit(.minutes(5)))
struct ChangesCommandTests {
    static let changeKeys: Set = [
        "synced", "at", "first_sync", "summary", "totals", "new_customers", "vanished_customers", "renamed_customers",
        "new_devices", "vanished_devices", "renamed_devices", "new_organizations", "vanished_organizations",
        "new_configurations", "vanished_configurations", "lost_exact_matches", "vanished_decisions", "vanished_matches",
    ]

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a state file that never synced says so, in text and in JSON with every key present")
    func neverSynced() async throws {
        try await withTemporaryDirectory("rematch-cli") { directory in
            let state = directory + "/state.sqlite"
            _ = try StateStore(path: state)
            let environment = ["REMATCH_STATE": state, "XDG_CONFIG_HOME": directory + "/config"]
            let text = try await BinaryRunner.run(["changes"], environment: environment)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.hasPrefix("Never synced: "))
            let json = try await BinaryRunner.run(["changes", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.stderr)")
            let document = try object(json.stdout)
            #expect(Set(document.keys) == Self.changeKeys)
            #expect(document["synced"] as? Bool == false)
            #expect(document["at"] is NSNull)
            #expect(document["totals"] is NSNull)
            #expect((document["vanished_matches"] as? [Any])?.isEmpty == true)
            let log = try await BinaryRunner.run(["log"], environment: environment)
            #expect(log.stdout == "The audit log is empty.\n")
        }
    }

    @Test("after a matched device is deleted in Syncro: changes lists it, log shows why it is kept, retire previews then asks")
    func deviceDeleted() async throws {
        try await withRunningSandbox(.unlimited()) { sandbox in
            try await withTemporaryDirectory("rematch-cli") { directory in
                let state = directory + "/state.sqlite"
                let environment = sandbox.environment(state: state, configHome: directory + "/config")
                func rematch(_ arguments: [String]) async throws -> ProcessOutput {
                    try await BinaryRunner.run(arguments, environment: environment)
                }
                #expect(try await rematch(["sync"]).status == 0)
                let first = try await rematch(["changes"])
                #expect(first.stdout.contains(": First sync: "), "\(first.stdout)")
                let workspace = try StateStore(path: state).loadWorkspace()
                let asset = try #require(workspace.catalog.assets.first { asset in
                    let status = workspace.status(ofAsset: asset.id)
                    let evidence = Set(status.suggestion.best?.evidence.map(\.kind) ?? [])
                    return status.origin == .automatic && evidence.isSuperset(of: [.mac, .serial])
                })
                let configuration = try #require(workspace.catalog.configuration(workspace.status(ofAsset: asset.id).configurationID!))
                try await sandbox.store.deleteSyncroAsset(asset.id)

                let sync = try await rematch(["sync"])
                #expect(sync.status == 0, "\(sync.stderr)")
                #expect(sync.stdout.contains("Changes: 1 vanished device · 1 matched device gone (rematch changes lists them)"))
                let changes = try await rematch(["changes"])
                #expect(changes.status == 0, "\(changes.stderr)")
                #expect(changes.stdout.contains("Matched devices gone from Syncro (1):\n  #\(asset.id) \(asset.name) ("))
                #expect(changes.stdout.contains("→ configuration #\(configuration.id) \(configuration.name), matched automatically (MAC/serial)"))
                #expect(changes.stdout.contains("Vanished devices (1):"))
                let json = try object(try await rematch(["changes", "--json"]).stdout)
                #expect(Set(json.keys) == Self.changeKeys)
                #expect(json["first_sync"] as? Bool == false)
                #expect(json["summary"] as? String == "1 vanished device · 1 matched device gone")
                let gone = try #require((json["vanished_matches"] as? [[String: Any]])?.first)
                #expect(gone["asset_id"] as? Int == asset.id)
                #expect(gone["configuration_id"] as? String == configuration.id)
                #expect(gone["origin"] as? String == "automatic")
                #expect((json["lost_exact_matches"] as? [Any])?.isEmpty == true)

                let log = try await rematch(["log", "--since", "1h"])
                #expect(log.status == 0, "\(log.stderr)")
                let line = try #require(log.stdout.split(separator: "\n").first)
                #expect(line.contains("remember-vanished-match") && line.contains("asset #\(asset.id)"))
                #expect(try await rematch(["log", "--since", "2099-01-01"]).stdout == "No audit log entries since 2099-01-01 00:00:00.\n")
                let entries = try #require(try JSONSerialization.jsonObject(
                    with: Data(try await rematch(["log", "--json", "--limit", "1"]).stdout.utf8)) as? [[String: Any]])
                #expect(entries.count == 1)
                #expect(Set(entries[0].keys) == ["at", "user", "host", "action", "subject_kind", "subject_id", "before", "after", "summary"])
                #expect(entries[0]["host"] as? String == ProcessInfo.processInfo.hostName)
                #expect(entries[0]["before"] is NSNull)
                #expect(try await rematch(["log", "--since", "yesterday-ish"]).status == 2)

                let preview = "  \(configuration.name) (#\(configuration.id), "
                let dry = try await rematch(["retire-configurations", "--dry-run"])
                #expect(dry.stdout.hasPrefix("1 configuration matched to devices gone from Syncro:\n\(preview)"), "\(dry.stdout)")
                #expect(dry.stdout.contains("← device \"\(asset.name)\" (#\(asset.id)) gone from Syncro, matched automatically (MAC/serial)"))
                #expect(dry.stdout.hasSuffix("Dry run: nothing changed.\n"))
                let unasked = try await rematch(["retire-configurations"])
                #expect(unasked.status == 1)
                #expect(unasked.stdout.contains(preview))
                #expect(unasked.stderr.contains("pass --yes"))
                let retired = try await rematch(["retire-configurations", "--yes"])
                #expect(retired.status == 0, "\(retired.stderr)")
                #expect(retired.stdout.contains("retired: Configuration \"\(configuration.name)\" (#\(configuration.id)) marked Inactive"))
                let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey)
                let records = try await itGlue.configurationsWithNotes(inOrganization: configuration.organizationID)
                #expect(records.first { $0.configuration.id == configuration.id }?.configuration.configurationStatusName == "Inactive")
                #expect(try await rematch(["retire-configurations", "--dry-run"]).stdout
                    == "No matched configuration belongs to a device gone from Syncro.\n")
            }
        }
    }
}
