import Dispatch
/// The result of appending one envelope.
public struct AppendOutcome: Equatable, Sendable {
    public let index: Int
    /// False when the payload `id` was already in the log with the same payload: the
    /// append was a repeat and the existing entry's index is returned.
    public let created: Bool
    public let receivedAt: Timestamp
}

/// Why an append was refused. Nothing of the batch was written.
public enum AppendError: Error, Equatable, CustomStringConvertible {
    /// Envelope `position` (0-based, in the batch) broke a rule of the log.
    case rejected(position: Int, batchSize: Int, fault: EntryFault)
    /// The payload id is taken by an entry with a different payload.
    case idConflict(position: Int, batchSize: Int, id: String, existingIndex: Int)
    case store(StoreError)
    case emptyBatch

    public var description: String {
        switch self {
        case .rejected(let p, let n, let f):
            return "\(n > 1 ? "envelope \(p + 1) of \(n): " : "")\(f) — nothing was appended"
        case .idConflict(let p, let n, let id, let i):
            return "\(n > 1 ? "envelope \(p + 1) of \(n): " : "")payload id \"\(id)\" is already used by entry \(i) with a different payload; choose a new id (ids are the idempotency key) — nothing was appended"
        case .store(let e): return e.description
        case .emptyBatch: return "nothing to append: give one or more DSSE envelopes"
        }
    }

    /// The rule that refused, when a rule refused.
    public var fault: EntryFault? { if case .rejected(_, _, let f) = self { return f } else { return nil } }
}

/// Reads subtree hashes from a store, for `MerkleTree`.
public struct StoreSubtrees: SubtreeSource {
    let reader: any LogReader
    let location: String
    public init(_ reader: any LogReader, location: String) { self.reader = reader; self.location = location }
    public func subtree(level: Int, index: Int) throws -> Hash {
        guard let h = try reader.node(level: level, index: index) else {
            throw StoreError.damaged(location: location, reason: "Merkle node at level \(level) index \(index) is missing")
        }
        return h
    }
}

/// A signed, append-only log on a store.
///
/// `append` checks every envelope against the log before it — envelope form, payload
/// fields, signatures, and the authority rules the genesis chose — then writes the
/// entries, their Merkle nodes and nothing else in one durable transaction.
/// Safe to use from several threads; several processes may share the store.
public final class Log: @unchecked Sendable {
    public let store: any LogStore
    public let catalog: RulesCatalog
    public let origin: String
    public let logKey: PublicKey
    let clock: any Clock
    private let lock = Lock()
    private var rules: any AuthorityRules
    private var rulesSize: Int

    /// Metadata keys.
    enum Meta {
        static let format = "format"
        static let origin = "origin"
        static let logKey = "logKey"
        static let logPrivateKey = "logPrivateKey"
    }
    static let formatVersion = "thidua-log/1"
    /// How far ahead of the log's clock a payload's issuedAt may be (366 days).
    public static let maxIssuedAhead: Int64 = 366 * 86_400_000

    /// Writes the genesis entry into an empty store.
    ///
    /// - Parameters:
    ///   - logKey: signs checkpoints; kept in the store (it must be, to sign later).
    ///   - rootKeys: the council's root keys; all of them sign the genesis.
    ///   - fields: extra genesis fields (for example `"rules"`, `"title"`).
    /// - Throws: `StoreError.alreadyInitialised` if the store already holds entries.
    public static func create(store: any LogStore, origin: String, logKey: PrivateKey, rootKeys: [PrivateKey],
                              fields: [JSON.Member] = [], clock: any Clock, catalog: RulesCatalog = .logLayer) throws -> Log {
        guard !origin.isEmpty, !origin.contains("\n"), !origin.contains(" "), !origin.contains("+") else {
            throw StoreError.refused(location: store.location, reason: "origin \"\(origin)\" must be one line without spaces or '+' (e.g. dienbien.gov.vn/thidua/2025)")
        }
        let now = clock.now()
        var members: [JSON.Member] = [
            .init("v", .number("1")), .init("type", .string("LogOpened")), .init("id", .string("genesis")),
            .init("issuedAt", .string(now.receivedAtText)), .init("origin", .string(origin)),
            .init("logKey", .string(logKey.publicKey.base64)),
            .init("rootKeys", .array(rootKeys.map { .string($0.publicKey.base64) })),
        ]
        members.append(contentsOf: fields)
        let envelope = try Envelope.sign(payload: JSONWriter.write(.object(members)), keys: rootKeys)
        let rules = try catalog.rules(named: fields.first(where: { $0.key == "rules" })?.value.stringValue)
        _ = rules
        try store.write { tx in
            guard try tx.size() == 0, try tx.meta(Meta.origin) == nil else { throw StoreError.alreadyInitialised(location: store.location) }
            try tx.setMeta(Meta.format, formatVersion)
            try tx.setMeta(Meta.origin, origin)
            try tx.setMeta(Meta.logKey, NoteVerifierKey(name: origin, publicKey: logKey.publicKey).description)
            try tx.setMeta(Meta.logPrivateKey, logKey.pem)
        }
        let log = try Log(store: store, clock: clock, catalog: catalog)
        _ = try log.append([envelope])
        return log
    }

    /// Opens a store that `create` initialised, replaying its key and authority events.
    public init(store: any LogStore, clock: any Clock = SystemClock(), catalog: RulesCatalog = .logLayer) throws {
        self.store = store
        self.clock = clock
        self.catalog = catalog
        let (origin, keyText) = try store.read { r in (try r.meta(Meta.origin), try r.meta(Meta.logKey)) }
        guard let origin, let keyText else { throw StoreError.notALog(location: store.location) }
        self.origin = origin
        self.logKey = try NoteVerifierKey(text: keyText).publicKey
        self.rules = KeyRules()
        self.rulesSize = 0
        try store.read { r in try catchUp(r) }
    }

    /// Brings the rules up to the store's size (other processes may have appended).
    private func catchUp(_ r: any LogReader) throws {
        let size = try r.size()
        if rulesSize > size {
            throw StoreError.damaged(location: store.location, reason: "the log shrank from \(rulesSize) to \(size) entries")
        }
        guard rulesSize < size else { return }
        try r.forEachEntry(from: rulesSize, to: size) { stored in
            let entry: Entry
            do { entry = try Entry(line: stored.line, trusted: true) } catch {
                throw StoreError.damaged(location: store.location, reason: "entry \(stored.index): \(error)")
            }
            let payload: Payload
            do { payload = try Payload(bytes: entry.envelope.payload) } catch {
                throw StoreError.damaged(location: store.location, reason: "entry \(stored.index): \(error)")
            }
            let event = SignedEvent(index: stored.index, receivedAt: entry.receivedAt, payload: payload, signers: entry.envelope.keyIDs)
            if stored.index == 0 { rules = try catalog.rules(named: try KeyRing.genesis(payload).rules) }
            rules.record(event)
            rulesSize = stored.index + 1
        }
    }

    /// The number of entries.
    public func size() throws -> Int { try store.read { try $0.size() } }

    /// The authority rules after the last entry this process has seen.
    public func currentRules() throws -> any AuthorityRules {
        try lock.withLock {
            try store.read { try catchUp($0) }
            return rules
        }
    }

    /// Appends envelopes, all or nothing.
    ///
    /// An envelope whose payload `id` is already in the log with the same payload is not
    /// appended again; its outcome gives the existing index with `created == false`.
    ///
    /// Single envelopes from concurrent callers are committed together (group commit): one
    /// caller leads and writes every envelope waiting, in one transaction and one fsync;
    /// each caller still gets its own outcome or refusal, and returns only once its entry
    /// is durable. A refusal of one envelope never affects another.
    public func append(_ envelopes: [Envelope]) throws(AppendError) -> [AppendOutcome] {
        guard !envelopes.isEmpty else { throw .emptyBatch }
        if envelopes.count == 1 { return [try appendGrouped(envelopes[0])] }
        do {
            return try lock.withLock {
                let (outcomes, newRules, newSize) = try store.write { tx in try appendLocked(envelopes, tx) }
                // Committed: only now is the new state ours.
                rules = newRules
                rulesSize = newSize
                return outcomes
            }
        } catch {
            throw Log.appendError(error, location: store.location)
        }
    }

    static func appendError(_ error: any Error, location: String) -> AppendError {
        if let e = error as? AppendError { return e }
        if let e = error as? StoreError { return .store(e) }
        return .store(.sql(location: location, reason: "\(error)"))
    }

    /// One envelope waiting for a group commit.
    private final class Pending: @unchecked Sendable {
        let envelope: Envelope
        var result: Result<AppendOutcome, AppendError>? = nil
        let done = DispatchSemaphore(value: 0)
        init(_ e: Envelope) { envelope = e }
    }
    private let queueLock = Lock()
    private var queue: [Pending] = []
    private var leading = false

    private func appendGrouped(_ envelope: Envelope) throws(AppendError) -> AppendOutcome {
        let mine = Pending(envelope)
        let lead: Bool = queueLock.withLock {
            queue.append(mine)
            if leading { return false }
            leading = true
            return true
        }
        if lead {
            // Commit what is waiting, again and again, until nobody waits.
            while true {
                let group: [Pending] = queueLock.withLock {
                    let g = Array(queue.prefix(1000))
                    queue.removeFirst(g.count)
                    if g.isEmpty { leading = false }
                    return g
                }
                if group.isEmpty { break }
                commit(group)
            }
        }
        mine.done.wait()
        return try mine.result!.get()
    }

    private func commit(_ group: [Pending]) {
        do {
            try lock.withLock {
                let (newRules, newSize) = try store.write { tx -> (any AuthorityRules, Int) in
                    var st = try startAppend(tx)
                    for p in group {
                        do {
                            p.result = .success(try appendStep(p.envelope, position: 0, batchSize: 1, tx, &st))
                        } catch let e as AppendError {
                            p.result = .failure(e)   // refused before anything of it was written
                        }
                    }
                    return (st.working, st.size)
                }
                rules = newRules
                rulesSize = newSize
            }
        } catch {
            // The transaction failed: nothing of the group is durable.
            let e = Log.appendError(error, location: store.location)
            for p in group { p.result = .failure(e) }
        }
        for p in group { p.done.signal() }
    }

    /// The state an append carries from one envelope to the next, inside one transaction.
    private struct AppendState {
        var size: Int
        var last: Timestamp?
        var working: any AuthorityRules
        var batchIDs: [String: (index: Int, payload: [UInt8])] = [:]
    }

    private func startAppend(_ tx: any LogWriter) throws -> AppendState {
        try catchUp(tx)
        let size = try tx.size()
        return AppendState(size: size, last: size > 0 ? try tx.entry(at: size - 1)?.receivedAt : nil, working: rules)
    }

    private func appendLocked(_ envelopes: [Envelope], _ tx: any LogWriter) throws -> ([AppendOutcome], any AuthorityRules, Int) {
        var st = try startAppend(tx)
        var outcomes: [AppendOutcome] = []
        for (k, env) in envelopes.enumerated() {
            outcomes.append(try appendStep(env, position: k, batchSize: envelopes.count, tx, &st))
        }
        return (outcomes, st.working, st.size)
    }

    /// Checks one envelope against the log so far and writes it. Throws `AppendError`
    /// (a refusal) before writing anything of it; any other error is the store's.
    private func appendStep(_ env: Envelope, position k: Int, batchSize: Int, _ tx: any LogWriter, _ st: inout AppendState) throws -> AppendOutcome {
        // Idempotency: a repeated id with the same payload returns the first entry.
        if let p = try? Payload(bytes: env.payload) {
            if let prior = st.batchIDs[p.id] {
                guard prior.payload == env.payload else {
                    throw AppendError.idConflict(position: k, batchSize: batchSize, id: p.id, existingIndex: prior.index)
                }
                return AppendOutcome(index: prior.index, created: false, receivedAt: st.last ?? Timestamp(millis: 0))
            }
            if let existing = try tx.index(ofEventID: p.id) {
                guard let stored = try tx.entry(at: existing), let e = try? Entry(line: stored.line, trusted: true), e.envelope.payload == env.payload else {
                    throw AppendError.idConflict(position: k, batchSize: batchSize, id: p.id, existingIndex: existing)
                }
                return AppendOutcome(index: existing, created: false, receivedAt: stored.receivedAt)
            }
        }
        var now = clock.now()
        if let last = st.last, now < last { now = last }
        let size = st.size
        let checked = Result { [working = st.working, catalog] () throws(EntryFault) in
            try EntryChecks.check(envelope: env, index: size, receivedAt: now, rules: size == 0 ? nil : working, catalog: catalog)
        }
        let event: SignedEvent, fresh: (any AuthorityRules)?
        switch checked {
        case .success(let v): (event, fresh) = v
        case .failure(let f): throw AppendError.rejected(position: k, batchSize: batchSize, fault: f)
        }
        // Append policy (not a verification rule): a signer's clock far ahead of the
        // log's is refused, so a skewed or forged issuedAt cannot claim the future.
        if event.payload.issuedAt.millis > now.millis + Log.maxIssuedAhead {
            throw AppendError.rejected(position: k, batchSize: batchSize, fault: EntryFault(index: size, rule: .payload,
                "issuedAt \(event.payload.issuedAt.receivedAtText) is more than a year after the log's clock (\(now.receivedAtText)); check the signer's clock"))
        }
        if let fresh { st.working = fresh } else { st.working.record(event) }
        let entry = Entry(index: size, receivedAt: now, envelope: env)
        let line = entry.line
        let leaf = Entry.leafHash(line: line)
        try tx.insert(StoredEntry(index: size, receivedAt: now, eventID: event.payload.id, line: line))
        try tx.insertNode(level: 0, index: size, hash: leaf)
        let done = try MerkleTree<StoreSubtrees>.completedNodes(appending: leaf, at: size) { level, index in
            guard let h = try tx.node(level: level, index: index) else {
                throw StoreError.damaged(location: store.location, reason: "Merkle node at level \(level) index \(index) is missing")
            }
            return h
        }
        for n in done { try tx.insertNode(level: n.level, index: n.index, hash: n.hash) }
        st.batchIDs[event.payload.id] = (size, env.payload)
        st.last = now
        st.size += 1
        return AppendOutcome(index: size, created: true, receivedAt: now)
    }

    // MARK: Tree, proofs, checkpoints

    public func root(size: Int? = nil) throws -> (size: Int, root: Hash) {
        try store.read { r in
            let n = try size ?? r.size()
            try Log.checkSize(n, of: try r.size())
            return (n, try MerkleTree(source: StoreSubtrees(r, location: store.location)).root(size: n))
        }
    }

    public func inclusionProof(index: Int, size: Int? = nil) throws -> InclusionProof {
        try store.read { r in
            let total = try r.size()
            let n = size ?? total
            try Log.checkSize(n, of: total)
            guard index >= 0, index < n else { throw ProofError.indexOutOfRange(index: index, size: n) }
            let tree = MerkleTree(source: StoreSubtrees(r, location: store.location))
            return InclusionProof(index: index, treeSize: n, leafHash: try tree.source.subtree(level: 0, index: index),
                                  path: try tree.inclusionProof(index: index, size: n))
        }
    }

    public func consistencyProof(from m: Int, to n: Int? = nil) throws -> ConsistencyProof {
        try store.read { r in
            let total = try r.size()
            let to = n ?? total
            try Log.checkSize(to, of: total)
            let tree = MerkleTree(source: StoreSubtrees(r, location: store.location))
            return ConsistencyProof(fromSize: m, toSize: to, path: try tree.consistencyProof(from: m, to: to))
        }
    }

    static func checkSize(_ n: Int, of total: Int) throws {
        guard n >= 0, n <= total else {
            throw ProofError.indexOutOfRange(index: n, size: total + 1)
        }
    }

    /// The verifier key of the log's checkpoints.
    public var verifierKey: NoteVerifierKey { NoteVerifierKey(name: origin, publicKey: logKey) }

    /// Signs a checkpoint for the current size (or returns the one already signed for it).
    ///
    /// Before signing, the new root is proven consistent with the last signed checkpoint,
    /// from the stored tree; if it is not, nothing is signed: the log never signs two
    /// inconsistent checkpoints.
    public func checkpoint() throws -> SignedNote {
        try lock.withLock {
            try store.write { tx in
                let size = try tx.size()
                let latest = try tx.latestCheckpoint()
                if let latest, latest.size == size { return try Log.withCosignatures(SignedNote(text: latest.note), tx.cosignatures(size: size)) }
                if let latest, latest.size > size {
                    throw StoreError.damaged(location: store.location, reason: "a checkpoint for size \(latest.size) was signed but the log has \(size) entries")
                }
                // Sign only what was checked: every entry since the last checkpoint must
                // hash to the leaf the tree holds for it.
                try tx.forEachEntry(from: latest?.size ?? 0, to: size) { e in
                    guard try tx.node(level: 0, index: e.index) == Entry.leafHash(line: e.line) else {
                        throw StoreError.damaged(location: store.location, reason: "entry \(e.index) does not hash to the tree's leaf \(e.index); refusing to sign (run `thidua verify --db` to locate the damage)")
                    }
                }
                let tree = MerkleTree(source: StoreSubtrees(tx, location: store.location))
                let root = try tree.root(size: size)
                if let latest, latest.size > 0 {
                    let proof = try tree.consistencyProof(from: latest.size, to: size)
                    do {
                        try Merkle.verifyConsistency(fromSize: latest.size, toSize: size, fromRoot: latest.root, toRoot: root, path: proof)
                    } catch {
                        throw StoreError.damaged(location: store.location, reason: "the tree at size \(size) is not consistent with the checkpoint signed at size \(latest.size) (\(error)); refusing to sign a fork")
                    }
                }
                guard let pem = try tx.meta(Meta.logPrivateKey) else {
                    throw StoreError.damaged(location: store.location, reason: "the log's checkpoint key is missing")
                }
                let key = try PrivateKey(pem: pem, source: "the log's checkpoint key")
                let note = SignedNote.sign(body: Checkpoint(origin: origin, size: size, root: root).body, name: origin, key: key)
                try tx.insertCheckpoint(StoredCheckpoint(size: size, root: root, note: note.text))
                return note
            }
        }
    }

    static func withCosignatures(_ note: SignedNote, _ lines: [String]) throws -> SignedNote {
        guard !lines.isEmpty else { return note }
        return try SignedNote(text: note.text + lines.joined())
    }

    /// Keeps the witness cosignatures of `note` that verify under `witnesses`, for the
    /// stored checkpoint with the same body; `checkpoint()` prints them from then on.
    /// - Returns: the names of the witnesses whose cosignature was kept.
    public func addCosignatures(_ note: SignedNote, witnesses: [CosignerKey]) throws -> [String] {
        try note.verify(verifierKey)
        let cp = try Checkpoint(body: note.body)
        return try lock.withLock {
            try store.write { tx in
                guard let stored = try tx.checkpoints().first(where: { $0.size == cp.size }), try SignedNote(text: stored.note).body == note.body else {
                    throw StoreError.refused(location: store.location, reason: "the log signed no checkpoint with this body (size \(cp.size)); cosignatures are kept only for the log's own checkpoints")
                }
                var kept: [String] = []
                for w in witnesses where Cosignature.verify(note, w) != nil {
                    for s in note.signatures where s.name == w.name && s.keyHash == w.keyHash {
                        try tx.insertCosignature(size: cp.size, line: s.line)
                    }
                    kept.append(w.name)
                }
                return kept
            }
        }
    }

    /// An offline proof bundle for entry `index`, against a checkpoint of the current size
    /// (signed now if the log grew since the last one).
    public func bundle(index: Int) throws -> EntryBundle {
        let note = try checkpoint()
        let cp = try Checkpoint(body: note.body)
        guard index < cp.size else { throw StoreError.refused(location: store.location, reason: "entry \(index) does not exist; the log has \(cp.size) entries") }
        guard let stored = try store.read({ try $0.entry(at: index) }) else { throw StoreError.notALog(location: store.location) }
        let entry = try Entry(line: stored.line)
        let rules = try currentRules()
        return EntryBundle(line: stored.line, proof: try inclusionProof(index: index, size: cp.size), checkpoint: note, logKey: verifierKey,
                           signerKeys: entry.envelope.keyIDs.compactMap { rules.keys.key($0) })
    }

    /// Calls `body` with entries [from, to) in order, streaming.
    public func forEachEntry(from: Int = 0, to: Int? = nil, _ body: (StoredEntry) throws -> Void) throws {
        try store.read { r in
            let n = try to ?? r.size()
            try r.forEachEntry(from: from, to: n, body)
        }
    }
}
