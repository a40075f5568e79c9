import Foundation
import TestSupport
import Testing
import ThiduaPostgres
import ThiduaSQLite

@testable import ThiduaLog

/// Where a reliability test keeps its log: a SQLite file, or a PostgreSQL schema.
struct LogLocation: CustomTestStringConvertible, Sendable {
    let name: String
    let make: @Sendable (TempDir) throws -> String
    var testDescription: String { name }

    static let sqlite = LogLocation(name: "SQLite") { $0.path("r.db") }
    static let postgres = LogLocation(name: "PostgreSQL") { _ in
        try Tools.requiredPostgres() + "?schema=r_"
            + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
    static var all: [LogLocation] {
        Tools.postgresCases ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// Figures the note reports (crash points tried, entries lost, …), printed as they are measured.
func report(_ line: String) { print("RELIABILITY \(line)") }

@Suite(.serialized) struct ReliabilityTests {
    /// A log made by the CLI in `db`, with a unit key registered; returns the unit key's path.
    func makeLog(_ dir: TempDir, _ db: String) throws {
        for k in ["root", "log", "unit"] { #expect(try thidua(["keygen", "--out", "\(k).pem"], in: dir).status == 0) }
        #expect(
            try thidua(
                [
                    "init", "--db", db, "--origin", "rel.thidua.vn/log", "--log-key", "log.pem", "--root-key",
                    "root.pem", "--rules", "thidua-keys/2",
                ], in: dir
            ).status == 0)
        let pub = try PublicKey(pem: String(contentsOfFile: dir.path("unit.pub.pem"), encoding: .utf8)).base64
        let reg = try thidua(
            ["sign", "--key", "root.pem"], in: dir,
            stdin: Array(
                (#"{"v":1,"type":"KeyRegistered","id":"k-unit","log":"rel.thidua.vn/log","#
                    + #""issuedAt":"2025-03-01T08:00:00+07:00","publicKey":"\#(pub)","role":"unit"}"#)
                    .utf8)
        ).out
        #expect(try thidua(["append", "--db", db], in: dir, stdin: Array(reg.utf8)).status == 0)
    }

    func envelopeFile(_ dir: TempDir, _ id: String, note: String = "") throws -> String {
        let file = dir.path("\(id).json")
        let env = try thidua(
            ["sign", "--key", "unit.pem"], in: dir,
            stdin: Array(
                (#"{"v":1,"type":"TaskCompleted","id":"\#(id)","log":"rel.thidua.vn/log","#
                    + #""issuedAt":"2025-03-02T08:00:00+07:00","note":"\#(note)"}"#)
                    .utf8)
        ).out
        try env.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func size(_ db: String) throws -> Int {
        let store: any LogStore = PostgresStore.isURL(db) ? try PostgresStore(url: db) : try SQLiteStore(path: db)
        return try store.read { try $0.size() }
    }

    @Test(arguments: LogLocation.all)
    func killDashNineAtManyPointsLosesNothingAcknowledged(_ loc: LogLocation) throws {
        let dir = TempDir()
        let db = try loc.make(dir)
        try makeLog(dir, db)
        var acknowledged: Set<Int> = []
        var rng = SystemRandomNumberGenerator()
        let tries = 40
        // Kill anywhere within 1.5× the time an append takes on this store.
        let t0 = Date()
        #expect(try thidua(["append", "--db", db, try envelopeFile(dir, "timing")], in: dir).status == 0)
        let window = UInt32(max(5_000, Date().timeIntervalSince(t0) * 1.5 * 1_000_000))
        var killedMidway = 0
        for k in 0..<tries {
            let file = try envelopeFile(dir, "kill-\(k)")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: thiduaExe)
            p.arguments = ["append", "--db", db, file]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 0...window, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { killedMidway += 1 }
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if let i = Int(printed.trimmingCharacters(in: .whitespacesAndNewlines)) { acknowledged.insert(i) }
        }
        let n = try size(db)
        let lost = acknowledged.filter { $0 >= n }.count
        report(
            "\(loc.name) kill-9: \(tries) appends killed at random points (\(killedMidway) died before exiting), "
                + "\(acknowledged.count) acknowledged, \(lost) lost"
        )
        #expect(lost == 0)
        let v = try thidua(["verify", "--db", db], in: dir)
        #expect(v.status == 0, "\(v.out)\(v.err)")
        // The log takes the next append.
        #expect(try thidua(["append", "--db", db, try envelopeFile(dir, "after")], in: dir).out == "\(n)\n")
    }

    @Test(arguments: LogLocation.all)
    func racingWritersAllLandOnceAndInOrder(_ loc: LogLocation) throws {
        let dir = TempDir()
        let db = try loc.make(dir)
        try makeLog(dir, db)
        let writers = 6
        let each = 8
        var files: [[String]] = []
        for w in 0..<writers { files.append(try (0..<each).map { try envelopeFile(dir, "race-\(w)-\($0)") }) }
        let lock = Lock()
        nonisolated(unsafe) var indices: [Int] = []
        nonisolated(unsafe) var failures: [String] = []
        let all = files
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            for f in all[w] {
                guard let r = try? run(thiduaExe, ["append", "--db", db, f], cwd: dir.url.path) else { continue }
                lock.withLock {
                    if r.status == 0,
                        let i = Int(
                            String(decoding: r.out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                    {
                        indices.append(i)
                    } else {
                        failures.append(r.err)
                    }
                }
            }
        }
        report(
            "\(loc.name) racing writers: \(writers) processes × \(each) appends, \(indices.count) acknowledged, "
                + "\(failures.count) refused (busy), \(Set(indices).count) distinct indices"
        )
        #expect(failures.isEmpty, "\(failures.prefix(2))")
        #expect(Set(indices) == Set(2..<(2 + writers * each)))
        #expect(try thidua(["verify", "--db", db], in: dir).status == 0)
    }

    /// The disk fills up mid-append (a file-size limit, as a small partition would): the
    /// failing append says so and leaves nothing half-written; everything acknowledged stays.
    @Test func aFullDiskFailsTheAppendCleanly() throws {
        let dir = TempDir()
        let db = dir.path("full.db")
        try makeLog(dir, db)
        let note = String(repeating: "Tủa Chùa ", count: 3000)
        var acknowledged = 0
        var failed = 0
        var lastErr = ""
        for k in 0..<30 {
            let file = try envelopeFile(dir, "full-\(k)", note: note)
            // 512 KiB file-size limit; SIGXFSZ ignored so the write fails with EFBIG.
            let r = try run(
                "bash",
                ["-c", "trap '' XFSZ; ulimit -f 512; exec \"$0\" append --db \"$1\" \"$2\"", thiduaExe, db, file],
                cwd: dir.url.path)
            if r.status == 0 {
                acknowledged += 1
            } else {
                failed += 1
                lastErr = r.err
            }
        }
        report(
            "SQLite disk full: \(acknowledged) appends fitted, \(failed) refused; last error: "
                + "\(lastErr.trimmingCharacters(in: .whitespacesAndNewlines))"
        )
        #expect(failed > 0, "the size limit was never reached")
        #expect(lastErr.contains("the disk may be full") || lastErr.contains("the disk is full"), "\(lastErr)")
        #expect(try size(db) == 2 + acknowledged)
        #expect(try thidua(["verify", "--db", db], in: dir).status == 0)
    }

    @Test func twoStoreObjectsOnOneLogExcludeEachOtherAsTwoProcessesWould() throws {
        let dir = TempDir()
        var stores: [(any LogStore, any LogStore)] = [
            (
                try SQLiteStore(path: dir.path("x.db"), create: true, busyTimeoutMillis: 200),
                try SQLiteStore(path: dir.path("x.db"), busyTimeoutMillis: 200)
            )
        ]
        if let url = try Tools.postgres(for: "two PostgreSQL store objects exclude each other") {
            let u = url + "?schema=x_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            stores.append(
                (
                    try PostgresStore(url: u, create: true, busyTimeoutMillis: 200),
                    try PostgresStore(url: u, busyTimeoutMillis: 200)
                ))
        }
        for (a, b) in stores {
            let inside = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let t = Thread {
                try? a.write { w in
                    try w.insert(entry(0))
                    inside.signal()
                    release.wait()
                }
            }
            t.start()
            inside.wait()
            #expect(throws: StoreError.busy(location: b.location)) {
                try b.write { w in try w.insert(entry(0, id: "other")) }
            }
            release.signal()
            while try b.read({ try $0.size() }) < 1 { usleep(1000) }
            try b.write { w in try w.insert(entry(1)) }
            #expect(try a.read { try $0.size() } == 2)
        }
    }

    @Test func backupAndMigrationRoundTripsKeepTheRoot() throws {
        let dir = TempDir()
        #expect(try thidua(["demo", "--db", "demo.db"], in: dir).status == 0)
        let root = { (db: String) throws -> String in
            let v = try thidua(["verify", "--db", db, "--json"], in: dir).out
            return try #require(try JSON.parse(v)["root"]?.stringValue)
        }
        let r0 = try root("demo.db")
        // SQLite online backup.
        let b = try thidua(["backup", "--db", "demo.db", "--to", "copy.db"], in: dir)
        #expect(b.status == 0 && b.out.hasPrefix("OK backed up 431 entries"))
        #expect(try root("copy.db") == r0)
        #expect(try thidua(["backup", "--db", "demo.db", "--to", "copy.db"], in: dir).status != 0)  // never overwrites
        guard let url = try Tools.postgres(for: "migration to PostgreSQL and back, pg_dump and restore") else {
            return
        }
        // SQLite → PostgreSQL → SQLite: the same root all the way.
        let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let pg = url + "?schema=" + schema
        defer { _ = try? run("psql", [url, "-q", "-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE"]) }
        let m1 = try thidua(["migrate", "--from", "demo.db", "--to", pg], in: dir)
        #expect(m1.status == 0 && m1.out.contains("both roots \(r0)"), "\(m1.err)")
        #expect(try root(pg) == r0)
        let m2 = try thidua(["migrate", "--from", pg, "--to", "back.db"], in: dir)
        #expect(m2.status == 0)
        #expect(try root("back.db") == r0)
        #expect(try thidua(["migrate", "--from", "demo.db", "--to", pg], in: dir).status == 73)
        // pg_dump of the schema, restored into a new database: verifies with the same root.
        let dump = try run("pg_dump", ["--no-owner", "-n", schema, url])
        #expect(dump.status == 0, "\(dump.err)")
        let newDB = "restore_" + schema
        #expect(try run("psql", [url, "-q", "-c", "CREATE DATABASE \(newDB)"]).status == 0)
        let base = url.components(separatedBy: "/").dropLast().joined(separator: "/")
        defer { _ = try? run("psql", [url, "-q", "-c", "DROP DATABASE IF EXISTS \(newDB)"]) }
        #expect(try run("psql", [base + "/" + newDB, "-q", "-v", "ON_ERROR_STOP=1"], stdin: dump.out).status == 0)
        #expect(try root(base + "/" + newDB + "?schema=" + schema) == r0)
    }
}

@Suite struct ReplicaReaderTests {
    /// `readers=HOST:PORT` sends read transactions elsewhere (here: the same server under
    /// another host name, standing in for a replica); writes stay on the primary.
    @Test func readersCanBeSentToAReplica() throws {
        guard let url = try Tools.postgres(for: "reads sent to a PostgreSQL replica"),
            let hostPort = url.split(separator: "@").last?.split(separator: "/").first
        else { return }
        let port = hostPort.split(separator: ":").last.map(String.init) ?? "5432"
        let schema = "rp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        defer { _ = try? run("psql", [url, "-q", "-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE"]) }
        let store = try PostgresStore(url: url + "?schema=\(schema)&readers=localhost:\(port)", create: true)
        try store.write { w in try w.insert(entry(0)) }
        #expect(try store.read { try $0.entry(at: 0) } == entry(0))
        // A replica that cannot be reached is an error that names it, not a silent fallback.
        let broken = try PostgresStore(url: url + "?schema=\(schema)&readers=127.0.0.1:1")
        #expect(throws: StoreError.self) { try broken.read { try $0.size() } }
    }
}
