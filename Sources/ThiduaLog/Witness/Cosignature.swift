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
        return SignedNote(
            body: note.body, signatures: kept + [.init(name: name, keyHash: ck.keyHash, signature: ts + sig)])
    }

    /// The time of `key`'s valid cosignature on `note`, or nil if it has none that verifies.
    public static func verify(_ note: SignedNote, _ key: CosignerKey) -> UInt64? {
        for s in note.signatures where s.name == key.name && s.keyHash == key.keyHash && s.signature.count == 72 {
            let ts = s.signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard ts < 1 << 63 else { continue }
            if key.publicKey.verify(
                signature: Array(s.signature.suffix(64)), message: message(body: note.body, timestamp: ts))
            {
                return ts
            }
        }
        return nil
    }
}
