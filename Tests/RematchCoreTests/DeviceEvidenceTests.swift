import Testing
@testable import RematchCore

/// The customers' own devices as a second witness for organization suggestions (``IdentityIndex``,
/// `Matching/Organization/DeviceEvidence.swift`), and branches a plain name's organization must not swallow.
@Suite("Organization evidence from devices and branches")
struct DeviceEvidenceTests {
    /// A customer with `devices` assets, each with its own serial; the first `documentedIn.count` of them are
    /// documented (same serial) in the organizations given, one each.
    private static func add(_ snapshot: inout Snapshot, customer: Customer, devices: Int, documentedIn: [String]) {
        for number in 1...devices {
            let serial = "5CG\(customer.id)X\(number)"
            snapshot.assets.append(Asset(id: customer.id * 100 + number, customerID: customer.id, name: "PC-\(customer.id)-\(number)",
                                         agentSerial: serial))
            if number <= documentedIn.count {
                snapshot.configurations.append(Configuration(id: "5\(customer.id * 100 + number)", organizationID: documentedIn[number - 1],
                                                             name: "Old name \(number)", serialNumber: serial))
            }
        }
        snapshot.customers.append(customer)
    }

    private static var base: Snapshot {
        var snapshot = Fixture.snapshot
        snapshot.organizations += [Organization(id: "600", name: "John Smith"), Organization(id: "601", name: "Smith, John"),
                                   Organization(id: "700", name: "Acme Widgets"), Organization(id: "701", name: "Acme Widgets"),
                                   Organization(id: "800", name: "Bluebird Bakery"), Organization(id: "801", name: "Northwind Traders"),
                                   Organization(id: "802", name: "QX Holdings Intl")]
        return snapshot
    }

    @Test("namesakes: each John Smith goes to the organization that holds his devices, without an auto-link")
    func namesakesSettled() {
        var snapshot = Self.base
        Self.add(&snapshot, customer: Customer(id: 6, firstName: "John", lastName: "Smith"), devices: 3, documentedIn: ["600", "600", "600"])
        Self.add(&snapshot, customer: Customer(id: 7, firstName: "John", lastName: "Smith"), devices: 2, documentedIn: ["601"])
        let workspace = Workspace(snapshot: snapshot)
        for (customer, organization, reason) in [(6, "600", "All 3 devices' serials documented in John Smith"),
                                                 (7, "601", "1 of 2 devices' serials documented in Smith, John")] {
            let suggestion = workspace.status(ofCustomer: customer).suggestion
            #expect(workspace.status(ofCustomer: customer).state == .unmatched)
            #expect(suggestion.best?.organizationID == organization, "customer \(customer)")
            #expect(suggestion.best?.reason.hasPrefix(reason) == true, "\(suggestion.best?.reason ?? "none")")
            #expect((0.95...0.99).contains(suggestion.best?.score ?? 0))
            #expect(!suggestion.isAutoLink && !suggestion.isAmbiguous && suggestion.isPlain)
        }
    }

    @Test("an organization entered twice: the twin that holds the devices; without devices, ambiguous and the same every time")
    func twinsSettled() {
        var snapshot = Self.base
        Self.add(&snapshot, customer: Customer(id: 8, businessName: "Acme Widgets"), devices: 2, documentedIn: ["701", "701"])
        let settled = Workspace(snapshot: snapshot).status(ofCustomer: 8).suggestion
        #expect(settled.best?.organizationID == "701")
        #expect(settled.best?.reason.hasPrefix("All 2 devices' serials documented in Acme Widgets") == true)
        #expect(!settled.isAutoLink && !settled.isAmbiguous)

        var bare = Self.base
        Self.add(&bare, customer: Customer(id: 8, businessName: "Acme Widgets"), devices: 2, documentedIn: [])
        let answers = (0..<4).map { _ in Workspace(snapshot: bare).status(ofCustomer: 8).suggestion }
        #expect(answers.allSatisfy { $0.isAmbiguous && !$0.isAutoLink })
        #expect(Set(answers.compactMap { $0.best?.organizationID }).count == 1, "ties break by id, never by hash order")
        #expect(answers[0].best?.organizationID == "700")
    }

    @Test("two devices documented elsewhere hold a name suggestion back, never an exact unique name's auto-link; one moved device does not")
    func contradiction() throws {
        for name in ["Bluebird Bakery Co", "Bluebird Bakery"] {
            // Without devices, the name alone: a plain suggestion (an auto-link for the exact name).
            var alone = Self.base
            Self.add(&alone, customer: Customer(id: 9, businessName: name), devices: 3, documentedIn: [])
            let plain = Workspace(snapshot: alone).status(ofCustomer: 9).suggestion
            let named = try #require(plain.best)
            #expect(named.organizationID == "800" && plain.isPlain && plain.isAutoLink == (name == "Bluebird Bakery"))

            var moved = Self.base
            Self.add(&moved, customer: Customer(id: 9, businessName: name), devices: 3, documentedIn: ["801"])
            let one = Workspace(snapshot: moved).status(ofCustomer: 9).suggestion
            #expect(one.best == named && one.isAutoLink == plain.isAutoLink, "one device documented elsewhere may just have moved")

            var contradicted = Self.base
            Self.add(&contradicted, customer: Customer(id: 9, businessName: name), devices: 3, documentedIn: ["801", "801"])
            let workspace = Workspace(snapshot: contradicted)
            let two = workspace.status(ofCustomer: 9).suggestion
            if name == "Bluebird Bakery" {
                // Exact and unique on both sides: the name wins; the two devices are misfiled, to be moved.
                #expect(workspace.status(ofCustomer: 9).state == .matched && two.isAutoLink && two.best == named)
                for asset in [901, 902] {
                    #expect(workspace.status(ofAsset: asset).suggestion.moved?.organizationName == "Northwind Traders", "asset \(asset)")
                }
                continue
            }
            #expect(workspace.status(ofCustomer: 9).state == .unmatched)
            #expect(two.best?.organizationID == "800" && two.isAmbiguous && !two.isAutoLink && !two.isPlain)
            #expect(two.best?.reason.hasSuffix("; but 2 of 3 devices' serials documented in Northwind Traders") == true,
                    "\(two.best?.reason ?? "none")")
            #expect(two.best?.score == OrganizationMatcher.ambiguous(named.score))
        }
    }

    @Test("under half the devices documented, all in one organization, still speak: documented here weighs against elsewhere")
    func fewDocumented() {
        var few = Self.base
        Self.add(&few, customer: Customer(id: 10, businessName: "Zephyrine Lighting Studio"), devices: 10, documentedIn: ["802", "802", "802"])
        let alone = Workspace(snapshot: few).status(ofCustomer: 10).suggestion
        #expect(alone.best?.organizationID == "802" && alone.best?.score == 0.8, "\(alone.best?.reason ?? "none")")
        #expect(alone.best?.reason.hasPrefix("3 of 10 devices' serials documented in QX Holdings Intl") == true)

        var held = Self.base
        Self.add(&held, customer: Customer(id: 9, businessName: "Bluebird Bakery Co"), devices: 10, documentedIn: ["801", "801"])
        let contradicted = Workspace(snapshot: held).status(ofCustomer: 9).suggestion
        #expect(contradicted.best?.organizationID == "800" && contradicted.isAmbiguous, "two of ten elsewhere hold the name back")

        var one = Self.base
        Self.add(&one, customer: Customer(id: 9, businessName: "Bluebird Bakery Co"), devices: 10, documentedIn: ["801"])
        #expect(Workspace(snapshot: one).status(ofCustomer: 9).suggestion.isPlain, "one device among ten may just have moved")
    }

    @Test("devices alone suggest an organization whose name is unlike the customer's: plain from three devices, weak below")
    func devicesAlone() {
        var three = Self.base
        Self.add(&three, customer: Customer(id: 10, businessName: "Zephyrine Lighting Studio"), devices: 4, documentedIn: ["802", "802", "802"])
        let strong = Workspace(snapshot: three).status(ofCustomer: 10).suggestion
        #expect(OrganizationPipeline.devicesAloneMinimum == 3)
        #expect(strong.best?.organizationID == "802" && strong.best?.score == 0.8 && strong.isPlain && !strong.isAutoLink)
        #expect(strong.best?.reason.hasPrefix("3 of 4 devices' serials documented in QX Holdings Intl; the names differ") == true,
                "\(strong.best?.reason ?? "none")")

        var two = Self.base
        Self.add(&two, customer: Customer(id: 10, businessName: "Zephyrine Lighting Studio"), devices: 2, documentedIn: ["802", "802"])
        let weak = Workspace(snapshot: two).status(ofCustomer: 10).suggestion
        #expect(weak.best?.organizationID == "802" && weak.best?.score == 0.55 && weak.isWeak && !weak.isPlain)
        #expect(weak.best?.reason.hasPrefix("weak: All 2 devices' serials documented in QX Holdings Intl") == true)

        // A split vote is no majority: no suggestion from devices.
        var split = Self.base
        Self.add(&split, customer: Customer(id: 10, businessName: "Zephyrine Lighting Studio"), devices: 4, documentedIn: ["802", "802", "801", "801"])
        #expect(Workspace(snapshot: split).status(ofCustomer: 10).suggestion.best == nil)
    }

    @Test("a shared serial (a template, a dock) is no evidence")
    func sharedSerialIgnored() {
        var snapshot = Self.base
        Self.add(&snapshot, customer: Customer(id: 10, businessName: "Zephyrine Lighting Studio"), devices: 3, documentedIn: ["802", "802", "802"])
        // The same serials documented a second time elsewhere: no longer one configuration's.
        snapshot.configurations += (1...3).map {
            Configuration(id: "99\($0)", organizationID: "801", name: "Clone \($0)", serialNumber: "5CG10X\($0)")
        }
        #expect(Workspace(snapshot: snapshot).status(ofCustomer: 10).suggestion.best == nil)
    }

    @Test("a branch offered the plain name's organization is weak where Syncro holds the main office, two branches, or IT Glue keeps branches apart")
    func branches() throws {
        func suggestion(customers: [Customer], organizations: [Organization], of id: Int, documentedIn: [String] = [])
            -> OrganizationSuggestion {
            var snapshot = Self.base
            snapshot.organizations += organizations
            for customer in customers {
                Self.add(&snapshot, customer: customer, devices: 2, documentedIn: customer.id == id ? documentedIn : [])
            }
            return Workspace(snapshot: snapshot).status(ofCustomer: id).suggestion
        }
        let roofing = Organization(id: "950", name: "Summit Roofing")
        let aurora = Customer(id: 11, businessName: "Summit Roofing - Aurora")

        // Alone, the branch is a location note on the one business.
        let note = suggestion(customers: [aurora], organizations: [roofing], of: 11)
        #expect(note.best?.organizationID == "950" && note.isPlain)

        let mainOffice = suggestion(customers: [aurora, Customer(id: 12, businessName: "Summit Roofing")], organizations: [roofing], of: 11)
        #expect(mainOffice.best?.organizationID == "950" && mainOffice.isWeak)
        #expect((mainOffice.best?.score ?? 1) <= NameSimilarity.partialCap)
        #expect(mainOffice.best?.reason.hasPrefix("weak: a branch; the main office in Syncro has this name") == true)

        let twoBranches = suggestion(customers: [aurora, Customer(id: 12, businessName: "Summit Roofing - Lakewood")],
                                     organizations: [roofing], of: 11)
        #expect(twoBranches.isWeak && twoBranches.best?.reason.hasPrefix("weak: a branch; 2 branches in Syncro would share it") == true)

        let keptApart = suggestion(customers: [aurora], organizations: [roofing, Organization(id: "951", name: "Summit Roofing - Lakewood")],
                                   of: 11)
        #expect(keptApart.best?.organizationID == "950" && keptApart.isWeak)
        #expect(keptApart.best?.reason.hasPrefix("weak: a branch; IT Glue keeps branches apart (Summit Roofing - Lakewood)") == true,
                "\(keptApart.best?.reason ?? "none")")

        // The branch's own devices documented in the plain name's organization make it strong again.
        let documented = suggestion(customers: [aurora, Customer(id: 12, businessName: "Summit Roofing")], organizations: [roofing],
                                    of: 11, documentedIn: ["950", "950"])
        #expect(documented.best?.organizationID == "950" && documented.isPlain && !documented.isAutoLink)
        #expect(documented.best?.reason.hasPrefix("All 2 devices' serials documented in Summit Roofing") == true)
    }
}
