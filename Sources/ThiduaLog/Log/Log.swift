import Dispatch

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
    /// The checkpoint key the genesis names (later ones come from `LogKeyRotated`).
    public let genesisKey: PublicKey
    let clock: any Clock
    private let lock = Lock()
    private var rules: any AuthorityRules
    private var rulesSize: Int
    /// The entries [0, rulesSize) that shape the rules (`AuthorityJournal`).
    private var journal: [Int] = []
    /// The size of the journal this process last read or wrote (-1: none).
    private var journalSaved = -1
    /// Every key the log has named, by keyid, for checking an append's signatures on the
    /// caller's thread before the writer's critical section (whether the key may sign
    /// there is still checked in order, inside it).
    private let signingKeys = KeyCache()
    /// The private key that signs new checkpoints; never stored in the log's store.
    private var checkpointKey: PrivateKey?

    /// The rules the genesis chose (`thidua-emulation/2`, …).
    public var rulesName: String { (try? currentRules().name) ?? "?" }

    /// Whether every payload after the genesis must name this log (`"log"`): the rules'
    /// key ring is version 2 or later.
    public var bindsPayloads: Bool { ((try? currentRules().keys.version) ?? 1) >= 2 }

    /// Metadata keys.
    public enum Meta {
        public static let format = "format"
        public static let origin = "origin"
        public static let logKey = "logKey"
        /// Where thidua before 2026-11 kept the checkpoint private key. Never written now;
        /// a log that has it must rotate its key (`thidua log-key rotate`).
        public static let legacyPrivateKey = "logPrivateKey"
    }
    static let formatVersion = "thidua-log/1"
    /// How far ahead of the log's clock a payload's issuedAt may be (366 days).
    public static let maxIssuedAhead: Int64 = 366 * 86_400_000

    /// Writes the genesis entry into an empty store.
    ///
    /// - Parameters:
    ///   - logKey: signs checkpoints. Only its public half is written to the store; the
    ///     returned log keeps the private key in memory to sign checkpoints.
    ///   - rootKeys: the council's root keys; all of them sign the genesis.
    ///   - fields: extra genesis fields (for example `"rules"`, `"title"`).
    /// - Throws: `StoreError.alreadyInitialised` if the store already holds entries.
    public static func create(
        store: any LogStore, origin: String, logKey: PrivateKey, rootKeys: [PrivateKey],
        fields: [JSON.Member] = [], clock: any Clock, catalog: RulesCatalog = .logLayer
    ) throws -> Log {
        guard !origin.isEmpty, !origin.contains("\n"), !origin.contains(" "), !origin.contains("+") else {
            throw LogError.invalidOrigin(origin)
        }
        let now = clock.now()
        let genesis: [JSON.Member] = [
            .init("origin", origin.json), .init("logKey", logKey.publicKey.base64.json),
            .init("rootKeys", rootKeys.map(\.publicKey.base64).json),
        ]
        let payload = Payload.make(
            type: "LogOpened", id: "genesis", issuedAt: now.receivedAtText, log: nil, fields: genesis + fields)
        let envelope = try Envelope.sign(payload: payload, keys: rootKeys)
        let rules = try catalog.rules(named: fields.first(where: { $0.key == "rules" })?.value.stringValue)
        _ = rules
        try store.write { tx in
            guard try tx.size() == 0, try tx.meta(Meta.origin) == nil else {
                throw StoreError.alreadyInitialised(location: store.location)
            }
            try tx.setMeta(Meta.format, formatVersion)
            try tx.setMeta(Meta.origin, origin)
            try tx.setMeta(Meta.logKey, NoteVerifierKey(name: origin, publicKey: logKey.publicKey).description)
        }
        let log = try Log(store: store, clock: clock, catalog: catalog)
        _ = try log.append([envelope])
        try log.useCheckpointKey(logKey)
        return log
    }

    /// Opens a store that `create` initialised, replaying its key and authority events.
    /// - Parameter checkpointKey: the private key that signs new checkpoints (it must be
    ///   the log's current checkpoint key); reading, appending and proving need none.
    public init(
        store: any LogStore, clock: any Clock = SystemClock(), catalog: RulesCatalog = .logLayer,
        checkpointKey: PrivateKey? = nil
    ) throws {
        self.store = store
        self.clock = clock
        self.catalog = catalog
        let (origin, keyText) = try store.read { r in (try r.meta(Meta.origin), try r.meta(Meta.logKey)) }
        guard let origin, let keyText else { throw StoreError.notALog(location: store.location) }
        self.origin = origin
        self.genesisKey = try NoteVerifierKey(text: keyText).publicKey
        self.rules = KeyRules(version: 1)
        self.rulesSize = 0
        // The authority rules are brought up to date when first needed (an append, a
        // check, a checkpoint), not here: reading, ranking and proving never need them.
        if let checkpointKey { try useCheckpointKey(checkpointKey) }
    }

    /// Sets the private key that signs new checkpoints, after checking that it is the
    /// log's current checkpoint key.
    public func useCheckpointKey(_ key: PrivateKey) throws(CheckpointKeyError) {
        let current: LogKeyPeriod? = (try? currentRules())?.keys.logKeys.last
        guard let current, current.key == key.publicKey else {
            throw .mismatch(origin: origin, given: key.keyID, expected: current?.key.keyID, since: current?.entry ?? 0)
        }
        lock.withLock { checkpointKey = key }
    }

    /// Brings the rules up to the store's size (other processes may have appended). A
    /// first catch-up starts from the saved `AuthorityJournal` when it is sound.
    private func catchUp(_ r: any LogReader) throws {
        let size = try r.size()
        if rulesSize > size {
            throw StoreError.damaged(
                location: store.location, reason: "the log shrank from \(rulesSize) to \(size) entries")
        }
        guard rulesSize < size else { return }
        if rulesSize == 0 { try resume(r, size: size) }
        try r.forEachEntry(from: rulesSize, to: size) { stored in
            if try fold(stored, into: &rules) { journal.append(stored.index) }
            rulesSize = stored.index + 1
        }
    }

    /// Folds a stored entry into `rules` (the genesis chooses them) and learns the keys it
    /// names; returns whether it shapes the rules.
    private func fold(_ stored: StoredEntry, into rules: inout any AuthorityRules) throws -> Bool {
        let event: SignedEvent
        do { event = try SignedEvent(line: stored.line, trusted: true) } catch {
            throw StoreError.damaged(location: store.location, reason: "entry \(stored.index): \(error)")
        }
        if stored.index == 0 { rules = try catalog.rules(named: try KeyRing.genesis(event.payload).rules) }
        // Read once for both (a key event's key, a domain event).
        let ready = rules.prepare(event.payload)
        rules.record(event, prepared: ready)
        signingKeys.learn(from: event.payload, prepared: ready)
        return rules.shapes(event)
    }

    /// Rebuilds the rules from the saved journal's entries alone, when the journal reads,
    /// is for this tree (its root) and lists only entries that shape the rules; otherwise
    /// leaves everything as it was (the caller replays from entry 0).
    private func resume(_ r: any LogReader, size: Int) throws {
        guard let snap = try r.snapshot(AuthorityJournal.snapshotName),
            let j = try? AuthorityJournal(data: snap.data, snapshotSize: snap.size), j.size <= size,
            try MerkleTree(source: StoreSubtrees(r, location: store.location)).root(size: j.size) == j.root
        else { return }
        // One value, mutated in place (a copy per entry would copy the key ring each time);
        // the journal's first entry is the genesis, which replaces it.
        var built: any AuthorityRules = KeyRules()
        for i in j.entries {
            guard let stored = try r.entry(at: i), try fold(stored, into: &built) else { return }
        }
        guard j.size > 0, built.name == j.rules else { return }
        (rules, rulesSize, journal, journalSaved) = (built, j.size, j.entries, j.size)
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
        let prechecked = envelopes.map(signaturesVerify)
        do {
            return try lock.withLock {
                let (outcomes, st) = try store.write { tx in try appendLocked(envelopes, prechecked: prechecked, tx) }
                // Committed: only now is the new state ours.
                adopt(st)
                return outcomes
            }
        } catch {
            throw Log.appendError(error, location: store.location)
        }
    }

    static func appendError(_ error: any Error, location: String) -> AppendError {
        if let e = error as? AppendError { return e }
        if let e = error as? StoreError { return .store(e) }
        return .failed("\(error)")
    }

    /// One envelope waiting for a group commit.
    private final class Pending: @unchecked Sendable {
        let envelope: Envelope
        let prechecked: Bool
        var result: Result<AppendOutcome, AppendError>? = nil
        let done = DispatchSemaphore(value: 0)
        init(_ e: Envelope, prechecked: Bool) {
            envelope = e
            self.prechecked = prechecked
        }
    }
    private let queueLock = Lock()
    private var queue: [Pending] = []
    private var leading = false

    private func appendGrouped(_ envelope: Envelope) throws(AppendError) -> AppendOutcome {
        let mine = Pending(envelope, prechecked: signaturesVerify(envelope))
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
                let st = try store.write { tx -> AppendState in
                    var st = try startAppend(tx)
                    for p in group {
                        do {
                            p.result = .success(
                                try appendStep(p.envelope, position: 0, batchSize: 1, prechecked: p.prechecked, tx, &st)
                            )
                        } catch let e as AppendError {
                            p.result = .failure(e)  // refused before anything of it was written
                        }
                    }
                    try finishAppend(tx, &st)
                    return st
                }
                adopt(st)
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
        var batchIDs: [String: (index: Int, envelope: Envelope)] = [:]
        var journal: [Int]
        var journalSaved: Int
    }

    private func startAppend(_ tx: any LogReader) throws -> AppendState {
        try catchUp(tx)
        let size = try tx.size()
        return AppendState(
            size: size, last: size > 0 ? try tx.entry(at: size - 1)?.receivedAt : nil, working: rules,
            journal: journal, journalSaved: journalSaved)
    }

    /// Saves the journal with the entries, when they shaped the rules or the saved one
    /// lags by `AuthorityJournal.maxLag` entries.
    private func finishAppend(_ tx: any LogWriter, _ st: inout AppendState) throws {
        let shaped = st.journal.count > journal.count
        guard st.size > 0, shaped || st.size - st.journalSaved >= AuthorityJournal.maxLag else { return }
        let root = try MerkleTree(source: StoreSubtrees(tx, location: store.location)).root(size: st.size)
        try AuthorityJournal(rules: st.working.name, size: st.size, root: root, entries: st.journal).save(to: tx)
        st.journalSaved = st.size
    }

    /// Whether every signature of `env` verifies under the key its keyid names, among the
    /// keys the log has named (false: unknown yet, or bad; the ordered checks then verify
    /// and say which). Runs on the caller's thread, outside the writer's lock.
    private func signaturesVerify(_ env: Envelope) -> Bool {
        let pae = env.pae
        return !env.signatures.isEmpty
            && env.signatures.allSatisfy { s in signingKeys[s.keyID]?.verify(signature: s.sig, message: pae) ?? false }
    }

    /// Takes the state of a committed append as this process's own.
    private func adopt(_ st: AppendState) {
        rules = st.working
        rulesSize = st.size
        journal = st.journal
        journalSaved = st.journalSaved
    }

    private func appendLocked(_ envelopes: [Envelope], prechecked: [Bool], _ tx: any LogWriter) throws -> (
        [AppendOutcome], AppendState
    ) {
        var st = try startAppend(tx)
        var outcomes: [AppendOutcome] = []
        for (k, env) in envelopes.enumerated() {
            outcomes.append(
                try appendStep(env, position: k, batchSize: envelopes.count, prechecked: prechecked[k], tx, &st))
        }
        try finishAppend(tx, &st)
        return (outcomes, st)
    }

    /// What a repeated payload id means: the same canonical envelope is the same entry
    /// (idempotent); anything else with that id is a conflict. Signatures are checked
    /// first, so neither answer is given to an envelope that does not verify.
    /// - Parameter payload: the envelope's payload, read once for this and the checks (nil:
    ///   unreadable, which the checks then say).
    private func repeatOf(
        _ env: Envelope, payload: Payload?, position k: Int, batchSize: Int, prechecked: Bool = false,
        _ r: any LogReader, _ st: AppendState
    ) throws -> AppendOutcome? {
        guard let p = payload else { return nil }
        // Envelopes are canonical values (signatures sorted, no keyid twice), so two are the
        // same envelope exactly when their canonical JSON is the same.
        let existing: (index: Int, envelope: Envelope, receivedAt: Timestamp)
        if let prior = st.batchIDs[p.id] {
            existing = (prior.index, prior.envelope, st.last ?? Timestamp(millis: 0))
        } else if let i = try r.index(ofEventID: p.id), let stored = try r.entry(at: i) {
            let e: Entry
            do { e = try Entry(line: stored.line, trusted: true) } catch {
                throw StoreError.damaged(location: store.location, reason: "entry \(i): \(error)")
            }
            existing = (i, e.envelope, stored.receivedAt)
        } else {
            return nil
        }
        do { try EntryChecks.verifySignatures(env, index: st.size, rules: st.working, verified: prechecked) } catch {
            throw AppendError.rejected(position: k, batchSize: batchSize, fault: error)
        }
        guard existing.envelope == env else {
            throw AppendError.idConflict(position: k, batchSize: batchSize, id: p.id, existingIndex: existing.index)
        }
        return AppendOutcome(index: existing.index, created: false, receivedAt: existing.receivedAt)
    }

    /// Every check of an append, appending nothing: the event and the time it would get.
    private func admitStep(
        _ env: Envelope, payload: Payload?, position k: Int, batchSize: Int, prechecked: Bool = false,
        _ st: AppendState
    ) throws(AppendError) -> (
        event: SignedEvent, fresh: (any AuthorityRules)?, prepared: (any PreparedPayload)?, receivedAt: Timestamp
    ) {
        var now = clock.now()
        if let last = st.last, now < last { now = last }
        let size = st.size
        let checked = Result { [working = st.working, catalog] () throws(EntryFault) in
            try EntryChecks.check(
                envelope: env, index: size, receivedAt: now, rules: size == 0 ? nil : working, catalog: catalog,
                signaturesChecked: prechecked && size > 0, payload: payload)
        }
        switch checked {
        case .success(let (event, fresh, prepared)):
            try checkIssuedAt(event, now: now, position: k, batchSize: batchSize)
            return (event, fresh, prepared, now)
        case .failure(let f): throw .rejected(position: k, batchSize: batchSize, fault: f)
        }
    }

    /// Append policy (not a verification rule): a signer's clock far ahead of the log's
    /// is refused, so a skewed or forged issuedAt cannot claim the future.
    private func checkIssuedAt(_ event: SignedEvent, now: Timestamp, position k: Int, batchSize: Int)
        throws(AppendError)
    {
        if event.payload.issuedAt.millis > now.millis + Log.maxIssuedAhead {
            throw .rejected(
                position: k, batchSize: batchSize,
                fault: EntryFault(
                    index: event.index, rule: .payload,
                    "issuedAt \(event.payload.issuedAt.receivedAtText) is more than a year after the log's clock "
                        + "(\(now.receivedAtText)); check the signer's clock"
                ))
        }
    }

    /// Checks one envelope against the log so far and writes it. Throws `AppendError`
    /// (a refusal) before writing anything of it; any other error is the store's.
    /// - Parameter prechecked: the signatures verified under the keys their keyids name
    ///   (`signaturesVerify`, on the caller's thread).
    private func appendStep(
        _ env: Envelope, position k: Int, batchSize: Int, prechecked: Bool = false, _ tx: any LogWriter,
        _ st: inout AppendState
    ) throws -> AppendOutcome {
        let payload = try? Payload(bytes: env.payload)
        if let again = try repeatOf(
            env, payload: payload, position: k, batchSize: batchSize, prechecked: prechecked, tx, st)
        {
            return again
        }
        let (event, fresh, prepared, now) = try admitStep(
            env, payload: payload, position: k, batchSize: batchSize, prechecked: prechecked, st)
        let size = st.size
        if let fresh { st.working = fresh } else { st.working.record(event, prepared: prepared) }
        signingKeys.learn(from: event.payload, prepared: prepared)
        if st.working.shapes(event) { st.journal.append(size) }
        let entry = Entry(index: size, receivedAt: now, envelope: env)
        let line = entry.line
        let leaf = Entry.leafHash(line: line)
        try tx.insert(StoredEntry(index: size, receivedAt: now, eventID: event.payload.id, line: line))
        try tx.insertNode(level: 0, index: size, hash: leaf)
        let done = try MerkleTree<StoreSubtrees>.completedNodes(appending: leaf, at: size) { level, index in
            guard let h = try tx.node(level: level, index: index) else {
                throw StoreError.damaged(
                    location: store.location, reason: "Merkle node at level \(level) index \(index) is missing")
            }
            return h
        }
        for n in done { try tx.insertNode(level: n.level, index: n.index, hash: n.hash) }
        st.batchIDs[event.payload.id] = (size, env)
        st.last = now
        st.size += 1
        return AppendOutcome(index: size, created: true, receivedAt: now)
    }

    // MARK: Checking without appending

    /// What an append would do, found without appending.
    public struct CheckOutcome: Equatable, Sendable {
        /// The index the entry would get, or the index it already has.
        public let index: Int
        /// The same envelope is already in the log at `index`.
        public let alreadyInLog: Bool

        public init(index: Int, alreadyInLog: Bool) {
            self.index = index
            self.alreadyInLog = alreadyInLog
        }
    }

    /// Runs every check of an append on `envelope` (form, signatures, payload, authority,
    /// the log's rules) against the log as it is now, and appends nothing.
    public func check(_ envelope: Envelope) throws(AppendError) -> CheckOutcome {
        do {
            return try lock.withLock {
                try store.read { r in
                    let st = try startAppend(r)
                    let payload = try? Payload(bytes: envelope.payload)
                    if let again = try repeatOf(envelope, payload: payload, position: 0, batchSize: 1, r, st) {
                        return CheckOutcome(index: again.index, alreadyInLog: true)
                    }
                    _ = try admitStep(envelope, payload: payload, position: 0, batchSize: 1, st)
                    return CheckOutcome(index: st.size, alreadyInLog: false)
                }
            }
        } catch {
            throw Log.appendError(error, location: store.location)
        }
    }

    /// Runs every check of an append on a payload not signed yet, as if `signers` were to
    /// sign it (a form checks before it signs); appends nothing.
    public func check(unsigned payload: [UInt8], signers: [PublicKey]) throws(AppendError) -> CheckOutcome {
        do {
            return try lock.withLock {
                try store.read { r in
                    let st = try startAppend(r)
                    var now = clock.now()
                    if let last = st.last, now < last { now = last }
                    let event: SignedEvent
                    do {
                        event = try EntryChecks.check(
                            unsigned: payload, signers: signers, index: st.size, receivedAt: now, rules: st.working)
                    } catch let f as EntryFault {
                        throw AppendError.rejected(position: 0, batchSize: 1, fault: f)
                    }
                    if let i = try r.index(ofEventID: event.payload.id) {
                        throw AppendError.idConflict(position: 0, batchSize: 1, id: event.payload.id, existingIndex: i)
                    }
                    try checkIssuedAt(event, now: now, position: 0, batchSize: 1)
                    return CheckOutcome(index: st.size, alreadyInLog: false)
                }
            }
        } catch {
            throw Log.appendError(error, location: store.location)
        }
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
            guard index >= 0, index < n else { throw LogError.noSuchEntry(index: index, size: n) }
            let tree = MerkleTree(source: StoreSubtrees(r, location: store.location))
            return InclusionProof(
                index: index, treeSize: n, leafHash: try tree.source.subtree(level: 0, index: index),
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
            throw LogError.sizeBeyondLog(size: n, logSize: total)
        }
    }

    /// The verifier key of the log's current checkpoint key (the genesis key, or the one the
    /// last `LogKeyRotated` named).
    public var verifierKey: NoteVerifierKey {
        NoteVerifierKey(name: origin, publicKey: (try? currentRules())?.keys.logKey ?? genesisKey)
    }

    /// Every checkpoint key of the log, oldest first, with the sizes each signs.
    public func logKeys() throws -> [LogKeyPeriod] { try currentRules().keys.logKeys }

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
                if let latest, latest.size == size {
                    return try Log.withCosignatures(SignedNote(text: latest.note), tx.cosignatures(size: size))
                }
                if let latest, latest.size > size {
                    throw StoreError.damaged(
                        location: store.location,
                        reason: "a checkpoint for size \(latest.size) was signed but the log has \(size) entries")
                }
                // Sign only what was checked: every entry since the last checkpoint must
                // hash to the leaf the tree holds for it.
                try tx.forEachEntry(from: latest?.size ?? 0, to: size) { e in
                    guard try tx.node(level: 0, index: e.index) == Entry.leafHash(line: e.line) else {
                        throw StoreError.damaged(
                            location: store.location,
                            reason:
                                "entry \(e.index) does not hash to the tree's leaf \(e.index); refusing to sign (run "
                                + "`thidua verify --db` to locate the damage)"
                        )
                    }
                }
                let tree = MerkleTree(source: StoreSubtrees(tx, location: store.location))
                let root = try tree.root(size: size)
                if let latest, latest.size > 0 {
                    let proof = try tree.consistencyProof(from: latest.size, to: size)
                    do {
                        try Merkle.verifyConsistency(
                            fromSize: latest.size, toSize: size, fromRoot: latest.root, toRoot: root, path: proof)
                    } catch {
                        throw StoreError.damaged(
                            location: store.location,
                            reason:
                                "the tree at size \(size) is not consistent with the checkpoint signed at size "
                                + "\(latest.size) (\(error)); refusing to sign a fork"
                        )
                    }
                }
                let key = try signingKey(tx)
                let note = SignedNote.sign(
                    body: Checkpoint(origin: origin, size: size, root: root).body, name: origin, key: key)
                try tx.insertCheckpoint(StoredCheckpoint(size: size, root: root, note: note.text))
                // A log written before the journal existed gets one here.
                if size - journalSaved >= AuthorityJournal.maxLag || journalSaved < 0 {
                    try AuthorityJournal(rules: rules.name, size: size, root: root, entries: journal).save(to: tx)
                    journalSaved = size
                }
                return note
            }
        }
    }

    /// The checkpoint key, when it is the one in force at the store's size (brings the rules
    /// up to date first; call with the lock held, inside a write).
    private func signingKey(_ tx: any LogWriter) throws -> PrivateKey {
        try catchUp(tx)
        let inForce = rules.keys.logKey(atSize: try tx.size())
        guard let key = checkpointKey else {
            throw CheckpointKeyError.missing(
                origin: origin, legacyKeyInStore: try tx.meta(Meta.legacyPrivateKey) != nil)
        }
        guard key.publicKey == inForce else {
            let period = rules.keys.logKeys.last { $0.key == inForce }
            throw CheckpointKeyError.mismatch(
                origin: origin, given: key.keyID, expected: inForce?.keyID, since: period?.entry ?? 0)
        }
        return key
    }

    /// Runs `body` in a write transaction with the checkpoint key in force (what signs
    /// derived data such as projection snapshots).
    func writeSigned<T>(_ body: (any LogWriter, PrivateKey) throws -> T) throws -> T {
        try lock.withLock { try store.write { tx in try body(tx, try signingKey(tx)) } }
    }

    static func withCosignatures(_ note: SignedNote, _ lines: [String]) throws -> SignedNote {
        guard !lines.isEmpty else { return note }
        return try SignedNote(text: note.text + lines.joined())
    }

    /// Keeps the witness cosignatures of `note` that verify under `witnesses`, for the
    /// stored checkpoint with the same body; `checkpoint()` prints them from then on.
    /// - Returns: the names of the witnesses whose cosignature was kept.
    public func addCosignatures(_ note: SignedNote, witnesses: [CosignerKey]) throws -> [String] {
        let cp = try Checkpoint(body: note.body)
        let keys = try currentRules().keys
        guard let inForce = keys.logKey(atSize: cp.size) else { throw StoreError.notALog(location: store.location) }
        try note.verify(NoteVerifierKey(name: origin, publicKey: inForce))
        return try lock.withLock {
            try store.write { tx in
                guard let stored = try tx.checkpoints().first(where: { $0.size == cp.size }),
                    try SignedNote(text: stored.note).body == note.body
                else {
                    throw LogError.notTheLogsCheckpoint(size: cp.size)
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
        guard index >= 0, index < cp.size else { throw LogError.noSuchEntry(index: index, size: cp.size) }
        guard let stored = try store.read({ try $0.entry(at: index) }) else {
            throw StoreError.notALog(location: store.location)
        }
        let entry = try Entry(line: stored.line)
        let rules = try currentRules()
        let inForce = NoteVerifierKey(name: origin, publicKey: rules.keys.logKey(atSize: cp.size) ?? genesisKey)
        return EntryBundle(
            line: stored.line, proof: try inclusionProof(index: index, size: cp.size), checkpoint: note,
            logKey: inForce,
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
