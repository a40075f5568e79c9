import Dispatch

/// Why an append was refused. Nothing of the batch was written.
public enum AppendError: Error, Equatable, CustomStringConvertible {
    /// Envelope `position` (0-based, in the batch) broke a rule of the log.
    case rejected(position: Int, batchSize: Int, fault: EntryFault)
    /// The payload id is taken by an entry with a different payload.
    case idConflict(position: Int, batchSize: Int, id: String, existingIndex: Int)
    case store(StoreError)
    case emptyBatch
    /// The append failed for a reason that is neither a refusal nor the store's (a bug):
    /// nothing was kept.
    case failed(String)

    public var description: String {
        switch self {
        case .rejected(let p, let n, let f):
            return "\(n > 1 ? "envelope \(p + 1) of \(n): " : "")\(f) — nothing was appended"
        case .idConflict(let p, let n, let id, let i):
            return
                "\(n > 1 ? "envelope \(p + 1) of \(n): " : "")payload id \"\(id)\" is already used by entry \(i) "
                + "with another envelope (a different payload or other signatures); choose a new id (ids are the "
                + "idempotency key) — nothing was appended"
        case .store(let e): return e.description
        case .emptyBatch: return "nothing to append: give one or more DSSE envelopes"
        case .failed(let why): return "the append failed: \(why) — nothing was appended"
        }
    }

    /// The refusal in Vietnamese (a fault without a Vietnamese message keeps its English one).
    public var vietnamese: String {
        let at = { (p: Int, n: Int) in n > 1 ? "phong bì \(p + 1)/\(n): " : "" }
        switch self {
        case .rejected(let p, let n, let f): return "\(at(p, n))\(f.vietnamese) — chưa ghi gì vào sổ"
        case .idConflict(let p, let n, let id, let i):
            return
                "\(at(p, n))mã sự kiện \"\(id)\" đã được bản ghi \(i) dùng cho một phong bì khác; chọn mã mới — chưa "
                + "ghi gì vào sổ"
        case .store(let e): return e.description
        case .emptyBatch: return "không có gì để ghi: hãy đưa một hoặc nhiều phong bì DSSE"
        case .failed(let why): return "không ghi được: \(why) — chưa ghi gì vào sổ"
        }
    }

    /// The rule that refused, when a rule refused.
    public var fault: EntryFault? { if case .rejected(_, _, let f) = self { return f } else { return nil } }
}
