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

    /// Whether PEM text holds an encrypted PKCS#8 key (`-----BEGIN ENCRYPTED PRIVATE KEY-----`).
    public static func isEncrypted(pem: String) -> Bool { pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") }

    /// Reads PEM PKCS#8 (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey -algorithm ed25519`
    /// writes it, or encrypted PKCS#8 (`-----BEGIN ENCRYPTED PRIVATE KEY-----`) with its
    /// passphrase. Never prompts: without a passphrase an encrypted key is refused.
    public convenience init(pem: String, passphrase: String? = nil, source: String = "private key") throws(KeyError) {
        let encrypted = PrivateKey.isEncrypted(pem: pem)
        if encrypted && passphrase == nil { throw .needsPassphrase(source: source) }
        // OpenSSL takes a non-null user pointer as the passphrase itself (no terminal prompt).
        let pass = Array((passphrase ?? "").utf8CString)
        let p: OpaquePointer
        do {
            p = try pass.withUnsafeBufferPointer { buf throws(KeyError) in
                try PEM.read(
                    pem, source: source,
                    reader: {
                        PEM_read_bio_PrivateKey($0, nil, nil, UnsafeMutableRawPointer(mutating: buf.baseAddress))
                    })
            }
        } catch {
            if encrypted, case .notPEM = error { throw .wrongPassphrase(source: source) }
            throw error
        }
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

    /// Encrypted PEM PKCS#8 (PBES2: PBKDF2-HMAC-SHA256, `iterations` rounds, a random 16-byte
    /// salt; AES-256-CBC), readable by `openssl pkey -in KEY.pem` with the passphrase and by
    /// the browser's WebCrypto.
    public func encryptedPEM(passphrase: String, iterations: Int32 = 600_000) throws(KeyError) -> String {
        guard let p8 = EVP_PKEY2PKCS8(pkey) else { throw .openssl(OpenSSLError.last()) }
        defer { PKCS8_PRIV_KEY_INFO_free(p8) }
        guard let alg = PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), iterations, nil, 16, nil, NID_hmacWithSHA256) else {
            throw .openssl(OpenSSLError.last())
        }
        let pass = Array(passphrase.utf8)
        let sig = pass.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(1, pass.count)) {
                PKCS8_set0_pbe($0, Int32(pass.count), p8, alg)
            }
        }
        guard let sig else {
            X509_ALGOR_free(alg)
            throw .openssl(OpenSSLError.last())
        }
        defer { X509_SIG_free(sig) }
        return PEM.write { PEM_write_bio_PKCS8($0, sig) }
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
