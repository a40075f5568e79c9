import CSQLite
import ThiduaLog

/// A thin handle on one SQLite connection. Not thread-safe: its owner serialises use.
final class SQLiteConnection {
    let db: OpaquePointer
    let path: String
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, readOnly: Bool = false, create: Bool = false) throws(StoreError) {
        var h: OpaquePointer? = nil
        // No symbolic link in the path: a log is opened where it is, never through a link.
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        let rc = sqlite3_open_v2(path, &h, flags, nil)
        guard rc == SQLITE_OK, let h else {
            let msg = h.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let h { sqlite3_close_v2(h) }
            throw .open(location: path, reason: msg)
        }
        db = h
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        sqlite3_close_v2(db)
    }

    /// Resets every cached statement. A statement left mid-step keeps its read snapshot
    /// open, so this runs at the end of every transaction.
    func resetAll() {
        for s in statements.values { sqlite3_reset(s) }
    }

    var lastError: String { String(cString: sqlite3_errmsg(db)) }

    func error(_ rc: Int32, _ what: String) -> StoreError {
        let primary = rc & 0xff
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED { return .busy(location: path) }
        if primary == SQLITE_CONSTRAINT { return .refused(location: path, reason: lastError) }
        if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB { return .damaged(location: path, reason: lastError) }
        if primary == SQLITE_FULL {
            return .sql(location: path, reason: "\(what): the disk is full (nothing was written; free space and retry)")
        }
        if primary == SQLITE_IOERR {
            return .sql(
                location: path,
                reason:
                    "\(what): disk I/O error (\(lastError)); the disk may be full or failing: nothing from this "
                    + "write was kept; free space or check the disk, then retry"
            )
        }
        return .sql(location: path, reason: "\(what): \(lastError)")
    }

    func exec(_ sql: String) throws(StoreError) {
        var err: UnsafeMutablePointer<CChar>? = nil
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        if let err { sqlite3_free(err) }
        guard rc == SQLITE_OK else { throw error(rc, sql.split(separator: "\n").first.map(String.init) ?? sql) }
    }

    /// A cached prepared statement, reset and with bindings cleared.
    func statement(_ sql: String) throws(StoreError) -> Statement {
        if let s = statements[sql] {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
            return Statement(s, self)
        }
        var s: OpaquePointer? = nil
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
        guard rc == SQLITE_OK, let s else { throw error(rc, "prepare \(sql)") }
        statements[sql] = s
        return Statement(s, self)
    }

    struct Statement {
        let s: OpaquePointer
        let c: SQLiteConnection
        init(_ s: OpaquePointer, _ c: SQLiteConnection) {
            self.s = s
            self.c = c
        }

        func bind(_ i: Int32, _ v: Int) { sqlite3_bind_int64(s, i, Int64(v)) }
        func bind(_ i: Int32, _ v: String) { sqlite3_bind_text(s, i, v, -1, thidua_sqlite_transient) }
        func bind(_ i: Int32, _ v: [UInt8]) {
            v.withUnsafeBytes { b in _ = sqlite3_bind_blob(s, i, b.baseAddress, Int32(b.count), thidua_sqlite_transient)
            }
        }
        func bind(_ i: Int32, _ h: Hash) {
            var h = h
            withUnsafeBytes(of: &h) { b in _ = sqlite3_bind_blob(s, i, b.baseAddress, 32, thidua_sqlite_transient) }
        }

        /// Steps once; true if a row is available.
        func step() throws(StoreError) -> Bool {
            let rc = sqlite3_step(s)
            if rc == SQLITE_ROW { return true }
            if rc == SQLITE_DONE { return false }
            sqlite3_reset(s)
            throw c.error(rc, "step")
        }

        func run() throws(StoreError) { while try step() {} }

        func int(_ col: Int32) -> Int { Int(sqlite3_column_int64(s, col)) }
        func isNull(_ col: Int32) -> Bool { sqlite3_column_type(s, col) == SQLITE_NULL }
        func text(_ col: Int32) -> String {
            guard let p = sqlite3_column_text(s, col) else { return "" }
            return String(cString: p)
        }
        func blob(_ col: Int32) -> [UInt8] {
            let n = Int(sqlite3_column_bytes(s, col))
            guard n > 0, let p = sqlite3_column_blob(s, col) else { return [] }
            return Array(UnsafeRawBufferPointer(start: p, count: n))
        }
        func hash(_ col: Int32) -> Hash? {
            guard sqlite3_column_bytes(s, col) == 32, let p = sqlite3_column_blob(s, col) else { return nil }
            return Hash(bytes: UnsafeRawBufferPointer(start: p, count: 32))
        }
    }
}
