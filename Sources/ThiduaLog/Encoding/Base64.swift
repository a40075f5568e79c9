/// Base64 as the integrity spec uses it: output is always standard and padded (RFC 4648 §4);
/// input may be standard or URL-safe (§5), padded or not, but not a mix of the two alphabets.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    public static func encode<Bytes: Collection>(_ data: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: encodeBytes(Array(data)), as: UTF8.self)
    }

    public static func encodeBytes(_ d: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((d.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= d.count {
            let n = UInt32(d[i]) << 16 | UInt32(d[i + 1]) << 8 | UInt32(d[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = d.count - i
        if rest == 1 {
            let n = UInt32(d[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(d[i]) << 16 | UInt32(d[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
        return out
    }

    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        case invalidCharacter(offset: Int)
        case mixedAlphabets
        case badLength(Int)
        case badPadding
        case nonZeroTrailingBits

        public var description: String {
            switch self {
            case .invalidCharacter(let o): return "character at offset \(o) is not base64"
            case .mixedAlphabets: return "mixes the standard (+/) and URL-safe (-_) base64 alphabets"
            case .badLength(let n): return "length \(n) is not a valid base64 length"
            case .badPadding: return "has misplaced '=' padding"
            case .nonZeroTrailingBits: return "has non-zero bits after the last byte (not canonical base64)"
            }
        }
    }

    /// Decodes standard or URL-safe base64, padded or not.
    public static func decode(_ text: String) throws(DecodingError) -> [UInt8] {
        try decode(bytes: Array(text.utf8))
    }

    public static func decode(bytes input: [UInt8]) throws(DecodingError) -> [UInt8] {
        if let bad = input.firstIndex(where: { table[Int($0)] < 0 && $0 != UInt8(ascii: "=") }) {
            throw .invalidCharacter(offset: bad)
        }
        var body = input[...]
        var pad = 0
        while body.last == UInt8(ascii: "=") {
            body = body.dropLast()
            pad += 1
        }
        if pad > 2 { throw .badPadding }
        if pad > 0 && input.count % 4 != 0 { throw .badPadding }
        if body.count % 4 == 1 { throw .badLength(input.count) }
        var std = false
        var url = false
        var out = [UInt8]()
        out.reserveCapacity(body.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in body {
            let v = table[Int(c)]
            if v < 0 { throw .badPadding }  // '=' inside the text
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "/") { std = true }
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "_") { url = true }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        if std && url { throw .mixedAlphabets }
        if pad > 0 && (body.count + pad) % 4 != 0 { throw .badPadding }
        if bits > 0 && acc & ((1 << UInt32(bits)) - 1) != 0 { throw .nonZeroTrailingBits }
        return out
    }
}
