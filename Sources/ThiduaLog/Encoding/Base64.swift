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

    /// The standard alphabet as four tables of 256, one per place in a group of four
    /// characters: each character's six bits already shifted to their place in the group's
    /// 24 (`c << 18`, `<< 12`, `<< 6`, `<< 0`), and `invalid` for every other byte. A group
    /// is then four lookups ORed together, invalid when the top byte is not zero.
    private static let placedStandard: [UInt32] = {
        var t = [UInt32](repeating: invalid, count: 4 * 256)
        for (i, c) in alphabet.enumerated() {
            for place in 0..<4 { t[place * 256 + Int(c)] = UInt32(i) << UInt32(18 - 6 * place) }
        }
        return t
    }()
    private static let invalid: UInt32 = 0xFF00_0000

    /// `[UInt8](unsafeUninitializedCapacity:initializingWith:)` for the hot path: that
    /// initializer allocates through the standard library's unspecialized code, which looks
    /// up the array's type metadata at run time for every call (about 180 instructions
    /// more a call than this, measured with callgrind on 300-byte arrays). This one fills a
    /// temporary buffer (on the stack when small) and appends it to an array that reserved
    /// its capacity, both specialized.
    @inline(__always)
    private static func bytes(
        count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>, inout Int) -> Void
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { o in
            var written = 0
            fill(o, &written)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: o[..<written]))
        }
        return out
    }

    /// Decodes the four-character groups of `input[0..<end]` (`end` a multiple of 4) into
    /// `o` from its start; false at a character `t` does not map.
    @inline(__always)
    private static func groups(
        _ input: UnsafeBufferPointer<UInt8>, upTo end: Int, _ t: UnsafeBufferPointer<Int8>,
        _ o: UnsafeMutableBufferPointer<UInt8>
    ) -> Bool {
        var i = 0
        var j = 0
        while i < end {
            let a = t[Int(input[i])]
            let b = t[Int(input[i + 1])]
            let c = t[Int(input[i + 2])]
            let d = t[Int(input[i + 3])]
            if (a | b | c | d) < 0 { return false }
            let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
            o[j] = UInt8(truncatingIfNeeded: v >> 16)
            o[j + 1] = UInt8(truncatingIfNeeded: v >> 8)
            o[j + 2] = UInt8(truncatingIfNeeded: v)
            i += 4
            j += 3
        }
        return true
    }

    /// Decodes canonical base64 only, in one pass: the standard alphabet, padded to a
    /// multiple of 4, '=' only at the end, zero bits after the last byte; exactly the
    /// texts `encode` writes. Nil for anything else (a log line's reader then takes the
    /// general path, which says what is wrong).
    public static func decodeCanonical(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = input.count
        guard n % 4 == 0 else { return nil }
        guard n > 0 else { return [] }
        let pad = input[n - 1] == UInt8(ascii: "=") ? (input[n - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        return placedStandard.withUnsafeBufferPointer { t -> [UInt8]? in
            let t0 = t.baseAddress!
            let (t1, t2, t3) = (t0 + 256, t0 + 512, t0 + 768)
            var ok = true
            let out = bytes(count: n / 4 * 3 - pad) { o, written in
                // Every group but the last: four characters of the alphabet, three bytes.
                let last = n - 4
                var i = 0
                var j = 0
                var bad: UInt32 = 0
                while i < last {
                    let v = t0[Int(input[i])] | t1[Int(input[i + 1])] | t2[Int(input[i + 2])] | t3[Int(input[i + 3])]
                    bad |= v
                    o[j] = UInt8(truncatingIfNeeded: v >> 16)
                    o[j + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    o[j + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4
                    j += 3
                }
                // The last group: 4 - pad characters, then the padding; no bit lost.
                let c = pad == 2 ? 0 : t2[Int(input[last + 2])]
                let d = pad >= 1 ? 0 : t3[Int(input[last + 3])]
                let v = t0[Int(input[last])] | t1[Int(input[last + 1])] | c | d
                bad |= v
                if bad & invalid != 0 || (pad == 1 && v & 0xFF != 0) || (pad == 2 && v & 0xFFFF != 0) {
                    ok = false
                } else {
                    o[j] = UInt8(truncatingIfNeeded: v >> 16)
                    if pad < 2 { o[j + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                    if pad < 1 { o[j + 2] = UInt8(truncatingIfNeeded: v) }
                    j += 3 - pad
                }
                written = ok ? j : 0
            }
            return ok ? out : nil
        }
    }

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
        try input.withUnsafeBufferPointer { b throws(DecodingError) in try decode(buffer: b) }
    }

    /// Decodes from a buffer (a line's bytes, without copying them first).
    public static func decode(buffer input: UnsafeBufferPointer<UInt8>) throws(DecodingError) -> [UInt8] {
        try table.withUnsafeBufferPointer { t throws(DecodingError) in
            // One pass for the alphabet: every byte a base64 character or '=', and which alphabet.
            var std = false
            var url = false
            for k in 0..<input.count {
                let c = input[k]
                if t[Int(c)] < 0 {
                    if c != UInt8(ascii: "=") { throw .invalidCharacter(offset: k) }
                } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "/") {
                    std = true
                } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "_") {
                    url = true
                }
            }
            var body = input.count
            var pad = 0
            while body > 0 && input[body - 1] == UInt8(ascii: "=") {
                body -= 1
                pad += 1
            }
            if pad > 2 { throw .badPadding }
            if pad > 0 && input.count % 4 != 0 { throw .badPadding }
            if body % 4 == 1 { throw .badLength(input.count) }
            let outCount = body / 4 * 3 + (body % 4 == 0 ? 0 : body % 4 - 1)
            var failure: DecodingError? = nil
            let out = [UInt8](unsafeUninitializedCapacity: outCount) { o, written in
                var i = body - body % 4
                var j = i / 4 * 3
                guard groups(input, upTo: i, t, o) else {  // '=' inside the text
                    failure = .badPadding
                    written = 0
                    return
                }
                var acc: UInt32 = 0
                var bits = 0
                while i < body {
                    let v = t[Int(input[i])]
                    if v < 0 {
                        failure = .badPadding
                        written = 0
                        return
                    }
                    acc = acc << 6 | UInt32(v)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        o[j] = UInt8(truncatingIfNeeded: acc >> UInt32(bits))
                        j += 1
                    }
                    i += 1
                }
                if bits > 0 && acc & ((1 << UInt32(bits)) - 1) != 0 { failure = .nonZeroTrailingBits }
                written = j
            }
            if let failure, failure == .badPadding { throw failure }
            if std && url { throw .mixedAlphabets }
            if pad > 0 && (body + pad) % 4 != 0 { throw .badPadding }
            if let failure { throw failure }
            return out
        }
    }
}
