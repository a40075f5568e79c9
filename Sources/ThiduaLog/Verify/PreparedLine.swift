/// A log line read on the parallel stage of a verification (`Pipeline`): everything about
/// it that does not depend on the entries before it. The ordered checks (`Verifier.add`)
/// then only look up and fold.
///
/// Signatures are checked here under the key their keyid names. A keyid is the hash of
/// its key, so a signature that verifies under that key is valid whoever learned the key,
/// and keys are learned from the `LogOpened` and `KeyRegistered` lines: every line of the
/// batch and of the batches before it is read (and its keys learned) before any signature
/// of the batch is checked (`Pipeline`'s second step). Whether the log knew the key at this
/// entry (rule 5) is still checked in order. Anything that fails here (an unknown key, a
/// bad signature, an unreadable line or payload) is left to the ordered path, which reads
/// the line again and names the fault exactly.
///
/// The Merkle levels of each block of `Verifier.block` entries are hashed here too, by the
/// line that ends the block; the ordered path uses that root only for the very leaves it
/// accepted, and hashes them itself otherwise.
public struct PreparedLine: Sendable {
    public let line: [UInt8]
    public let leaf: Hash
    let entry: Entry?
    let payload: Payload?
    /// What the log's rules read from the payload ahead (`AuthorityRules.prepare`).
    let prepared: (any PreparedPayload)?
    private(set) var signaturesChecked = false
    /// For the last line of a block of `Verifier.block` entries (by the index it claims):
    /// the block's leaves and the root of their subtree, hashed here so that the ordered
    /// stage does not (it uses the root only if the leaves are the ones it accepted).
    var block: Block? = nil
    struct Block: Sendable {
        let leaves: [Hash]
        let root: Hash
    }

    /// Reads the line, learns the keys it registers and keeps its leaf hash for its block;
    /// `finish` follows.
    /// - Parameter rules: the rules the log's genesis chose, for `prepare` (nil: none).
    init(_ line: [UInt8], keys: KeyCache, leaves: LeafStore, rules: (any AuthorityRules)? = nil) {
        self.line = line
        leaf = Entry.leafHash(line: line)
        guard let e = try? Entry(line: line) else {
            (entry, payload, prepared) = (nil, nil, nil)
            return
        }
        entry = e
        leaves.put(e.index, leaf)
        let p = try? Payload(bytes: e.envelope.payload)
        payload = p
        prepared = p.flatMap { rules?.prepare($0) }
        if let p { keys.learn(from: p, prepared: prepared) }
    }

    /// Checks the signatures under the keys learned so far (false: some key is unknown or
    /// some signature does not verify; the ordered path then says which), and hashes the
    /// block this line ends.
    mutating func finish(keys: KeyCache, leaves: LeafStore) {
        guard let e = entry else { return }
        let n = Verifier.block
        if e.index % n == n - 1, let block = leaves.take(e.index - n + 1...e.index) {
            self.block = Block(leaves: block, root: MerkleFrontier.root(of: block))
        }
        let pae = e.envelope.pae
        signaturesChecked = e.envelope.signatures.allSatisfy { s in
            keys[s.keyID].map { $0.verify(signature: s.sig, message: pae) } ?? false
        }
    }
}

extension PreparedLine {
    /// The parallel stage for the lines of one log: one key cache for all of them, and the
    /// rules its first line (the genesis) chooses for `prepare` (none when that line is not
    /// a readable genesis; the ordered checks then say why).
    public static func pipeline(genesis line: [UInt8]?, catalog: RulesCatalog) -> Pipeline<[UInt8], PreparedLine> {
        let keys = KeyCache()
        let leaves = LeafStore()
        var rules: (any AuthorityRules)? = nil
        if let line, let e = try? Entry(line: line), let p = try? Payload(bytes: e.envelope.payload),
            let g = try? KeyRing.genesis(p)
        {
            rules = try? catalog.rules(named: g.rules)
        }
        let chosen = rules
        return Pipeline(
            work: { PreparedLine($0, keys: keys, leaves: leaves, rules: chosen) },
            then: { $0.finish(keys: keys, leaves: leaves) })
    }
}

/// The leaf hashes of the lines a verification's parallel stage has read, by the index
/// each line claims, until their block is hashed (shared by its threads).
final class LeafStore: @unchecked Sendable {
    private let lock = Lock()
    private var leaves: [Int: Hash] = [:]

    func put(_ index: Int, _ leaf: Hash) { lock.withLock { leaves[index] = leaf } }

    /// The leaves of `range`, removed, when every one is there (else nil, and all stay).
    func take(_ range: ClosedRange<Int>) -> [Hash]? {
        lock.withLock {
            var out: [Hash] = []
            out.reserveCapacity(range.count)
            for i in range {
                guard let l = leaves[i] else { return nil }
                out.append(l)
            }
            for i in range { leaves[i] = nil }
            return out
        }
    }
}

/// The keys a verification has seen, by keyid, shared by the threads of its parallel stage.
final class KeyCache: @unchecked Sendable {
    private let lock = Lock()
    private var keys: [KeyID: PublicKey] = [:]

    init() {}

    func learn(_ ks: [PublicKey]) {
        guard !ks.isEmpty else { return }
        lock.withLock { for k in ks { keys[k.keyID] = k } }
    }

    subscript(id: KeyID) -> PublicKey? { lock.withLock { keys[id] } }

    /// Learns the keys a `LogOpened` (its root keys) or `KeyRegistered` payload names (others
    /// name none).
    /// - Parameter prepared: what the rules read from the payload ahead: a `KeyRegistered`'s
    ///   key is taken from it (`KeyRing.prepare`, which reads it here when nothing was).
    func learn(from p: Payload, prepared: (any PreparedPayload)?) {
        guard p.keyEvent == .keyRegistered || p.keyEvent == .logOpened else { return }
        if p.keyEvent == .logOpened {
            // The genesis's root keys, as the rules read them (none from a genesis they refuse).
            learn((try? KeyRing.genesis(p))?.roots ?? [])
        } else if case .success(let k)? = (prepared as? KeyRing.PreparedKey ?? KeyRing.prepare(p))?.key {
            learn([k])
        }
    }
}
