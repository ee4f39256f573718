import Testing
@testable import RematchCore

@Suite("Device identity")
struct DeviceIdentityTests {
    @Test("MACs compare without separators or case", arguments: [
        "F8-75-A4-19-C6-22", "f8:75:a4:19:c6:22", "f875.a419.c622", "F875A419C622", " f8 75 a4 19 c6 22 ",
    ])
    func macForms(text: String) {
        #expect(DeviceIdentity.normalizeMAC(text) == "f875a419c622")
    }

    @Test("things that are not one MAC are rejected", arguments: [
        "", "00:00:00:00:00:00", "FF-FF-FF-FF-FF-FF", "f8:75:a4:19:c6", "f8:75:a4:19:c6:22:11", "zz:75:a4:19:c6:22",
        "f8:75:a4:19:c6:22, 00:11:22:33:44:55",
    ])
    func badMACs(text: String) {
        #expect(DeviceIdentity.normalizeMAC(text) == nil)
    }

    @Test("virtual, VPN, loopback and Bluetooth adapters are not identity", arguments: [
        ("00-15-5D-01-02-03", "Ethernet"),  // Hyper-V
        ("00-50-56-AA-BB-CC", "Ethernet0"),  // VMware
        ("00-0C-29-AA-BB-CC", "Ethernet0"),
        ("08-00-27-AA-BB-CC", "Ethernet"),  // VirtualBox
        ("3C-52-82-AA-01-02", "TAP-Windows Adapter V9"),
        ("3C-52-82-AA-01-03", "Fortinet SSL VPN Virtual Ethernet Adapter"),
        ("3C-52-82-AA-01-04", "Bluetooth Device (Personal Area Network)"),
        ("3C-52-82-AA-01-05", "Software Loopback Interface 1"),
        ("02-42-AC-11-00-02", "eth0"),  // locally administered
        ("3C-52-82-AA-01-06", "vEthernet (Default Switch)"),
    ])
    func nonIdentity(mac: String, name: String) {
        let asset = Asset(id: 1, customerID: 1, name: "PC", adapters: [NetworkAdapter(name: name, macAddress: mac)])
        #expect(DeviceIdentity.identityMACs(of: asset).isEmpty)
    }

    @Test("on a virtual machine its own card's hypervisor MAC is identity; a host's virtual switch and a VPN are not (#26 item 9)", arguments: [
        ("VMware, Inc.", "VMware Virtual Platform", "Ethernet0 · vmxnet3 Ethernet Adapter", "00-50-56-01-02-03", true),
        ("Microsoft Corporation", "Virtual Machine", "Ethernet · Microsoft Hyper-V Network Adapter", "00-15-5D-01-02-03", true),
        ("QEMU", "KVM Virtual Machine", "Ethernet · Red Hat VirtIO Ethernet Adapter", "52-54-00-01-02-03", true),
        ("Microsoft Corporation", "Virtual Machine", "Ethernet 2 · Fortinet SSL VPN Virtual Ethernet Adapter", "00-15-5D-01-02-04", false),
        ("Dell Inc.", "PowerEdge R650", "vEthernet (Default Switch) · Hyper-V Virtual Ethernet Adapter", "00-15-5D-01-02-05", false),
        ("Dell Inc.", "PowerEdge R650", "Ethernet · Microsoft Hyper-V Network Adapter", "00-15-5D-01-02-06", false),
    ])
    func guestCard(maker: String, model: String, adapter: String, mac: String, isIdentity: Bool) {
        let asset = Asset(id: 1, customerID: 1, name: "SRV", adapters: [NetworkAdapter(name: adapter, macAddress: mac)],
                          formFactor: model.contains("Virtual") ? "Virtual Machine" : "Rack Mount Chassis", manufacturer: maker, model: model)
        #expect(DeviceIdentity.identityMACs(of: asset) == (isIdentity ? [DeviceIdentity.normalizeMAC(mac)!] : []))
        // IT Glue keeps no adapter names: a hypervisor's MAC documented on a configuration is kept, for the VM to find.
        let configuration = Configuration(id: "c", organizationID: "o", name: "SRV", macAddress: mac)
        #expect(DeviceIdentity.identityMACs(of: configuration) == [DeviceIdentity.normalizeMAC(mac)!])
    }

    /// A real adapter is identity (a MAC listed twice counts once); one whose description names a VPN or virtual
    /// product is not, whatever Windows calls the connection.
    @Test("a real adapter is identity; a VPN adapter is not, by its name or its description", arguments: [
        ("Intel(R) Ethernet Connection I219-LM", "3C-52-82-AA-01-02", "Wi-Fi", "3c:52:82:aa:01:02"),
        ("Ethernet · Intel(R) Ethernet Connection I219-LM", "3C-52-82-AA-01-02",
         "Ethernet 5 · Fortinet Virtual Ethernet Adapter (NDIS 6.30)", "00-09-0F-AA-00-01"),
    ])
    func realAdapter(first: String, firstMAC: String, second: String, secondMAC: String) {
        let asset = Asset(id: 1, customerID: 1, name: "PC", adapters: [
            NetworkAdapter(name: first, macAddress: firstMAC), NetworkAdapter(name: second, macAddress: secondMAC),
        ])
        #expect(DeviceIdentity.identityMACs(of: asset) == ["3c5282aa0102"])
    }

    @Test("placeholder serials are not identity", arguments: [
        "To Be Filled By O.E.M.", "System Serial Number", "Default string", "Chassis Serial Number", "Not Specified",
        "None", "N/A", "0", "0123456789", "123456789", "", "   ", "00000000", "XXXXXXXXXX", "1234567890ABC", "n/a ",
        "TO BE FILLED BY O.E.M.", "abc",
        // Outside any fixed list: made of placeholder words, SMBIOS default UUIDs, digit runs.
        "Default", "OEM Serial Number", "N/A N/A", "Type1ProductConfigId", "Type2 - Board Serial Number", "Not Available N/A",
        "System SKU Number", "Base Board Serial", "03000200-0400-0500-0006-000700080009", "1234", "23456", "Serial No.",
    ])
    func junkSerials(text: String) {
        #expect(DeviceIdentity.normalizeSerial(text) == nil)
    }

    @Test("real serials normalize to letters and digits, upper-cased")
    func realSerials() {
        #expect(DeviceIdentity.normalizeSerial(" 5cg1234xyz ") == "5CG1234XYZ")
        #expect(DeviceIdentity.normalizeSerial("VMware-56 4d 12 34") == "VMWARE564D1234")
        #expect(DeviceIdentity.normalizeSerial("C02-XK1-ABC") == "C02XK1ABC")
        // Real serials that hold placeholder-like parts, or digits out of order, are kept.
        #expect(DeviceIdentity.normalizeSerial("OEM-5CG1234") == "OEM5CG1234")
        #expect(DeviceIdentity.normalizeSerial("Default 8H2K9") == "DEFAULT8H2K9")
        #expect(DeviceIdentity.normalizeSerial("13579") == "13579")
        #expect(DeviceIdentity.normalizeSerial("4C4C4544-0042-3510-8048-B4C04F4E3732") == "4C4C4544004235108048B4C04F4E3732")
    }

    @Test("agent serial comes first and duplicates collapse")
    func serialCandidates() {
        let asset = Asset(id: 1, customerID: 1, name: "PC", assetSerial: "abc123x", agentSerial: "ABC123X")
        #expect(DeviceIdentity.identitySerials(of: asset) == ["ABC123X"])
        let junkAgent = Asset(id: 2, customerID: 1, name: "PC", assetSerial: "5CG1234XYZ", agentSerial: "To Be Filled By O.E.M.")
        #expect(DeviceIdentity.identitySerials(of: junkAgent) == ["5CG1234XYZ"])
    }

    @Test("device names ignore case and DNS domain")
    func names() {
        #expect(DeviceIdentity.normalizeName("HEND-LT04.corp.local") == "hend-lt04")
        #expect(DeviceIdentity.normalizeName("pc01.Acme.co.uk") == "pc01")
        #expect(DeviceIdentity.normalizeName("NAS01.lan") == "nas01")
        // A dot that starts no domain is part of the name.
        #expect(DeviceIdentity.normalizeName("J.SMITH-PC") == "j.smith-pc")
        #expect(DeviceIdentity.normalizeName("Dr. Lee's Laptop") == "dr. lee's laptop")
        #expect(DeviceIdentity.normalizeName("Ops.Printer") == "ops.printer")
        #expect(DeviceIdentity.normalizeName("Réception.local") == "reception")
        #expect(DeviceIdentity.normalizeName("  ") == nil)
    }
}

@Suite("Device class")
struct DeviceClassTests {
    @Test("form factor, OS and model give the class", arguments: [
        ("Laptop", "Microsoft Windows 11 Pro", nil, DeviceClass.laptop),
        ("Notebook", "Microsoft Windows 10 Pro", nil, .laptop),
        ("Desktop", "Microsoft Windows 11 Pro", nil, .desktop),
        ("Mini Tower", "Microsoft Windows 10 Pro", nil, .desktop),
        ("All In One", "Microsoft Windows 11 Home", nil, .desktop),
        ("Rack Mount Chassis", "Microsoft Windows Server 2019 Standard", nil, .server),
        ("Desktop", "Microsoft Windows Server 2022 Standard", nil, .server),  // a server OS wins
        ("Virtual Machine", "Microsoft Windows Server 2022 Datacenter", "VMware Virtual Platform", .server),
        ("Virtual Machine", "Microsoft Windows 11 Enterprise", "Virtual Machine", .desktop),
        (nil, "macOS 14.4", "MacBook Pro", .laptop),
        (nil, "macOS 14.4", "Mac mini", .desktop),
        (nil, "Ubuntu 22.04", "PowerEdge R740", .server),
        ("Other", "Ubuntu Server 22.04", nil, .server),
        (nil, nil, nil, .other),
        ("Unknown", "Cisco IOS", nil, .other),
    ] as [(String?, String?, String?, DeviceClass)])
    func classify(form: String?, os: String?, model: String?, expected: DeviceClass) {
        #expect(DeviceClass.classify(formFactor: form, osName: os, model: model) == expected)
    }

    @Test("the proposed mapping picks types by name")
    func proposedMapping() {
        let types = [ConfigurationType(id: "1", name: "Managed Workstation"), ConfigurationType(id: "2", name: "Laptop"),
                     ConfigurationType(id: "3", name: "Managed Server"), ConfigurationType(id: "4", name: "Printer")]
        let mapping = DeviceTypeMapping.proposed(from: types)
        #expect(mapping[.desktop] == "1")
        #expect(mapping[.laptop] == "2")
        #expect(mapping[.server] == "3")
        #expect(mapping[.other] == nil)
        #expect(mapping[.printer] == "4")
        #expect(mapping[.network] == nil)
        let withOther = DeviceTypeMapping.proposed(from: types + [ConfigurationType(id: "6", name: "Other")])
        #expect(withOther[.network] == "6", "no network type: network devices are created as Other")
    }

    @Test("an account-defined asset type's name gives the class before the agent's report; agent devices go by the report")
    func assetTypeClasses() {
        let cases: [(String, DeviceClass?)] = [
            ("Printer", .printer), ("Copier / MFP", .printer), ("Network Device", .network), ("Firewall", .network),
            ("Core Switch", .network), ("Wireless Access Point", .network), ("Domain Controller", .server),
            ("Server", .server), ("Laptop", .laptop), ("Workstation", .desktop), ("UPS", .other), ("NAS", .other),
            ("Syncro Device", nil), ("Asset", nil),
        ]
        for (type, expected) in cases { #expect(DeviceClass.classify(assetType: type) == expected, "\(type)") }
        var printer = Asset(id: 1, customerID: 1, name: "PRN-01", model: "PowerEdge R740", assetType: "Printer")
        #expect(DeviceClass.classify(printer) == .printer)
        #expect(DeviceClass.classify(printer, assetTypeClasses: ["Printer": .other]) == .other)
        printer.assetType = "Syncro Device"
        #expect(DeviceClass.classify(printer, assetTypeClasses: ["Syncro Device": .other]) == .server, "agent devices go by the report")
        let unnamed = Asset(id: 2, customerID: 1, name: "BOX", model: "OptiPlex 7090", assetType: "Asset")
        #expect(DeviceClass.classify(unnamed) == .desktop, "a type that says nothing falls back to the model")
    }
}
