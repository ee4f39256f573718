import ITGlueAPI
import RematchCore
import RematchHTTP

extension RemoteWriter {
    /// Moves the configurations devices are waiting for into their customers' organizations (devices that changed
    /// hands). Setting a configuration's organization is idempotent, so an interrupted move is simply sent again.
    /// IT Glue's answer decides: a record answered in the new organization moved; one answered where it was did
    /// not (the device is unmatched again and the report says so); a refusal is reported with IT Glue's words.
    public func moveConfigurations(in workbench: Workbench, organizationID only: String? = nil) async -> WriteReport {
        var report = WriteReport()
        let workspace = workbench.workspace
        let waiting = workspace.deviceDecisions.compactMap { id, decision -> (asset: Int, configuration: String, into: String)? in
            guard case .moveConfiguration(let configurationID, _) = decision, let asset = workspace.catalog.asset(id),
                  let organization = workspace.status(ofCustomer: asset.customerID).organizationID,
                  only == nil || only == organization else { return nil }
            return (id, configurationID, organization)
        }.sorted { $0.asset < $1.asset }
        for move in waiting {
            let catalog = workbench.workspace.catalog
            let name = catalog.configuration(move.configuration)?.name ?? "#\(move.configuration)"
            let into = catalog.organization(move.into)?.name ?? "#\(move.into)"
            do {
                let answer = try await itGlue.moveConfiguration(id: move.configuration, toOrganization: move.into)
                if answer.organizationID == move.into {
                    try workbench.perform(.configurationsMoved([move.asset: answer]))
                    report.moved.append("Configuration \"\(name)\" (#\(move.configuration)) moved into \(into)")
                } else {
                    try workbench.perform(.configurationMovesRefused(assets: [move.asset]))
                    let kept = catalog.organization(answer.organizationID)?.name ?? "#\(answer.organizationID)"
                    report.failures.append("\(name): IT Glue answered but kept it in \(kept); move it in IT Glue, then sync "
                        + "(the device is unmatched again)")
                }
            } catch let error as APIError where error.kind == .rejected || error.kind == .notFound {
                _ = try? workbench.perform(.configurationMovesRefused(assets: [move.asset]))
                report.failures.append("\(name): IT Glue did not move it: \(error.details.first ?? error.message) (the device is unmatched again)")
            } catch {
                report.failures.append("\(name): \(error) (the move is sent again next time)")
            }
        }
        return report
    }
}
