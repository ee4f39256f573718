import Testing
@testable import RematchCore

private func asset(_ id: Int, _ name: String, mac: String? = nil, serial: String? = nil, adapter: String = "Ethernet") -> Asset {
    Asset(id: id, customerID: 1, name: name, agentSerial: serial,
          adapters: mac.map { [NetworkAdapter(name: adapter, macAddress: $0)] } ?? [])
}

private func configuration(_ id: String, _ name: String, mac: String? = nil, serial: String? = nil, archived: Bool = false) -> Configuration {
    Configuration(id: id, organizationID: "10", name: name, macAddress: mac, serialNumber: serial, archived: archived)
}

@Suite("Device matching")
struct DeviceMatcherTests {
    @Test("MAC + serial, MAC, and serial auto-link in that order; name is only a suggestion")
    func order() throws {
        let assets = [
            asset(1, "PC-1", mac: "3C-52-82-AA-00-01", serial: "SER00001"),
            asset(2, "PC-2", mac: "3C-52-82-AA-00-02"),
            asset(3, "PC-3", serial: "SER00003"),
            asset(4, "PC-4"),
        ]
        let configurations = [
            configuration("c1", "Old name 1", mac: "3c:52:82:aa:00:01", serial: "ser00001"),
            configuration("c2", "Old name 2", mac: "3c5282aa0002"),
            configuration("c3", "Old name 3", serial: "SER00003"),
            configuration("c4", "pc-4"),
        ]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.isAutoLink == true)
        #expect(results[1]?.best?.reason == "MAC + serial")
        #expect(results[1]?.best?.evidence.map(\.kind) == [.mac, .serial])
        #expect(results[2]?.isAutoLink == true)
        #expect(results[2]?.best?.reason == "MAC")
        #expect(results[3]?.isAutoLink == true)
        #expect(results[3]?.best?.reason == "serial")
        #expect(results[4]?.isAutoLink == false)
        #expect(results[4]?.best?.configurationID == "c4")
        #expect(try #require(results[4]?.best).reason.contains("same name"))
    }

    @Test("MAC + serial beats a MAC-only candidate; a MAC on two configurations is no identity, the device's own serial is")
    func strongerLevelWins() {
        let assets = [asset(1, "PC-1", mac: "3C-52-82-AA-00-01", serial: "SER00001")]
        let configurations = [
            configuration("a", "A", mac: "3C-52-82-AA-00-01"),
            configuration("b", "B", mac: "3C-52-82-AA-00-01", serial: "SER00001"),
        ]
        let result = DeviceMatcher.match(assets: assets, configurations: configurations)[1]
        #expect(result?.best?.configurationID == "b")
        #expect(result?.isAutoLink == true)
        #expect(result?.best?.reason == "serial")
        // Unique on both: MAC + serial.
        let unique = DeviceMatcher.match(assets: assets, configurations: [configuration("a", "A", mac: "3C-52-82-AA-00-02"),
                                                                          configuration("b", "B", mac: "3C-52-82-AA-00-01", serial: "SER00001")])[1]
        #expect(unique?.best?.configurationID == "b" && unique?.best?.reason == "MAC + serial" && unique?.isAutoLink == true)
    }

    @Test("a dock's MAC documented on another laptop's configuration never hides a device's own serial on its own configuration")
    func dockMACDoesNotHideSerial() {
        let dock = "8C-AE-4C-DD-00-01"
        let assets = [asset(1, "LT-1", mac: dock, serial: "5CG00001"), asset(2, "LT-2", mac: dock, serial: "5CG00002")]
        let configurations = [configuration("c1", "LT-1", serial: "5CG00001"), configuration("c2", "LT-OLD", mac: dock)]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.best?.configurationID == "c1")
        #expect(results[1]?.isAutoLink == true)
        #expect(results[2]?.isAutoLink == false, "LT-2 only shares the dock's MAC with c2")
    }

    @Test("a USB adapter that moved: its MAC on a configuration whose serial differs is a proposal with the reason, never a link")
    func movedAdapter() throws {
        let assets = [asset(1, "LT-9", mac: "00-0E-C6-AA-00-01", serial: "5CG00009", adapter: "Ethernet 3 · ASIX AX88179 USB 3.0 to Gigabit Ethernet Adapter")]
        let configurations = [configuration("c1", "LT-3", mac: "00:0e:c6:aa:00:01", serial: "5CG00003")]
        let result = try #require(DeviceMatcher.match(assets: assets, configurations: configurations)[1])
        #expect(result.isAutoLink == false)
        #expect(result.best?.score == 0.5)
        #expect(result.best?.reason.contains("whose serial differs") == true)
    }

    @Test("a USB adapter's MAC on a configuration without a serial never outweighs the device's own serial and name on its own: no link")
    func adapterMACAgainstOwnSerial() throws {
        let dongle = "00-0E-C6-AA-00-07"
        let assets = [asset(1, "LT-7", mac: dongle, serial: "5CG00007", adapter: "Ethernet 2 · ASIX AX88179 USB 3.0 to Gigabit Ethernet Adapter")]
        let configurations = [configuration("own", "LT-7", serial: "5CG00007"), configuration("other", "LT-4", mac: dongle)]
        let result = try #require(DeviceMatcher.match(assets: assets, configurations: configurations)[1])
        #expect(result.isAutoLink == false, "a MAC and a serial that point at different configurations never link")
        #expect(result.best?.configurationID == "own")
        #expect(result.best?.score == 0.75)
        #expect(result.best?.reason.contains("MAC 00:0e:c6:aa:00:07 is on LT-4 (a moved USB adapter?)") == true, "\(result.best?.reason ?? "")")
    }

    @Test("a docked laptop with a placeholder serial: the dock's MAC on the dock's record never links it; its own name is the proposal (#26 item 9)")
    func dockedPlaceholder() throws {
        let dock = "D8-D0-90-AA-00-01"
        var laptop = asset(1, "LT-12", mac: dock, serial: "Default string", adapter: "Ethernet 2 · Dell USB-C Dock (Realtek USB GbE Family Controller)")
        laptop.adapters.insert(NetworkAdapter(name: "Wi-Fi · Intel(R) Wi-Fi 6 AX201 160MHz", macAddress: "3C-52-82-AA-00-12"), at: 0)
        let configurations = [configuration("dock", "DOCK-11", mac: dock), configuration("own", "LT-12")]
        let result = try #require(DeviceMatcher.match(assets: [laptop], configurations: configurations)[1])
        #expect(!result.isAutoLink)
        #expect(result.best?.configurationID == "own")
        #expect(result.best?.reason.contains("plug-in adapter's (USB or dock), documented on DOCK-11") == true, "\(result.best?.reason ?? "")")
        // Without its own record, the dock's is a proposal with the caution, never a link.
        let alone = try #require(DeviceMatcher.match(assets: [laptop], configurations: [configurations[0]])[1])
        #expect(!alone.isAutoLink && alone.isAmbiguous && alone.best?.configurationID == "dock")
        // A MAC of the device's own card links, whatever the record is called.
        let own = try #require(DeviceMatcher.match(assets: [laptop], configurations: [configuration("old", "OLD-NAME", mac: "3C-52-82-AA-00-12")])[1])
        #expect(own.isAutoLink && own.best?.configurationID == "old")
    }

    @Test("a MAC-only hit on one record while another carries the device's name is for a person to decide")
    func macAgainstName() throws {
        let device = asset(1, "PC-7", mac: "3C-52-82-AA-00-07")
        let result = try #require(DeviceMatcher.match(assets: [device], configurations: [configuration("mac", "PC-3", mac: "3C-52-82-AA-00-07"),
                                                                                          configuration("name", "PC-7")])[1])
        #expect(!result.isAutoLink && result.isAmbiguous)
        #expect(result.best?.configurationID == "mac")
        #expect(result.best?.reason.contains("MAC 3c:52:82:aa:00:07 is on PC-3, the name on PC-7") == true, "\(result.best?.reason ?? "")")
    }

    @Test("a VM documented by its own hypervisor MAC links to it; its undocumented clone is offered nothing (#26 item 9)")
    func guestMACs() {
        func vm(_ id: Int, _ name: String, _ mac: String) -> Asset {
            Asset(id: id, customerID: 1, name: name, agentSerial: "VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8",
                  adapters: [NetworkAdapter(name: "Ethernet0 · vmxnet3 Ethernet Adapter", macAddress: mac)],
                  formFactor: "Virtual Machine", manufacturer: "VMware, Inc.", model: "VMware Virtual Platform")
        }
        let assets = [vm(1, "SRV-APP", "00-50-56-01-00-01"), vm(2, "SRV-APP-CLONE", "00-50-56-01-00-02")]
        let configurations = [configuration("app", "APP-VM1", mac: "00:50:56:01:00:01", serial: "VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8")]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.isAutoLink == true && results[1]?.best?.configurationID == "app")
        #expect(results[2] == DeviceSuggestion.none)
    }

    @Test("an undocumented VM clone is not offered its sibling's configuration, which the sibling links to by its own MAC")
    func undocumentedClone() {
        let assets = [asset(1, "VM-1", mac: "3C-52-82-AA-00-01", serial: "VMW-TEMPLATE-1"), asset(2, "VM-2", mac: "3C-52-82-AA-00-02", serial: "VMW-TEMPLATE-1")]
        let configurations = [configuration("c1", "VM-1", mac: "3C-52-82-AA-00-01", serial: "VMW-TEMPLATE-1")]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.isAutoLink == true && results[1]?.best?.reason == "MAC")
        #expect(results[2] == DeviceSuggestion.none)
    }

    @Test("a dock MAC shared by laptops never auto-links")
    func dockMAC() throws {
        let dock = "8C-AE-4C-DD-00-01"
        let assets = [asset(1, "LT-1", mac: dock), asset(2, "LT-2", mac: dock)]
        let configurations = [configuration("c1", "LT-1", mac: dock)]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.isAutoLink == false)
        #expect(results[2]?.isAutoLink == false)
        let reason = try #require(results[1]?.best?.reason)
        #expect(reason.contains("shared by 2 devices"))
        #expect(reason.contains("the name agrees"))
        #expect(results[1]?.best?.score == 0.75)
    }

    @Test("cloned VMs sharing a serial never auto-link")
    func clonedSerial() throws {
        let assets = [asset(1, "VM-1", serial: "VMW-CLONE-1"), asset(2, "VM-2", serial: "VMW-CLONE-1")]
        let configurations = [configuration("c1", "VM-1", serial: "VMW-CLONE-1"), configuration("c2", "VM-2", serial: "VMWCLONE1")]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.isAutoLink == false)
        #expect(results[1]?.best?.configurationID == "c1")
        #expect(try #require(results[1]?.best?.reason).contains("cloned VMs"))
        #expect(results[2]?.best?.configurationID == "c2")
    }

    @Test("junk serials and virtual adapters never match")
    func junkNeverMatches() {
        let assets = [
            asset(1, "PC-1", serial: "To Be Filled By O.E.M."),
            asset(2, "PC-2", mac: "00-15-5D-00-00-01", adapter: "Hyper-V Virtual Ethernet Adapter"),
        ]
        let configurations = [
            configuration("c1", "Other 1", serial: "To be filled by O.E.M."),
            configuration("c2", "Other 2", mac: "00-15-5D-00-00-01"),
        ]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.best == nil)
        #expect(results[2]?.best == nil)
    }

    @Test("new devices with no counterpart stay unmatched")
    func newDevice() {
        let results = DeviceMatcher.match(assets: [asset(1, "NEW-PC", mac: "3C-52-82-AA-00-09", serial: "NEW12345")],
                                          configurations: [configuration("c1", "OLD-PC", serial: "OLD12345")])
        #expect(results[1] == DeviceSuggestion.none)
    }

    @Test("archived and reserved configurations are not proposed; decided assets are skipped")
    func reservedAndArchived() {
        let assets = [asset(1, "PC-1", serial: "SER00001"), asset(2, "PC-2", serial: "SER00002")]
        let configurations = [configuration("c1", "PC-1", serial: "SER00001", archived: true),
                              configuration("c2", "PC-2", serial: "SER00002")]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations, reserved: ["c2"], decided: [])
        #expect(results[1]?.best?.configurationID == nil)
        #expect(results[2]?.best == nil)
        let skipped = DeviceMatcher.match(assets: assets, configurations: configurations, decided: [2])
        #expect(skipped[2] == nil)
    }

    @Test("two assets may not auto-link one configuration")
    func conflictingAutoLinks() {
        let assets = [asset(1, "PC-1", mac: "3C-52-82-AA-00-01"), asset(2, "PC-2", serial: "SER00002")]
        let configurations = [configuration("c1", "X", mac: "3C-52-82-AA-00-01", serial: "SER00002")]
        let results = DeviceMatcher.match(assets: assets, configurations: configurations)
        #expect(results[1]?.isAutoLink == false)
        #expect(results[2]?.isAutoLink == false)
        #expect(results[1]?.best?.reason.contains("also matches PC-2") == true)
    }

    @Test("same name but different serials is a weak suggestion")
    func nameWithConflictingSerial() {
        let results = DeviceMatcher.match(assets: [asset(1, "PC-1", serial: "AAAA1111")],
                                          configurations: [configuration("c1", "PC-1", serial: "BBBB2222")])
        #expect(results[1]?.best?.score == 0.45)
        #expect(results[1]?.isAutoLink == false)
    }
}
