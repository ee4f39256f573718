import Foundation
import RematchCore
import RematchHTTP
import RematchJSON
import SyncroAPI

/// Writes the IT Glue link of each matched device into its Syncro asset's link field (`write_back_links = true`,
/// the field named by `link_field`, "IT Glue" by default). Only links that changed are written, so a run repeats
/// cheaply. Each write is checked: Syncro keeps only the custom fields an asset type defines, so when the value
/// does not stick the type has no such field, and that is said once per type, with what to create in Syncro,
/// instead of writing to every other asset of the type. A token whose group may not edit assets stops the run.
public struct LinkWriter: Sendable {
    public let syncro: SyncroClient

    public init(syncro: SyncroClient) { self.syncro = syncro }

    public static func link(for configuration: Configuration) -> String {
        configuration.resourceURL ?? "IT Glue configuration #\(configuration.id)"
    }

    public func writeLinks(workspace: Workspace) async -> WriteReport {
        var report = WriteReport()
        var typesWithoutField: [String: Int] = [:]
        for (asset, link) in Self.changedLinks(in: workspace) {
            let type = asset.assetType ?? "Syncro Device"
            if typesWithoutField[type] != nil {
                typesWithoutField[type]! += 1
                continue
            }
            do {
                if try await syncro.writeLink(asset.id, link) {
                    report.linked.append("Link on \(asset.name) → \(link)")
                } else {
                    typesWithoutField[type] = 0
                    report.failures.append("\(asset.name): " + missingField(type: type, refusal: nil))
                }
            } catch where error.kind == .forbidden || error.kind == .unauthorized {
                // The same token has just read the assets, so the key is right: its group may not edit them.
                report.failures.append("\(asset.name): Syncro refused the write (\(error.status.map(String.init) ?? "401")): the API token's "
                    + "group lacks the permission Assets - Edit (the same token read the assets). Ask the account's admin to grant it. "
                    + "No more links were written.")
                return report
            } catch where error.kind == .rejected {
                let refusal = error.details.isEmpty ? error.message : error.details.joined(separator: "; ")
                if refusesField(refusal) {
                    typesWithoutField[type] = 0
                    report.failures.append("\(asset.name): " + missingField(type: type, refusal: refusal))
                } else {
                    // Something about this asset, not its type: the others are still written.
                    report.failures.append("\(asset.name) (Syncro asset #\(asset.id)): Syncro refused the link: \(refusal)")
                }
            } catch {
                report.failures.append("\(asset.name): \(error)")
            }
        }
        for (type, count) in typesWithoutField.sorted(by: { $0.key < $1.key }) where count > 0 {
            report.kept.append("\(count) more \(type) asset\(count == 1 ? "" : "s") without a link, for the same reason")
        }
        return report
    }

    /// The matched devices whose asset does not hold their link yet, in customer order.
    static func changedLinks(in workspace: Workspace) -> [(Asset, String)] {
        var changed: [(Asset, String)] = []
        for customerID in workspace.customerIDs where workspace.status(ofCustomer: customerID).organizationID != nil {
            for asset in workspace.catalog.assets(ofCustomer: customerID) {
                guard let configurationID = workspace.status(ofAsset: asset.id).configurationID,
                      let configuration = workspace.catalog.configuration(configurationID) else { continue }
                let link = link(for: configuration)
                if asset.itGlueLink != link { changed.append((asset, link)) }
            }
        }
        return changed
    }

    /// Whether a refusal is about the link field itself (it names the field, or speaks of properties or custom
    /// fields), rather than about the asset (Syncro validates the whole record on every update).
    func refusesField(_ refusal: String) -> Bool {
        let text = refusal.lowercased()
        return text.contains(syncro.linkField.lowercased()) || text.contains("propert") || text.contains("custom field")
    }

    private func missingField(type: String, refusal: String?) -> String {
        let field = syncro.linkField
        let why = refusal.map { "Syncro refused the field (\($0))" } ?? "Syncro did not keep the link"
        return "\(why): \(type) assets have no custom field named \"\(field)\". In Syncro, Admin → Assets → Manage Types → "
            + "\(type) → New Field: a Web Link named \"\(field)\" (or set link_field to a field that exists); then sync again."
    }
}
