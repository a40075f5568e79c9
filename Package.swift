// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "thidua",
    products: [
        .executable(name: "thidua", targets: ["thidua"]),
        .library(name: "ThiduaLog", targets: ["ThiduaLog"]),
    ],
    targets: [
        // C libraries of the platform, through module maps.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The signed, verifiable log. Knows nothing of emulation.
        .target(name: "ThiduaLog", dependencies: ["CLibCrypto", "CSQLite"]),

        .executableTarget(name: "thidua", dependencies: ["ThiduaLog"]),

        .testTarget(name: "ThiduaLogTests", dependencies: ["ThiduaLog"], exclude: ["Fixtures"]),
    ]
)
