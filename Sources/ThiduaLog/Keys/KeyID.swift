import CLibCrypto

/// The identifier of a public key in envelopes and logs: lowercase hex of the first
/// 16 bytes of SHA-256 of the raw 32-byte Ed25519 public key (integrity spec §1).
public struct KeyID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let hex: String

    /// Accepts exactly 32 lowercase hexadecimal characters.
    public init?(hex: String) {
        var text = hex
        guard text.withUTF8(KeyID.isKeyID) else { return nil }
        self.hex = hex
    }

    /// The same, from the bytes of a line (no String made for a refusal).
    init?(hexBytes u: UnsafeBufferPointer<UInt8>) {
        guard KeyID.isKeyID(u) else { return nil }
        hex = String(decoding: u, as: UTF8.self)
    }

    private static func isKeyID(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        u.count == 32 && u.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    public init(publicKey raw: [UInt8]) {
        self.hex = Hex.encode(SHA256.hash(raw).bytes.prefix(16))
    }

    /// The first 8 hex digits followed by an ellipsis, for messages.
    public var short: String { String(hex.prefix(8)) + "…" }
    public var description: String { hex }
    public static func < (a: KeyID, b: KeyID) -> Bool { a.hex < b.hex }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let k = KeyID(hex: s) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a keyid: \(s)"))
        }
        self = k
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
