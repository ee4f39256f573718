import Foundation
import RematchCore
import RematchPresentation
import RematchStore

/// The console's customer list, kept in the state file for the next start (the store keeps it as one value).
extension StateStore {
    /// The list the last console kept, or nil when there is none, a later write made it stale, or it cannot be read.
    public func loadCustomerList() throws -> KeptCustomerList? {
        try keptList().flatMap(KeptCustomerList.init(decoding:))
    }

    /// Keeps the list of a workspace read at `revision` (by default: now, for a workspace that holds every write
    /// to this file), unless the kept one is already current or a write came in since.
    public func keepCustomerList(of workspace: Workspace, readAt revision: Int? = nil) throws {
        let revision = try revision ?? self.revision()
        guard try keptListRevision() != revision else { return }
        try saveKeptList(KeptCustomerList(of: workspace).encoded(), revision: revision)
    }
}
