// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "hiwar",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Hiwar", targets: ["Hiwar"]),
        .library(name: "HiwarSQLite", targets: ["HiwarSQLite"]),
        .library(name: "HiwarTesting", targets: ["HiwarTesting"]),
        .library(name: "HiwarServer", targets: ["HiwarServer"]),
        .library(name: "HiwarPostgres", targets: ["HiwarPostgres"]),
        .executable(name: "hiwar", targets: ["HiwarCLI"]),
        .executable(name: "hiwar-bench", targets: ["HiwarBenchmarks"]),
        .executable(name: "hiwar-example-embedding", targets: ["EmbeddingExample"]),
        .executable(name: "hiwar-example-notifications", targets: ["NotificationsExample"]),
        .executable(name: "hiwar-example-custom-actions", targets: ["CustomActionsExample"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `hiwar serve`: HTTP (Hummingbird 2 on SwiftNIO), graceful shutdown (service-lifecycle), metrics in the
        // Prometheus format, webhook signatures (HMAC-SHA256) and delivery (AsyncHTTPClient).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // The session store shared by many engine processes.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // `swift package generate-documentation` (make docs): the DocC catalog in Sources/Hiwar.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C stays here and nowhere else: the module map and a shim header over <pcre2.h>.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        // Line editing, history and completion for `hiwar repl` on a terminal (BSD-licensed libedit).
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // The only Swift that touches C: compiled patterns, match scratch, errors, library facts.
        .target(name: "PCRE2Kit", dependencies: ["CPCRE2"]),
        // The front end: source files, diagnostics, JSON with positions, normalization, values, and the typed
        // definition tree its decoder produces. No matcher, no regex engine (PCRE2Kit only for its UTF-8 helpers).
        .target(name: "HiwarSyntax", dependencies: ["PCRE2Kit"]),
        // The library product: compile → match → check → dialogue → runtime, on the front end it re-exports.
        .target(
            name: "Hiwar",
            dependencies: ["HiwarSyntax", "PCRE2Kit", .product(name: "Logging", package: "swift-log")]
        ),
        // The durable session store: conversations and their reminders in SQLite (through GRDB).
        .target(name: "HiwarSQLite", dependencies: ["Hiwar", .product(name: "GRDB", package: "GRDB.swift")]),
        // The shared session store: conversations and their jobs in PostgreSQL, turns serialized across processes.
        .target(
            name: "HiwarPostgres",
            dependencies: [
                "Hiwar",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Conversation tests as a library: run the JSON conversation tests from `swift test` as `hiwar test` does.
        .target(name: "HiwarTesting", dependencies: ["Hiwar"]),
        // The bot as an HTTP service: routes, keys and scopes, rate limits, metrics, the signed outbound webhook.
        .target(
            name: "HiwarServer",
            dependencies: [
                "Hiwar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        // The `hiwar` command-line tool: argument parsing, terminal I/O and output formatting only.
        .executableTarget(
            name: "HiwarCLI",
            dependencies: [
                "Hiwar",
                "HiwarTesting",
                "HiwarServer",
                "HiwarSQLite",
                "HiwarPostgres",
                "PCRE2Kit",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Release-build benchmarks, apart from the tests (`make bench`).
        .executableTarget(
            name: "HiwarBenchmarks",
            dependencies: ["Hiwar", "HiwarSQLite", "PCRE2Kit"],
            path: "Benchmarks/HiwarBenchmarks"
        ),
        // Examples, built with everything else so CI keeps them compiling.
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: ["Hiwar"],
            path: "Examples/Embedding",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "NotificationsExample",
            dependencies: ["Hiwar", "HiwarSQLite"],
            path: "Examples/Notifications",
            exclude: ["README.md", "feed.jsonl"]
        ),
        .executableTarget(
            name: "CustomActionsExample",
            dependencies: ["Hiwar"],
            path: "Examples/CustomActions",
            exclude: ["README.md"]
        ),
        .testTarget(name: "PCRE2KitTests", dependencies: ["PCRE2Kit"]),
        .testTarget(name: "HiwarSyntaxTests", dependencies: ["HiwarSyntax"]),
        .testTarget(name: "HiwarTestingTests", dependencies: ["HiwarTesting", "Hiwar"]),
        .testTarget(name: "HiwarPostgresTests", dependencies: ["HiwarPostgres", "Hiwar", "HiwarTesting"]),
        .testTarget(
            name: "HiwarServerTests",
            dependencies: [
                "HiwarServer", "Hiwar", "HiwarCLI", "HiwarSQLite", "HiwarPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HiwarSQLiteTests",
            dependencies: [
                "HiwarSQLite", "Hiwar", "HiwarTesting", "NotificationsExample",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "HiwarTests",
            dependencies: ["Hiwar", "PCRE2Kit"],
            resources: [.copy("Fixtures")]
        ),
        // Runs the built `hiwar` binary; depending on the executable makes SwiftPM build it first.
        .testTarget(
            name: "HiwarCLITests",
            dependencies: ["HiwarCLI", "EmbeddingExample", "CustomActionsExample"],
            exclude: ["Golden", "Fixtures"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    settings.append(.treatAllWarnings(as: .error))
    target.swiftSettings = settings
}
