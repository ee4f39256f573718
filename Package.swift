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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // Pure Swift: model, normalization, matching, workspace state, actions. No I/O.
        .target(name: "RematchCore", swiftSettings: strict),
        // What both front ends show: terminal-safe text, the customer rows and the list kept for a fast start.
        .target(name: "RematchPresentation", dependencies: ["RematchCore"], swiftSettings: strict),
        // The state behind one interface: SQLite through GRDB (embedded, the default) or PostgreSQL through
        // postgres-nio (a team's shared state): snapshots, decisions, audit log, journal, migrations, locks.
        .target(
            name: "RematchStore",
            dependencies: ["RematchCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // JSON kept as written (API bodies, fixtures), shared by the clients and the sandbox.
        .target(name: "RematchJSON", swiftSettings: strict),
        // The small HTTP layer both API clients share: rate limit, retries, timeouts, errors.
        .target(
            name: "RematchHTTP",
            dependencies: [
                "RematchCore", "RematchJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(name: "SyncroAPI", dependencies: ["RematchCore", "RematchHTTP", "RematchJSON"], swiftSettings: strict),
        .target(name: "ITGlueAPI", dependencies: ["RematchCore", "RematchHTTP", "RematchJSON"], swiftSettings: strict),
        // config.toml and the environment.
        .target(name: "RematchConfig", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")], swiftSettings: strict),
        // Use cases: sync, create organizations and configurations exactly once.
        .target(
            name: "RematchSync",
            dependencies: ["RematchCore", "RematchStore", "RematchHTTP", "RematchJSON", "SyncroAPI", "ITGlueAPI", "RematchConfig"],
            swiftSettings: strict
        ),
        // ncursesw with a shim for the macros and globals Swift cannot import.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        // The console: screen buffer, views, keys, themes; the curses backend is one file.
        .target(
            name: "RematchTUI",
            dependencies: ["RematchCore", "RematchPresentation", "RematchStore", "RematchSync", "RematchConfig", "CNcursesw"],
            swiftSettings: strict
        ),
        // Local stand-ins for Syncro and IT Glue (Hummingbird servers) and the demo-data generator.
        .target(
            name: "RematchSandbox",
            dependencies: [
                "RematchCore", "RematchJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rematch",
            dependencies: [
                "RematchCore", "RematchPresentation", "RematchStore", "RematchSandbox", "RematchSync", "RematchConfig",
                "RematchHTTP", "SyncroAPI", "ITGlueAPI", "RematchTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RematchBenchmarks",
            dependencies: ["RematchCore", "RematchPresentation", "RematchSandbox", "RematchStore", "RematchSync", "RematchTUI",
                           "RematchConfig", "RematchHTTP", "SyncroAPI", "ITGlueAPI"],
            swiftSettings: strict
        ),
        .executableTarget(name: "rematch-bench", dependencies: ["RematchBenchmarks"], swiftSettings: strict),
        // What the test targets share: temporary directories, sandbox accounts, text snapshots.
        .target(
            name: "RematchTestSupport",
            dependencies: ["RematchConfig", "RematchSandbox"],
            path: "Tests/RematchTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "RematchCoreTests", dependencies: ["RematchCore", "RematchSandbox"], swiftSettings: strict),
        .testTarget(name: "RematchPresentationTests", dependencies: ["RematchPresentation", "RematchCore"], swiftSettings: strict),
        .testTarget(
            name: "RematchStoreTests",
            dependencies: ["RematchTestSupport", "RematchStore", "RematchCore", "RematchSandbox"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RematchSandboxTests",
            dependencies: ["RematchTestSupport", 
                "RematchSandbox", "RematchCore", "RematchJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RematchSyncTests",
            dependencies: ["RematchTestSupport", "RematchSync", "RematchSandbox", "RematchStore", "RematchCore", "RematchHTTP", "SyncroAPI",
                           "ITGlueAPI", "RematchJSON", "RematchConfig"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RematchTUITests",
            dependencies: ["RematchTestSupport", "RematchTUI", "RematchPresentation", "RematchCore", "RematchStore", "RematchSync", "RematchSandbox",
                           "RematchConfig"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        // Drives the real `rematch` binary in child processes.
        .testTarget(
            name: "RematchCLITests",
            dependencies: ["RematchTestSupport", "rematch", "rematch-bench", "RematchPresentation", "RematchTUI", "RematchStore", "RematchCore", "RematchSandbox", "RematchJSON", "ITGlueAPI",
                           "SyncroAPI", "RematchSync", "RematchHTTP",
                           .product(name: "Subprocess", package: "swift-subprocess"),
                           .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
