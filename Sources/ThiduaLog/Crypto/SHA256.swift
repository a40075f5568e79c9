import CLibCrypto

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
