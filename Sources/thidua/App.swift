import Foundation
import ThiduaDomain
import ThiduaLog

/// How the binary opens logs and which rules it knows.
enum App {
    static let catalog = EmulationRules.catalog
    static let defaultRules = KeyRules.name

    static func openLog(_ db: String?) throws -> Log {
        let path = db ?? "thidua.db"
        let store = try SQLiteStore(path: path)
        return try Log(store: store, clock: SystemClock(), catalog: catalog)
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
