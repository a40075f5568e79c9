import ThiduaLog

/// Saved ledgers (projection snapshots): a replay starts from the newest one it may use
/// and folds only the entries after it (Projections/README.md, "Snapshots").
extension Ledger {
    /// The version of the saved state: the fold that made it and the state's encoding.
    /// Change it with any change to `apply` or to the types the ledger holds (a test pins
    /// the demo's state bytes to catch a change made without it): a thidua of another
    /// version skips every snapshot and replays from entry 0.
    public static let projection = "thidua-ledger/1"
    /// An automatic snapshot is saved when this many entries were folded since the newest
    /// one (by the server and by `thidua checkpoint`; THIDUA_SNAPSHOT_EVERY sets another).
    public static let snapshotEvery = 10_000

    /// The state, as canonical JSON (object members sorted by name, sets in a fixed order):
    /// the same ledger always gives the same bytes. `changes` and `asOf` are not state.
    public func state() throws -> [UInt8] {
        var w = JSONWriter()
        try write(&w)
        return w.bytes
    }

    /// Reads a state `state()` wrote.
    public init(state: [UInt8]) throws {
        self = try JSONValueDecoder.read(Ledger.self, from: state, maxDepth: 32)
    }

    /// Whether a replay of `scope` may start from a ledger of the first `size` entries, the
    /// last received at `last`: the scope reads all of them and leaves none out.
    static func usable(size: Int, last: Timestamp?, for scope: ReplayScope) -> Bool {
        if let n = scope.size, size > n { return false }
        if let until = scope.until, let last, until < last { return false }
        return !scope.excluded.contains { $0 < size }
    }

    /// The newest saved ledger a replay of `scope` may start from (nil: start at entry 0),
    /// and the snapshots it passed over because they may not be used (with why).
    public static func resume(_ log: Log, scope: ReplayScope) throws -> (
        ledger: Ledger?, skipped: [SkippedSnapshot]
    ) {
        var skipped: [SkippedSnapshot] = []
        var found: Ledger? = nil
        // Newest first; a size the scope cannot start from is not read; the first one that
        // reads and may be used ends the search.
        _ = try log.snapshots(
            projection: projection,
            include: { size, last in usable(size: size, last: last, for: scope) },
            stop: { s in
                guard let snap = s.snapshot else {
                    if let k = s.skipped { skipped.append(k) }
                    return false
                }
                do {
                    let ledger = try Ledger(state: snap.state)
                    guard ledger.size == snap.size else {
                        throw SnapshotError("its state is of \(ledger.size) entries, not \(snap.size)")
                    }
                    found = ledger
                    return true
                } catch {
                    skipped.append(
                        SkippedSnapshot(name: s.name, size: s.size, reason: "its state cannot be read: \(error)"))
                    return false
                }
            })
        return (found, skipped)
    }

    /// Saves this ledger as a snapshot at its size, signed with the log's checkpoint key
    /// (`chosen`: the council's, kept; otherwise automatic, thinned to the newest few).
    /// A counterfactual (another rubric) is never saved.
    @discardableResult
    public func saveSnapshot(to log: Log, chosen: Bool) throws -> String {
        guard rubricHashes[-1] == nil else {
            throw SnapshotError("a counterfactual ledger (scored with a rubric from a file) is not saved")
        }
        return try log.saveSnapshot(projection: Ledger.projection, size: size, state: try state(), chosen: chosen)
    }

    /// Saves an automatic snapshot when `every` entries were folded since the newest one;
    /// returns its name, or nil when none was due.
    @discardableResult
    public func saveSnapshotIfDue(to log: Log, every: Int = Ledger.snapshotEvery) throws -> String? {
        guard try Ledger.snapshotDue(at: size, log, every: every) else { return nil }
        return try saveSnapshot(to: log, chosen: false)
    }

    /// Replays the log (from the newest snapshot) and saves an automatic snapshot when one is
    /// due; returns its name, or nil when none was due.
    @discardableResult
    public static func saveSnapshotIfDue(_ log: Log, every: Int = snapshotEvery) throws -> String? {
        guard try snapshotDue(at: try log.size(), log, every: every) else { return nil }
        return try replay(log).saveSnapshot(to: log, chosen: false)
    }

    /// Whether a ledger of `size` entries is `every` entries past the newest snapshot in the
    /// store (its size read from its name, not checked: a forged name can only make the next
    /// automatic snapshot come later).
    static func snapshotDue(at size: Int, _ log: Log, every: Int) throws -> Bool {
        size - (try log.snapshotSizes(projection: projection).max() ?? 0) >= max(1, every)
    }
}

extension Ledger: Equatable {
    /// Equal states (what a snapshot keeps): `changes` and `asOf` are not compared.
    public static func == (a: Ledger, b: Ledger) -> Bool {
        guard let sa = try? a.state() else { return false }
        return sa == (try? b.state())
    }
}

/// `verify`'s check of the saved ledgers: each one must be, byte for byte, the state of the
/// ledger a replay from entry 0 gives at its size. Fed every event in order.
public struct SnapshotAudit {
    private var pending: [(name: String, size: Int, state: [UInt8])]
    private var ledger = Ledger()
    /// Snapshots that may not be used (tampered, forged, moved): a replay skips them.
    public private(set) var unusable: [SkippedSnapshot] = []
    /// Snapshots that pass every check but whose state is not the replay's: a replay uses them.
    public private(set) var differing: [SkippedSnapshot] = []
    /// Both: what `verify` fails on.
    public var faults: [SkippedSnapshot] { unusable + differing }
    /// Sound snapshots of another projection version or rules (not used, not a fault).
    public private(set) var stale: [SkippedSnapshot] = []
    /// The sizes checked and found equal.
    public private(set) var checked: [Int] = []

    public init(_ log: Log) throws {
        var pending: [(name: String, size: Int, state: [UInt8])] = []
        for s in try log.snapshots(projection: Ledger.projection) {
            if let snap = s.snapshot {
                pending.append((s.name, s.size, snap.state))
            } else if let k = s.skipped {
                if s.stale { stale.append(k) } else { unusable.append(k) }
            }
        }
        self.pending = pending.sorted { $0.size < $1.size }
    }

    /// Folds the next event; compares the snapshots of the size reached.
    public mutating func add(_ e: SignedEvent) {
        guard !pending.isEmpty else { return }
        ledger.apply(e)
        while let p = pending.first, p.size <= ledger.size {
            pending.removeFirst()
            if (try? ledger.state()) == p.state {
                checked.append(p.size)
            } else {
                differing.append(
                    SkippedSnapshot(
                        name: p.name, size: p.size,
                        reason: "its state is not the ledger a replay from entry 0 gives at size \(p.size)"))
            }
        }
    }
}
