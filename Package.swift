// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Rematch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rematch", targets: ["rematch"]),
        .executable(name: "rematch-bench", targets: ["rematch-bench"]),
        .library(name: "RematchCore", targets: ["RematchCore"]),
        .library(name: "RematchStore", targets: ["RematchStore"]),
        .library(name: "RematchSandbox", targets: ["RematchSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure Swift: model, normalization, matching, workspace state, actions. No I/O.
        .target(name: "RematchCore", swiftSettings: strict),
        // SQLite through GRDB: snapshots, decisions, audit log, migrations, the single-process lock.
        .target(
            name: "RematchStore",
            dependencies: ["RematchCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Local stand-ins for Syncro and IT Glue: for now the deterministic demo-data generator.
        .target(name: "RematchSandbox", dependencies: ["RematchCore"], swiftSettings: strict),
        .executableTarget(
            name: "rematch",
            dependencies: [
                "RematchCore", "RematchStore", "RematchSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "rematch-bench", dependencies: ["RematchCore", "RematchSandbox"], swiftSettings: strict),
        .testTarget(name: "RematchCoreTests", dependencies: ["RematchCore", "RematchSandbox"], swiftSettings: strict),
        .testTarget(
            name: "RematchStoreTests",
            dependencies: ["RematchStore", "RematchCore"],
            swiftSettings: strict
        ),
        // Drives the real `rematch` binary in child processes.
        .testTarget(
            name: "RematchCLITests",
            dependencies: ["rematch", "RematchStore", "RematchCore"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
