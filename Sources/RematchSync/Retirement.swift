import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import SyncroAPI

/// Marks Inactive the configurations whose Syncro asset is gone (only when asked: `rematch retire-configurations`).
/// A device missing from one paged list read is not gone: pages shift while agents update assets, and Syncro
/// documents no order. So each asset is asked for by id first, and only a 404 retires its configuration.
struct Retirement: Sendable {
    let itGlue: ITGlueClient
    let syncro: SyncroClient

    func retireConfigurations(in workbench: Workbench) async -> WriteReport {
        var report = WriteReport()
        let workspace = workbench.workspace
        let candidates = workspace.retirableConfigurations
        guard !candidates.isEmpty else { return report }
        guard let inactive = workspace.catalog.snapshot.configurationStatuses.first(where: { $0.name.lowercased() == "inactive" }) else {
            report.failures.append("IT Glue has no configuration status named Inactive.")
            return report
        }
        var retired: [Int] = []
        for (assetID, configuration) in candidates {
            do {
                if try await syncro.assetExists(assetID) {
                    report.kept.append("\(configuration.name) (#\(configuration.id)): Syncro still has asset #\(assetID), so it "
                        + "was not retired; the list read missed it (sync again to see it)")
                    continue
                }
                do {
                    _ = try await itGlue.setConfigurationStatus(id: configuration.id, statusID: inactive.id)
                    report.retired.append("Configuration \"\(configuration.name)\" (#\(configuration.id)) marked Inactive")
                } catch where error.kind == .rejected && Self.keptByPSA(configuration, refusal: error) {
                    // IT Glue refuses status changes on a configuration a PSA keeps, but archiving is allowed; once
                    // archived it is no longer offered, so the refusal is never met again.
                    _ = try await itGlue.archiveConfiguration(id: configuration.id)
                    report.retired.append("Configuration \"\(configuration.name)\" (#\(configuration.id)) archived: IT Glue refuses "
                        + "status changes on it (\(error.details.first ?? error.message))")
                }
                retired.append(assetID)
            } catch {
                report.failures.append("\(configuration.name): \(error)")
            }
        }
        if !retired.isEmpty {
            do { try workbench.perform(.configurationsRetired(assets: retired)) } catch {
                report.failures.append("The retirements could not be recorded: \(error)")
            }
        }
        return report
    }

    /// Whether a refused status change is IT Glue's rule for records a PSA keeps: the configuration says so
    /// (`psa-integration`), or the refusal does ("externally synced records can only update …"). Any other
    /// refusal is reported as it stands, and the configuration is left as it is.
    static func keptByPSA(_ configuration: Configuration, refusal: APIError) -> Bool {
        configuration.psaIntegration != nil
            || ([refusal.message] + refusal.details).contains { $0.localizedCaseInsensitiveContains("externally synced") }
    }
}
