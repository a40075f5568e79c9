/// A projection's state saved at a size of the log, so that a replay can start there
/// instead of at entry 0. Derived data, never evidence: kept in the store's `snapshots`
/// table under `<projection>@<size>`, as a C2SP signed note by the log's checkpoint key
/// followed by the state's bytes:
///
///     thidua-snapshot/1
///     <origin>
///     projection thidua-ledger/1
///     rules thidua-emulation/2
///     size 104247
///     root <base64 of the tree's root at that size>
///     kept chosen|auto
///     state <hex SHA-256 of the state> <its length in bytes>
///
///     — <origin> <base64 key hash and Ed25519 signature>
///
///     <the state>
///
/// A reader uses it only when the note verifies under the log's current checkpoint key,
/// names this log, projection version and rules, carries the tree's root at its size, and
/// the state hashes to the note's digest. Anything else is skipped, with the reason, and the
/// replay starts earlier (at worst at entry 0). Whoever can write to the store but does not
/// hold the log key can delete a snapshot (a slower replay), never change a result.
public struct ProjectionSnapshot: Sendable, Equatable {
    static let magic = "thidua-snapshot/1"
    /// The projection and the version of its state's format and of the fold that made it
    /// (`thidua-ledger/1`); a reader of another version skips the snapshot.
    public let projection: String
    public let rules: String
    public let size: Int
    public let root: Hash
    /// Kept because the council chose this size (never thinned), or made every N entries.
    public let chosen: Bool
    public let state: [UInt8]

    public init(projection: String, rules: String, size: Int, root: Hash, chosen: Bool, state: [UInt8]) {
        self.projection = projection
        self.rules = rules
        self.size = size
        self.root = root
        self.chosen = chosen
        self.state = state
    }

    /// The store name of a projection's snapshot at `size` (sizes zero-padded, so names sort
    /// by size).
    public static func name(_ projection: String, size: Int) -> String {
        let digits = String(size)
        return prefix(projection) + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }
    static func prefix(_ projection: String) -> String {
        (projection.split(separator: "/").first.map(String.init) ?? projection) + "@"
    }

    func body(origin: String) -> String {
        "\(ProjectionSnapshot.magic)\n\(origin)\nprojection \(projection)\nrules \(rules)\nsize \(size)\n"
            + "root \(root.base64)\nkept \(chosen ? "chosen" : "auto")\n"
            + "state \(Hex.encode(SHA256.hash(state).bytes)) \(state.count)\n"
    }

    /// The bytes stored: the signed note, a blank line, the state.
    func data(origin: String, key: PrivateKey) -> [UInt8] {
        Array(SignedNote.sign(body: body(origin: origin), name: origin, key: key).text.utf8) + [0x0A] + state
    }

    /// Reads stored bytes, checking the signature and the header; throws a sentence saying
    /// what is wrong.
    init(data: [UInt8], origin: String, key: NoteVerifierKey) throws(SnapshotError) {
        // The note is the body, a blank line and signature lines; a blank line ends it.
        var end = 0
        var blank = 0
        var lineStart = 0
        for (i, b) in data.enumerated() where b == 0x0A {
            if i == lineStart {
                blank += 1
                if blank == 2 {
                    end = i
                    break
                }
            }
            lineStart = i + 1
        }
        guard end > 0, let text = String(validating: data[0..<end], as: UTF8.self) else {
            throw SnapshotError("it does not start with a signed note and a blank line")
        }
        let note: SignedNote
        do {
            note = try SignedNote(text: text)
            try note.verify(key)
        } catch { throw SnapshotError("its note does not verify under the log's checkpoint key (\(error))") }
        let lines = note.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 9, lines[0] == ProjectionSnapshot.magic, lines[8].isEmpty else {
            throw SnapshotError("its note is not eight lines starting \(ProjectionSnapshot.magic)")
        }
        guard lines[1] == origin else { throw SnapshotError("it is for the log \(lines[1]), not \(origin)") }
        func field(_ k: Int, _ name: String) throws(SnapshotError) -> String {
            guard lines[k].hasPrefix(name + " ") else { throw SnapshotError("line \(k + 1) is not \"\(name) …\"") }
            return String(lines[k].dropFirst(name.count + 1))
        }
        projection = try field(2, "projection")
        rules = try field(3, "rules")
        guard let s = Int(try field(4, "size")), s > 0 else { throw SnapshotError("its size is not a positive number") }
        size = s
        guard let r = (try? Base64.decode(try field(5, "root"))).flatMap({ Hash(bytes: $0) }) else {
            throw SnapshotError("its root is not a base64 hash")
        }
        root = r
        let kept = try field(6, "kept")
        guard kept == "chosen" || kept == "auto" else { throw SnapshotError("\"kept\" is neither chosen nor auto") }
        chosen = kept == "chosen"
        state = Array(data[(end + 1)...])
        let digest = try field(7, "state")
        guard digest == "\(Hex.encode(SHA256.hash(state).bytes)) \(state.count)" else {
            throw SnapshotError("its state does not hash to the digest its note signs")
        }
    }
}

public struct SnapshotError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ d: String) { description = d }
}

/// A snapshot a replay could not use, and why (for a note on standard error, and `verify`).
public struct SkippedSnapshot: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let size: Int
    public let reason: String
    public init(name: String, size: Int, reason: String) {
        self.name = name
        self.size = size
        self.reason = reason
    }

    /// "ledger@000000000400 (size 400): <reason>".
    public var description: String { "\(name) (size \(size)): \(reason)" }
}

extension Log {
    /// How many automatic snapshots of a projection are kept (the newest); the ones the
    /// council chose are kept until it removes them.
    public static let automaticSnapshotsKept = 4

    /// Saves `state`, the projection's state after the first `size` entries, signed by the
    /// checkpoint key; then removes automatic snapshots beyond the newest
    /// `automaticSnapshotsKept`. Returns the store name.
    @discardableResult
    public func saveSnapshot(projection: String, size: Int, state: [UInt8], chosen: Bool) throws -> String {
        let rules = try currentRules().name
        return try writeSigned { tx, key in
            try Log.checkSize(size, of: try tx.size())
            guard size > 0 else { throw LogError.sizeBeyondLog(size: size, logSize: try tx.size()) }
            let root = try MerkleTree(source: StoreSubtrees(tx, location: store.location)).root(size: size)
            let snap = ProjectionSnapshot(
                projection: projection, rules: rules, size: size, root: root, chosen: chosen, state: state)
            let name = ProjectionSnapshot.name(projection, size: size)
            try tx.saveSnapshot(name, size: size, data: snap.data(origin: origin, key: key))
            var automatic: [String] = []
            for (n, _) in try tx.snapshots(prefix: ProjectionSnapshot.prefix(projection)).reversed() {
                // The note alone (its first KiB), not the state.
                guard let head = try tx.snapshotHead(n, count: 1024), !Log.isChosen(head) else { continue }
                automatic.append(n)
            }
            for n in automatic.dropFirst(Log.automaticSnapshotsKept) { try tx.removeSnapshot(n) }
            return name
        }
    }

    /// Whether stored snapshot bytes say `kept chosen` (read without checking them: only
    /// thinning reads this, and it never removes a chosen one).
    static func isChosen(_ data: [UInt8]) -> Bool {
        let head = String(decoding: data.prefix(1024), as: UTF8.self)
        return head.contains("\nkept chosen\n")
    }

    /// The snapshots of a projection in the store, newest first, each read and checked.
    /// - Parameters:
    ///   - include: which to read at all, by size and the time its last entry was received
    ///     (others are passed over unread).
    ///   - stop: told each snapshot read, newest first; returning true stops there (a
    ///     replay stops at the first it can use, without reading the older ones).
    public func snapshots(
        projection: String, include: (_ size: Int, _ last: Timestamp?) throws -> Bool = { _, _ in true },
        stop: (StoredSnapshot) throws -> Bool = { _ in false }
    ) throws -> [StoredSnapshot] {
        let key = verifierKey
        let currentRules = try currentRules().name
        return try store.read { r in
            let total = try r.size()
            let tree = MerkleTree(source: StoreSubtrees(r, location: store.location))
            /// Reads and checks one snapshot: usable, stale, or why not.
            func check(_ name: String, _ size: Int, _ data: [UInt8]) throws -> StoredSnapshot {
                do {
                    let s = try ProjectionSnapshot(data: data, origin: origin, key: key)
                    guard s.size == size else { throw SnapshotError("its note says size \(s.size), the store \(size)") }
                    guard s.projection == projection, s.rules == currentRules else {
                        return StoredSnapshot(
                            name: name, size: size, snapshot: nil,
                            reason: s.projection == projection
                                ? "it is for the rules \(s.rules); the log's are \(currentRules)"
                                : "it was made by \(s.projection); this thidua reads \(projection)", stale: true)
                    }
                    guard s.size <= total else {
                        throw SnapshotError("it is for size \(s.size), but the log has \(total) entries")
                    }
                    guard try tree.root(size: s.size) == s.root else {
                        throw SnapshotError("its root is not the tree's root at size \(s.size)")
                    }
                    return StoredSnapshot(name: name, size: size, snapshot: s, reason: nil, stale: false)
                } catch let e as SnapshotError {
                    return StoredSnapshot(name: name, size: size, snapshot: nil, reason: e.description, stale: false)
                }
            }
            var out: [StoredSnapshot] = []
            for (name, size) in try r.snapshots(prefix: ProjectionSnapshot.prefix(projection)).reversed() {
                let last = size > 0 ? try r.entry(at: size - 1)?.receivedAt : nil
                guard try include(size, last), let data = try r.snapshot(name)?.data else { continue }
                out.append(try check(name, size, data))
                if try stop(out[out.count - 1]) { break }
            }
            return out
        }
    }

    /// The sizes of a projection's snapshots in the store, without reading or checking them
    /// (whether a new automatic one is due).
    public func snapshotSizes(projection: String) throws -> [Int] {
        try store.read { r in try r.snapshots(prefix: ProjectionSnapshot.prefix(projection)).map(\.size) }
    }

    /// Removes saved snapshots (derived data; `verify --rebuild-state` drops faulty ones).
    public func removeSnapshots(_ names: [String]) throws {
        try store.write { tx in for n in names { try tx.removeSnapshot(n) } }
    }
}

/// A snapshot as the store holds it: usable (`snapshot`), or not, and why; `stale` when it
/// is sound but of another projection version or rules (replaced by the next save).
public struct StoredSnapshot: Sendable {
    public let name: String
    public let size: Int
    public let snapshot: ProjectionSnapshot?
    public let reason: String?
    public let stale: Bool

    public var skipped: SkippedSnapshot? {
        reason.map { SkippedSnapshot(name: name, size: size, reason: $0) }
    }
}
