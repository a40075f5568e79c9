/// One entry of the log: its position, the log's clock at append, and the envelope.
///
/// The stored and exported form is one line of ASCII (integrity spec §4):
/// `{"index":<i>,"receivedAt":"<YYYY-MM-DDTHH:MM:SS.sssZ>","envelope":<canonical envelope>}`
/// and the Merkle leaf hash is SHA-256(0x00 ‖ line).
public struct Entry: Equatable, Sendable {
    public let index: Int
    public let receivedAt: Timestamp
    public let envelope: Envelope

    public init(index: Int, receivedAt: Timestamp, envelope: Envelope) {
        self.index = index
        self.receivedAt = receivedAt
        self.envelope = envelope
    }

    /// The canonical line, without the newline.
    public var line: [UInt8] {
        var w = JSONWriter()
        w.raw("{\"index\":")
        w.raw(Array(String(index).utf8))
        w.raw(",\"receivedAt\":\"")
        w.raw(Array(receivedAt.receivedAtText.utf8))
        w.raw("\",\"envelope\":")
        envelope.write(to: &w)
        w.raw("}")
        return w.bytes
    }

    public static func leafHash(line: [UInt8]) -> Hash {
        line.withUnsafeBytes { SHA256.hash(prefix: 0x00, $0) }
    }

    /// Reads a stored line and insists that it is byte-identical to its canonical form.
    /// - Parameter trusted: the line comes from the log's own store, which checked it at
    ///   append (replays and catch-up); the canonical re-serialisation is skipped.
    ///   Verification never passes this.
    public init(line: [UInt8], trusted: Bool = false) throws(EntryLineError) {
        // The canonical shape, read byte by byte (a line of any other shape takes the
        // general path, which says what is wrong with it).
        if let e = EntryScanner.scan(line) {
            self = e
            return
        }
        self = try Entry.general(line: line, trusted: trusted)
    }

    /// The general reader: JSON, then the canonical re-serialisation compared byte for byte.
    static func general(line: [UInt8], trusted: Bool) throws(EntryLineError) -> Entry {
        let json: JSON
        do { json = try JSON.parse(line, maxDepth: 8) } catch { throw .notJSON(error) }
        guard let members = json.objectValue, members.map(\.key) == ["index", "receivedAt", "envelope"] else {
            throw .shape("a line is {\"index\",\"receivedAt\",\"envelope\"} in that order, nothing else")
        }
        guard let index = json["index"]?.intValue, index >= 0 else {
            throw .shape("\"index\" is not a non-negative integer")
        }
        guard let r = json["receivedAt"]?.stringValue, let t = Timestamp(receivedAt: r) else {
            throw .shape("\"receivedAt\" is not YYYY-MM-DDTHH:MM:SS.sssZ")
        }
        let env: Envelope
        do { env = try Envelope(value: json["envelope"]!) } catch { throw .envelope(error) }
        let entry = Entry(index: index, receivedAt: t, envelope: env)
        guard trusted || entry.line == line else { throw .notCanonical }
        return entry
    }
}

public enum EntryLineError: Error, Equatable, CustomStringConvertible {
    case notJSON(JSONError)
    case shape(String)
    case envelope(EnvelopeError)
    case notCanonical

    public var description: String {
        switch self {
        case .notJSON(let e): return "line is not JSON: \(e)"
        case .shape(let s): return "line: \(s)"
        case .envelope(let e): return "line: \(e)"
        case .notCanonical:
            return
                "line is not in canonical form (key order, base64 alphabet and padding, signature order, no white "
                + "space)"
        }
    }
}
