import Foundation
import RematchCore
import RematchJSON
import SyncroAPI

/// Writes the IT Glue link of each matched device into its Syncro asset's "IT Glue" property
/// (`write_back_links = true`). Only links that changed are written, so a run repeats cheaply.
public struct LinkWriter: Sendable {
    public let syncro: SyncroClient

    public init(syncro: SyncroClient) { self.syncro = syncro }

    public static func link(for configuration: Configuration) -> String {
        configuration.resourceURL ?? "IT Glue configuration #\(configuration.id)"
    }

    public func writeLinks(workspace: Workspace) async -> WriteReport {
        var report = WriteReport()
        for customerID in workspace.customerIDs where workspace.status(ofCustomer: customerID).organizationID != nil {
            for asset in workspace.catalog.assets(ofCustomer: customerID) {
                guard let configurationID = workspace.status(ofAsset: asset.id).configurationID,
                      let configuration = workspace.catalog.configuration(configurationID) else { continue }
                let link = Self.link(for: configuration)
                guard asset.itGlueLink != link else { continue }
                do {
                    try await syncro.updateAssetProperties(asset.id, [SyncroClient.linkProperty: .string(link)])
                    report.linked.append("Link on \(asset.name) → \(link)")
                } catch {
                    report.failures.append("\(asset.name): \(error)")
                }
            }
        }
        return report
    }
}
