/// Everything a third party needs to check one entry offline: the entry's line, its
/// inclusion proof, the signed (and possibly cosigned) checkpoint the proof leads to, the
/// log's verifier key, and the public keys of the entry's signers.
///
/// Checking it proves that the log, as the checkpoint commits to it, holds this exact line
/// at this index, and that the line's envelope was signed by those keys. Whether those keys
/// were authorised at that point needs the log before it (`thidua verify`).
public struct EntryBundle: Equatable, Sendable {
    public static let format = "thidua-entry-bundle/1"
    public let line: [UInt8]
    public let proof: InclusionProof
    public let checkpoint: SignedNote
    public let logKey: NoteVerifierKey
    public let signerKeys: [PublicKey]

    public init(
        line: [UInt8], proof: InclusionProof, checkpoint: SignedNote, logKey: NoteVerifierKey, signerKeys: [PublicKey]
    ) {
        self.line = line
        self.proof = proof
        self.checkpoint = checkpoint
        self.logKey = logKey
        self.signerKeys = signerKeys
    }

    public var json: JSON {
        [
            "format": EntryBundle.format.json, "line": String(decoding: line, as: UTF8.self).json,
            "inclusionProof": proof.json,
            "checkpoint": checkpoint.text.json, "logKey": logKey.description.json,
            "signerKeys": signerKeys.map(\.base64).json,
        ]
    }

    public init(json: JSON) throws(BundleError) {
        guard json["format"]?.stringValue == EntryBundle.format else {
            throw BundleError("not a \(EntryBundle.format) bundle (\"format\" is missing or other)")
        }
        guard let l = json["line"]?.stringValue, let cp = json["checkpoint"]?.stringValue,
            let lk = json["logKey"]?.stringValue, let p = json["inclusionProof"]
        else {
            throw BundleError("a bundle needs line, inclusionProof, checkpoint and logKey")
        }
        line = Array(l.utf8)
        do {
            proof = try InclusionProof(json: p)
            checkpoint = try SignedNote(text: cp)
            logKey = try NoteVerifierKey(text: lk)
            signerKeys = try (json["signerKeys"]?.arrayValue ?? []).map { k throws in
                guard let s = k.stringValue else { throw BundleError("signerKeys holds a non-string") }
                return try PublicKey(base64: s, source: "signerKeys")
            }
        } catch let e as BundleError { throw e } catch { throw BundleError("\(error)") }
    }

    /// Checks the bundle; returns the entry and the checkpoint it is proven against.
    /// - Parameters:
    ///   - pinned: the log key the checker trusts (nil: the bundle's own, which proves less).
    ///   - witnesses: witness keys, of which `quorum` must have cosigned the checkpoint.
    public func verify(pinned: NoteVerifierKey?, witnesses: [CosignerKey] = [], quorum: Int = 0) throws(BundleError)
        -> (Entry, Checkpoint)
    {
        if let pinned, pinned != logKey {
            throw BundleError("the bundle's log key \(logKey) is not the pinned key \(pinned)")
        }
        let cp: Checkpoint
        do {
            try checkpoint.verify(logKey)
            cp = try Checkpoint(body: checkpoint.body)
        } catch { throw BundleError("checkpoint: \(error)") }
        let cosigned = witnesses.filter { Cosignature.verify(checkpoint, $0) != nil }.count
        guard cosigned >= quorum else {
            throw BundleError(
                "the checkpoint carries \(cosigned) valid cosignatures of the \(witnesses.count) witnesses given; "
                    + "the quorum is \(quorum)"
            )
        }
        let entry: Entry
        do { entry = try Entry(line: line) } catch { throw BundleError("line: \(error)") }
        guard entry.index == proof.index else {
            throw BundleError("the line is entry \(entry.index) but the proof is for index \(proof.index)")
        }
        guard proof.treeSize == cp.size else {
            throw BundleError("the proof is for a tree of \(proof.treeSize) entries, the checkpoint is of \(cp.size)")
        }
        guard proof.leafHash == Entry.leafHash(line: line) else {
            throw BundleError("the proof's leaf hash is not SHA-256(0x00 ‖ line): the line was changed")
        }
        do { try proof.verify(root: cp.root) } catch { throw BundleError("inclusion proof: \(error)") }
        let keys = Dictionary(uniqueKeysWithValues: signerKeys.map { ($0.keyID, $0) })
        for s in entry.envelope.signatures {
            guard let k = keys[s.keyID] else {
                throw BundleError("no public key in the bundle for signer \(s.keyID.hex)")
            }
            guard k.verify(signature: s.sig, message: entry.envelope.pae) else {
                throw BundleError("the signature by \(s.keyID.hex) does not verify")
            }
        }
        return (entry, cp)
    }
}

public struct BundleError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
