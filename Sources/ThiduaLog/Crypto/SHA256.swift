import CLibCrypto

/// A 32-byte SHA-256 digest held inline (no heap allocation), so Merkle work on
/// millions of leaves stays cheap.
public struct Hash: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public static let zero = Hash(w0: 0, w1: 0, w2: 0, w3: 0)

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Reads exactly 32 bytes; returns nil for any other length.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 32 else { return nil }
        var h = Hash.zero
        withUnsafeMutableBytes(of: &h) { dst in
            for (i, b) in bytes.enumerated() { dst[i] = b }
        }
        self = h
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: self) { Array($0) } }
    public var hex: String { Hex.encode(bytes) }
    public var base64: String { Base64.encode(bytes) }
    public var description: String { hex }

    public static func < (a: Hash, b: Hash) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// SHA-256 through OpenSSL's EVP interface. The algorithm object is fetched once and
/// shared; every call uses its own context, so calls are safe from any thread.
public enum SHA256 {
    nonisolated(unsafe) private static let md: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("OpenSSL has no SHA256 implementation: \(OpenSSLError.last())")
        }
        return md
    }()

    /// SHA-256 of the concatenation of `parts`.
    public static func hash(_ parts: UnsafeRawBufferPointer...) -> Hash {
        hash(parts: parts)
    }

    public static func hash(parts: [UnsafeRawBufferPointer]) -> Hash {
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestInit_ex(ctx, md, nil) == 1 else { fatalError("EVP_DigestInit_ex failed") }
        for p in parts where p.count > 0 {
            guard EVP_DigestUpdate(ctx, p.baseAddress, p.count) == 1 else { fatalError("EVP_DigestUpdate failed") }
        }
        var out = Hash.zero
        var len: UInt32 = 0
        withUnsafeMutableBytes(of: &out) { buf in
            _ = EVP_DigestFinal_ex(ctx, buf.baseAddress!.assumingMemoryBound(to: UInt8.self), &len)
        }
        precondition(len == 32)
        return out
    }

    public static func hash(_ data: [UInt8]) -> Hash {
        data.withUnsafeBytes { hash(parts: [$0]) }
    }

    /// SHA-256 with a one-byte prefix, as RFC 9162 hashes leaves (0x00) and nodes (0x01).
    public static func hash(prefix: UInt8, _ data: UnsafeRawBufferPointer) -> Hash {
        withUnsafeBytes(of: prefix) { p in hash(parts: [p, data]) }
    }
}

/// Lowercase hexadecimal.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex (either case); nil on odd length or a non-hex character.
    public static func decode(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = value(u[i]), let lo = value(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The text of OpenSSL's error queue, for messages when a call fails.
public enum OpenSSLError {
    public static func last() -> String {
        var lines: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buf, buf.count)
            lines.append(String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return lines.isEmpty ? "no OpenSSL error recorded" : lines.joined(separator: "; ")
    }
}
