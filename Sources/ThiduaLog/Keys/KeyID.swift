import CLibCrypto

/// The identifier of a public key in envelopes and logs: lowercase hex of the first
/// 16 bytes of SHA-256 of the raw 32-byte Ed25519 public key (integrity spec §1).
///
/// Held as the 16 bytes (two big-endian words), not as its text: the ordered checks look
/// keys up and compare them for every entry, and two words hash and compare without a
/// String's bytes, length and reference count. `hex` writes the text when it is asked for.
public struct KeyID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    private let high: UInt64
    private let low: UInt64

    /// Accepts exactly 32 lowercase hexadecimal characters.
    public init?(hex: String) {
        var text = hex
        guard let id = text.withUTF8(KeyID.parse) else { return nil }
        self = id
    }

    /// The same, from the bytes of a line (no String made).
    init?(hexBytes u: UnsafeBufferPointer<UInt8>) {
        guard let id = KeyID.parse(u) else { return nil }
        self = id
    }

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 lowercase hexadecimal digits as two words; nil for anything else.
    private static func parse(_ u: UnsafeBufferPointer<UInt8>) -> KeyID? {
        guard u.count == 32, let p = u.baseAddress, let high = word(p), let low = word(p + 16) else { return nil }
        return KeyID(high: high, low: low)
    }

    /// 16 lowercase hexadecimal digits as a word; nil for anything else, found by one test
    /// of a flag every digit adds to (every entry's keyid is read this way).
    @inline(__always)
    private static func word(_ p: UnsafePointer<UInt8>) -> UInt64? {
        var w: UInt64 = 0
        var bad: UInt8 = 0
        for k in 0..<16 {
            let digit = p[k] &- 48  // '0'...'9' → 0...9
            let letter = p[k] &- 97  // 'a'...'f' → 0...5
            bad |= digit > 9 && letter > 5 ? 1 : 0
            w = w << 4 | UInt64((digit <= 9 ? digit : letter &+ 10) & 0xF)
        }
        return bad == 0 ? w : nil
    }

    public init(publicKey raw: [UInt8]) {
        let b = SHA256.hash(raw).bytes
        self.init(
            high: b[0..<8].reduce(0) { $0 << 8 | UInt64($1) }, low: b[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// The 32 lowercase hexadecimal digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 32) { out in
            let digits: StaticString = "0123456789abcdef"
            for i in 0..<32 {
                let word = i < 16 ? high : low
                out[i] = digits.utf8Start[Int(word >> UInt64(60 - 4 * (i % 16)) & 0xF)]
            }
            return 32
        }
    }

    /// The first 8 hex digits followed by an ellipsis, for messages.
    public var short: String { String(hex.prefix(8)) + "…" }
    public var description: String { hex }
    public static func < (a: KeyID, b: KeyID) -> Bool { (a.high, a.low) < (b.high, b.low) }

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
