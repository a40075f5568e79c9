/// The rules of the integrity spec §7, numbered as there, so every fault names one.
public enum IntegrityRule: Int, Sendable, CustomStringConvertible, CaseIterable {
    case lineFormat = 1
    case timeOrder, signature, payload, authority, checkpoint, consistency

    public var description: String {
        switch self {
        case .lineFormat: return "rule 1 (line format)"
        case .timeOrder: return "rule 2 (receivedAt order)"
        case .signature: return "rule 3 (signatures)"
        case .payload: return "rule 4 (payload)"
        case .authority: return "rule 5 (authority)"
        case .checkpoint: return "rule 6 (checkpoint)"
        case .consistency: return "rule 7 (consistency)"
        }
    }

    public var slug: String {
        switch self {
        case .lineFormat: return "line-format"
        case .timeOrder: return "time-order"
        case .signature: return "signature"
        case .payload: return "payload"
        case .authority: return "authority"
        case .checkpoint: return "checkpoint"
        case .consistency: return "consistency"
        }
    }
}

/// Why an entry is not acceptable at its place in the log.
public struct EntryFault: Error, Equatable, CustomStringConvertible {
    /// The entry at fault, when there is one.
    public let index: Int?
    public let rule: IntegrityRule
    public let message: String

    public init(index: Int?, rule: IntegrityRule, _ message: String) {
        self.index = index
        self.rule = rule
        self.message = message
    }

    public var description: String {
        if let index { return "entry \(index): \(message) [\(rule)]" }
        return "\(message) [\(rule)]"
    }
}
