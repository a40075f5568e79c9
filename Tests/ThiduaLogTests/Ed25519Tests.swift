import Foundation
import TestSupport
import Testing

@testable import ThiduaLog

@Suite struct Ed25519Tests {
    struct Vector: Decodable, CustomTestStringConvertible {
        let name, secretKey, publicKey, message, signature: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = try! Fixtures.files("rfc8032").map {
        try JSONDecoder().decode(Vector.self, from: Data(contentsOf: $0))
    }

    @Test("RFC 8032 §7.1 test vectors", arguments: vectors)
    func rfc8032(_ v: Vector) throws {
        let key = try PrivateKey(seed: Hex.decode(v.secretKey)!)
        #expect(Hex.encode(key.publicKey.raw) == v.publicKey)
        let msg = Hex.decode(v.message)!
        let sig = key.sign(msg)
        #expect(Hex.encode(sig) == v.signature)
        #expect(key.publicKey.verify(signature: sig, message: msg))
        var bad = sig
        bad[10] ^= 0x01
        #expect(!key.publicKey.verify(signature: bad, message: msg))
        #expect(!key.publicKey.verify(signature: sig, message: msg + [0]))
    }

    /// OpenSSL's key object is made on first use: threads that all use a new key at once
    /// all get the same answers, round after round.
    @Test func aNewKeyUsedOnManyThreadsAtOnceVerifiesOnEach() throws {
        let v = Self.vectors.last { !$0.message.isEmpty }!
        let msg = Hex.decode(v.message)!
        let sig = Hex.decode(v.signature)!
        var bad = sig
        bad[0] ^= 0x80
        let wrongSignature = bad
        let lock = Lock()
        nonisolated(unsafe) var answers: [String] = []
        for round in 0..<50 {
            let key = try PublicKey(raw: Hex.decode(v.publicKey)!)
            DispatchQueue.concurrentPerform(iterations: 8) { t in
                let ok = key.verify(signature: sig, message: msg)
                let forged = key.verify(signature: wrongSignature, message: msg)
                if !ok || forged { lock.withLock { answers.append("round \(round), thread \(t): \(ok) \(forged)") } }
            }
            #expect(key.pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        }
        #expect(answers == [])
    }

    @Test func keyIDIsFirst16BytesOfSHA256OfRawKey() throws {
        let key = testKey("k")
        #expect(key.keyID.hex == Hex.encode(SHA256.hash(key.publicKey.raw).bytes.prefix(16)))
        #expect(key.keyID.hex.count == 32)
    }

    /// A keyid is kept as its 16 bytes: the text it reads is the text it writes, it sorts
    /// as its text sorts, and nothing but 32 lowercase hex digits is a keyid.
    @Test func aKeyIDReadsWritesAndSortsAsItsText() throws {
        var rng = SystemRandomNumberGenerator()
        let texts = (0..<300).map { i in
            // Random bytes, and the extremes of each word.
            let bytes: [UInt8] =
                i == 0
                ? Array(repeating: 0, count: 16)
                : i == 1
                    ? Array(repeating: 255, count: 16)
                    : (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return Hex.encode(bytes)
        }
        let ids = try texts.map { try #require(KeyID(hex: $0)) }
        #expect(ids.map(\.hex) == texts)
        #expect(ids.map(\.description) == texts)
        #expect(ids.sorted().map(\.hex) == texts.sorted())
        #expect(Set(ids + ids).count == Set(texts).count)
        // The bytes of a line read the same keyid as its text.
        for t in texts.prefix(20) {
            let fromBytes = Array(t.utf8).withUnsafeBufferPointer { KeyID(hexBytes: $0) }
            #expect(fromBytes == KeyID(hex: t))
        }
        let key = testKey("k")
        #expect(KeyID(hex: key.keyID.hex) == key.keyID)
        let text = texts[1]  // "ff…": its upper case differs
        let cut = String(text.dropLast())
        let bad: [String] = [
            "", text.uppercased(), cut, text + "0", "g" + cut, String(text.dropLast(2)) + "ä", " " + cut, cut + "/",
            cut + ":", cut + "`", cut + "G",
        ]
        for bad in bad {
            #expect(KeyID(hex: bad) == nil, "\(bad)")
        }
    }

    @Test func readsKeysMadeByOpenSSLAndOpenSSLReadsOurs() throws {
        let dir = TempDir()
        let theirs = dir.path("openssl.pem")
        try #require(run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", theirs]).status == 0)
        let key = try PrivateKey(pem: String(contentsOfFile: theirs, encoding: .utf8))
        // Their public key file equals our SPKI encoding.
        let pub = try run("openssl", ["pkey", "-in", theirs, "-pubout"])
        #expect(String(decoding: pub.out, as: UTF8.self) == key.publicKey.pem)
        #expect(try PublicKey(pem: String(decoding: pub.out, as: UTF8.self)).raw == key.publicKey.raw)

        // openssl verifies our signature, and we verify openssl's.
        let msg = Array("Phong trào thi đua năm 2025".utf8)
        try Data(msg).write(to: URL(fileURLWithPath: dir.path("m")))
        try Data(key.sign(msg)).write(to: URL(fileURLWithPath: dir.path("sig")))
        try Data(pub.out).write(to: URL(fileURLWithPath: dir.path("pub.pem")))
        let v = try run(
            "openssl",
            [
                "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", dir.path("pub.pem"), "-in", dir.path("m"),
                "-sigfile", dir.path("sig"),
            ])
        #expect(v.status == 0, "openssl did not verify our signature: \(v.err)")
        let s = try run("openssl", ["pkeyutl", "-sign", "-rawin", "-inkey", theirs, "-in", dir.path("m")])
        #expect(key.publicKey.verify(signature: s.out, message: msg))

        // openssl reads the private key we write.
        let ours = dir.path("ours.pem")
        let mine = testKey("ours")
        try mine.pem.write(toFile: ours, atomically: true, encoding: .utf8)
        let back = try run("openssl", ["pkey", "-in", ours, "-pubout"])
        #expect(back.status == 0)
        #expect(String(decoding: back.out, as: UTF8.self) == mine.publicKey.pem)
    }

    @Test func refusesOtherKeyTypesWithAClearMessage() throws {
        let dir = TempDir()
        try #require(
            run(
                "openssl",
                ["genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", dir.path("ec.pem")]
            ).status == 0)
        #expect(throws: KeyError.notEd25519(source: "ec.pem", found: "EC")) {
            try PrivateKey(pem: String(contentsOfFile: dir.path("ec.pem"), encoding: .utf8), source: "ec.pem")
        }
        #expect(throws: KeyError.notPEM(source: "x")) { try PrivateKey(pem: "hello", source: "x") }
        #expect(throws: KeyError.wrongRawLength(source: "public key", got: 31)) {
            try PublicKey(raw: [UInt8](repeating: 1, count: 31))
        }
    }
}
