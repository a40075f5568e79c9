import Foundation

/// Checks a log entry by entry against the integrity spec §7, streaming: it holds the
/// O(log n) right edge of the Merkle tree (and the leaves of an unfinished block of 64),
/// the ids seen and the authority rules, never the whole log.
///
/// Feed lines in order with `add(line:)`, then call `check(checkpoint:key:)` for each
/// signed checkpoint. The first fault is thrown, naming the entry and the rule.
public struct Verifier {
    public let catalog: RulesCatalog
    /// Entries accepted so far.
    public private(set) var size = 0
    public private(set) var rules: (any AuthorityRules)?
    private var lastReceivedAt: Timestamp?
    private var ids = Set<String>()
    private var frontier = MerkleFrontier()
    /// The leaves accepted since the last whole block of `Verifier.block` entries: a whole
    /// block joins the frontier as one subtree, whose root the parallel stage computed
    /// from the same leaves (`PreparedLine.block`), else hashed here.
    private var pending: [Hash] = []
    /// Entries in a block (aligned: blocks start at multiples of it).
    static let blockHeight = 6
    static let block = 1 << blockHeight
    private var wantedRoots: Set<Int>
    public private(set) var roots: [Int: Hash] = [:]
    /// Seconds spent in the ordered checks (set by `LogAudit`, which times them).
    public internal(set) var orderedSeconds = 0.0
    /// The entries so far that shape the rules (what `AuthorityJournal` must list).
    public private(set) var shaping: [Int] = []
    /// Signatures checked so far.
    public private(set) var signatureCount = 0

    /// - Parameters:
    ///   - rootsAt: tree sizes whose roots to remember (the sizes of the checkpoints to
    ///     check later).
    ///   - expecting: the entries to come, when known (room for their ids is made at once).
    public init(catalog: RulesCatalog = .logLayer, rootsAt: Set<Int> = [], expecting: Int = 0) {
        self.catalog = catalog
        self.wantedRoots = rootsAt
        ids.reserveCapacity(expecting)
        pending.reserveCapacity(Verifier.block)
        if rootsAt.contains(0) { roots[0] = Merkle.emptyRoot }
    }

    /// The root of the entries accepted so far.
    public var root: Hash {
        var f = frontier
        for l in pending { f.append(l) }
        return f.root
    }

    public var keys: KeyRing? { rules?.keys }

    /// The name of the rules the genesis chose ("" before the genesis).
    public var rulesName: String { rules?.name ?? "" }

    /// Checks the next line (without its newline) and returns its event and leaf hash.
    @discardableResult
    public mutating func add(line: [UInt8]) throws(EntryFault) -> (event: SignedEvent, leafHash: Hash) {
        try add(
            line: line, entry: nil, payload: nil, prepared: nil, leaf: Entry.leafHash(line: line),
            signaturesChecked: false)
    }

    /// Checks the next line, read ahead on the parallel stage.
    @discardableResult
    public mutating func add(_ p: PreparedLine) throws(EntryFault) -> (event: SignedEvent, leafHash: Hash) {
        try add(
            line: p.line, entry: p.entry, payload: p.payload, prepared: p.prepared, leaf: p.leaf,
            signaturesChecked: p.signaturesChecked, block: p.block)
    }

    private mutating func add(
        line: [UInt8], entry read: Entry?, payload: Payload?, prepared: (any PreparedPayload)?, leaf: Hash,
        signaturesChecked: Bool, block: PreparedLine.Block? = nil
    ) throws(EntryFault) -> (event: SignedEvent, leafHash: Hash) {
        let i = size
        // Rule 1: parses, has "index": i, byte-identical to its canonical form.
        let entry: Entry
        if let read {
            entry = read
        } else {
            do { entry = try Entry(line: line) } catch {
                throw EntryFault(index: i, rule: .lineFormat, error.description)
            }
        }
        guard entry.index == i else {
            throw EntryFault(
                index: i, rule: .lineFormat,
                "line \(i + 1) says \"index\": \(entry.index), want \(i) (a line was dropped, inserted or moved)")
        }
        // Rule 2: receivedAt never decreases.
        if let last = lastReceivedAt, entry.receivedAt < last {
            throw EntryFault(
                index: i, rule: .timeOrder, "receivedAt \(entry.receivedAt) is earlier than entry \(i - 1)'s \(last)")
        }
        // Rules 3–5 (and 4's uniqueness below).
        let (event, fresh, ready) = try EntryChecks.check(
            envelope: entry.envelope, index: i, receivedAt: entry.receivedAt,
            rules: rules, catalog: catalog, signaturesChecked: signaturesChecked, payload: payload,
            prepared: prepared)
        guard ids.insert(event.payload.id).inserted else {
            throw EntryFault(
                index: i, rule: .payload,
                "payload id \"\(event.payload.id)\" is used by an earlier entry; ids are unique in a log")
        }
        // Taken out of `rules` to learn the entry and put back: each call on `rules!`
        // copied the rules first. (The genesis's fresh rules have learned it already.)
        var current: any AuthorityRules
        if let fresh {
            current = fresh
        } else if let taken = rules.take() {
            current = consume taken
            current.record(event, prepared: ready)
        } else {
            throw EntryFault(index: i, rule: .authority, "no genesis before this entry")
        }
        if current.shapes(event) { shaping.append(i) }
        rules = consume current
        signatureCount += entry.envelope.signatures.count
        lastReceivedAt = entry.receivedAt
        pending.append(leaf)
        if pending.count == Verifier.block {
            // The parallel stage's root only for these very leaves (a line may claim any index).
            if let block, block.leaves == pending {
                frontier.append(subtree: block.root, height: Verifier.blockHeight)
            } else {
                for l in pending { frontier.append(l) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        size += 1
        if wantedRoots.contains(size) { roots[size] = root }
        return (event, leaf)
    }

    /// Checks a signed checkpoint against the entries seen (rules 6 and 7).
    ///
    /// The note must be signed by the checkpoint key in force at its size: the key the
    /// genesis names, or the one the last `LogKeyRotated` before that size names. The
    /// pinned `key` must be one of the log's checkpoint keys and be named by the origin.
    /// Its root must equal the root of the first `size` entries. A checkpoint smaller than
    /// the log proves consistency of that prefix (rule 7); one larger than the log means
    /// entries are missing.
    /// - Precondition: the checkpoint's size was given in `rootsAt`, or equals `size`.
    public func check(checkpoint note: SignedNote, key: NoteVerifierKey) throws(EntryFault) -> Checkpoint {
        let cp: Checkpoint
        do { cp = try Checkpoint(body: note.body) } catch {
            throw EntryFault(index: nil, rule: .checkpoint, error.description)
        }
        var signer = key
        if let ring = keys {
            guard cp.origin == ring.origin else {
                throw EntryFault(
                    index: nil, rule: .checkpoint,
                    "checkpoint origin is \"\(cp.origin)\" but the genesis names \"\(ring.origin)\"")
            }
            guard key.name == ring.origin else {
                throw EntryFault(
                    index: nil, rule: .checkpoint,
                    "the verifier key is named \"\(key.name)\"; the log's key is named by its origin \"\(ring.origin)\""
                )
            }
            guard ring.logKeys.contains(where: { $0.key == key.publicKey }) else {
                let named = ring.logKeys.map { "\($0.key.keyID.short) (entry \($0.entry))" }.joined(separator: ", ")
                throw EntryFault(
                    index: nil, rule: .checkpoint,
                    "the verifier key \(key.publicKey.keyID.short) is not a checkpoint key of this log (it names "
                        + "\(named))"
                )
            }
            if let inForce = ring.logKey(atSize: cp.size) {
                signer = NoteVerifierKey(name: ring.origin, publicKey: inForce)
            }
        }
        do { try note.verify(signer) } catch {
            let why =
                signer == key
                ? ""
                : " (the checkpoint key in force at size \(cp.size) is \(signer.publicKey.keyID.short), named by the "
                    + "log)"
            throw EntryFault(index: nil, rule: .checkpoint, error.description + why)
        }
        guard cp.size <= size else {
            throw EntryFault(
                index: size, rule: .checkpoint,
                "the checkpoint covers \(cp.size) entries but the log has \(size): entries \(size)…\(cp.size - 1) "
                    + "are missing"
            )
        }
        let got = cp.size == size ? root : roots[cp.size]
        guard let got else {
            throw EntryFault(
                index: nil, rule: .checkpoint,
                "the root at size \(cp.size) was not kept; pass the checkpoint's size to the verifier before the "
                    + "entries"
            )
        }
        guard got == cp.root else {
            let rule: IntegrityRule = cp.size < size ? .consistency : .checkpoint
            throw EntryFault(
                index: nil, rule: rule,
                "the root of entries [0, \(cp.size)) is \(got.base64) but the checkpoint says \(cp.root.base64): a "
                    + "line was altered, added or removed (every line verifies on its own, so look for a changed "
                    + "receivedAt)"
            )
        }
        return cp
    }
}
