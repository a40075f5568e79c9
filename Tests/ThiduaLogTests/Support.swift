import Foundation
import TestSupport
import Testing
import ThiduaSQLite

@testable import ThiduaLog

/// Files beside the tests.
enum Fixtures {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = Package.root
    /// The integrity vectors (a copy of the shared ones, with their provenance).
    static let vectors = Package.vectors

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }
    static func text(_ url: URL) throws -> String { String(decoding: try bytes(url), as: UTF8.self) }
    static func files(_ sub: String, ext: String = "json") throws -> [URL] {
        try FileManager.default.contentsOfDirectory(
            at: testsDir.appendingPathComponent("Fixtures/\(sub)"), includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == ext }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// Deterministic keys for tests: seed = SHA-256 of a label.
func testKey(_ label: String) -> PrivateKey {
    try! PrivateKey(seed: SHA256.hash(Array(label.utf8)).bytes)
}

/// A payload with the required fields plus `extra`.
func payload(_ type: String, id: String, issuedAt: String = "2025-03-01T08:00:00+07:00", _ extra: [JSON.Member] = [])
    -> [UInt8]
{
    JSONWriter.write(
        .object(
            [
                .init("v", .number("1")), .init("type", .string(type)), .init("id", .string(id)),
                .init("issuedAt", .string(issuedAt)),
            ] + extra))
}

func signed(_ type: String, id: String, by keys: [PrivateKey], _ extra: [JSON.Member] = []) -> Envelope {
    try! Envelope.sign(payload: payload(type, id: id, extra), keys: keys)
}

/// A log on a temporary SQLite file with a root key, a log key and a stepping clock.
struct TestLog {
    let dir = TempDir()
    let root = testKey("root")
    let logKey = testKey("log")
    let clock = SteppingClock(start: Timestamp(rfc3339: "2025-02-01T00:00:00Z")!, stepMillis: 1000)
    let log: Log
    var dbPath: String { dir.path("t.db") }

    init(catalog: RulesCatalog = .logLayer, fields: [JSON.Member] = []) throws {
        let store = try SQLiteStore(path: dir.path("t.db"), create: true)
        log = try Log.create(
            store: store, origin: "test.thidua.vn/log", logKey: logKey, rootKeys: [root],
            fields: fields, clock: clock, catalog: catalog)
    }

    /// Registers a key for `label` and returns it.
    func register(_ label: String, role: String = "unit", scope: String? = nil) throws -> PrivateKey {
        let k = testKey(label)
        var extra: [JSON.Member] = [.init("publicKey", .string(k.publicKey.base64)), .init("role", .string(role))]
        if let scope { extra.append(.init("scope", .string(scope))) }
        _ = try log.append([signed("KeyRegistered", id: "key-\(label)", by: [root], extra)])
        return k
    }

    func export() throws -> [UInt8] {
        var out: [UInt8] = []
        try log.forEachEntry { out += $0.line + [0x0A] }
        return out
    }
}
