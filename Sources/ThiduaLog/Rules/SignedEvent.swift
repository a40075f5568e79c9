/// An entry whose envelope, signatures and payload have been checked, with the keys
/// that signed it. This is what authority rules and projections read.
public struct SignedEvent: Sendable {
    public let index: Int
    public let receivedAt: Timestamp
    public let payload: Payload
    /// The keys whose signatures verified, sorted by keyid.
    public let signers: [KeyID]

    public init(index: Int, receivedAt: Timestamp, payload: Payload, signers: [KeyID]) {
        self.index = index
        self.receivedAt = receivedAt
        self.payload = payload
        self.signers = signers
    }

    /// Reads a log line into its event, without checking signatures or authority (a replay
    /// of lines already verified; `trusted` as in `Entry(line:trusted:)`).
    public init(line: [UInt8], trusted: Bool = false) throws {
        let entry = try Entry(line: line, trusted: trusted)
        self.init(
            index: entry.index, receivedAt: entry.receivedAt, payload: try Payload(bytes: entry.envelope.payload),
            signers: entry.envelope.keyIDs)
    }

    public var type: String { payload.type }
    /// The log layer's event this is, if it is one.
    public var keyEvent: KeyEvent? { payload.keyEvent }
    /// One member of the payload (nil when absent).
    public func field(_ key: String) -> JSON? { payload.field(key) }
}
