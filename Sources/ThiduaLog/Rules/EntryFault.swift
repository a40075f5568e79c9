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

    /// Its name in Vietnamese: `quy tắc 4 (nội dung)`.
    public var vietnamese: String {
        switch self {
        case .lineFormat: return "quy tắc 1 (định dạng dòng)"
        case .timeOrder: return "quy tắc 2 (thứ tự thời gian nhận)"
        case .signature: return "quy tắc 3 (chữ ký)"
        case .payload: return "quy tắc 4 (nội dung)"
        case .authority: return "quy tắc 5 (thẩm quyền)"
        case .checkpoint: return "quy tắc 6 (checkpoint)"
        case .consistency: return "quy tắc 7 (nhất quán)"
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
    /// The same message in Vietnamese, where it has been written (else `message`).
    public let vi: String?

    /// Two faults are the same fault whatever language they are also written in.
    public static func == (a: EntryFault, b: EntryFault) -> Bool {
        a.index == b.index && a.rule == b.rule && a.message == b.message
    }

    public init(index: Int?, rule: IntegrityRule, _ message: String, vi: String? = nil) {
        self.index = index
        self.rule = rule
        self.message = message
        self.vi = vi
    }

    public var description: String {
        if let index { return "entry \(index): \(message) [\(rule)]" }
        return "\(message) [\(rule)]"
    }

    /// The fault in Vietnamese: plain words first, then the rule.
    public var vietnamese: String {
        let m = vi ?? message
        if let index { return "bản ghi \(index): \(m) [\(rule.vietnamese)]" }
        return "\(m) [\(rule.vietnamese)]"
    }
}
