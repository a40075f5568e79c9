import Foundation
import ThiduaDomain
import ThiduaLog
import ThiduaPostgres

/// How the binary opens logs and which rules it knows.
enum App {
    static let catalog = EmulationRules.catalog
    static let defaultRules = KeyRules.name

    static func openLog(_ db: String?) throws -> Log {
        try Log(store: store(db ?? "thidua.db"), clock: SystemClock(), catalog: catalog)
    }

    /// `--db`: a SQLite file, or a PostgreSQL URL (postgres://user:pw@host/db[?schema=NAME]).
    static func store(_ db: String, create: Bool = false) throws -> any LogStore {
        if PostgresStore.isURL(db) { return try PostgresStore(url: db, create: create) }
        return try SQLiteStore(path: db, create: create)
    }

    /// Whether `--db` already holds a log (a file that exists, or a PostgreSQL schema with one).
    static func exists(_ db: String) -> Bool {
        if PostgresStore.isURL(db) { return (try? PostgresStore(url: db)) != nil }
        return FileManager.default.fileExists(atPath: db)
    }

    static func code(_ e: StoreError) -> Int32 {
        switch e {
        case .busy: return Failure.tempFail
        case .notALog: return Failure.noInput
        case .alreadyInitialised: return Failure.cantCreate
        case .refused: return Failure.dataError
        default: return Failure.ioError
        }
    }
}
