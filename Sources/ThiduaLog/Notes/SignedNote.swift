import Foundation

/// A signed note (C2SP signed-note): a text body, an empty line, then signature lines
/// `— <name> <base64(4-byte key hash ‖ signature)>`.
public struct SignedNote: Equatable, Sendable {
    public struct Signature: Equatable, Sendable {
        public let name: String
        public let keyHash: UInt32
        /// The bytes after the key hash: 64 for Ed25519; 8 + 64 for a tlog cosignature.
        public let signature: [UInt8]
        public init(name: String, keyHash: UInt32, signature: [UInt8]) {
            self.name = name
            self.keyHash = keyHash
            self.signature = signature
        }
        public var line: String {
            "— \(name) \(Base64.encode(NoteVerifierKey.bigEndian(keyHash) + signature))\n"
        }
    }

    public let body: String
    public let signatures: [Signature]

    public init(body: String, signatures: [Signature]) {
        self.body = body
        self.signatures = signatures
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
        guard let split = text.range(of: "\n\n") else {
            throw .format("no empty line between the note body and its signatures")
        }
        let body = String(text[..<split.lowerBound]) + "\n"
        let rest = text[split.upperBound...]
        guard rest.hasSuffix("\n") else { throw .format("the last signature line must end with a newline") }
        var sigs: [Signature] = []
        for line in rest.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("— ") else {
                throw .format("signature line \"\(line.prefix(60))\" does not start with \"— \" (U+2014 and a space)")
            }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty else {
                throw .format("signature line must be \"— <name> <base64>\"")
            }
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
        for s in mine
        where s.signature.count == 64 && key.publicKey.verify(signature: s.signature, message: Array(body.utf8)) {
            return
        }
        throw .badSignature(key.name)
    }
}
