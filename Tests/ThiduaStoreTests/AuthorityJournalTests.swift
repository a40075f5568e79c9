import Foundation
import TestSupport
import Testing
import ThiduaSQLite

@testable import ThiduaLog

/// The saved authority state (`AuthorityJournal`): an open rebuilds the rules from the
/// entries it lists; `verify` recomputes it from entry 0 and names any difference. Tampered
/// with raw SQL behind thidua's back, on both stores.
@Suite struct AuthorityJournalTests {
    let root = try! PrivateKey.generate()
    let unit = try! PrivateKey.generate()
    let logKey = try! PrivateKey.generate()
    let origin = "journal.thidua.test"

    func payload(_ type: String, _ id: String, _ fields: [JSON.Member] = []) -> [UInt8] {
        Payload.make(type: type, id: id, issuedAt: "2025-03-01T08:00:00+07:00", log: origin, fields: fields)
    }

    /// Genesis, the unit's key, 30 passive events, the key revoked (entry 32), 3 more.
    func build(_ store: any LogStore) throws -> Log {
        let log = try Log.create(
            store: store, origin: origin, logKey: logKey, rootKeys: [root],
            fields: [.init("rules", .string(KeyRules.v2))], clock: SystemClock())
        let reg = payload(
            "KeyRegistered", "k-unit",
            [.init("publicKey", .string(unit.publicKey.base64)), .init("role", .string("unit"))])
        _ = try log.append([try Envelope.sign(payload: reg, keys: [root])])
        for i in 0..<30 {
            _ = try log.append([try Envelope.sign(payload: payload("TaskCompleted", "t\(i)"), keys: [unit])])
        }
        let revoke = payload("KeyRevoked", "rv", [.init("keyid", .string(unit.keyID.hex))])
        _ = try log.append([try Envelope.sign(payload: revoke, keys: [root])])
        for i in 0..<3 {
            _ = try log.append([try Envelope.sign(payload: payload("TaskCompleted", "r\(i)"), keys: [root])])
        }
        return log
    }

    func journal(_ store: any LogStore) throws -> AuthorityJournal? {
        try store.read { r in
            try r.snapshot(AuthorityJournal.snapshotName).map {
                try AuthorityJournal(data: $0.data, snapshotSize: $0.size)
            }
        }
    }

    /// Whether a fresh open (a new process) lets the revoked unit key append.
    func revokedKeyRefused(_ store: any LogStore) throws -> Bool {
        let fresh = try Log(store: store)
        let late = try Envelope.sign(payload: payload("TaskCompleted", "late-\(UUID())"), keys: [unit])
        do {
            _ = try fresh.check(late)
            return false
        } catch {
            return "\(error)".contains("revoked")
        }
    }

    func rawWrite(_ s: StoreUnderTest, _ raw: (String) throws -> (status: Int32, err: String), _ data: [UInt8])
        throws
    {
        let hex = Hex.encode(data)
        let value = s.name == "SQLite" ? "X'\(hex)'" : "decode('\(hex)', 'hex')"
        let r = try raw("UPDATE snapshots SET data = \(value) WHERE name = 'authority'")
        #expect(r.status == 0, "\(r.err)")
    }

    @Test(arguments: StoreUnderTest.all)
    func anOpenReadsOnlyTheEntriesThatShapeTheRules(_ s: StoreUnderTest) throws {
        let (store, _, keep) = try s.make()
        let log = try build(store)
        let j = try #require(try journal(store))
        // Saved with the revocation (size 33); the 3 passive entries after it are read at open.
        #expect(j.entries == [0, 1, 32])
        #expect(j.size == 33)
        #expect(j.rules == KeyRules.v2)
        #expect(j.root == (try log.root(size: 33)).root)
        #expect(try revokedKeyRefused(store))
        // A fresh open gives the same rules as a replay from entry 0 (no journal).
        let report = try LogAudit.verify(store: store, key: nil, catalog: .logLayer)
        #expect(report.entries == 36)
        _ = keep
    }

    @Test(arguments: StoreUnderTest.all)
    func aConsistentForgeryIsNamedByVerifyAndRebuilt(_ s: StoreUnderTest) throws {
        let (store, raw, keep) = try s.make()
        _ = try build(store)
        var forged = try #require(try journal(store))
        forged.entries = [0, 1]  // the revocation left out, the checksum rewritten
        try rawWrite(s, raw, forged.data)
        // An open cannot tell (it reads 3 entries, not 36) ...
        #expect(!(try revokedKeyRefused(store)))
        // ... verify recomputes from entry 0 and names the size and the entry.
        do {
            _ = try LogAudit.verify(store: store, key: nil, catalog: .logLayer)
            Issue.record("verify accepted a forged authority state")
        } catch let e as StoreError {
            #expect("\(e)".contains("for size 33 does not list the entries that shape the rules (missing: 32)"))
            #expect("\(e)".contains("--rebuild-state"))
        }
        _ = try LogAudit.verify(store: store, key: nil, catalog: .logLayer, rebuildState: true)
        #expect(try journal(store)?.entries == [0, 1, 32])
        #expect(try revokedKeyRefused(store))
        _ = try LogAudit.verify(store: store, key: nil, catalog: .logLayer)
        _ = keep
    }

    @Test(arguments: StoreUnderTest.all)
    func anOpenIgnoresAStateThatDoesNotHoldTogether(_ s: StoreUnderTest) throws {
        let (store, raw, keep) = try s.make()
        let log = try build(store)
        let good = try #require(try journal(store))
        var wrongRoot = good
        wrongRoot.root = Merkle.emptyRoot
        var notShaping = good
        notShaping.entries = [0, 1, 5, 32]
        // "32" becomes "31"; the checksum is left as it was.
        let uncheckedEdit = Array(
            String(decoding: good.data, as: UTF8.self).replacingOccurrences(of: " 32\n", with: " 31\n").utf8)
        #expect(uncheckedEdit != good.data)
        for (name, data, fault) in [
            ("edited without its checksum", uncheckedEdit, "its checksum does not match its text"),
            ("another tree's root", wrongRoot.data, "carries root"),
            ("an entry that shapes nothing", notShaping.data, "(not shaping: 5)"),
            ("not a journal", Array("{}".utf8), "cannot be read"),
        ] {
            try rawWrite(s, raw, data)
            // The open replays from entry 0 instead: the revoked key stays refused.
            #expect(try revokedKeyRefused(store), "\(s.name): \(name)")
            do {
                _ = try LogAudit.verify(store: store, key: nil, catalog: .logLayer)
                Issue.record("\(s.name): verify accepted \(name)")
            } catch let e as StoreError {
                #expect("\(e)".contains(fault), "\(s.name): \(name): \(e)")
            }
        }
        // A writer that replayed from entry 0 saves a sound journal with its next entry.
        let fresh = try Log(store: store)
        let reg = payload(
            "KeyRegistered", "k-two",
            [.init("publicKey", .string(try PrivateKey.generate().publicKey.base64)), .init("role", .string("unit"))])
        _ = try fresh.append([try Envelope.sign(payload: reg, keys: [root])])
        #expect(try journal(store)?.entries == [0, 1, 32, 36])
        #expect(try journal(store)?.size == 37)
        _ = try LogAudit.verify(store: store, key: nil, catalog: .logLayer)
        _ = log
        _ = keep
    }

    @Test func aJournalLagsByAtMostMaxLagEntries() throws {
        let dir = TempDir()
        let store = try SQLiteStore(path: dir.path("lag.db"), create: true)
        let log = try build(store)
        let first = try #require(try journal(store))
        #expect(first.size == 33)  // saved with the revocation; 3 passive entries since
        let envs = try (0..<AuthorityJournal.maxLag).map {
            try Envelope.sign(payload: payload("TaskCompleted", "lag\($0)"), keys: [root])
        }
        _ = try log.append(envs)
        #expect(try journal(store)?.size == 36 + AuthorityJournal.maxLag)
    }
}
