import Foundation
import RematchCore
import RematchStore
import RematchSync
import RematchTestSupport
import Testing
@testable import RematchTUI

/// A small account with the traps the console must show, hostile and wide names included.
enum ConsoleFixture {
    static var snapshot: Snapshot {
        Snapshot(
            customers: [
                Customer(id: 1, businessName: "Henderson Plumbing & Heating"),
                Customer(id: 2, businessName: "Riverside Family Dental, PLLC", email: "billing@riverside.example", phone: "555-201-3344"),
                Customer(id: 3, businessName: "Cedar Creek Animal Hospital"),
                Customer(id: 4, firstName: "Mary", lastName: "Novak"),
                Customer(id: 5, businessName: "\u{1B}[31mEvil\u{1B}[0m \u{202E}Corp\u{202C} Ltd"),
                Customer(id: 6, businessName: "株式会社東京商事 Tokyo Trading 🍕"),
                Customer(id: 7, businessName: "Summit Orthodontics"),
            ],
            assets: [
                Asset(id: 11, customerID: 1, name: "HEND-DT01", agentSerial: "HEND0001",
                      adapters: [NetworkAdapter(name: "Ethernet", macAddress: "3C-52-82-00-00-01")], formFactor: "Desktop"),
                Asset(id: 12, customerID: 1, name: "HEND-LT02", agentSerial: "HEND0002", formFactor: "Laptop"),
                Asset(id: 13, customerID: 1, name: "HEND-SRV", agentSerial: "To Be Filled By O.E.M.", osName: "Windows Server 2022 Standard"),
                Asset(id: 14, customerID: 1, name: "HEND-NEW", formFactor: "Laptop"),
                Asset(id: 21, customerID: 2, name: "RFD-01", formFactor: "Desktop"),
                Asset(id: 31, customerID: 3, name: "CCAH-01", formFactor: "Desktop"),
                Asset(id: 41, customerID: 4, name: "MARY-PC", formFactor: "Notebook"),
                Asset(id: 51, customerID: 5, name: "EVIL\u{07}-PC", formFactor: "Desktop"),
                Asset(id: 61, customerID: 6, name: "東京-PC", formFactor: "Desktop"),
                Asset(id: 71, customerID: 7, name: "SUM-01", formFactor: "Desktop"),
            ],
            organizations: [
                Organization(id: "100", name: "Henderson Plumbing and Heating", typeName: "Customer", statusName: "Active"),
                Organization(id: "200", name: "Riverside Family Dental", typeName: "Customer", statusName: "Active"),
                Organization(id: "201", name: "Riverside Dental Lab"),
                Organization(id: "400", name: "Novak, Mary"),
                Organization(id: "500", name: "\u{1B}[31mEvil\u{1B}[0m Corp"),
                Organization(id: "600", name: "株式会社東京商事"),
                Organization(id: "700", name: "Summit Orthodontics Lab"),
                Organization(id: "701", name: "Summit Orthodontic Group"),
                Organization(id: "800", name: "Cedar Creek Veterinary Clinic"),
            ],
            configurations: [
                Configuration(id: "1001", organizationID: "100", name: "HEND-DT01", macAddress: "3c:52:82:00:00:01", serialNumber: "HEND0001"),
                Configuration(id: "1002", organizationID: "100", name: "Old laptop", serialNumber: "HEND0002"),
                Configuration(id: "1003", organizationID: "100", name: "hend-srv"),
                Configuration(id: "1004", organizationID: "100", name: "Spare"),
            ],
            configurationTypes: [ConfigurationType(id: "1", name: "Managed Workstation"), ConfigurationType(id: "2", name: "Laptop"),
                                 ConfigurationType(id: "3", name: "Managed Server")],
            configurationStatuses: [ConfigurationStatus(id: "1", name: "Active")]
        )
    }

    /// A console over a fresh state file holding the fixture.
    static func console(_ snapshot: Snapshot = snapshot, _ body: (Console) throws -> Void) throws {
        try withTemporaryDirectory("rematch-tui") { directory in
            let store = try StateStore(path: directory + "/state.sqlite")
            try store.saveSnapshot(snapshot)
            let console = Console(workbench: try Workbench(store: store, user: "tech"), syncroHost: "acme.syncromsp.com",
                                  itGlueHost: "api.itglue.com")
            try body(console)
        }
    }
}

extension Console {
    /// Presses keys; characters in a string are typed one by one.
    @discardableResult
    func press(_ keys: Key...) -> [ConsoleEffect] { keys.flatMap { handle($0) } }

    @discardableResult
    func type(_ text: String) -> [ConsoleEffect] { text.flatMap { handle(.character($0)) } }
}
