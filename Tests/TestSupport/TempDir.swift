import Foundation

/// A fresh temporary folder, removed when the value is released.
public final class TempDir: @unchecked Sendable {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Folders of the package, found from this file (tests never reach outside the package).
public enum Package {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let projections = root.appendingPathComponent("Projections")
    public static let tests = root.appendingPathComponent("Tests")
    /// The integrity vectors (a copy of the shared ones, with their provenance).
    public static let vectors = tests.appendingPathComponent("ThiduaLogTests/Fixtures/integrity-v1")
    public static let interopVerifier = tests.appendingPathComponent("Interop/independent_verify.py").path
}
