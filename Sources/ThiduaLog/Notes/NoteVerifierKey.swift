import Foundation

/// A note verifier key: `<name>+<8 hex key hash>+<base64(0x01 ‖ raw public key)>` (C2SP signed-note).
public struct NoteVerifierKey: Equatable, Sendable, CustomStringConvertible {
    public static let ed25519: UInt8 = 0x01

    public let name: String
    public let keyHash: UInt32
    public let publicKey: PublicKey

    public init(name: String, publicKey: PublicKey) {
        self.name = name
        self.publicKey = publicKey
        self.keyHash = NoteVerifierKey.keyHash(name: name, algorithm: NoteVerifierKey.ed25519, key: publicKey.raw)
    }

    /// First 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ algorithm ‖ key).
    public static func keyHash(name: String, algorithm: UInt8, key: [UInt8]) -> UInt32 {
        var data = Array(name.utf8)
        data.append(0x0A)
        data.append(algorithm)
        data.append(contentsOf: key)
        let h = SHA256.hash(data).bytes
        return readBigEndian(h)
    }

    static func readBigEndian(_ b: [UInt8]) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 8 | UInt32(b[k]) }
        return v
    }

    public var description: String {
        let hash = Hex.encode(NoteVerifierKey.bigEndian(keyHash))
        return "\(name)+\(hash)+\(Base64.encode([NoteVerifierKey.ed25519] + publicKey.raw))"
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }

    public init(text: String) throws(CheckpointError) {
        let t = text.trimmingNewlines()
        // The name may not contain '+'; the base64 key may.
        let parts = t.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badVerifierKey("\"\(t.prefix(80))\" is not name+keyhash+key") }
        let name = String(parts[0])
        let hashText = String(parts[1])
        let keyText = String(parts[2])
        guard !name.isEmpty else { throw .badVerifierKey("key name is empty") }
        guard hashText.count == 8, let hb = Hex.decode(hashText) else {
            throw .badVerifierKey("key hash \"\(hashText)\" is not 8 hex digits")
        }
        guard let kb = try? Base64.decode(keyText), kb.count == 33, kb[0] == NoteVerifierKey.ed25519 else {
            throw .badVerifierKey("key is not base64 of 0x01 followed by a 32-byte Ed25519 key")
        }
        let pk: PublicKey
        do { pk = try PublicKey(raw: Array(kb[1...])) } catch { throw .badVerifierKey(error.description) }
        self.init(name: name, publicKey: pk)
        let given = NoteVerifierKey.readBigEndian(hb)
        guard given == keyHash else {
            throw .badVerifierKey(
                "key hash \(hashText) does not match the name and key (want "
                    + "\(Hex.encode(NoteVerifierKey.bigEndian(keyHash))))"
            )
        }
    }
}
