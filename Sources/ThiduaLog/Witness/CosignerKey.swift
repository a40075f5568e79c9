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
        let hash = Hex.encode(NoteVerifierKey.bigEndian(keyHash))
        return "\(name)+\(hash)+\(Base64.encode([CosignerKey.cosignatureV1] + publicKey.raw))"
    }

    public init(text: String) throws(CheckpointError) {
        let parts = text.trimmingNewlines().split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty else {
            throw .badVerifierKey("a witness key is <name>+<8 hex>+<base64>, got \"\(text.prefix(80))\"")
        }
        guard let raw = try? Base64.decode(String(parts[2])), raw.count == 33, raw[0] == CosignerKey.cosignatureV1
        else {
            throw .badVerifierKey(
                "witness key \(parts[0]) is not a cosignature/v1 Ed25519 key (type byte 0x04 and 32 bytes)")
        }
        let pk: PublicKey
        do { pk = try PublicKey(raw: Array(raw[1...])) } catch {
            throw .badVerifierKey("witness key \(parts[0]): \(error)")
        }
        self.init(name: String(parts[0]), publicKey: pk)
        guard Hex.encode(NoteVerifierKey.bigEndian(keyHash)) == parts[1] else {
            throw .badVerifierKey(
                "witness key \(parts[0]): key ID \(parts[1]) is not the hash of its name and key (want "
                    + "\(Hex.encode(NoteVerifierKey.bigEndian(keyHash))))"
            )
        }
    }
}
