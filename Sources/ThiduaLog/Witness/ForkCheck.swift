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
    public static func check(_ a: SignedNote, _ b: SignedNote, key: NoteVerifierKey, proof: ConsistencyProof?) throws
        -> String?
    {
        try check(a, b, keys: [key], proof: proof)
    }

    /// Checks two checkpoints, each signed by one of `keys` (a log's keys before and after a
    /// `LogKeyRotated`), against each other.
    /// - Parameter proof: a consistency proof from the smaller size to the larger one
    ///   (needed when the sizes differ; without it the answer is "cannot tell").
    /// - Returns: a sentence saying why they are consistent, or nil when it cannot tell.
    /// - Throws: `ForkEvidence` when they cannot both be true; `CheckpointError` when one is
    ///   not validly signed by the log key.
    public static func check(_ a: SignedNote, _ b: SignedNote, keys: [NoteVerifierKey], proof: ConsistencyProof?) throws
        -> String?
    {
        try a.verify(anyOf: keys)
        try b.verify(anyOf: keys)
        let ca = try Checkpoint(body: a.body)
        let cb = try Checkpoint(body: b.body)
        guard ca.origin == cb.origin else { throw CheckpointError.originMismatch(got: cb.origin, want: ca.origin) }
        let (small, large, ns, nl) = ca.size <= cb.size ? (ca, cb, a, b) : (cb, ca, b, a)
        if small.size == large.size {
            guard small.root == large.root else {
                throw ForkEvidence(
                    first: ns, second: nl,
                    reason:
                        "two checkpoints of \(ca.origin) for the same size \(small.size) have different roots "
                        + "(\(small.root.base64) and \(large.root.base64))"
                )
            }
            return "both checkpoints are of size \(small.size) with the same root"
        }
        guard let proof else { return nil }
        guard proof.fromSize == small.size, proof.toSize == large.size else {
            throw ProofFormatError(
                "the consistency proof is from \(proof.fromSize) to \(proof.toSize); these checkpoints need "
                    + "\(small.size) to \(large.size)"
            )
        }
        do {
            try Merkle.verifyConsistency(
                fromSize: small.size, toSize: large.size, fromRoot: small.root, toRoot: large.root, path: proof.path)
        } catch {
            throw ForkEvidence(
                first: ns, second: nl,
                reason:
                    "the tree of size \(small.size) (root \(small.root.base64)) is not a prefix of the tree of size "
                    + "\(large.size) (root \(large.root.base64)): \(error)"
            )
        }
        return
            "the tree of size \(small.size) is a prefix of the tree of size \(large.size) (consistency proof verified)"
    }
}
