// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "thidua",
    products: [
        .executable(name: "thidua", targets: ["thidua"]),
        .library(name: "ThiduaLog", targets: ["ThiduaLog"]),
        .library(name: "ThiduaDomain", targets: ["ThiduaDomain"]),
    ],
    targets: [
        // C libraries of the platform, through module maps.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The signed, verifiable log. Knows nothing of emulation, nor of any database.
        .target(name: "ThiduaLog", dependencies: ["CLibCrypto"]),

        // The stores, behind one store protocol: SQLite (the default) and PostgreSQL (libpq).
        .target(name: "ThiduaSQLite", dependencies: ["ThiduaLog", "CSQLite"]),
        .target(name: "ThiduaPostgres", dependencies: ["ThiduaLog", "CPostgres"]),

        // The emulation domain: events, authority, rubrics, projections, reports. Pure
        // values and functions: no SQL, no HTTP, no terminal, no clock.
        .target(name: "ThiduaDomain", dependencies: ["ThiduaLog"]),

        // The seed demo: Điện Biên's 2025 year as a signed log (targets from ../shared/seeds).
        .target(name: "ThiduaDemo", dependencies: ["ThiduaLog", "ThiduaDomain"], exclude: ["SOURCES.md"]),

        // Office files of the reports: spreadsheets (OOXML, CRC-32 from zlib) and PDF through headless Chromium.
        .target(name: "ThiduaOffice", dependencies: ["ThiduaDomain", "CZlib"]),

        // HTTP/1.1 on POSIX sockets: the log server, its API and the dashboard.
        .target(
            name: "ThiduaServer", dependencies: ["ThiduaLog", "ThiduaDomain"],
            resources: [.embedInCode("Resources/dashboard.html"), .embedInCode("Resources/submit.html")]),

        .executableTarget(
            name: "thidua",
            dependencies: [
                "ThiduaLog", "ThiduaSQLite", "ThiduaPostgres", "ThiduaDomain", "ThiduaDemo", "ThiduaServer",
                "ThiduaOffice",
            ]),

        // Benchmarks against the baselines of the performance issue (swift run -c release thidua-bench).
        .executableTarget(
            name: "thidua-bench", dependencies: ["ThiduaLog", "ThiduaSQLite", "ThiduaDomain", "CSQLite"],
            exclude: ["eventsourcing_bench.py"]),

        // Helpers every test target shares (temporary folders, running the binary).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "ThiduaLogTests", dependencies: ["ThiduaLog", "ThiduaSQLite", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ThiduaStoreTests", dependencies: ["ThiduaLog", "ThiduaSQLite", "ThiduaPostgres", "TestSupport"]),
        .testTarget(
            name: "ThiduaDomainTests",
            dependencies: ["ThiduaDomain", "ThiduaLog", "ThiduaSQLite", "ThiduaDemo", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ThiduaServerTests",
            dependencies: ["ThiduaServer", "ThiduaDomain", "ThiduaLog", "ThiduaSQLite", "ThiduaDemo", "TestSupport"]),
        .testTarget(name: "ThiduaOfficeTests", dependencies: ["ThiduaOffice", "TestSupport"]),
        .testTarget(
            name: "ThiduaCLITests", dependencies: ["ThiduaLog", "ThiduaSQLite", "ThiduaPostgres", "TestSupport"]),
    ]
)
