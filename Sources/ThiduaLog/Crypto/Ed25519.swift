import CLibCrypto

/// The identifier of a public key in envelopes and logs: lowercase hex of the first
/// 16 bytes of SHA-256 of the raw 32-byte Ed25519 public key (integrity spec §1).
public struct KeyID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let hex: String

    /// Accepts exactly 32 lowercase hexadecimal characters.
    public init?(hex: String) {
        guard hex.utf8.count == 32, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        self.hex = hex
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
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a keyid: \(s)"))
        }
        self = k
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}

/// What went wrong with a key, said so that the user can fix it.
public enum KeyError: Error, Equatable, CustomStringConvertible {
    case notPEM(source: String)
    case notEd25519(source: String, found: String)
    case wrongRawLength(source: String, got: Int)
    case notBase64(source: String, reason: String)
    case weak(source: String, reason: String)
    case openssl(String)

    public var description: String {
        switch self {
        case .notPEM(let s):
            return "\(s): not a PEM Ed25519 key; make one with `thidua keygen --out KEY.pem` or `openssl genpkey -algorithm ed25519 -out KEY.pem`"
        case .notEd25519(let s, let found):
            return "\(s): holds a \(found) key, but thidua signs with Ed25519 only; make one with `openssl genpkey -algorithm ed25519`"
        case .wrongRawLength(let s, let n):
            return "\(s): an Ed25519 public key is 32 raw bytes, got \(n)"
        case .notBase64(let s, let r):
            return "\(s): public key is not base64 (\(r))"
        case .weak(let s, let r):
            return "\(s): refused: \(r); a signature under such a key can be made without any private key. Make a real key with `thidua keygen` or `openssl genpkey -algorithm ed25519`"
        case .openssl(let m):
            return "OpenSSL: \(m)"
        }
    }
}

/// An Ed25519 public key (RFC 8032), ready to verify. Immutable and safe to share
/// between threads: every verification uses its own OpenSSL context.
public final class PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The raw 32-byte key.
    public let raw: [UInt8]
    public let keyID: KeyID
    nonisolated(unsafe) private let pkey: OpaquePointer

    public init(raw: [UInt8], source: String = "public key") throws(KeyError) {
        guard raw.count == 32 else { throw .wrongRawLength(source: source, got: raw.count) }
        if let why = PublicKey.weakness(raw) { throw .weak(source: source, reason: why) }
        guard let p = raw.withUnsafeBufferPointer({ EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) }) else {
            throw .openssl(OpenSSLError.last())
        }
        self.raw = raw
        self.pkey = p
        self.keyID = KeyID(publicKey: raw)
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

    private static let smallOrderY: Set<[UInt8]> = {
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

    deinit { EVP_PKEY_free(pkey) }

    public var base64: String { Base64.encode(raw) }

    /// PEM SPKI text, as `openssl pkey -pubout` writes it.
    public var pem: String {
        PEM.write { PEM_write_bio_PUBKEY($0, pkey) }
    }

    /// True when `signature` is a valid pure-Ed25519 signature of `message` by this key.
    public func verify(signature: [UInt8], message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == 64 else { return false }
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else { return false }
        let ok = signature.withUnsafeBufferPointer { s in
            EVP_DigestVerify(ctx, s.baseAddress, 64, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count)
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

/// An Ed25519 private key. Signing is deterministic (RFC 8032), so the same key and
/// message always give the same signature.
public final class PrivateKey: Sendable {
    nonisolated(unsafe) private let pkey: OpaquePointer
    public let publicKey: PublicKey

    /// A key from its 32-byte seed (RFC 8032's "private key").
    public convenience init(seed: [UInt8]) throws(KeyError) {
        guard seed.count == 32 else { throw .wrongRawLength(source: "private key seed", got: seed.count) }
        guard let p = seed.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) }) else {
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
              EVP_DigestSign(ctx, &sig, &len, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1,
              len == 64 else {
            fatalError("Ed25519 signing failed: \(OpenSSLError.last())")
        }
        return sig
    }

    public func sign(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { sign($0) }
    }
}

enum PEM {
    static func read(_ text: String, source: String, reader: (OpaquePointer) -> OpaquePointer?) throws(KeyError) -> OpaquePointer {
        var bytes = Array(text.utf8)
        guard let bio = BIO_new_mem_buf(&bytes, Int32(bytes.count)) else { throw .openssl(OpenSSLError.last()) }
        defer { BIO_free(bio) }
        guard let p = reader(bio) else {
            ERR_clear_error()
            throw .notPEM(source: source)
        }
        return p
    }

    static func write(_ writer: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { fatalError("BIO_new failed") }
        defer { BIO_free(bio) }
        guard writer(bio) == 1 else { fatalError("PEM write failed: \(OpenSSLError.last())") }
        var ptr: UnsafeMutablePointer<CChar>? = nil
        let n = thidua_bio_mem_data(bio, &ptr)
        guard let ptr, n > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
    }
}
