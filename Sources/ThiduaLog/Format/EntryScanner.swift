#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a log line of exactly the canonical shape (integrity spec §4) byte by byte,
/// without building a JSON tree:
///
///     {"index":I,"receivedAt":"T","envelope":{"payload":"B64","payloadType":"application/
///     vnd.thidua.event.v1+json","signatures":[{"keyid":"HEX","sig":"B64"},…]}}
///
/// It accepts a line only if the line is canonical (no leading zero, strict time, standard
/// padded base64 with zero trailing bits, lower-case keyids in strictly increasing order,
/// 64-byte signatures, at least one, no white space), so what it accepts is what the JSON reader
/// followed by the canonical re-serialisation accepts, and gives the same entry. Anything
/// else returns nil, and `Entry(line:)` takes the general path, which says what is wrong.
/// `EntryScannerTests` compares the two on mutated lines.
struct EntryScanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    static let payloadTypeField = Array(
        "\",\"payloadType\":\"application/vnd.thidua.event.v1+json\",\"signatures\":[".utf8)

    static func scan(_ line: [UInt8]) -> Entry? {
        line.withUnsafeBufferPointer { buf in
            var s = EntryScanner(b: buf)
            return s.entry()
        }
    }

    mutating func literal(_ bytes: StaticString) -> Bool {
        literal(UnsafeBufferPointer(start: bytes.utf8Start, count: bytes.utf8CodeUnitCount))
    }

    mutating func literal(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { literal($0) } }

    mutating func literal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i + bytes.count <= b.count, let here = b.baseAddress, let there = bytes.baseAddress,
            memcmp(here + i, there, bytes.count) == 0
        else { return false }
        i += bytes.count
        return true
    }

    /// Up to the next quote (found by `memchr`); the bytes in between. Every caller reads
    /// them with a reader that accepts only its own alphabet (base64, hex digits, a time),
    /// so an escape, a control byte or a byte beyond ASCII there refuses the line as the
    /// JSON reader's check for plain ASCII did.
    mutating func quoted() -> UnsafeBufferPointer<UInt8>? {
        let start = i
        guard i < b.count, let base = b.baseAddress, let q = memchr(base + i, 0x22, b.count - i) else { return nil }
        i = UnsafeRawPointer(q).assumingMemoryBound(to: UInt8.self) - base
        defer { i += 1 }
        return UnsafeBufferPointer(rebasing: b[start..<i])
    }

    /// Up to the next quote, for a base64 field: standard, padded base64 whose decoding
    /// encodes back to the same text (the decoder checks every byte).
    mutating func base64Field() -> [UInt8]? {
        guard let text = quoted() else { return nil }
        return Base64.decodeCanonical(text)
    }

    mutating func entry() -> Entry? {
        guard literal("{\"index\":") else { return nil }
        let digitsStart = i
        var index = 0
        while i < b.count, b[i] >= 48, b[i] <= 57, i - digitsStart < 18 {
            index = index * 10 + Int(b[i] - 48)
            i += 1
        }
        let digits = i - digitsStart
        guard digits > 0, digits == 1 || b[digitsStart] != 48 else { return nil }
        guard literal(",\"receivedAt\":\""), let time = quoted(), let receivedAt = Timestamp(receivedAtBytes: time)
        else { return nil }
        guard literal(",\"envelope\":{\"payload\":\""), let payload = base64Field() else { return nil }
        i -= 1  // the closing quote is the first byte of the next literal
        guard literal(Self.payloadTypeField) else { return nil }
        var signatures: [Envelope.Signature] = []
        while true {
            guard literal("{\"keyid\":\""), let k = quoted(), let keyID = KeyID(hexBytes: k) else { return nil }
            if let last = signatures.last, !(last.keyID < keyID) { return nil }
            guard literal(",\"sig\":\""), let sig = base64Field(), sig.count == 64, literal("}")
            else { return nil }
            signatures.append(Envelope.Signature(keyID: keyID, sig: sig))
            if literal(",") { continue }
            guard literal("]}}"), i == b.count else { return nil }
            break
        }
        // At least one signature, keyids strictly increasing: checked above.
        let env = Envelope(payload: payload, orderedSignatures: signatures)
        return Entry(index: index, receivedAt: receivedAt, envelope: env)
    }
}
