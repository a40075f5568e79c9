/// The log layer's own event types: the genesis and the key events (`KeyRing` reads them).
/// A payload's is recognised once, when it is read (`Payload.keyEvent`), so the ordered
/// checks and a replay test an enum, not the type's text.
public enum KeyEvent: String, Sendable, CaseIterable {
    case logOpened = "LogOpened"
    case keyRegistered = "KeyRegistered"
    case keyRevoked = "KeyRevoked"
    case logKeyRotated = "LogKeyRotated"

    /// The key event a payload's `type` names (nil: any other type).
    public init?(type: String) {
        // Every key event's type begins with L or K; most types are ruled out by one byte.
        guard let first = type.utf8.first, first == UInt8(ascii: "L") || first == UInt8(ascii: "K") else {
            return nil
        }
        self.init(rawValue: type)
    }

    /// The UTF-8 of every field it may carry: `fields` and the header (made once, not for
    /// each event).
    var knownNames: [[UInt8]] { KeyEvent.known[self]! }
    private static let known = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, $0.fields.union(KeyRing.header).map { Array($0.utf8) }) })

    /// Its fields, besides v, type, id, issuedAt and (`thidua-keys/2`) log.
    var fields: Set<String> {
        switch self {
        case .logOpened: return ["origin", "logKey", "rootKeys", "rules", "title"]
        case .keyRegistered: return ["publicKey", "role", "scope", "name"]
        case .keyRevoked: return ["keyid", "reason"]
        case .logKeyRotated: return ["logKey", "reason"]
        }
    }
}
