/// A DSSE v1 envelope (secure-systems-lab/dsse): payload bytes, their type, and one or
/// more Ed25519 signatures over PAE(payloadType, payload).
///
/// Values of this type are always canonical (integrity spec §3): signatures sorted by
/// keyid, no keyid twice, at least one signature.
public struct Envelope: Equatable, Sendable {
    /// The only payload type a thidua log accepts.
    public static let payloadType = "application/vnd.thidua.event.v1+json"

    public struct Signature: Equatable, Sendable {
        public let keyID: KeyID
        public let sig: [UInt8]
        public init(keyID: KeyID, sig: [UInt8]) {
            self.keyID = keyID
            self.sig = sig
        }
    }

    public let payload: [UInt8]
    public let payloadType: String
    public let signatures: [Signature]

    /// - Throws: `EnvelopeError` if there is no signature or a keyid appears twice.
    public init(payload: [UInt8], payloadType: String = Envelope.payloadType, signatures: [Signature])
        throws(EnvelopeError)
    {
        guard !signatures.isEmpty else { throw .noSignatures }
        let sorted = signatures.sorted { $0.keyID < $1.keyID }
        for k in 1..<max(sorted.count, 1) where sorted[k].keyID == sorted[k - 1].keyID {
            throw .duplicateKeyID(sorted[k].keyID)
        }
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = sorted
    }

    /// An envelope of the thidua payload type whose signatures the caller has read in
    /// canonical order: at least one, keyids strictly increasing (the line scanner checks
    /// both). Kept as they are: sorting a copy cost 1.5 % of a replay's instructions.
    init(payload: [UInt8], orderedSignatures signatures: [Signature]) {
        assert(!signatures.isEmpty && zip(signatures, signatures.dropFirst()).allSatisfy { $0.keyID < $1.keyID })
        self.payload = payload
        self.payloadType = Envelope.payloadType
        self.signatures = signatures
    }

    /// Signs `payload` with every key. Deterministic: Ed25519 signatures do not use randomness.
    public static func sign(payload: [UInt8], keys: [PrivateKey], payloadType: String = Envelope.payloadType)
        throws(EnvelopeError) -> Envelope
    {
        let message = pae(payloadType: payloadType, payload: payload)
        return try Envelope(
            payload: payload, payloadType: payloadType,
            signatures: keys.map { Signature(keyID: $0.keyID, sig: $0.sign(message)) })
    }

    /// The same payload with the signatures of `keys` added (a countersignature made on
    /// another machine: the payload is untouched).
    /// - Throws: `EnvelopeError.duplicateKeyID` if one of the keys has signed already.
    public func adding(_ keys: [PrivateKey]) throws(EnvelopeError) -> Envelope {
        try Envelope(
            payload: payload, payloadType: payloadType,
            signatures: signatures + keys.map { Signature(keyID: $0.keyID, sig: $0.sign(pae)) })
    }

    /// DSSE's pre-authentication encoding:
    /// `"DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload`.
    public static func pae(payloadType: String, payload: [UInt8]) -> [UInt8] {
        var out = Array("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8)
        out.append(contentsOf: payload)
        return out
    }

    public var pae: [UInt8] { Envelope.pae(payloadType: payloadType, payload: payload) }

    public var keyIDs: [KeyID] { signatures.map(\.keyID) }

    /// The stored form: `{"payload":…,"payloadType":…,"signatures":[{"keyid":…,"sig":…}]}`,
    /// standard padded base64, no white space.
    public var canonicalJSON: [UInt8] {
        var w = JSONWriter()
        write(to: &w)
        return w.bytes
    }

    func write(to w: inout JSONWriter) {
        w.raw("{\"payload\":\"")
        w.raw(Base64.encodeBytes(payload))
        w.raw("\",\"payloadType\":")
        w.string(payloadType)
        w.raw(",\"signatures\":[")
        for (k, s) in signatures.enumerated() {
            if k > 0 { w.raw(",") }
            w.raw("{\"keyid\":\"")
            w.raw(Array(s.keyID.hex.utf8))
            w.raw("\",\"sig\":\"")
            w.raw(Base64.encodeBytes(s.sig))
            w.raw("\"}")
        }
        w.raw("]}")
    }

    /// Reads an envelope as a client may send it: standard or URL-safe base64, padded or
    /// not, members in any order, signatures in any order. Nothing else is tolerated.
    public init(json bytes: [UInt8]) throws(EnvelopeError) {
        let value: JSON
        do { value = try JSON.parse(bytes, maxDepth: 8) } catch { throw .notJSON(error) }
        try self.init(value: value)
    }

    public init(value: JSON) throws(EnvelopeError) {
        guard let members = value.objectValue else {
            throw .shape("the envelope must be a JSON object, got \(value.typeName)")
        }
        for m in members where !["payload", "payloadType", "signatures"].contains(m.key) {
            throw .shape(
                "unknown envelope field \"\(m.key)\"; a DSSE envelope has only payload, payloadType and signatures")
        }
        guard let p = value["payload"]?.stringValue else { throw .shape("\"payload\" is missing or not a string") }
        guard let type = value["payloadType"]?.stringValue else {
            throw .shape("\"payloadType\" is missing or not a string")
        }
        guard type == Envelope.payloadType else { throw .wrongPayloadType(type) }
        guard let sigs = value["signatures"]?.arrayValue else {
            throw .shape("\"signatures\" is missing or not an array")
        }
        let payload: [UInt8]
        do { payload = try Base64.decode(p) } catch { throw .badBase64(field: "payload", error) }
        var list: [Signature] = []
        for (k, s) in sigs.enumerated() {
            guard let sm = s.objectValue else { throw .shape("signatures[\(k)] is not an object") }
            for m in sm where m.key != "keyid" && m.key != "sig" {
                throw .shape("unknown field \"\(m.key)\" in signatures[\(k)]; a signature has only keyid and sig")
            }
            guard let kid = s["keyid"]?.stringValue else {
                throw .shape("signatures[\(k)].keyid is missing; thidua needs it to find the signing key")
            }
            guard let keyID = KeyID(hex: kid) else { throw .badKeyID(kid) }
            guard let sigText = s["sig"]?.stringValue else {
                throw .shape("signatures[\(k)].sig is missing or not a string")
            }
            let sig: [UInt8]
            do { sig = try Base64.decode(sigText) } catch { throw .badBase64(field: "signatures[\(k)].sig", error) }
            guard sig.count == 64 else {
                throw .shape("signatures[\(k)].sig is \(sig.count) bytes; an Ed25519 signature is 64")
            }
            list.append(Signature(keyID: keyID, sig: sig))
        }
        try self.init(payload: payload, payloadType: type, signatures: list)
    }
}

public enum EnvelopeError: Error, Equatable, CustomStringConvertible {
    case notJSON(JSONError)
    case shape(String)
    case wrongPayloadType(String)
    case badBase64(field: String, Base64.DecodingError)
    case badKeyID(String)
    case noSignatures
    case duplicateKeyID(KeyID)

    public var description: String {
        switch self {
        case .notJSON(let e): return "envelope is not JSON: \(e)"
        case .shape(let s): return "envelope: \(s)"
        case .wrongPayloadType(let t):
            return "envelope payloadType is \"\(t)\"; a thidua log takes \"\(Envelope.payloadType)\""
        case .badBase64(let f, let e): return "envelope \(f) \(e)"
        case .badKeyID(let k):
            return
                "envelope keyid \"\(k)\" is not 32 lowercase hex characters (first 16 bytes of SHA-256 of the raw "
                + "public key)"
        case .noSignatures: return "envelope has no signatures; sign it with `thidua sign --key KEY.pem`"
        case .duplicateKeyID(let k): return "envelope has two signatures with keyid \(k); each key signs once"
        }
    }
}
