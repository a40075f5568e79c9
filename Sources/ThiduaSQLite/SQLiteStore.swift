import CSQLite
import ThiduaLog

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a commit
/// is on disk when `write` returns. Triggers refuse any UPDATE or DELETE of entries,
/// Merkle nodes, metadata and checkpoints, and any insert that is not at the end.
///
/// One writer at a time (SQLite's write lock, waited on for `busyTimeout`); any number
/// of readers, in this process or others, read while it writes.
public final class SQLiteStore: LogStore, @unchecked Sendable {
    public let path: String
    public var location: String { path }
    private let writer: SQLiteConnection
    private let writeLock = Lock()
    private let poolLock = Lock()
    private var readers: [SQLiteConnection] = []
    let busyTimeoutMillis: Int

    static let schemaVersion = "thidua-sqlite/1"

    static let schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS entries(
            idx INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            line BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS nodes(
            level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
            PRIMARY KEY(level, idx)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS checkpoints(size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS snapshots(name TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);

        CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
            BEGIN SELECT RAISE(ABORT, 'thidua: log entries are append-only; UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
            BEGIN SELECT RAISE(ABORT, 'thidua: log entries are append-only; DELETE refused'); END;
        CREATE TRIGGER IF NOT EXISTS entries_at_end BEFORE INSERT ON entries
            WHEN NEW.idx IS NOT (SELECT IFNULL(MAX(idx) + 1, 0) FROM entries)
            BEGIN SELECT RAISE(ABORT, 'thidua: entries are appended at the end of the log only'); END;
        CREATE TRIGGER IF NOT EXISTS nodes_no_update BEFORE UPDATE ON nodes
            BEGIN SELECT RAISE(ABORT, 'thidua: Merkle nodes are append-only; UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS nodes_no_delete BEFORE DELETE ON nodes
            BEGIN SELECT RAISE(ABORT, 'thidua: Merkle nodes are append-only; DELETE refused'); END;
        CREATE TRIGGER IF NOT EXISTS nodes_once BEFORE INSERT ON nodes
            WHEN EXISTS (SELECT 1 FROM nodes WHERE level = NEW.level AND idx = NEW.idx)
            BEGIN SELECT RAISE(ABORT, 'thidua: a Merkle node is written once'); END;
        CREATE TRIGGER IF NOT EXISTS meta_no_update BEFORE UPDATE ON meta
            BEGIN SELECT RAISE(ABORT, 'thidua: log metadata is fixed at init; UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS meta_no_delete BEFORE DELETE ON meta
            BEGIN SELECT RAISE(ABORT, 'thidua: log metadata is fixed at init; DELETE refused'); END;
        CREATE TRIGGER IF NOT EXISTS meta_once BEFORE INSERT ON meta
            WHEN EXISTS (SELECT 1 FROM meta WHERE key = NEW.key)
            BEGIN SELECT RAISE(ABORT, 'thidua: log metadata is fixed at init'); END;
        CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints
            BEGIN SELECT RAISE(ABORT, 'thidua: signed checkpoints are kept as signed; UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
            BEGIN SELECT RAISE(ABORT, 'thidua: signed checkpoints are kept as signed; DELETE refused'); END;
        CREATE TRIGGER IF NOT EXISTS checkpoints_grow BEFORE INSERT ON checkpoints
            WHEN NEW.size <= (SELECT IFNULL(MAX(size), -1) FROM checkpoints)
            BEGIN SELECT RAISE(ABORT, 'thidua: a new checkpoint must be for a larger tree'); END;
        """

    /// Tables added after thidua-sqlite/1 was first written; created on open if missing.
    static let additions = """
        CREATE TABLE IF NOT EXISTS cosignatures(
            size INTEGER NOT NULL, line TEXT NOT NULL, PRIMARY KEY(size, line)) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS cosignatures_no_update BEFORE UPDATE ON cosignatures
            BEGIN SELECT RAISE(ABORT, 'thidua: cosignatures are kept as signed; UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS cosignatures_no_delete BEFORE DELETE ON cosignatures
            BEGIN SELECT RAISE(ABORT, 'thidua: cosignatures are kept as signed; DELETE refused'); END;
        """

    /// Opens the store at `path`.
    /// - Parameter create: make the file and its tables if they are missing.
    /// - Throws: `StoreError.notALog` when the file exists but holds no thidua tables
    ///   and `create` is false.
    public init(path: String, create: Bool = false, busyTimeoutMillis: Int = 10_000) throws(StoreError) {
        self.path = path
        self.busyTimeoutMillis = busyTimeoutMillis
        var st = stat()
        let existed = lstat(path, &st) == 0
        if !existed && !create { throw .notALog(location: path) }
        if !existed { try SQLiteStore.createFile(path) }
        writer = try SQLiteConnection(path: path, create: false)
        try writer.exec("PRAGMA busy_timeout=\(busyTimeoutMillis)")
        try writer.exec("PRAGMA journal_mode=WAL")
        try writer.exec("PRAGMA synchronous=FULL")
        try writer.exec("PRAGMA recursive_triggers=ON")
        let hasTables = try Self.hasSchema(writer)
        // A statement left mid-step holds a read snapshot; with another process writing,
        // this connection's next write would then fail at once instead of waiting.
        writer.resetAll()
        if !hasTables {
            guard create else { throw .notALog(location: path) }
            try writer.exec("BEGIN IMMEDIATE")
            do {
                try writer.exec(Self.schema)
                try writer.exec("COMMIT")
            } catch {
                try? writer.exec("ROLLBACK")
                throw error
            }
        }
        if try !Self.hasTable(writer, "cosignatures") { try writer.exec(Self.additions) }
        writer.resetAll()
    }

    /// Creates a new, empty database file with mode 0600, never through an existing file or
    /// a (dangling) symbolic link, and only when no journal files of an earlier database
    /// with that name are left: SQLite would read them as part of the new one.
    static func createFile(_ path: String) throws(StoreError) {
        for suffix in ["-wal", "-shm", "-journal"] {
            var st = stat()
            if lstat(path + suffix, &st) == 0 {
                throw .open(
                    location: path,
                    reason:
                        "\(path + suffix) already exists; a new log is not created beside another database's journal "
                        + "(remove it, or choose another file)"
                )
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST || e == ELOOP {
                throw .open(
                    location: path, reason: "it already exists (a file or a symbolic link); nothing was created")
            }
            throw .open(location: path, reason: "cannot create it: \(String(cString: strerror(e)))")
        }
        fchmod(fd, 0o600)
        close(fd)
    }

    static func hasTable(_ c: SQLiteConnection, _ name: String) throws(StoreError) -> Bool {
        let s = try c.statement("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
        s.bind(1, name)
        _ = try s.step()
        return s.int(0) == 1
    }

    static func hasSchema(_ c: SQLiteConnection) throws(StoreError) -> Bool {
        let s = try c.statement(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                + "('meta','entries','nodes','checkpoints','snapshots')"
        )
        _ = try s.step()
        return s.int(0) == 5
    }

    public func read<T>(_ body: (any LogReader) throws -> T) throws -> T {
        let c = try takeReader()
        defer { giveBack(c) }
        try c.exec("BEGIN")
        defer {
            c.resetAll()
            try? c.exec("COMMIT")
        }
        return try body(SQLiteAccess(c))
    }

    public func write<T>(_ body: (any LogWriter) throws -> T) throws -> T {
        // Another thread of this process writing counts as busy, like another process.
        let outcome: T? = try writeLock.withLock(waitingAtMost: busyTimeoutMillis) { () throws -> T in
            try writer.exec("BEGIN IMMEDIATE")
            let result: T
            do {
                result = try body(SQLiteAccess(writer))
            } catch {
                writer.resetAll()
                try? writer.exec("ROLLBACK")
                throw error
            }
            writer.resetAll()
            do {
                try writer.exec("COMMIT")
            } catch {
                try? writer.exec("ROLLBACK")
                throw error
            }
            return result
        }
        guard let outcome else { throw StoreError.busy(location: path) }
        return outcome
    }

    public func scrub() throws {
        try writeLock.withLock {
            try writer.exec("PRAGMA wal_checkpoint(TRUNCATE)")
            try writer.exec("VACUUM")
        }
    }

    /// Copies the whole database to `path` with SQLite's online backup, while writers
    /// may keep appending; the copy is a consistent snapshot.
    public func backup(to destination: String) throws(StoreError) {
        try SQLiteStore.createFile(destination)
        let dst = try SQLiteConnection(path: destination, create: false)
        let src = try takeReader()
        defer { giveBack(src) }
        guard let b = sqlite3_backup_init(dst.db, "main", src.db, "main") else {
            throw .sql(location: destination, reason: dst.lastError)
        }
        var rc: Int32
        repeat {
            rc = sqlite3_backup_step(b, 1024)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        sqlite3_backup_finish(b)
        guard rc == SQLITE_DONE else { throw dst.error(rc, "backup") }
        try dst.exec("PRAGMA journal_mode=WAL")
    }

    private func takeReader() throws(StoreError) -> SQLiteConnection {
        if let c = poolLock.withLock({ readers.popLast() }) { return c }
        let c = try SQLiteConnection(path: path)
        try c.exec("PRAGMA busy_timeout=\(busyTimeoutMillis)")
        try c.exec("PRAGMA query_only=ON")
        return c
    }

    private func giveBack(_ c: SQLiteConnection) {
        poolLock.withLock { if readers.count < 16 { readers.append(c) } }
    }
}

/// Queries shared by reads and writes on one connection.
struct SQLiteAccess: LogWriter {
    let c: SQLiteConnection
    init(_ c: SQLiteConnection) { self.c = c }

    func size() throws -> Int {
        let s = try c.statement("SELECT IFNULL(MAX(idx) + 1, 0) FROM entries")
        _ = try s.step()
        return s.int(0)
    }

    func entry(at index: Int) throws -> StoredEntry? {
        let s = try c.statement("SELECT idx, received_at, event_id, line FROM entries WHERE idx = ?")
        s.bind(1, index)
        guard try s.step() else { return nil }
        return Self.row(s)
    }

    static func row(_ s: SQLiteConnection.Statement) -> StoredEntry {
        StoredEntry(
            index: s.int(0), receivedAt: Timestamp(millis: Int64(s.int(1))), eventID: s.text(2), line: s.blob(3))
    }

    func forEachEntry(from: Int, to: Int, _ body: (StoredEntry) throws -> Void) throws {
        // Not the cached statement: the body may read other entries meanwhile.
        var raw: OpaquePointer? = nil
        let sql = "SELECT idx, received_at, event_id, line FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx"
        let rc = sqlite3_prepare_v2(c.db, sql, -1, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw c.error(rc, "prepare") }
        defer { sqlite3_finalize(raw) }
        let s = SQLiteConnection.Statement(raw, c)
        s.bind(1, from)
        s.bind(2, to)
        var expected = from
        while try s.step() {
            let e = Self.row(s)
            guard e.index == expected else {
                throw StoreError.damaged(
                    location: c.path, reason: "entry \(expected) is missing (next stored is \(e.index))")
            }
            expected += 1
            try body(e)
        }
    }

    func index(ofEventID id: String) throws -> Int? {
        let s = try c.statement("SELECT idx FROM entries WHERE event_id = ?")
        s.bind(1, id)
        return try s.step() ? s.int(0) : nil
    }

    func node(level: Int, index: Int) throws -> Hash? {
        let s = try c.statement("SELECT hash FROM nodes WHERE level = ? AND idx = ?")
        s.bind(1, level)
        s.bind(2, index)
        return try s.step() ? s.hash(0) : nil
    }

    func meta(_ key: String) throws -> String? {
        let s = try c.statement("SELECT value FROM meta WHERE key = ?")
        s.bind(1, key)
        return try s.step() ? s.text(0) : nil
    }

    func latestCheckpoint() throws -> StoredCheckpoint? {
        let s = try c.statement("SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1")
        guard try s.step(), let root = s.hash(1) else { return nil }
        return StoredCheckpoint(size: s.int(0), root: root, note: s.text(2))
    }

    func cosignatures(size: Int) throws -> [String] {
        let s = try c.statement("SELECT line FROM cosignatures WHERE size = ? ORDER BY line")
        s.bind(1, size)
        var out: [String] = []
        while try s.step() { out.append(s.text(0)) }
        return out
    }

    func checkpoints() throws -> [StoredCheckpoint] {
        let s = try c.statement("SELECT size, root, note FROM checkpoints ORDER BY size")
        var out: [StoredCheckpoint] = []
        while try s.step() {
            guard let root = s.hash(1) else {
                throw StoreError.damaged(location: c.path, reason: "checkpoint \(s.int(0)) has a malformed root")
            }
            out.append(StoredCheckpoint(size: s.int(0), root: root, note: s.text(2)))
        }
        return out
    }

    func snapshot(_ name: String) throws -> (size: Int, data: [UInt8])? {
        let s = try c.statement("SELECT size, data FROM snapshots WHERE name = ?")
        s.bind(1, name)
        return try s.step() ? (s.int(0), s.blob(1)) : nil
    }

    func snapshotHead(_ name: String, count: Int) throws -> [UInt8]? {
        let s = try c.statement("SELECT substr(data, 1, ?) FROM snapshots WHERE name = ?")
        s.bind(1, count)
        s.bind(2, name)
        return try s.step() ? s.blob(0) : nil
    }

    func snapshots(prefix: String) throws -> [(name: String, size: Int)] {
        let s = try c.statement("SELECT name, size FROM snapshots WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name")
        s.bind(1, prefix)
        var out: [(name: String, size: Int)] = []
        while try s.step() { out.append((s.text(0), s.int(1))) }
        return out
    }

    func insert(_ e: StoredEntry) throws {
        let s = try c.statement("INSERT INTO entries(idx, received_at, event_id, line) VALUES (?, ?, ?, ?)")
        s.bind(1, e.index)
        s.bind(2, Int(e.receivedAt.millis))
        s.bind(3, e.eventID)
        s.bind(4, e.line)
        try s.run()
    }

    func insertNode(level: Int, index: Int, hash: Hash) throws {
        let s = try c.statement("INSERT INTO nodes(level, idx, hash) VALUES (?, ?, ?)")
        s.bind(1, level)
        s.bind(2, index)
        s.bind(3, hash)
        try s.run()
    }

    func setMeta(_ key: String, _ value: String) throws {
        let s = try c.statement("INSERT INTO meta(key, value) VALUES (?, ?)")
        s.bind(1, key)
        s.bind(2, value)
        try s.run()
    }

    func insertCosignature(size: Int, line: String) throws {
        let s = try c.statement("INSERT OR IGNORE INTO cosignatures(size, line) VALUES (?, ?)")
        s.bind(1, size)
        s.bind(2, line)
        try s.run()
    }

    func insertCheckpoint(_ cp: StoredCheckpoint) throws {
        let s = try c.statement("INSERT INTO checkpoints(size, root, note) VALUES (?, ?, ?)")
        s.bind(1, cp.size)
        s.bind(2, cp.root)
        s.bind(3, cp.note)
        try s.run()
    }

    func purgeLegacySecret() throws -> Bool {
        guard try meta(Log.Meta.legacyPrivateKey) != nil else { return false }
        // The one metadata row that may go: lift the trigger for this statement only, and
        // overwrite the freed page so the key is not left in the file.
        try c.exec("PRAGMA secure_delete=ON")
        try c.exec("DROP TRIGGER meta_no_delete")
        let s = try c.statement("DELETE FROM meta WHERE key = ?")
        s.bind(1, Log.Meta.legacyPrivateKey)
        try s.run()
        try c.exec(
            """
            CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
                BEGIN SELECT RAISE(ABORT, 'thidua: log metadata is fixed at init; DELETE refused'); END
            """)
        return true
    }

    func saveSnapshot(_ name: String, size: Int, data: [UInt8]) throws {
        let s = try c.statement("INSERT OR REPLACE INTO snapshots(name, size, data) VALUES (?, ?, ?)")
        s.bind(1, name)
        s.bind(2, size)
        s.bind(3, data)
        try s.run()
    }

    func removeSnapshot(_ name: String) throws {
        let s = try c.statement("DELETE FROM snapshots WHERE name = ?")
        s.bind(1, name)
        try s.run()
    }
}
