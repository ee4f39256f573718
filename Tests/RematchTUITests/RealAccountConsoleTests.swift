import RematchCore
import Testing
@testable import RematchTUI

/// What the console shows of real-account shapes (#11): former customers apart, the account's asset types in the
/// type mapping, organizations the matcher never offers marked in Match To.
@Suite("Real-account shapes in the console")
struct RealAccountConsoleTests {
    static var snapshot: Snapshot {
        var snapshot = ConsoleFixture.snapshot
        snapshot.customers.append(Customer(id: 8, businessName: "Harbor View Bakery", disabled: true))
        snapshot.assets.append(Asset(id: 81, customerID: 8, name: "HVB-01", formFactor: "Desktop"))
        snapshot.assets.append(Asset(id: 15, customerID: 1, name: "HEND-DOOR", assetSerial: "DC-1",
                                     assetType: "Door \u{1B}[31mController"))
        snapshot.assets.append(Asset(id: 16, customerID: 1, name: "HEND-FW", assetType: "Firewall"))
        snapshot.organizations.append(Organization(id: "900", name: "Harbor View Bakery", typeName: "Customer", statusName: "Active"))
        snapshot.organizations.append(Organization(id: "901", name: "Cedar Creek Supply", typeName: "Vendor", statusName: "Active"))
        return snapshot
    }

    @Test("a disabled customer waits on Ignored, marked, with its suggestion, and is not counted as work")
    func disabledCustomer() throws {
        try ConsoleFixture.console(Self.snapshot) { console in
            #expect(console.workspace.status(ofCustomer: 8).state == .ignored)
            #expect(!console.workspace.customers(in: .unmatched).contains(8))
            #expect(!console.render(rows: 24, columns: 120).text.contains("Harbor View Bakery"))
            console.press(.character("3"))
            let screen = console.render(rows: 24, columns: 120).text
            #expect(screen.contains("Harbor View Bakery (disabled)"))
            #expect(screen.contains("disabled in Syncro"))
            console.press(.character("m"))
            console.type("harbor view")
            console.press(.enter)
            #expect(console.workspace.status(ofCustomer: 8).organizationID == "900", "a person may still match it")
        }
    }

    @Test("t lists the account's asset types, sanitised, and ←→ gives one another class")
    func assetTypesInTheMapping() throws {
        try ConsoleFixture.console(Self.snapshot) { console in
            console.press(.character("t"))
            let screen = console.render(rows: 30, columns: 100).text
            #expect(screen.contains("Firewall (1)"))
            #expect(screen.contains("→ Network"))
            #expect(!screen.contains("\u{1B}"), "an escape in a type name never reaches the terminal")
            let rows = DeviceClass.allCases.count + TypeMappingPopup.assetTypes(console.workspace).count
            for _ in 0..<rows { console.press(.down) }
            let last = try #require(TypeMappingPopup.assetTypes(console.workspace).last?.name)
            console.press(.right)
            let chosen = try #require(console.workspace.typeMapping.assetTypeClasses[last])
            #expect(chosen != TypeMappingPopup.automaticClass(of: last))
            let asset = try #require(console.workspace.catalog.assets.first { $0.assetType == last })
            #expect(console.workspace.deviceClass(of: asset) == chosen)
            #expect(console.render(rows: 30, columns: 100).text.contains("(chosen)"))
        }
    }

    @Test("Match To lists a Vendor organization, marked")
    func vendorMarked() throws {
        try ConsoleFixture.console(Self.snapshot) { console in
            console.press(.character("m"))
            console.type("cedar creek s")
            #expect(console.render(rows: 24, columns: 100).text.contains("Cedar Creek Supply (Vendor)"))
        }
    }
}
