import CLibCrypto

/// An Ed25519 public key (RFC 8032), ready to verify. Immutable and safe to share
/// between threads: every verification uses its thread's OpenSSL context.
///
/// OpenSSL's key object, and a verification context set up for it, are made on the first
/// verification (or PEM), not with the key: making them costs about as much as reading
/// twenty log lines, and the ordered checks of an audit or an open meet every registered
/// key without verifying under it (the parallel stage verifies, under the keys it learned
/// itself). A verification copies that context into its thread's instead of setting one
/// up: setting up fetches the algorithm from OpenSSL's providers under a lock, 2.3 µs of
/// the 64.8 µs a verification of a 300-byte message took here (OpenSSL 3.0.19).
public final class PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The raw 32-byte key.
    public let raw: [UInt8]
    public let keyID: KeyID
    private let made = Lock()
    nonisolated(unsafe) private var madeKey: OpaquePointer? = nil
    nonisolated(unsafe) private var madeVerifier: OpaquePointer? = nil
    private static let contexts = ThreadContext()

    public init(raw: [UInt8], source: String = "public key") throws(KeyError) {
        guard raw.count == 32 else { throw .wrongRawLength(source: source, got: raw.count) }
        if let why = PublicKey.weakness(raw) { throw .weak(source: source, reason: why) }
        self.raw = raw
        self.keyID = KeyID(publicKey: raw)
    }

    /// OpenSSL's key object, made once (nil only when OpenSSL cannot allocate it; any 32
    /// bytes make an Ed25519 public key object, the point is decoded when verifying).
    private var pkey: OpaquePointer? { made.withLock { makeKey() } }

    /// A digest context set up to verify under this key, made once (nil when OpenSSL cannot
    /// make it); verifications copy it and leave it as it is.
    private var verifier: OpaquePointer? {
        made.withLock {
            if madeVerifier == nil, let key = makeKey(), let ctx = EVP_MD_CTX_new() {
                if EVP_DigestVerifyInit(ctx, nil, nil, nil, key) == 1 {
                    madeVerifier = ctx
                } else {
                    EVP_MD_CTX_free(ctx)
                }
            }
            return madeVerifier
        }
    }

    /// Under `made`.
    private func makeKey() -> OpaquePointer? {
        if madeKey == nil {
            madeKey = raw.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32)
            }
        }
        return madeKey
    }

    /// Why a raw key must not be used, or nil.
    ///
    /// RFC 8032 §5.1.3 decodes a key as the y-coordinate (255 bits, little-endian) and the
    /// sign of x (the top bit). Refused: a y that is not below p = 2^255 − 19 (a
    /// non-canonical encoding) and the eight points of small order (the identity, order 2,
    /// order 4 and order 8), whose y-coordinates are 1, p − 1, 0 and the two below (with
    /// either sign bit). Under such a key, signatures verify that no private key made.
    /// The list is the one libsodium refuses (`ge25519_has_small_order`); the tests check
    /// it against PyNaCl's `crypto_core_ed25519_is_valid_point`.
    public static func weakness(_ raw: [UInt8]) -> String? {
        guard raw.count == 32 else { return "not 32 bytes" }
        var y = raw
        y[31] &= 0x7F
        // y >= p: p = 2^255 − 19 is ed ff … ff 7f, little-endian.
        if y[31] == 0x7F && y[1..<31].allSatisfy({ $0 == 0xFF }) && y[0] >= 0xED {
            return "its y-coordinate is not reduced modulo 2^255 − 19 (a non-canonical encoding)"
        }
        if PublicKey.smallOrderY.contains(y) {
            return "it is a point of small order (identity, order 2, 4 or 8)"
        }
        return nil
    }

    /// Five values, compared in turn (hashing 32 bytes cost more than comparing them).
    private static let smallOrderY: [[UInt8]] = {
        let zero = [UInt8](repeating: 0, count: 32)
        var one = zero
        one[0] = 1
        var pMinus1 = [UInt8](repeating: 0xFF, count: 32)
        pMinus1[0] = 0xEC
        pMinus1[31] = 0x7F
        let order8a = Hex.decode("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")!
        let order8b = Hex.decode("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")!
        return [zero, one, pMinus1, order8a, order8b]
    }()

    /// A key given as standard base64 of the raw 32 bytes, as log payloads carry it.
    public convenience init(base64: String, source: String = "public key") throws(KeyError) {
        let bytes: [UInt8]
        do { bytes = try Base64.decode(base64) } catch { throw .notBase64(source: source, reason: error.description) }
        try self.init(raw: bytes, source: source)
    }

    /// Reads a PEM SPKI public key (`openssl pkey -pubout`), or the public half of a
    /// PEM PKCS#8 private key.
    public convenience init(pem: String, source: String = "key") throws(KeyError) {
        if pem.contains("PRIVATE KEY") {
            try self.init(raw: PrivateKey(pem: pem, source: source).publicKey.raw, source: source)
            return
        }
        let pkey = try PEM.read(pem, source: source, reader: { PEM_read_bio_PUBKEY($0, nil, nil, nil) })
        defer { EVP_PKEY_free(pkey) }
        var raw = [UInt8](repeating: 0, count: 32)
        var len = 32
        guard EVP_PKEY_get_raw_public_key(pkey, &raw, &len) == 1, len == 32 else {
            throw .openssl(OpenSSLError.last())
        }
        try self.init(raw: raw, source: source)
    }

    deinit {
        EVP_MD_CTX_free(madeVerifier)
        EVP_PKEY_free(madeKey)
    }

    public var base64: String { Base64.encode(raw) }

    /// PEM SPKI text, as `openssl pkey -pubout` writes it.
    public var pem: String {
        guard let pkey else { fatalError("OpenSSL could not make a key object: \(OpenSSLError.last())") }
        return PEM.write { PEM_write_bio_PUBKEY($0, pkey) }
    }

    /// True when `signature` is a valid pure-Ed25519 signature of `message` by this key.
    public func verify(signature: [UInt8], message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == 64, let verifier else { return false }
        let ctx = PublicKey.contexts.context
        guard EVP_MD_CTX_copy_ex(ctx, verifier) == 1 else {
            ERR_clear_error()
            return false
        }
        let ok = signature.withUnsafeBufferPointer { s in
            EVP_DigestVerify(
                ctx, s.baseAddress, 64, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count)
        }
        if ok != 1 { ERR_clear_error() }
        return ok == 1
    }

    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        message.withUnsafeBytes { verify(signature: signature, message: $0) }
    }

    public var description: String { "Ed25519 \(keyID)" }
    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.raw == b.raw }
    public func hash(into h: inout Hasher) { h.combine(raw) }
}
