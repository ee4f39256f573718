import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchTestSupport
import Testing
@testable import RematchTUI

@Suite("The console's list in the state file")
struct KeptListInStateFileTests {
    @Test("the console keeps its list in the state file and reads it back only while it is current")
    func keptInTheStateFile() throws {
        try withTemporaryDirectory("rematch-kept") { directory in
            let store = try StateStore(path: directory + "/state.sqlite")
            try store.saveSnapshot(ConsoleFixture.snapshot)
            let workspace = try store.loadWorkspace()
            #expect(try store.loadCustomerList() == nil)
            try store.keepCustomerList(of: workspace)
            let kept = try #require(try store.loadCustomerList())
            let list = KeptCustomerList(of: workspace)
            #expect(kept.devices == list.devices)
            #expect(kept.rows.map(\.id) == list.rows.map(\.id))
            #expect(kept.rows.map(\.state) == list.rows.map(\.state))
            #expect(kept.rows.map(\.suggestion) == list.rows.map(\.suggestion))
            // Kept at an older revision: refused.
            let revision = try store.revision()
            try store.saveTypeMapping(DeviceTypeMapping())
            try store.keepCustomerList(of: workspace, readAt: revision)
            #expect(try store.loadCustomerList() == nil)
        }
    }
}
