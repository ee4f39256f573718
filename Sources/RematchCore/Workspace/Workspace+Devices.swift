import Foundation

/// A matched customer's devices: each one's state, and the device matching of an organization's customers.
extension Workspace {
    // MARK: Devices

    public func status(ofAsset id: Int) -> DeviceStatus {
        let suggestion = deviceSuggestions[id] ?? .none
        switch deviceDecisions[id] {
        case let .matched(configurationID, origin)?:
            var problem: String?
            if let configuration = catalog.configuration(configurationID) {
                if let asset = catalog.asset(id), let organization = status(ofCustomer: asset.customerID).organizationID,
                   configuration.organizationID != organization {
                    problem = "configuration #\(configurationID) belongs to another organization"
                }
            } else {
                problem = "IT Glue configuration #\(configurationID) no longer exists"
            }
            return DeviceStatus(state: .matched, configurationID: configurationID, origin: origin, pendingClass: nil,
                                suggestion: suggestion, problem: problem)
        case .ignored?:
            return DeviceStatus(state: .ignored, configurationID: nil, origin: nil, pendingClass: nil,
                                suggestion: suggestion, problem: nil)
        case let .createConfiguration(deviceClass)?:
            return DeviceStatus(state: .matched, configurationID: nil, origin: .created, pendingClass: deviceClass,
                                suggestion: suggestion, problem: nil)
        case let .moveConfiguration(configurationID, from)?:
            let problem = catalog.configuration(configurationID) == nil ? "IT Glue configuration #\(configurationID) no longer exists" : nil
            return DeviceStatus(state: .matched, configurationID: configurationID, origin: .moved, pendingClass: nil,
                                suggestion: suggestion, problem: problem, pendingMoveFrom: from)
        case let .unmatched(rejected)?:
            var shown = suggestion
            if let rejected, shown.best?.configurationID == rejected {
                shown.isAutoLink = false
                let reason = shown.best?.reason ?? ""
                shown.best?.reason = "you reverted this match; " + reason
            }
            return DeviceStatus(state: .unmatched, configurationID: nil, origin: nil, pendingClass: nil,
                                suggestion: shown, problem: nil)
        case nil:
            if suggestion.isAutoLink, let best = suggestion.best {
                return DeviceStatus(state: .matched, configurationID: best.configurationID, origin: .automatic,
                                    pendingClass: nil, suggestion: suggestion, problem: nil)
            }
            return DeviceStatus(state: .unmatched, configurationID: nil, origin: nil, pendingClass: nil,
                                suggestion: suggestion, problem: nil)
        }
    }

    /// The assets of a customer in one state, in display order.
    public func assets(ofCustomer id: Int, in state: MatchState? = nil) -> [Asset] {
        catalog.assets(ofCustomer: id)
            .filter { state == nil || status(ofAsset: $0.id).state == state }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    /// (matched, unmatched, total) devices of a customer: the Matched tab's "Devices" column and the work left.
    public func deviceCounts(ofCustomer id: Int) -> (matched: Int, unmatched: Int, total: Int) {
        var counts = (matched: 0, unmatched: 0, total: 0)
        for index in catalog.assetsByCustomer[id] ?? [] {
            counts.total += 1
            switch status(ofAsset: catalog.assets[index].id).state {
            case .matched: counts.matched += 1
            case .unmatched: counts.unmatched += 1
            case .ignored: break
            }
        }
        return counts
    }

    mutating func recomputeDevices(of organizationID: String) {
        let customers = customersByOrganization[organizationID] ?? []
        for customer in customers {
            for asset in catalog.assets(ofCustomer: customer) { deviceSuggestions[asset.id] = nil }
        }
        guard let group = deviceGroup(of: organizationID) else { return }
        let answers = DeviceMatcher.match(assets: group.assets, configurations: group.configurations,
                                          reserved: group.reserved, decided: group.decided, identities: group.identities)
        for (assetID, suggestion) in answers { deviceSuggestions[assetID] = suggestion }
        flagMovedDevices(in: organizationID)
    }

    /// What the device matcher needs for one organization: the assets of the customers matched to it, its
    /// configurations, and what people decided; nil when the organization is gone.
    func deviceGroup(of organizationID: String) -> DeviceMatcher.Group? {
        let customers = customersByOrganization[organizationID] ?? []
        let positions = customers.flatMap { catalog.assetsByCustomer[$0] ?? [] }
        let assets = positions.map { catalog.assets[$0] }
        guard catalog.organization(organizationID) != nil else { return nil }
        var reserved = Set<String>()
        var decided = Set<Int>()
        for asset in assets {
            switch deviceDecisions[asset.id] {
            case let .matched(configurationID, _)?:
                reserved.insert(configurationID)
                decided.insert(asset.id)
            case .ignored?, .createConfiguration?, .moveConfiguration?:
                decided.insert(asset.id)
            case .unmatched?, nil:
                break
            }
        }
        return DeviceMatcher.Group(assets: assets, configurations: catalog.configurations(ofOrganization: organizationID),
                                   reserved: reserved, decided: decided, identities: positions.map(identities.identity(ofAssetAt:)))
    }
}
