import Foundation

/// A C2SP tlog-checkpoint: the log's origin, tree size and root hash.
///
/// Its body is three lines, each ending in `\n`:
///
///     example.gov.vn/thidua/test
///     3
///     7r2aFZlcSi18+LLfQDm9wZYg0lY6xO8xpUY+fS3ay+k=
public struct Checkpoint: Equatable, Sendable {
    public let origin: String
    public let size: Int
    public let root: Hash

    public init(origin: String, size: Int, root: Hash) {
        self.origin = origin; self.size = size; self.root = root
    }

    public var body: String { "\(origin)\n\(size)\n\(root.base64)\n" }

    /// Reads a checkpoint body (the signed part of the note).
    public init(body: String) throws(CheckpointError) {
        guard body.hasSuffix("\n") else { throw .format("the checkpoint body must end with a newline") }
        let lines = body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .format("a checkpoint body has at least 3 lines (origin, size, root), got \(lines.count)") }
        guard lines.count == 3 else { throw .format("extension lines are not used in thidua checkpoints") }
        guard !lines[0].isEmpty else { throw .format("the origin line is empty") }
        guard let n = Int(lines[1]), n >= 0, String(n) == lines[1] else { throw .format("tree size \"\(lines[1])\" is not a decimal number") }
        guard let bytes = try? Base64.decode(lines[2]), let h = Hash(bytes: bytes), h.base64 == lines[2] else {
            throw .format("root \"\(lines[2])\" is not standard base64 of 32 bytes")
        }
        self.init(origin: lines[0], size: n, root: h)
    }
}

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
        "\(name)+\(Hex.encode(NoteVerifierKey.bigEndian(keyHash)))+\(Base64.encode([NoteVerifierKey.ed25519] + publicKey.raw))"
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

    public init(text: String) throws(CheckpointError) {
        let t = text.trimmingNewlines()
        // The name may not contain '+'; the base64 key may.
        let parts = t.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badVerifierKey("\"\(t.prefix(80))\" is not name+keyhash+key") }
        let name = String(parts[0]), hashText = String(parts[1]), keyText = String(parts[2])
        guard !name.isEmpty else { throw .badVerifierKey("key name is empty") }
        guard hashText.count == 8, let hb = Hex.decode(hashText) else { throw .badVerifierKey("key hash \"\(hashText)\" is not 8 hex digits") }
        guard let kb = try? Base64.decode(keyText), kb.count == 33, kb[0] == NoteVerifierKey.ed25519 else {
            throw .badVerifierKey("key is not base64 of 0x01 followed by a 32-byte Ed25519 key")
        }
        let pk: PublicKey
        do { pk = try PublicKey(raw: Array(kb[1...])) } catch { throw .badVerifierKey(error.description) }
        self.init(name: name, publicKey: pk)
        let given = NoteVerifierKey.readBigEndian(hb)
        guard given == keyHash else {
            throw .badVerifierKey("key hash \(hashText) does not match the name and key (want \(Hex.encode(NoteVerifierKey.bigEndian(keyHash))))")
        }
    }
}

/// A signed note (C2SP signed-note): a text body, an empty line, then signature lines
/// `— <name> <base64(4-byte key hash ‖ signature)>`.
public struct SignedNote: Equatable, Sendable {
    public struct Signature: Equatable, Sendable {
        public let name: String
        public let keyHash: UInt32
        /// The bytes after the key hash: 64 for Ed25519; 8 + 64 for a tlog cosignature.
        public let signature: [UInt8]
        public init(name: String, keyHash: UInt32, signature: [UInt8]) {
            self.name = name; self.keyHash = keyHash; self.signature = signature
        }
        public var line: String {
            "— \(name) \(Base64.encode(NoteVerifierKey.bigEndian(keyHash) + signature))\n"
        }
    }

    public let body: String
    public let signatures: [Signature]

    public init(body: String, signatures: [Signature]) {
        self.body = body; self.signatures = signatures
    }

    public var text: String { body + "\n" + signatures.map(\.line).joined() }

    /// Signs `body` with `key` under `name`.
    public static func sign(body: String, name: String, key: PrivateKey) -> SignedNote {
        let vk = NoteVerifierKey(name: name, publicKey: key.publicKey)
        let sig = key.sign(Array(body.utf8))
        return SignedNote(body: body, signatures: [Signature(name: name, keyHash: vk.keyHash, signature: sig)])
    }

    public func adding(_ s: Signature) -> SignedNote {
        SignedNote(body: body, signatures: signatures + [s])
    }

    public init(text: String) throws(CheckpointError) {
        guard text.utf8.count <= 1 << 20 else { throw .format("a note over 1 MiB is refused") }
        guard let split = text.range(of: "\n\n") else { throw .format("no empty line between the note body and its signatures") }
        let body = String(text[..<split.lowerBound]) + "\n"
        let rest = text[split.upperBound...]
        guard rest.hasSuffix("\n") else { throw .format("the last signature line must end with a newline") }
        var sigs: [Signature] = []
        for line in rest.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("— ") else { throw .format("signature line \"\(line.prefix(60))\" does not start with \"— \" (U+2014 and a space)") }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty else { throw .format("signature line must be \"— <name> <base64>\"") }
            guard let raw = try? Base64.decode(String(fields[1])), raw.count > 4 else {
                throw .format("signature of \(fields[0]) is not base64 of a key hash and a signature")
            }
            let kh = NoteVerifierKey.readBigEndian(raw)
            sigs.append(Signature(name: String(fields[0]), keyHash: kh, signature: Array(raw[4...])))
        }
        guard !sigs.isEmpty else { throw .format("the note has no signature lines") }
        self.init(body: body, signatures: sigs)
    }

    /// Verifies the signature by `key`; throws if it is absent or does not verify.
    /// Verifies under the first of `keys` that signed the note (a log's checkpoint keys
    /// before and after a rotation); throws the first key's error when none did.
    public func verify(anyOf keys: [NoteVerifierKey]) throws(CheckpointError) {
        var first: CheckpointError? = nil
        for k in keys {
            do {
                try verify(k)
                return
            } catch {
                if first == nil { first = error }
            }
        }
        throw first ?? CheckpointError.notSignedBy("no key given")
    }

    public func verify(_ key: NoteVerifierKey) throws(CheckpointError) {
        let mine = signatures.filter { $0.name == key.name && $0.keyHash == key.keyHash }
        guard !mine.isEmpty else { throw .notSignedBy(key.name) }
        for s in mine where s.signature.count == 64 && key.publicKey.verify(signature: s.signature, message: Array(body.utf8)) {
            return
        }
        throw .badSignature(key.name)
    }
}

public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case format(String)
    case badVerifierKey(String)
    case notSignedBy(String)
    case badSignature(String)
    case originMismatch(got: String, want: String)

    public var description: String {
        switch self {
        case .format(let s): return "checkpoint: \(s)"
        case .badVerifierKey(let s): return "verifier key: \(s); print the right one with `thidua log-key --db DB`"
        case .notSignedBy(let n): return "checkpoint has no signature by key \"\(n)\" (name and key hash must match the verifier key)"
        case .badSignature(let n): return "checkpoint signature by \"\(n)\" does not verify: the note was altered or signed by another key"
        case .originMismatch(let g, let w): return "checkpoint origin is \"\(g)\", want \"\(w)\""
        }
    }
}

extension String {
    func trimmingNewlines() -> String {
        var s = Substring(self)
        while let l = s.last, l == "\n" || l == "\r" || l == " " { s = s.dropLast() }
        while let f = s.first, f == "\n" || f == "\r" || f == " " { s = s.dropFirst() }
        return String(s)
    }
}
