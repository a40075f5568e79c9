import Foundation
import ThiduaDomain
import ThiduaLog
import ThiduaPostgres
import ThiduaSQLite

/// How the binary opens logs and which rules it knows.
enum App {
    static let catalog = EmulationRules.catalog
    static let defaultRules = EmulationRules.current

    /// Entries between automatic projection snapshots (THIDUA_SNAPSHOT_EVERY, default 10,000).
    static var snapshotEvery: Int {
        ProcessInfo.processInfo.environment["THIDUA_SNAPSHOT_EVERY"].flatMap { Int($0) }.map { max(1, $0) }
            ?? Ledger.snapshotEvery
    }

    /// `--log-key`: the log's private checkpoint key, for the commands that sign a new
    /// checkpoint. Never kept in the database.
    static let logKeyOption = Option(
        name: "log-key", value: "LOG.pem",
        help: "the log's private checkpoint key, to sign a new checkpoint (or set THIDUA_LOG_KEY=FILE)")

    /// Opens `--db` (default thidua.db). With `logKey` (a PEM file; else $THIDUA_LOG_KEY)
    /// the log can sign new checkpoints.
    static func openLog(_ db: String?, logKey: String? = nil) throws -> Log {
        let log = try Log(store: store(db ?? "thidua.db"), clock: SystemClock(), catalog: catalog)
        if let path = logKey ?? ProcessInfo.processInfo.environment["THIDUA_LOG_KEY"], !path.isEmpty {
            try log.useCheckpointKey(try IO.privateKey(path))
        }
        return log
    }

    /// `--db`: a SQLite file, or a PostgreSQL URL (postgres://user:pw@host/db[?schema=NAME]).
    static func store(_ db: String, create: Bool = false) throws -> any LogStore {
        if PostgresStore.isURL(db) { return try PostgresStore(url: db, create: create) }
        return try SQLiteStore(path: db, create: create)
    }

    /// The `"log"` a payload for this log carries: its origin under the rules that bind
    /// payloads (`thidua-keys/2` and after), nil under the first rules.
    static func binding(_ log: Log) throws -> String? { try log.currentRules().keys.version >= 2 ? log.origin : nil }

    /// `--db` as messages show it: a PostgreSQL URL without its password.
    static func shown(_ db: String) -> String { PostgresStore.redact(db) }

    /// Whether `--db` already holds a log (a file that exists, or a PostgreSQL schema with one).
    static func exists(_ db: String) -> Bool {
        if PostgresStore.isURL(db) { return (try? PostgresStore(url: db)) != nil }
        var st = stat()
        return lstat(db, &st) == 0  // a dangling symbolic link counts: nothing is created through one
    }
}
