/// Checks one entry's signatures and payload against the rules of the log before it:
/// the same code for append and verify.
public enum EntryChecks {
    /// - Parameter rules: the rules after entries [0, index); nil for entry 0.
    /// - Returns: the signed event; for entry 0, the rules its genesis chose; and what the
    ///   rules read from the payload (`prepared`, or read here), for `record` to reuse.
    ///   - signaturesChecked: the Ed25519 signatures were already verified (by
    ///     `PreparedLine`, in parallel) under the keys their keyids name; the keys must
    ///     still be known to the log at this entry, which is checked here.
    ///   - payload: the envelope's payload, already read (nil: read it here).
    ///   - prepared: what `rules.prepare` read from that payload (or nil).
    public static func check(
        envelope: Envelope, index: Int, receivedAt: Timestamp, rules: (any AuthorityRules)?,
        catalog: RulesCatalog, signaturesChecked: Bool = false, payload read: Payload? = nil,
        prepared: (any PreparedPayload)? = nil
    ) throws(EntryFault) -> (SignedEvent, (any AuthorityRules)?, prepared: (any PreparedPayload)?) {
        func parse() throws(EntryFault) -> Payload {
            if let read { return read }
            do { return try Payload(bytes: envelope.payload) } catch {
                throw EntryFault(index: index, rule: .payload, error.description)
            }
        }
        // The signed message, built only when the signatures are checked here.
        let message = signaturesChecked ? [] : envelope.pae
        let signers = envelope.keyIDs
        if index == 0 {
            // The genesis names the keys that sign it, so it is read first.
            let payload = try parse()
            let g = try KeyRing.genesis(payload)
            var fresh = try catalog.rules(named: g.rules)
            let roots = Dictionary(uniqueKeysWithValues: g.roots.map { ($0.keyID, $0) })
            for s in envelope.signatures {
                guard let key = roots[s.keyID] else {
                    throw EntryFault(
                        index: 0, rule: .authority,
                        "key \(s.keyID.short) signed the genesis but is not one of its rootKeys")
                }
                if !signaturesChecked { try verify(s, key, message, index) }
            }
            // The genesis is authorised by its own root keys, checked above.
            let event = SignedEvent(index: index, receivedAt: receivedAt, payload: payload, signers: signers)
            fresh.record(event)
            return (event, fresh, nil)
        }
        guard let rules else {
            throw EntryFault(index: index, rule: .authority, "no genesis before this entry")
        }
        // Signatures first (DSSE: verify before parsing), with keys the log knew before.
        for s in envelope.signatures {
            guard let key = rules.key(s.keyID) else {
                throw EntryFault(
                    index: index, rule: .authority,
                    "key \(s.keyID.short) signed this entry but is not a key of this log (not in LogOpened or "
                        + "any KeyRegistered before it)",
                    vi: "khóa \(s.keyID.short) đã ký nhưng không phải khóa của sổ này (chưa được đăng ký bằng "
                        + "KeyRegistered); đề nghị Hội đồng đăng ký khóa trước"
                )
            }
            if !signaturesChecked { try verify(s, key, message, index) }
        }
        let payload = try parse()
        let event = SignedEvent(index: index, receivedAt: receivedAt, payload: payload, signers: signers)
        // Read once, for the admission here and the record that follows it.
        let ready = prepared ?? rules.prepare(payload)
        try rules.admit(event, prepared: ready)
        return (event, nil, ready)
    }

    static func verify(_ s: Envelope.Signature, _ key: PublicKey, _ message: [UInt8], _ index: Int) throws(EntryFault) {
        guard key.verify(signature: s.sig, message: message) else {
            throw EntryFault(
                index: index, rule: .signature,
                "signature by key \(s.keyID.short) does not verify over the payload: the payload or the signature "
                    + "was altered, or another key signed it",
                vi: "chữ ký của khóa \(s.keyID.short) không khớp với nội dung: nội dung hoặc chữ ký đã bị sửa, hoặc "
                    + "khóa khác đã ký"
            )
        }
    }
}

extension EntryChecks {
    /// Checks a payload that is not signed yet, as if `signers` were to sign it: every
    /// check of an append but the signatures themselves (a form checks before it signs).
    /// The signers must be keys the log knows.
    public static func check(
        unsigned bytes: [UInt8], signers: [PublicKey], index: Int, receivedAt: Timestamp,
        rules: any AuthorityRules
    ) throws(EntryFault) -> SignedEvent {
        guard index > 0 else {
            throw EntryFault(
                index: index, rule: .authority, "the genesis is written by `thidua init`, not checked here")
        }
        guard !signers.isEmpty else {
            throw EntryFault(
                index: index, rule: .signature, "give the public key of at least one signer",
                vi: "hãy đưa khóa công khai của ít nhất một người ký")
        }
        for k in signers {
            guard let known = rules.key(k.keyID), known == k else {
                throw EntryFault(
                    index: index, rule: .authority,
                    "key \(k.keyID.short) would sign this entry but is not a key of this log (not in LogOpened or "
                        + "any KeyRegistered before it)",
                    vi:
                        "khóa \(k.keyID.short) sẽ ký nhưng không phải khóa của sổ này (chưa được đăng ký bằng "
                        + "KeyRegistered)"
                )
            }
        }
        let payload: Payload
        do { payload = try Payload(bytes: bytes) } catch {
            throw EntryFault(index: index, rule: .payload, error.description)
        }
        let event = SignedEvent(
            index: index, receivedAt: receivedAt, payload: payload, signers: signers.map(\.keyID).sorted())
        try rules.admit(event)
        return event
    }

    /// Verifies every signature of `envelope` under the key its keyid names in `rules`.
    /// - Parameter verified: the signatures were verified already under the keys their
    ///   keyids name; only whether `rules` knows those keys is checked.
    public static func verifySignatures(
        _ envelope: Envelope, index: Int, rules: any AuthorityRules, verified: Bool = false
    ) throws(EntryFault) {
        let message = envelope.pae
        for s in envelope.signatures {
            guard let key = rules.key(s.keyID) else {
                throw EntryFault(
                    index: index, rule: .authority,
                    "key \(s.keyID.short) signed this entry but is not a key of this log (not in LogOpened or any "
                        + "KeyRegistered before it)"
                )
            }
            if !verified { try verify(s, key, message, index) }
        }
    }
}
