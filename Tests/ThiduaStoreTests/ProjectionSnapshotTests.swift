import Foundation
import TestSupport
import Testing
import ThiduaSQLite

@testable import ThiduaLog

/// Projection snapshots in both stores: saved signed by the checkpoint key, listed newest
/// first, automatic ones thinned, and one edited behind thidua's back (digest rewritten)
/// refused with the reason.
@Suite struct ProjectionSnapshotTests {
    let root = try! PrivateKey.generate()
    let logKey = try! PrivateKey.generate()
    let origin = "snapshots.thidua.test"

    func build(_ store: any LogStore) throws -> Log {
        let log = try Log.create(
            store: store, origin: origin, logKey: logKey, rootKeys: [root],
            fields: [.init("rules", .string(KeyRules.v2))], clock: SystemClock())
        for i in 1..<20 {
            let p = Payload.make(
                type: "TaskCompleted", id: "t\(i)", issuedAt: "2025-03-01T08:00:00+07:00", log: origin, fields: [])
            _ = try log.append([try Envelope.sign(payload: p, keys: [root])])
        }
        return log
    }

    @Test(arguments: StoreUnderTest.all)
    func savedListedThinnedAndATamperedOneRefused(_ s: StoreUnderTest) throws {
        let (store, raw, keep) = try s.make()
        let log = try build(store)
        let p = "test-projection/1"
        try log.saveSnapshot(projection: p, size: 5, state: Array("five".utf8), chosen: true)
        for size in stride(from: 10, through: 20, by: 2) {
            try log.saveSnapshot(projection: p, size: size, state: Array("state \(size)".utf8), chosen: false)
        }
        // Another projection's snapshots are its own.
        try log.saveSnapshot(projection: "other/1", size: 3, state: [1, 2, 3], chosen: false)
        let listed = try log.snapshots(projection: p)
        #expect(listed.map(\.size) == [20, 18, 16, 14, 5])
        #expect(listed.allSatisfy { $0.snapshot != nil && $0.reason == nil })
        #expect(listed.last?.snapshot?.chosen == true && listed.last?.snapshot?.state == Array("five".utf8))
        #expect(try listed.first?.snapshot?.root == log.root(size: 20).root)
        #expect(try log.snapshotSizes(projection: "other/1") == [3])
        // No checkpoint key, no snapshot.
        let keyless = try Log(store: store)
        #expect(throws: CheckpointKeyError.self) {
            try keyless.saveSnapshot(projection: p, size: 20, state: [], chosen: false)
        }
        // Edited with raw SQL: the state changed and the digest in the note rewritten.
        let name = ProjectionSnapshot.name(p, size: 20)
        let data = try #require(try store.read { try $0.snapshot(name) }).data
        var text = String(decoding: data, as: UTF8.self)
        let old = "state \(Hex.encode(SHA256.hash(Array("state 20".utf8)).bytes)) 8"
        let new = "state \(Hex.encode(SHA256.hash(Array("state 99".utf8)).bytes)) 8"
        #expect(text.contains(old) && text.hasSuffix("state 20"))
        text = text.replacingOccurrences(of: old, with: new).replacingOccurrences(of: "state 20", with: "state 99")
        let hex = Hex.encode(Array(text.utf8))
        let value = s.name == "SQLite" ? "X'\(hex)'" : "decode('\(hex)', 'hex')"
        let r = try raw("UPDATE snapshots SET data = \(value) WHERE name = '\(name)'")
        #expect(r.status == 0, "\(r.err)")
        let after = try Log(store: store).snapshots(projection: p)
        #expect(after.first?.snapshot == nil)
        #expect(after.first?.reason?.contains("does not verify under the log's checkpoint key") == true)
        #expect(after.dropFirst().allSatisfy { $0.snapshot != nil })
        _ = keep
    }
}
