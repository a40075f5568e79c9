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

        // The signed, verifiable log. Knows nothing of emulation.
        .target(name: "ThiduaLog", dependencies: ["CLibCrypto", "CSQLite"]),

        // The PostgreSQL store, behind the same store protocol (libpq).
        .target(name: "ThiduaPostgres", dependencies: ["ThiduaLog", "CPostgres"]),

        // The emulation domain: events, authority, rubrics, projections, reports. Pure
        // values and functions: no SQL, no HTTP, no terminal, no clock.
        .target(name: "ThiduaDomain", dependencies: ["ThiduaLog"]),

        // The seed demo: Điện Biên's 2025 year as a signed log (targets from ../shared/seeds).
        .target(name: "ThiduaDemo", dependencies: ["ThiduaLog", "ThiduaDomain"]),

        // HTTP/1.1 on POSIX sockets: the log server, its API and the dashboard.
        .target(name: "ThiduaServer", dependencies: ["ThiduaLog", "ThiduaDomain"]),

        .executableTarget(name: "thidua", dependencies: ["ThiduaLog", "ThiduaDomain", "ThiduaDemo", "ThiduaServer", "ThiduaPostgres"]),

        // Benchmarks against the baselines of the performance issue (swift run -c release thidua-bench).
        .executableTarget(name: "thidua-bench", dependencies: ["ThiduaLog", "ThiduaDomain", "CSQLite"], exclude: ["eventsourcing_bench.py"]),

        .testTarget(name: "ThiduaLogTests", dependencies: ["ThiduaLog", "ThiduaPostgres"], exclude: ["Fixtures"]),
        .testTarget(name: "ThiduaDomainTests", dependencies: ["ThiduaDomain", "ThiduaLog", "ThiduaDemo"], exclude: ["Fixtures"]),
        .testTarget(name: "ThiduaServerTests", dependencies: ["ThiduaServer", "ThiduaDomain", "ThiduaLog", "ThiduaDemo"]),
    ]
)
