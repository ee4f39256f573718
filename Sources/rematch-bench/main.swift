import Foundation
import RematchCore
import RematchSandbox

/// Benchmarks of the real code paths on generated data. Build in release:
/// `swift run -c release rematch-bench`.
func measure(_ label: String, repeats: Int = 3, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let median = times.sorted()[times.count / 2]
    print("\(label): median \(String(format: "%.3f", median)) s of \(repeats)")
    return median
}

let scale = CommandLine.arguments.dropFirst().first.flatMap(DemoScale.init(rawValue:)) ?? .huge
let data = DemoData.generate(seed: 1, scale: scale)
let snapshot = data.snapshot
print("data: \(snapshot.customers.count) customers, \(snapshot.organizations.count) organizations, "
    + "\(snapshot.assets.count) assets, \(snapshot.configurations.count) configurations")
let catalog = Catalog(snapshot)
var matcher = OrganizationMatcher(organizations: [])
_ = measure("organization index build") { matcher = OrganizationMatcher(organizations: catalog.organizations) }
let customers = catalog.customersWithAssets
_ = measure("organization suggestions, full pass") {
    var scratch = OrganizationMatcher.Scratch(matcher: matcher)
    var count = 0
    for customer in customers where matcher.suggest(for: customer, scratch: &scratch).best != nil { count += 1 }
    precondition(count > 0)
}
_ = measure("workspace build (suggestions + device matching)") { _ = Workspace(snapshot: snapshot) }
