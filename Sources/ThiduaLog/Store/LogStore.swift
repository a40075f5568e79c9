/// One entry as a store keeps it: the canonical line and the fields the store indexes.
public struct StoredEntry: Equatable, Sendable {
    public let index: Int
    public let receivedAt: Timestamp
    /// The payload's `id`, unique in the log.
    public let eventID: String
    /// The canonical line, without the newline.
    public let line: [UInt8]

    public init(index: Int, receivedAt: Timestamp, eventID: String, line: [UInt8]) {
        self.index = index
        self.receivedAt = receivedAt
        self.eventID = eventID
        self.line = line
    }
}

/// A checkpoint the log signed, kept so that it never signs an inconsistent one.
public struct StoredCheckpoint: Equatable, Sendable {
    public let size: Int
    public let root: Hash
    public let note: String
    public init(size: Int, root: Hash, note: String) {
        self.size = size
        self.root = root
        self.note = note
    }
}

/// Reading a store. Implementations give a consistent view for the duration of a
/// `LogStore.read` or `LogStore.write` call.
public protocol LogReader {
    /// The number of entries.
    func size() throws -> Int
    func entry(at index: Int) throws -> StoredEntry?
    /// Calls `body` for entries [from, to) in order, without holding them all in memory.
    func forEachEntry(from: Int, to: Int, _ body: (StoredEntry) throws -> Void) throws
    func index(ofEventID id: String) throws -> Int?
    /// The hash of the perfect subtree at `level` and `index` (level 0: leaf hashes).
    func node(level: Int, index: Int) throws -> Hash?
    func meta(_ key: String) throws -> String?
    func latestCheckpoint() throws -> StoredCheckpoint?
    /// Every checkpoint the log signed, smallest first.
    func checkpoints() throws -> [StoredCheckpoint]
    /// Witness cosignature lines kept for the checkpoint of `size` (C2SP tlog-cosignature).
    func cosignatures(size: Int) throws -> [String]
    /// A saved state of a projection or policy, with the log size it reflects.
    func snapshot(_ name: String) throws -> (size: Int, data: [UInt8])?
    /// The first `count` bytes of a saved state (its note, without reading the state).
    func snapshotHead(_ name: String, count: Int) throws -> [UInt8]?
    /// The saved states whose name starts with `prefix`, with their sizes, in name order.
    func snapshots(prefix: String) throws -> [(name: String, size: Int)]
}

/// Writing a store, inside one transaction.
public protocol LogWriter: LogReader {
    /// Appends an entry. `entry.index` must equal the current size.
    func insert(_ entry: StoredEntry) throws
    func insertNode(level: Int, index: Int, hash: Hash) throws
    /// Sets metadata once; a store refuses to change a key already set.
    func setMeta(_ key: String, _ value: String) throws
    func insertCheckpoint(_ checkpoint: StoredCheckpoint) throws
    /// Keeps a cosignature line (once) for the checkpoint of `size`.
    func insertCosignature(size: Int, line: String) throws
    /// Replaces a saved state (derived data, not part of the log).
    func saveSnapshot(_ name: String, size: Int, data: [UInt8]) throws
    /// Removes a saved state (derived data: an older automatic projection snapshot).
    func removeSnapshot(_ name: String) throws
    /// Removes the checkpoint private key an earlier thidua kept in the metadata (and
    /// overwrites what held it), the one change metadata ever takes.
    /// - Returns: whether there was one.
    func purgeLegacySecret() throws -> Bool
}

/// A durable home for a log.
///
/// The contract, which every store passes (see `StoreContractTests`):
/// - `write` runs its body in one transaction: all of it is durable when `write` returns,
///   or none of it is visible if the body or the commit throws;
/// - one writer at a time, across processes: a second waits, then fails with
///   `StoreError.busy`;
/// - entries, nodes, metadata and checkpoints are never updated or deleted: the store
///   refuses, even to a client that bypasses thidua;
/// - readers see a consistent snapshot and are not blocked by the writer.
public protocol LogStore: AnyObject, Sendable {
    /// A human-readable location (file path or connection URL without password).
    var location: String { get }
    func read<T>(_ body: (any LogReader) throws -> T) throws -> T
    func write<T>(_ body: (any LogWriter) throws -> T) throws -> T
    /// After `purgeLegacySecret`: makes sure no copy of what was removed stays in the
    /// store's files (write-ahead log, free pages).
    func scrub() throws
}

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case open(location: String, reason: String)
    case busy(location: String)
    case notALog(location: String)
    case alreadyInitialised(location: String)
    case damaged(location: String, reason: String)
    case sql(location: String, reason: String)
    case refused(location: String, reason: String)

    public var description: String {
        switch self {
        case .open(let l, let r): return "cannot open the log store \(l): \(r)"
        case .busy(let l): return "the log store \(l) is locked by another writer; wait for it to finish and try again"
        case .notALog(let l):
            return
                "\(l) holds no thidua log; create one with `thidua init --db \(l) --origin ORIGIN --log-key LOG.pem "
                + "--root-key ROOT.pem`"
        case .alreadyInitialised(let l):
            return "\(l) already holds a log; nothing was changed (use another --db to start a new log)"
        case .damaged(let l, let r):
            return "the log store \(l) is damaged: \(r); run `thidua verify --db \(l)` and restore from a backup"
        case .sql(let l, let r): return "log store \(l): \(r)"
        case .refused(let l, let r): return "log store \(l) refused the write: \(r)"
        }
    }
}
