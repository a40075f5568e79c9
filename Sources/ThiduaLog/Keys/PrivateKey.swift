import CLibCrypto

/// An Ed25519 private key. Signing is deterministic (RFC 8032), so the same key and
/// message always give the same signature.
public final class PrivateKey: Sendable {
    nonisolated(unsafe) private let pkey: OpaquePointer
    public let publicKey: PublicKey

    /// A key from its 32-byte seed (RFC 8032's "private key").
    public convenience init(seed: [UInt8]) throws(KeyError) {
        guard seed.count == 32 else { throw .wrongRawLength(source: "private key seed", got: seed.count) }
        guard
            let p = seed.withUnsafeBufferPointer({
                EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32)
            })
        else {
            throw .openssl(OpenSSLError.last())
        }
        try self.init(owning: p, source: "private key seed")
    }

    /// A fresh key from OpenSSL's random generator.
    public static func generate() throws(KeyError) -> PrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { throw .openssl(OpenSSLError.last()) }
        defer { EVP_PKEY_CTX_free(ctx) }
        var p: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_keygen(ctx, &p) == 1, let p else {
            throw .openssl(OpenSSLError.last())
        }
        return try PrivateKey(owning: p, source: "generated key")
    }

    /// Reads PEM PKCS#8 (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey -algorithm ed25519` writes it.
    public convenience init(pem: String, source: String = "private key") throws(KeyError) {
        let p = try PEM.read(pem, source: source, reader: { PEM_read_bio_PrivateKey($0, nil, nil, nil) })
        try self.init(owning: p, source: source)
    }

    private init(owning p: OpaquePointer, source: String) throws(KeyError) {
        guard EVP_PKEY_get_base_id(p) == EVP_PKEY_ED25519 else {
            let name = EVP_PKEY_get0_type_name(p).map { String(cString: $0) } ?? "non-Ed25519"
            EVP_PKEY_free(p)
            throw .notEd25519(source: source, found: name)
        }
        var raw = [UInt8](repeating: 0, count: 32)
        var len = 32
        guard EVP_PKEY_get_raw_public_key(p, &raw, &len) == 1, len == 32 else {
            EVP_PKEY_free(p)
            throw .openssl(OpenSSLError.last())
        }
        self.pkey = p
        self.publicKey = try PublicKey(raw: raw, source: source)
    }

    deinit { EVP_PKEY_free(pkey) }

    public var keyID: KeyID { publicKey.keyID }

    /// PEM PKCS#8 text, readable by `openssl pkey`.
    public var pem: String {
        PEM.write { PEM_write_bio_PrivateKey($0, pkey, nil, nil, 0, nil, nil) }
    }

    /// The 64-byte Ed25519 signature of `message`.
    public func sign(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        var sig = [UInt8](repeating: 0, count: 64)
        var len = 64
        guard EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1,
            EVP_DigestSign(ctx, &sig, &len, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count)
                == 1,
            len == 64
        else {
            fatalError("Ed25519 signing failed: \(OpenSSLError.last())")
        }
        return sig
    }

    public func sign(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { sign($0) }
    }
}
