import CPostgres
import Foundation
import ThiduaLog

/// One libpq connection. Not thread-safe: its owner serialises use.
final class PGConnection {
    let conn: OpaquePointer
    let location: String

    init(conninfo: String, location: String, schema: String?) throws(StoreError) {
        guard let c = PQconnectdb(conninfo) else { throw .open(location: location, reason: "out of memory") }
        guard PQstatus(c) == CONNECTION_OK else {
            let msg = String(cString: PQerrorMessage(c)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(c)
            throw .open(location: location, reason: msg)
        }
        conn = c
        self.location = location
        try exec("SET client_min_messages TO warning")
        if let schema { try exec("SET search_path TO \(PGConnection.ident(schema))") }
    }

    deinit { PQfinish(conn) }

    static func ident(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func error(_ r: OpaquePointer?, _ what: String) -> StoreError {
        let msg = String(cString: r.map { PQresultErrorMessage($0) } ?? PQerrorMessage(conn)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let state = r.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        if state == "23505" || state == "P0001" || state == "23514" { return .refused(location: location, reason: msg) }
        if state == "53100" {
            return .sql(
                location: location, reason: "\(what): the disk is full (nothing was written; free space and retry)")
        }
        if PQstatus(conn) != CONNECTION_OK { return .open(location: location, reason: "connection lost: \(msg)") }
        return .sql(location: location, reason: "\(what): \(msg)")
    }

    func exec(_ sql: String) throws(StoreError) {
        let r = PQexec(conn, sql)
        defer { PQclear(r) }
        let st = PQresultStatus(r)
        guard st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK else {
            throw error(r, sql.split(separator: "\n").first.map(String.init) ?? sql)
        }
    }

    enum Param {
        case text(String)
        case int(Int)
        case bytes([UInt8])
    }

    /// Runs a parameterised statement (binary parameters for bytea, text otherwise) and
    /// returns its rows as text columns (bytea comes back hex-encoded: `\x…`).
    func query(_ sql: String, _ params: [Param] = []) throws(StoreError) -> [[String?]] {
        var values: [[UInt8]] = []
        var formats: [Int32] = []
        for p in params {
            switch p {
            case .text(let s):
                values.append(Array(s.utf8) + [0])
                formats.append(0)
            case .int(let i):
                values.append(Array(String(i).utf8) + [0])
                formats.append(0)
            case .bytes(let b):
                values.append(b)
                formats.append(1)
            }
        }
        let lengths = values.enumerated().map {
            Int32(formats[$0.offset] == 1 ? $0.element.count : $0.element.count - 1)
        }
        let r: OpaquePointer? = withPointers(values) { ptrs in
            PQexecParams(conn, sql, Int32(params.count), nil, ptrs, lengths, formats, 0)
        }
        defer { PQclear(r) }
        let st = PQresultStatus(r)
        guard st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK else { throw error(r, sql) }
        var rows: [[String?]] = []
        for i in 0..<PQntuples(r) {
            var row: [String?] = []
            for j in 0..<PQnfields(r) {
                row.append(PQgetisnull(r, i, j) == 1 ? nil : String(cString: PQgetvalue(r, i, j)))
            }
            rows.append(row)
        }
        return rows
    }

    private func withPointers<R>(_ values: [[UInt8]], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var buffers: [UnsafeMutablePointer<CChar>] = []
        defer { for b in buffers { b.deallocate() } }
        for v in values {
            let b = UnsafeMutablePointer<CChar>.allocate(capacity: max(v.count, 1))
            v.withUnsafeBytes { raw in if let base = raw.baseAddress { memcpy(b, base, v.count) } }
            buffers.append(b)
        }
        return body(buffers.map { UnsafePointer($0) })
    }

    static func bytes(_ hex: String?) -> [UInt8]? {
        guard let hex, hex.hasPrefix("\\x") else { return nil }
        return Hex.decode(String(hex.dropFirst(2)))
    }
}

/// The PostgreSQL store: the same contract as the SQLite one, for deployments that
/// outgrow one machine. One writer at a time by a transaction-scoped advisory lock
/// (waited for up to `busyTimeout`, then `StoreError.busy`); readers in REPEATABLE READ
/// snapshots, so they can run on replicas; triggers refuse UPDATE, DELETE and TRUNCATE of
/// entries, nodes, metadata, checkpoints and cosignatures, even from psql.
///
/// URL: `postgres://user:password@host:port/dbname[?schema=NAME][&readers=HOST:PORT]`
/// (libpq's URI form; `schema` and `readers` are thidua's own: the log's tables live in
/// that schema, and read transactions go to that replica).
public final class PostgresStore: LogStore, @unchecked Sendable {
    public let location: String
    let conninfo: String
    /// Where read transactions go: the primary, or a replica (`readers=HOST:PORT`).
    let readerConninfo: String
    let schema: String?
    private let writer: PGConnection
    private let writeLock = Lock()
    private let poolLock = Lock()
    private var readers: [PGConnection] = []
    let busyTimeoutMillis: Int
    /// The advisory lock key: "thidua" in ASCII, one per database (and schema).
    let lockKey: Int64

    public static func isURL(_ s: String) -> Bool { s.hasPrefix("postgres://") || s.hasPrefix("postgresql://") }

    public init(url: String, create: Bool = false, busyTimeoutMillis: Int = 10_000) throws(StoreError) {
        var u = url
        var schema: String? = nil
        var readers: String? = nil
        if let q = url.firstIndex(of: "?") {
            var kept: [String] = []
            for pair in url[url.index(after: q)...].split(separator: "&") {
                if pair.hasPrefix("schema=") {
                    schema = String(pair.dropFirst(7))
                } else if pair.hasPrefix("readers=") {
                    readers = String(pair.dropFirst(8))
                } else {
                    kept.append(String(pair))
                }
            }
            u = String(url[..<q]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        conninfo = u
        // readers=HOST:PORT: the same database, user and password on a read replica.
        if let readers, let scheme = u.range(of: "://") {
            let rest = u[scheme.upperBound...]
            let hostStart = rest.firstIndex(of: "@").map { rest.index(after: $0) } ?? rest.startIndex
            let hostEnd = rest[hostStart...].firstIndex(of: "/") ?? rest.endIndex
            readerConninfo = String(u[..<hostStart]) + readers + String(u[hostEnd...])
        } else {
            readerConninfo = u
        }
        self.schema = schema
        location = PostgresStore.redact(url)
        self.busyTimeoutMillis = busyTimeoutMillis
        var h: Int64 = 0x7468_6964_7561  // "thidua"
        for b in (schema ?? "").utf8 { h = h &* 31 &+ Int64(b) }
        lockKey = h
        writer = try PGConnection(conninfo: u, location: location, schema: nil)
        if let schema {
            if create { try writer.exec("CREATE SCHEMA IF NOT EXISTS \(PGConnection.ident(schema))") }
            try writer.exec("SET search_path TO \(PGConnection.ident(schema))")
        }
        let has = try writer.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN "
                + "('meta','entries','nodes','checkpoints','snapshots','cosignatures')"
        )
        if has.first?.first??.description != "6" {
            guard create else { throw .notALog(location: location) }
            try writer.exec("BEGIN")
            do {
                try writer.exec("SELECT pg_advisory_xact_lock(\(lockKey))")
                try writer.exec(PostgresStore.schemaSQL)
                try writer.exec("COMMIT")
            } catch {
                try? writer.exec("ROLLBACK")
                throw error
            }
        }
    }

    /// The URL without its secrets, for messages: the password of `user:password@` and of
    /// any `password=` (or `sslpassword=`) parameter becomes `***`.
    public static func redact(_ url: String) -> String {
        guard isURL(url) else { return url }
        var out = url
        if let scheme = out.range(of: "://") {
            let rest = out[scheme.upperBound...]
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<end].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                out = String(out[..<colon]) + ":***" + String(out[at...])
            }
        }
        if let q = out.firstIndex(of: "?") {
            let params = out[out.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map {
                pair -> String in
                let key = pair.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                return key == "password" || key == "sslpassword"
                    ? "\(pair.split(separator: "=", maxSplits: 1)[0])=***" : String(pair)
            }
            out = String(out[...q]) + params.joined(separator: "&")
        }
        return out
    }

    static let schemaSQL = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS entries(
          idx BIGINT PRIMARY KEY, received_at BIGINT NOT NULL, event_id TEXT NOT NULL UNIQUE, line BYTEA NOT NULL);
        CREATE TABLE IF NOT EXISTS nodes(
          level INT NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, PRIMARY KEY(level, idx));
        CREATE TABLE IF NOT EXISTS checkpoints(size BIGINT PRIMARY KEY, root BYTEA NOT NULL, note TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS snapshots(name TEXT PRIMARY KEY, size BIGINT NOT NULL, data BYTEA NOT NULL);
        CREATE TABLE IF NOT EXISTS cosignatures(size BIGINT NOT NULL, line TEXT NOT NULL, PRIMARY KEY(size, line));
        CREATE OR REPLACE FUNCTION thidua_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'thidua: % is append-only; % refused', TG_TABLE_NAME, TG_OP; END $$;
        CREATE OR REPLACE FUNCTION thidua_entries_at_end() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.idx IS DISTINCT FROM (SELECT COALESCE(MAX(idx) + 1, 0) FROM entries) THEN
            RAISE EXCEPTION 'thidua: entries are appended at the end of the log only';
          END IF;
          RETURN NEW;
        END $$;
        CREATE OR REPLACE FUNCTION thidua_meta_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM meta WHERE key = NEW.key) THEN
            RAISE EXCEPTION 'thidua: log metadata is fixed at init';
          END IF;
          RETURN NEW;
        END $$;
        CREATE OR REPLACE FUNCTION thidua_checkpoints_grow() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.size <= (SELECT COALESCE(MAX(size), -1) FROM checkpoints) THEN
            RAISE EXCEPTION 'thidua: a new checkpoint must be for a larger tree';
          END IF;
          RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER entries_no_change
          BEFORE UPDATE OR DELETE ON entries FOR EACH ROW EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER entries_no_truncate
          BEFORE TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER entries_at_end
          BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION thidua_entries_at_end();
        CREATE OR REPLACE TRIGGER nodes_no_change
          BEFORE UPDATE OR DELETE ON nodes FOR EACH ROW EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER nodes_no_truncate
          BEFORE TRUNCATE ON nodes FOR EACH STATEMENT EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER meta_no_change
          BEFORE UPDATE OR DELETE ON meta FOR EACH ROW EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER meta_no_truncate
          BEFORE TRUNCATE ON meta FOR EACH STATEMENT EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER meta_once
          BEFORE INSERT ON meta FOR EACH ROW EXECUTE FUNCTION thidua_meta_once();
        CREATE OR REPLACE TRIGGER checkpoints_no_change
          BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER checkpoints_no_truncate
          BEFORE TRUNCATE ON checkpoints FOR EACH STATEMENT EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER checkpoints_grow
          BEFORE INSERT ON checkpoints FOR EACH ROW EXECUTE FUNCTION thidua_checkpoints_grow();
        CREATE OR REPLACE TRIGGER cosignatures_no_change
          BEFORE UPDATE OR DELETE ON cosignatures FOR EACH ROW EXECUTE FUNCTION thidua_refuse();
        CREATE OR REPLACE TRIGGER cosignatures_no_truncate
          BEFORE TRUNCATE ON cosignatures FOR EACH STATEMENT EXECUTE FUNCTION thidua_refuse();
        """

    public func read<T>(_ body: (any LogReader) throws -> T) throws -> T {
        let c = try takeReader()
        defer { giveBack(c) }
        try c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let result = try body(PGAccess(c))
            try c.exec("COMMIT")
            return result
        } catch {
            try? c.exec("ROLLBACK")
            throw error
        }
    }

    public func write<T>(_ body: (any LogWriter) throws -> T) throws -> T {
        let outcome: T? = try writeLock.withLock(waitingAtMost: busyTimeoutMillis) { () throws -> T in
            try writer.exec("BEGIN")
            do {
                // One writer across processes and machines: the advisory lock, waited for.
                let deadline = Date().addingTimeInterval(Double(busyTimeoutMillis) / 1000)
                while try writer.query("SELECT pg_try_advisory_xact_lock(\(lockKey))").first?.first??.description != "t"
                {
                    guard Date() < deadline else { throw StoreError.busy(location: location) }
                    usleep(5_000)
                }
                let result = try body(PGAccess(writer))
                try writer.exec("COMMIT")
                return result
            } catch {
                try? writer.exec("ROLLBACK")
                throw error
            }
        }
        guard let outcome else { throw StoreError.busy(location: location) }
        return outcome
    }

    /// Rewrites the metadata table so a removed row leaves no copy in its pages.
    public func scrub() throws {
        try writeLock.withLock { try writer.exec("VACUUM FULL meta") }
    }

    private func takeReader() throws(StoreError) -> PGConnection {
        if let c = poolLock.withLock({ readers.popLast() }) { return c }
        return try PGConnection(conninfo: readerConninfo, location: location, schema: schema)
    }

    private func giveBack(_ c: PGConnection) {
        poolLock.withLock { if readers.count < 16 { readers.append(c) } }
    }
}

/// Queries shared by reads and writes on one connection.
struct PGAccess: LogWriter {
    let c: PGConnection
    init(_ c: PGConnection) { self.c = c }

    func size() throws -> Int { Int(try c.query("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries")[0][0] ?? "0") ?? 0 }

    func stored(_ row: [String?]) throws -> StoredEntry {
        guard let i = row[0].flatMap({ Int($0) }), let t = row[1].flatMap({ Int64($0) }), let id = row[2],
            let line = PGConnection.bytes(row[3])
        else {
            throw StoreError.damaged(location: c.location, reason: "an entry row is malformed")
        }
        return StoredEntry(index: i, receivedAt: Timestamp(millis: t), eventID: id, line: line)
    }

    func entry(at index: Int) throws -> StoredEntry? {
        try c.query("SELECT idx, received_at, event_id, line FROM entries WHERE idx = $1", [.int(index)]).first.map(
            stored)
    }

    func forEachEntry(from: Int, to: Int, _ body: (StoredEntry) throws -> Void) throws {
        // In pages, so a large log is never held in memory at once.
        var i = from
        while i < to {
            let rows = try c.query(
                "SELECT idx, received_at, event_id, line FROM entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
                [.int(i), .int(min(to, i + 2000))])
            guard !rows.isEmpty else { return }
            for r in rows { try body(try stored(r)) }
            i += 2000
        }
    }

    func index(ofEventID id: String) throws -> Int? {
        try c.query("SELECT idx FROM entries WHERE event_id = $1", [.text(id)]).first?[0].flatMap { Int($0) }
    }

    func node(level: Int, index: Int) throws -> Hash? {
        guard
            let b = PGConnection.bytes(
                try c.query("SELECT hash FROM nodes WHERE level = $1 AND idx = $2", [.int(level), .int(index)]).first?[
                    0])
        else { return nil }
        return Hash(bytes: b)
    }

    func meta(_ key: String) throws -> String? {
        try c.query("SELECT value FROM meta WHERE key = $1", [.text(key)]).first?[0]
    }

    func checkpoint(_ r: [String?]) throws -> StoredCheckpoint {
        guard let s = r[0].flatMap({ Int($0) }), let root = PGConnection.bytes(r[1]).flatMap({ Hash(bytes: $0) }),
            let note = r[2]
        else {
            throw StoreError.damaged(location: c.location, reason: "a checkpoint row is malformed")
        }
        return StoredCheckpoint(size: s, root: root, note: note)
    }

    func latestCheckpoint() throws -> StoredCheckpoint? {
        try c.query("SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1").first.map(checkpoint)
    }

    func checkpoints() throws -> [StoredCheckpoint] {
        try c.query("SELECT size, root, note FROM checkpoints ORDER BY size").map(checkpoint)
    }

    func cosignatures(size: Int) throws -> [String] {
        try c.query("SELECT line FROM cosignatures WHERE size = $1 ORDER BY line", [.int(size)]).compactMap { $0[0] }
    }

    func snapshot(_ name: String) throws -> (size: Int, data: [UInt8])? {
        guard let r = try c.query("SELECT size, data FROM snapshots WHERE name = $1", [.text(name)]).first,
            let s = r[0].flatMap({ Int($0) }), let d = PGConnection.bytes(r[1])
        else { return nil }
        return (s, d)
    }

    func snapshotHead(_ name: String, count: Int) throws -> [UInt8]? {
        guard
            let r = try c.query(
                "SELECT substring(data from 1 for $2) FROM snapshots WHERE name = $1", [.text(name), .int(count)]
            ).first
        else { return nil }
        return PGConnection.bytes(r[0])
    }

    func snapshots(prefix: String) throws -> [(name: String, size: Int)] {
        try c.query(
            "SELECT name, size FROM snapshots WHERE left(name, length($1)) = $1 ORDER BY name COLLATE \"C\"",
            [.text(prefix)]
        ).compactMap { r in r[0].flatMap { n in r[1].flatMap(Int.init).map { (n, $0) } } }
    }

    func insert(_ e: StoredEntry) throws {
        _ = try c.query(
            "INSERT INTO entries(idx, received_at, event_id, line) VALUES ($1, $2, $3, $4)",
            [.int(e.index), .int(Int(e.receivedAt.millis)), .text(e.eventID), .bytes(e.line)])
    }

    func insertNode(level: Int, index: Int, hash: Hash) throws {
        _ = try c.query(
            "INSERT INTO nodes(level, idx, hash) VALUES ($1, $2, $3)", [.int(level), .int(index), .bytes(hash.bytes)])
    }

    func setMeta(_ key: String, _ value: String) throws {
        _ = try c.query("INSERT INTO meta(key, value) VALUES ($1, $2)", [.text(key), .text(value)])
    }

    func insertCheckpoint(_ cp: StoredCheckpoint) throws {
        _ = try c.query(
            "INSERT INTO checkpoints(size, root, note) VALUES ($1, $2, $3)",
            [.int(cp.size), .bytes(cp.root.bytes), .text(cp.note)])
    }

    func insertCosignature(size: Int, line: String) throws {
        _ = try c.query(
            "INSERT INTO cosignatures(size, line) VALUES ($1, $2) ON CONFLICT DO NOTHING", [.int(size), .text(line)])
    }

    func purgeLegacySecret() throws -> Bool {
        guard try meta(Log.Meta.legacyPrivateKey) != nil else { return false }
        // The one metadata row that may go: the trigger is lifted inside this transaction only.
        try c.exec("ALTER TABLE meta DISABLE TRIGGER meta_no_change")
        _ = try c.query("DELETE FROM meta WHERE key = $1", [.text(Log.Meta.legacyPrivateKey)])
        try c.exec("ALTER TABLE meta ENABLE TRIGGER meta_no_change")
        return true
    }

    func saveSnapshot(_ name: String, size: Int, data: [UInt8]) throws {
        _ = try c.query(
            "INSERT INTO snapshots(name, size, data) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET size = "
                + "EXCLUDED.size, data = EXCLUDED.data",
            [.text(name), .int(size), .bytes(data)])
    }

    func removeSnapshot(_ name: String) throws {
        _ = try c.query("DELETE FROM snapshots WHERE name = $1", [.text(name)])
    }
}
