@testable import RematchCore

/// A small account with one customer per situation the console shows.
enum Fixture {
    static let types = [ConfigurationType(id: "1", name: "Managed Workstation"), ConfigurationType(id: "2", name: "Laptop"),
                        ConfigurationType(id: "3", name: "Managed Server")]

    static var snapshot: Snapshot {
        Snapshot(
            customers: [
                Customer(id: 1, businessName: "Henderson Plumbing & Heating"),   // exact → auto-link
                Customer(id: 2, businessName: "Riverside Family Dental, PLLC"),  // suggestion
                Customer(id: 3, businessName: "Cedar Creek Animal Hospital"),    // no candidate
                Customer(id: 4, firstName: "Mary", lastName: "Novak"),           // residential
                Customer(id: 5, businessName: "Empty Shell LLC"),                // no assets: not shown
            ],
            assets: [
                Asset(id: 11, customerID: 1, name: "HEND-DT01", agentSerial: "HEND0001",
                      adapters: [NetworkAdapter(name: "Ethernet", macAddress: "3C-52-82-00-00-01")], formFactor: "Desktop"),
                Asset(id: 12, customerID: 1, name: "HEND-LT02", agentSerial: "HEND0002", formFactor: "Laptop"),
                Asset(id: 13, customerID: 1, name: "HEND-SRV", agentSerial: "To Be Filled By O.E.M.",
                      osName: "Windows Server 2022 Standard"),
                Asset(id: 14, customerID: 1, name: "HEND-NEW", formFactor: "Laptop"),
                Asset(id: 21, customerID: 2, name: "RFD-01", formFactor: "Desktop"),
                Asset(id: 31, customerID: 3, name: "CCAH-01", formFactor: "Desktop"),
                Asset(id: 41, customerID: 4, name: "MARY-PC", formFactor: "Notebook"),
            ],
            organizations: [
                Organization(id: "100", name: "Henderson Plumbing and Heating"),
                Organization(id: "200", name: "Riverside Family Dental"),
                Organization(id: "201", name: "Riverside Dental Lab"),
                Organization(id: "400", name: "Novak, Mary"),
                Organization(id: "900", name: "Unrelated Widgets Inc"),
            ],
            configurations: [
                Configuration(id: "1001", organizationID: "100", name: "HEND-DT01", macAddress: "3c:52:82:00:00:01",
                              serialNumber: "HEND0001"),
                Configuration(id: "1002", organizationID: "100", name: "Old laptop", serialNumber: "HEND0002"),
                Configuration(id: "1003", organizationID: "100", name: "hend-srv"),
                Configuration(id: "1004", organizationID: "100", name: "Spare"),
            ],
            configurationTypes: types
        )
    }

    static var workspace: Workspace { Workspace(snapshot: snapshot) }
}
