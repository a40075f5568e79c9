import Foundation
import TestSupport
import Testing

@testable import ThiduaLog

@Suite struct EnvelopeTests {
    let a = testKey("a"), b = testKey("b")

    @Test func paeIsDSSEv1() {
        let pae = Envelope.pae(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test func canonicalFormSortsSignaturesAndUsesStandardPaddedBase64() throws {
        let env = try Envelope.sign(payload: payload("TaskCompleted", id: "t1"), keys: [a, b])
        let json = String(decoding: env.canonicalJSON, as: UTF8.self)
        #expect(json.hasPrefix("{\"payload\":\""))
        #expect(
            json.contains("\",\"payloadType\":\"application/vnd.thidua.event.v1+json\",\"signatures\":[{\"keyid\":\""))
        #expect(!json.contains(" "))
        #expect(env.signatures.map(\.keyID) == [a.keyID, b.keyID].sorted())
        #expect(try Envelope(json: env.canonicalJSON) == env)
    }

    @Test func readsURLSafeUnpaddedAnyOrderAndWritesCanonical() throws {
        let env = try Envelope.sign(payload: Array("{\"v\":1,\"x\":\"???>>>\"}".utf8), keys: [a, b])
        func url(_ b: [UInt8]) -> String {
            String(Base64.encode(b).map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 }.filter { $0 != "=" })
        }
        let sigs = env.signatures.reversed().map { #"{"sig":"\#(url($0.sig))","keyid":"\#($0.keyID.hex)"}"# }.joined(
            separator: ",")
        let input =
            #"{ "signatures": [\#(sigs)], "payloadType": "\#(Envelope.payloadType)", "payload": "#
            + #""\#(url(env.payload))" }"#
        let read = try Envelope(json: Array(input.utf8))
        #expect(read == env)
        #expect(read.canonicalJSON == env.canonicalJSON)
    }

    @Test(arguments: [
        (
            #"{"payload":"e30=","payloadType":"application/vnd.thidua.event.v1+json","signatures":[]}"#,
            "envelope has no signatures; sign it with `thidua sign --key KEY.pem`"
        ),
        (
            #"{"payload":"e30=","payloadType":"text/plain","signatures":[]}"#,
            "envelope payloadType is \"text/plain\"; a thidua log takes \"application/vnd.thidua.event.v1+json\""
        ),
        (
            #"{"payload":"e30=","payloadType":"application/vnd.thidua.event.v1+json","signatures":[],"extra":1}"#,
            "envelope: unknown envelope field \"extra\"; a DSSE envelope has only payload, payloadType and signatures"
        ),
        (
            #"{"payload":"e30","payloadType":"application/vnd.thidua.event.v1+json","signatures":[{"keyid":"ABC","#
                + #""sig":"AA=="}]}"#,
            "envelope keyid \"ABC\" is not 32 lowercase hex characters (first 16 bytes of SHA-256 of the raw public "
                + "key)"
        ),
        (
            #"{"payload":"e3!","payloadType":"application/vnd.thidua.event.v1+json","signatures":[]}"#,
            "envelope payload character at offset 2 is not base64"
        ),
        (#"[]"#, "envelope: the envelope must be a JSON object, got an array"),
    ])
    func rejects(_ text: String, _ message: String) {
        do {
            _ = try Envelope(json: Array(text.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func rejectsTheSameKeyTwice() throws {
        let env = try Envelope.sign(payload: [0x7b, 0x7d], keys: [a])
        #expect(throws: EnvelopeError.duplicateKeyID(a.keyID)) {
            try Envelope(payload: env.payload, signatures: env.signatures + env.signatures)
        }
    }
}

@Suite struct PayloadTests {
    @Test(arguments: [
        (#"{"type":"A","id":"x","issuedAt":"2025-01-01T00:00:00Z"}"#, PayloadError.missing("v")),
        (#"{"v":2,"type":"A","id":"x","issuedAt":"2025-01-01T00:00:00Z"}"#, .wrongVersion("2")),
        (#"{"v":1,"type":"pledgeSigned","id":"x","issuedAt":"2025-01-01T00:00:00Z"}"#, .badType("pledgeSigned")),
        (#"{"v":1,"type":"A","id":"a b","issuedAt":"2025-01-01T00:00:00Z"}"#, .badID("a b")),
        (#"{"v":1,"type":"A","id":"","issuedAt":"2025-01-01T00:00:00Z"}"#, .badID("")),
        (#"{"v":1,"type":"A","id":"x","issuedAt":"2025-01-01"}"#, .badIssuedAt("2025-01-01")),
        (#"[1]"#, .notObject("an array")),
    ])
    func rejects(_ text: String, _ error: PayloadError) {
        #expect(throws: error) { try Payload(bytes: Array(text.utf8)) }
    }

    /// The header (and `log`) is found in one pass over the members: in any order, with
    /// escaped names, beside names that are almost the same; missing ones are named.
    @Test func theHeaderIsFoundInAnyOrderAndSpelling() throws {
        let text =
            #"{"logs":"x","ID":"y","unit":"u1","issuedAt":"2025-01-02T03:04:05Z","\u006cog":"demo.thidua.vn/2025","#
            + #""vv":2,"types":"B","id":"p-1","\u0074ype":"PledgeSigned","v":1}"#
        let p = try Payload(bytes: Array(text.utf8))
        #expect(p.type == "PledgeSigned")
        #expect(p.id == "p-1")
        #expect(p.issuedAt == Timestamp(rfc3339: "2025-01-02T03:04:05Z"))
        #expect(p.logNode.map { p.tape.string($0) } == "demo.thidua.vn/2025")
        #expect(try Payload(bytes: payload("A", id: "x")).logNode == nil)
        for (text, missing) in [
            (#"{"v":1,"types":"A","id":"x","issuedAt":"2025-01-01T00:00:00Z"}"#, "type"),
            (#"{"v":1,"type":"A","ids":"x","issuedAt":"2025-01-01T00:00:00Z"}"#, "id"),
            (#"{"v":1,"type":"A","id":"x","issuedAT":"2025-01-01T00:00:00Z"}"#, "issuedAt"),
            (#"{"V":1,"type":"A","id":"x","issuedAt":"2025-01-01T00:00:00Z"}"#, "v"),
        ] {
            #expect(throws: PayloadError.missing(missing)) { try Payload(bytes: Array(text.utf8)) }
        }
        // The time is read from its bytes once escapes are decoded; a time that is not one is
        // named as it reads, and one that is not a string is missing.
        func read(_ issuedAt: String) throws -> Payload {
            try Payload(bytes: Array(#"{"v":1,"type":"A","id":"x","issuedAt":"#.utf8) + Array(issuedAt.utf8) + [0x7D])
        }
        #expect(try read(#""2025-01-02T03:04:05\u005A""#).issuedAt == Timestamp(rfc3339: "2025-01-02T03:04:05Z"))
        #expect(throws: PayloadError.badIssuedAt("2025-01-02T03:04:05Y")) { try read(#""2025-01-02T03:04:05\u0059""#) }
        #expect(throws: PayloadError.missing("issuedAt")) { try read("20250102") }
    }

    @Test func sizeLimitIs64KiB() throws {
        let pad = String(repeating: "x", count: Payload.maxBytes)
        let big = Array(#"{"v":1,"type":"A","id":"x","issuedAt":"2025-01-01T00:00:00Z","pad":"\#(pad)"}"#.utf8)
        #expect(throws: PayloadError.tooLarge(big.count)) { try Payload(bytes: big) }
        let idOK = String(repeating: "a", count: 64)
        #expect(try Payload(bytes: payload("A", id: idOK)).id == idOK)
        #expect(throws: PayloadError.badID(idOK + "a")) { try Payload(bytes: payload("A", id: idOK + "a")) }
    }

    /// The log layer's events are known by their exact type, whatever its first letter.
    @Test func aKeyEventIsItsExactType() throws {
        for k in KeyEvent.allCases {
            #expect(try Payload(bytes: payload(k.rawValue, id: "x")).keyEvent == k)
        }
        for other in ["LogOpenedX", "KeyRegistere", "Log", "K", "IndicatorReported", "KeyRevokedd", "LogKeyrotated"] {
            #expect(try Payload(bytes: payload(other, id: "x")).keyEvent == nil, "\(other)")
        }
        #expect(KeyEvent(type: "") == nil && KeyEvent(type: "logOpened") == nil)
        #expect(KeyEvent.allCases.map(\.rawValue) == ["LogOpened", "KeyRegistered", "KeyRevoked", "LogKeyRotated"])
    }
}

@Suite struct CheckpointTests {
    @Test func signsAndVerifiesAsC2SPNote() throws {
        let key = testKey("log")
        let cp = Checkpoint(origin: "dienbien.gov.vn/thidua", size: 12, root: Merkle.leafHash([1]))
        let note = SignedNote.sign(body: cp.body, name: cp.origin, key: key)
        let text = note.text
        #expect(text.hasPrefix("dienbien.gov.vn/thidua\n12\n\(cp.root.base64)\n\n— dienbien.gov.vn/thidua "))
        let vkey = NoteVerifierKey(name: cp.origin, publicKey: key.publicKey)
        let parsed = try SignedNote(text: text)
        try parsed.verify(vkey)
        #expect(try Checkpoint(body: parsed.body) == cp)
        #expect(try NoteVerifierKey(text: vkey.description) == vkey)

        // Altered body or signature, or another key: refused.
        let altered = try SignedNote(text: text.replacingOccurrences(of: "\n12\n", with: "\n13\n"))
        #expect(throws: CheckpointError.badSignature(cp.origin)) { try altered.verify(vkey) }
        #expect(throws: CheckpointError.notSignedBy(cp.origin)) {
            try parsed.verify(NoteVerifierKey(name: cp.origin, publicKey: testKey("other").publicKey))
        }
    }

    @Test func verifierKeyStringChecksItsHash() throws {
        let text = try Fixtures.text(Fixtures.vectors.appendingPathComponent("log-key.txt"))
        let k = try NoteVerifierKey(text: text)
        #expect(k.description == text.trimmingCharacters(in: .whitespacesAndNewlines))
        let wrong = k.description.replacingOccurrences(of: "+19b75f99+", with: "+19b75f98+")
        #expect(throws: CheckpointError.self) { try NoteVerifierKey(text: wrong) }
    }

    @Test(arguments: [
        "o\n1\nAAAA\n", "o\nx\n\(Merkle.emptyRoot.base64)\n", "o\n1\n\(Merkle.emptyRoot.base64)",
        "o\n1\n\(Merkle.emptyRoot.base64)\next\n",
    ])
    func rejectsMalformedBodies(_ body: String) {
        #expect(throws: CheckpointError.self) { try Checkpoint(body: body) }
    }
}
