/// A witness's Ed25519 cosigner key (C2SP tlog-cosignature, cosignature/v1).
///
/// Key ID = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ raw public key)[:4]; written as a verifier key
/// `<name>+<8 hex key ID>+<base64(0x04 ‖ raw public key)>`.
public struct CosignerKey: Equatable, Sendable, CustomStringConvertible {
    public static let cosignatureV1: UInt8 = 0x04
    public let name: String
    public let keyHash: UInt32
    public let publicKey: PublicKey

    public init(name: String, publicKey: PublicKey) {
        self.name = name
        self.publicKey = publicKey
        keyHash = NoteVerifierKey.keyHash(name: name, algorithm: CosignerKey.cosignatureV1, key: publicKey.raw)
    }

    public var description: String {
        "\(name)+\(Hex.encode(NoteVerifierKey.bigEndian(keyHash)))+\(Base64.encode([CosignerKey.cosignatureV1] + publicKey.raw))"
    }

    public init(text: String) throws(CheckpointError) {
        let parts = text.trimmingNewlines().split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty else { throw .badVerifierKey("a witness key is <name>+<8 hex>+<base64>, got \"\(text.prefix(80))\"") }
        guard let raw = try? Base64.decode(String(parts[2])), raw.count == 33, raw[0] == CosignerKey.cosignatureV1 else {
            throw .badVerifierKey("witness key \(parts[0]) is not a cosignature/v1 Ed25519 key (type byte 0x04 and 32 bytes)")
        }
        let pk: PublicKey
        do { pk = try PublicKey(raw: Array(raw[1...])) } catch { throw .badVerifierKey("witness key \(parts[0]): \(error)") }
        self.init(name: String(parts[0]), publicKey: pk)
        guard Hex.encode(NoteVerifierKey.bigEndian(keyHash)) == parts[1] else {
            throw .badVerifierKey("witness key \(parts[0]): key ID \(parts[1]) is not the hash of its name and key (want \(Hex.encode(NoteVerifierKey.bigEndian(keyHash))))")
        }
    }
}

/// Cosignatures (C2SP tlog-cosignature v1, Ed25519): a witness's statement that, at a
/// time, the checkpoint is the largest consistent tree it has seen for the origin.
public enum Cosignature {
    /// The signed message: `cosignature/v1\ntime <t>\n` then the checkpoint body.
    public static func message(body: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(body)".utf8)
    }

    /// Cosigns `note`'s body at `timestamp` (POSIX seconds) and returns the note with the
    /// cosignature line added (replacing an older one by the same key).
    public static func cosign(_ note: SignedNote, name: String, key: PrivateKey, timestamp: UInt64) -> SignedNote {
        let ck = CosignerKey(name: name, publicKey: key.publicKey)
        var ts: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) { ts.append(UInt8(timestamp >> UInt64(shift) & 0xff)) }
        let sig = key.sign(message(body: note.body, timestamp: timestamp))
        let kept = note.signatures.filter { !($0.name == name && $0.keyHash == ck.keyHash) }
        return SignedNote(body: note.body, signatures: kept + [.init(name: name, keyHash: ck.keyHash, signature: ts + sig)])
    }

    /// The time of `key`'s valid cosignature on `note`, or nil if it has none that verifies.
    public static func verify(_ note: SignedNote, _ key: CosignerKey) -> UInt64? {
        for s in note.signatures where s.name == key.name && s.keyHash == key.keyHash && s.signature.count == 72 {
            let ts = s.signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard ts < 1 << 63 else { continue }
            if key.publicKey.verify(signature: Array(s.signature.suffix(64)), message: message(body: note.body, timestamp: ts)) { return ts }
        }
        return nil
    }
}

/// Two checkpoints of one origin, both signed by the log key, that cannot be the same
/// log: the evidence of a fork (a split view).
public struct ForkEvidence: Error, Equatable, CustomStringConvertible {
    public let first: SignedNote
    public let second: SignedNote
    public let reason: String
    public var description: String {
        "FORK: \(reason)\n\nEvidence, checkpoint 1:\n\(first.text)\nEvidence, checkpoint 2:\n\(second.text)"
    }
}

public enum ForkCheck {
    /// Checks two checkpoints signed by `key` against each other.
    public static func check(_ a: SignedNote, _ b: SignedNote, key: NoteVerifierKey, proof: ConsistencyProof?) throws -> String? {
        try check(a, b, keys: [key], proof: proof)
    }

    /// Checks two checkpoints, each signed by one of `keys` (a log's keys before and after a
    /// `LogKeyRotated`), against each other.
    /// - Parameter proof: a consistency proof from the smaller size to the larger one
    ///   (needed when the sizes differ; without it the answer is "cannot tell").
    /// - Returns: a sentence saying why they are consistent, or nil when it cannot tell.
    /// - Throws: `ForkEvidence` when they cannot both be true; `CheckpointError` when one is
    ///   not validly signed by the log key.
    public static func check(_ a: SignedNote, _ b: SignedNote, keys: [NoteVerifierKey], proof: ConsistencyProof?) throws -> String? {
        try a.verify(anyOf: keys)
        try b.verify(anyOf: keys)
        let ca = try Checkpoint(body: a.body), cb = try Checkpoint(body: b.body)
        guard ca.origin == cb.origin else { throw CheckpointError.originMismatch(got: cb.origin, want: ca.origin) }
        let (small, large, ns, nl) = ca.size <= cb.size ? (ca, cb, a, b) : (cb, ca, b, a)
        if small.size == large.size {
            guard small.root == large.root else {
                throw ForkEvidence(first: ns, second: nl, reason: "two checkpoints of \(ca.origin) for the same size \(small.size) have different roots (\(small.root.base64) and \(large.root.base64))")
            }
            return "both checkpoints are of size \(small.size) with the same root"
        }
        guard let proof else { return nil }
        guard proof.fromSize == small.size, proof.toSize == large.size else {
            throw ProofFormatError("the consistency proof is from \(proof.fromSize) to \(proof.toSize); these checkpoints need \(small.size) to \(large.size)")
        }
        do {
            try Merkle.verifyConsistency(fromSize: small.size, toSize: large.size, fromRoot: small.root, toRoot: large.root, path: proof.path)
        } catch {
            throw ForkEvidence(first: ns, second: nl, reason: "the tree of size \(small.size) (root \(small.root.base64)) is not a prefix of the tree of size \(large.size) (root \(large.root.base64)): \(error)")
        }
        return "the tree of size \(small.size) is a prefix of the tree of size \(large.size) (consistency proof verified)"
    }
}
