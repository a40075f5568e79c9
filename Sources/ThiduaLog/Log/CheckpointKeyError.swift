import Dispatch

/// Why a checkpoint could not be signed: the log's private checkpoint key is not at hand,
/// or the key given is not the one in force.
public enum CheckpointKeyError: Error, Equatable, CustomStringConvertible {
    case missing(origin: String, legacyKeyInStore: Bool)
    case mismatch(origin: String, given: KeyID, expected: KeyID?, since: Int)

    public var description: String {
        switch self {
        case .missing(let origin, let legacy):
            let base =
                "signing a new checkpoint of \(origin) needs the log's private checkpoint key, which is never kept "
                + "in the database: give --log-key FILE (or set THIDUA_LOG_KEY=FILE)"
            guard legacy else { return base }
            return base
                + ". This database still holds the key an earlier thidua wrote into it: treat that key as leaked and "
                + "move to a fresh one with `thidua log-key rotate --db DB --root-key ROOT.pem --out NEW-LOG-KEY.pem`"
        case .mismatch(let origin, let given, let expected, let since):
            return
                "the key given (\(given.short)) is not the checkpoint key of \(origin) in force "
                + "(\(expected?.short ?? "none"), named at entry \(since)); give the log's current checkpoint key"
        }
    }
}
