// swift-tools-version:6.2
// 6.2 because swift-subprocess needs it; Swift 6 language mode is the default.
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Keel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keel", targets: ["keel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
    ],
    targets: [
        // Shared value types: names, safe SQL text, artifacts, errors, canonical JSON.
        .target(
            name: "KeelCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        // The SQL lexer, parser, AST, binder and per-statement column lineage. Pure: no I/O.
        .target(
            name: "KeelSQL",
            dependencies: ["KeelCore"],
            swiftSettings: settings
        ),
        // Connections, sessions and the managed throwaway cluster.
        .target(
            name: "KeelPostgres",
            dependencies: [
                "KeelCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: settings
        ),
        // Stage 1: read the whole catalog in a fixed number of round trips.
        .target(
            name: "KeelDiscover",
            dependencies: [
                "KeelCore", "KeelPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        // Stage 2: lineage across dbt, Airflow, views and dashboards; impact analysis.
        .target(
            name: "KeelLineage",
            dependencies: ["KeelCore", "KeelSQL", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        // Stage 3: change spec → expand/contract plan; the catalog-aware migration linter.
        .target(
            name: "KeelPlan",
            dependencies: ["KeelCore", "KeelSQL", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        .target(
            name: "KeelAgent",
            dependencies: [
                "KeelCore", "KeelSQL", "KeelPostgres", "KeelDiscover", "KeelLineage", "KeelPlan", "KeelValidate", "KeelRollout", "KeelMonitor",
                .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "KeelValidate",
            dependencies: ["KeelCore", "KeelSQL", "KeelPostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings
        ),
        // Stage 5: staged, resumable rollout of a plan with state in the target's `keel` schema.
        .target(
            name: "KeelRollout",
            dependencies: [
                "KeelCore", "KeelPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        // Stage 6: schema drift against the catalog Keel recorded, and post-change health.
        .target(
            name: "KeelMonitor",
            dependencies: [
                "KeelCore", "KeelSQL", "KeelPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        // `keel demo`: the billing scenario carried through every stage, with its files as resources.
        .target(
            name: "KeelDemo",
            dependencies: [
                "KeelCore", "KeelSQL", "KeelPostgres", "KeelDiscover", "KeelLineage", "KeelPlan", "KeelValidate", "KeelRollout", "KeelMonitor",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/billing")],
            swiftSettings: settings
        ),
        // `keel report`: one self-contained HTML review page from the plan, lineage and validation.
        .target(name: "KeelReport", dependencies: ["KeelCore", "KeelLineage"], swiftSettings: settings),
        // The CLI face.
        .executableTarget(
            name: "keel",
            dependencies: [
                "KeelCore", "KeelSQL", "KeelPostgres", "KeelDiscover", "KeelLineage", "KeelPlan", "KeelValidate", "KeelRollout", "KeelMonitor", "KeelAgent", "KeelDemo", "KeelReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "KeelTestSupport",
            dependencies: ["KeelCore", "KeelPostgres", .product(name: "Logging", package: "swift-log")],
            path: "Tests/KeelTestSupport",
            swiftSettings: settings
        ),
        .testTarget(name: "KeelCoreTests", dependencies: ["KeelCore", "KeelTestSupport"], swiftSettings: settings),
        .testTarget(name: "KeelLineageTests", dependencies: ["KeelLineage", "KeelPostgres", "KeelTestSupport"], exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(
            name: "KeelPlanTests",
            dependencies: ["KeelPlan", "KeelDiscover", "KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(
            name: "KeelValidateTests",
            dependencies: ["KeelValidate", "KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings),
        .testTarget(
            name: "KeelRolloutTests",
            dependencies: ["KeelRollout", "KeelPlan", "KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings),
        .testTarget(
            name: "KeelAgentTests",
            dependencies: ["KeelAgent", "KeelCore", "KeelDiscover", "KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(name: "KeelSQLTests", dependencies: ["KeelSQL", "KeelTestSupport"], exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(
            name: "KeelPostgresTests",
            dependencies: ["KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings),
        .testTarget(
            name: "KeelDiscoverTests",
            dependencies: ["KeelDiscover", "KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings),
        .testTarget(
            name: "KeelMonitorTests",
            dependencies: ["KeelMonitor", "KeelDiscover", "KeelPostgres", "KeelTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings),
        .testTarget(name: "KeelReportTests", dependencies: ["KeelReport", "KeelPlan", "KeelPostgres", "KeelTestSupport"], swiftSettings: settings),
        .testTarget(
            name: "KeelCLITests",
            dependencies: [
                "keel", "KeelCore", "KeelPostgres", "KeelTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: settings),
    ]
)
