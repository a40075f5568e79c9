/// A request a log cannot answer, said so the caller can fix it.
public enum LogError: Error, Equatable, CustomStringConvertible {
    /// An origin that a checkpoint cannot carry.
    case invalidOrigin(String)
    /// An entry past the end of the log.
    case noSuchEntry(index: Int, size: Int)
    /// A tree size larger than the log.
    case sizeBeyondLog(size: Int, logSize: Int)
    /// Cosignatures on a checkpoint the log never signed.
    case notTheLogsCheckpoint(size: Int)

    public var description: String {
        switch self {
        case .invalidOrigin(let o):
            return
                "origin \"\(o.prefix(120))\" must be one line without spaces or '+' (e.g. dienbien.gov.vn/thidua/2025)"
        case .noSuchEntry(let i, let n):
            return "entry \(i) does not exist; the log has \(n) entries (0…\(n - 1))"
        case .sizeBeyondLog(let s, let n):
            return "a tree of \(s) entries is larger than the log (\(n) entries)"
        case .notTheLogsCheckpoint(let s):
            return
                "the log signed no checkpoint with this body (size \(s)); cosignatures are kept only for the log's "
                + "own checkpoints"
        }
    }
}
