import Foundation
import TestSupport
import Testing
import ThiduaPostgres
import ThiduaSQLite

@testable import ThiduaLog

/// A store under test, with a way to run raw SQL behind thidua's back.
struct StoreUnderTest: CustomTestStringConvertible, Sendable {
    let name: String
    let make:
        @Sendable () throws -> (
            store: any LogStore, raw: @Sendable (String) throws -> (status: Int32, err: String), keep: AnyObject
        )
    var testDescription: String { name }

    static let sqlite = StoreUnderTest(name: "SQLite") {
        let dir = TempDir()
        let path = dir.path("c.db")
        let store = try SQLiteStore(path: path, create: true, busyTimeoutMillis: 300)
        return (
            store,
            { sql in
                let r = try rawSQL(path, sql)
                return (r.status, r.err)
            }, dir
        )
    }

    /// PostgreSQL, when THIDUA_TEST_POSTGRES names a server (postgres://user:pw@host/db);
    /// `.ci/run` starts one (and sets THIDUA_REQUIRE_ALL=1: without a server these cases fail). Each test gets a schema
    /// of its own, dropped afterwards.
    static let postgres = StoreUnderTest(name: "PostgreSQL") {
        let url = try Tools.requiredPostgres()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let store = try PostgresStore(url: url + "?schema=" + schema, create: true, busyTimeoutMillis: 300)
        let raw: @Sendable (String) throws -> (status: Int32, err: String) = { sql in
            let r = try run("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", "SET search_path TO \(schema); \(sql)"])
            return (r.status, r.err)
        }
        return (store, raw, SchemaDropper(url: url, schema: schema))
    }

    static var all: [StoreUnderTest] {
        Tools.postgresCases ? [.sqlite, .postgres] : [.sqlite]
    }
}

final class SchemaDropper: @unchecked Sendable {
    let url: String, schema: String
    init(url: String, schema: String) {
        self.url = url
        self.schema = schema
    }
    deinit { _ = try? run("psql", [url, "-q", "-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE"]) }
}

func entry(_ i: Int, id: String? = nil) -> StoredEntry {
    StoredEntry(
        index: i, receivedAt: Timestamp(millis: Int64(i)), eventID: id ?? "e\(i)", line: Array("line \(i)".utf8))
}

/// One contract, every store (sunlight's Backend, eventsourcing's recorder test case).
@Suite struct StoreContractTests {
    @Test(arguments: StoreUnderTest.all)
    func writesAreAllOrNothing(_ s: StoreUnderTest) throws {
        let (store, _, keep) = try s.make()
        try store.write { w in try w.insert(entry(0)) }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { w in
                try w.insert(entry(1))
                try w.insertNode(level: 0, index: 1, hash: Merkle.emptyRoot)
                throw Boom()
            }
        }
        let (size, node, first) = try store.read { r in
            (try r.size(), try r.node(level: 0, index: 1), try r.entry(at: 0))
        }
        #expect(size == 1)
        #expect(node == nil)
        #expect(first == entry(0))
        _ = keep
    }

    @Test(arguments: StoreUnderTest.all)
    func entriesOnlyAtTheEndAndIDsUnique(_ s: StoreUnderTest) throws {
        let (store, _, keep) = try s.make()
        try store.write { w in
            try w.insert(entry(0))
            try w.insert(entry(1))
        }
        #expect(throws: StoreError.self) { try store.write { w in try w.insert(entry(5)) } }
        #expect(throws: StoreError.self) { try store.write { w in try w.insert(entry(1)) } }
        #expect(throws: StoreError.self) { try store.write { w in try w.insert(entry(2, id: "e0")) } }
        let (size, e1, nope, seen) = try store.read { r in
            var seen: [Int] = []
            try r.forEachEntry(from: 0, to: 2) { seen.append($0.index) }
            return (try r.size(), try r.index(ofEventID: "e1"), try r.index(ofEventID: "nope"), seen)
        }
        #expect(size == 2)
        #expect(e1 == 1)
        #expect(nope == nil)
        #expect(seen == [0, 1])
        _ = keep
    }

    @Test(arguments: StoreUnderTest.all)
    func refusesUpdateAndDeleteEvenFromRawSQL(_ s: StoreUnderTest) throws {
        let (store, raw, keep) = try s.make()
        try store.write { w in
            try w.insert(entry(0))
            try w.insertNode(level: 0, index: 0, hash: Merkle.emptyRoot)
            try w.setMeta("origin", "o")
            try w.insertCheckpoint(StoredCheckpoint(size: 1, root: Merkle.emptyRoot, note: "n"))
        }
        for sql in [
            "UPDATE entries SET line = 'x'", "DELETE FROM entries", "UPDATE nodes SET hash = 'x'", "DELETE FROM nodes",
            "UPDATE meta SET value = 'x'", "DELETE FROM meta", "UPDATE checkpoints SET note = 'x'",
            "DELETE FROM checkpoints",
            "INSERT INTO meta(key, value) VALUES ('origin', 'other')",
        ] {
            let r = try raw(sql)
            #expect(r.status != 0, "\(s.name) allowed: \(sql)")
            #expect(r.err.contains("thidua:"), "\(s.name) error for \(sql) does not say why: \(r.err)")
        }
        #expect(throws: StoreError.self) { try store.write { w in try w.setMeta("origin", "other") } }
        #expect(throws: StoreError.self) {
            try store.write { w in
                try w.insertCheckpoint(StoredCheckpoint(size: 1, root: Merkle.emptyRoot, note: "again"))
            }
        }
        let (e0, origin, note) = try store.read { r in
            (try r.entry(at: 0), try r.meta("origin"), try r.latestCheckpoint()?.note)
        }
        #expect(e0 == entry(0))
        #expect(origin == "o")
        #expect(note == "n")
        _ = keep
    }

    @Test(arguments: StoreUnderTest.all)
    func readersSeeASnapshotWhileAWriterWorks(_ s: StoreUnderTest) async throws {
        let (store, _, keep) = try s.make()
        try store.write { w in try w.insert(entry(0)) }
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? store.write { w in
                try w.insert(entry(1))
                inside.signal()
                release.wait()
            }
        }
        writer.start()
        inside.wait()
        // The writer holds its transaction open: a reader is not blocked and sees size 1.
        #expect(try store.read { try $0.size() } == 1)
        // A second writer waits, then fails clearly.
        do {
            try store.write { w in try w.insert(entry(1, id: "other")) }
            Issue.record("second writer was not refused")
        } catch let e as StoreError {
            #expect(e == .busy(location: store.location))
        }
        release.signal()
        while try store.read({ try $0.size() }) < 2 { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(try store.read { try $0.entry(at: 1) } == entry(1))
        _ = keep
    }

    @Test(arguments: StoreUnderTest.all)
    func snapshotsAreReplaced(_ s: StoreUnderTest) throws {
        let (store, _, keep) = try s.make()
        try store.write { w in try w.saveSnapshot("rules", size: 1, data: [1]) }
        try store.write { w in try w.saveSnapshot("rules", size: 9, data: [2, 3]) }
        let snap = try store.read { try $0.snapshot("rules") }
        #expect(snap?.size == 9)
        #expect(snap?.data == [2, 3])
        _ = keep
    }
}
