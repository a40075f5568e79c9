import ThiduaLog

/// Which part of a log a replay reads, and what a counterfactual changes: the first
/// `size` entries, or those received up to a moment; without some entries; with another
/// rubric. The CLI, the server and the audit commands all replay through this.
public struct ReplayScope: Sendable, Equatable {
    /// Replay entries [0, size) (nil: all).
    public var size: Int? = nil
    /// Replay only entries received at or before this moment (nil: all).
    public var until: Timestamp? = nil
    /// Entries left out (a counterfactual); the genesis cannot be.
    public var excluded: Set<Int> = []
    /// A rubric file scoring every group instead of the published one (a counterfactual).
    public var rubric: (bytes: [UInt8], rubric: Rubric)? = nil

    public init(size: Int? = nil, until: Timestamp? = nil) {
        self.size = size
        self.until = until
    }

    public static func == (a: ReplayScope, b: ReplayScope) -> Bool {
        a.size == b.size && a.until == b.until && a.excluded == b.excluded && a.rubric?.bytes == b.rubric?.bytes
    }

    /// "As of" a date or a moment: an RFC 3339 time, or a date `YYYY-MM-DD`, meaning the end
    /// of that day in Vietnam (23:59:59.999 UTC+7). Nil when it is neither.
    public static func moment(_ text: String) -> Timestamp? {
        if let t = Timestamp(rfc3339: text) { return t }
        guard let d = Timestamp(date: text, offsetMinutes: 7 * 60) else { return nil }
        return Timestamp(millis: d.millis + 86_400_000 - 1)
    }

    /// Whether the replay reads `event` (entries come in receivedAt order, so `until` and
    /// `size` cut a prefix).
    public func includes(_ event: SignedEvent) -> Bool {
        if let size, event.index >= size { return false }
        if let until, until < event.receivedAt { return false }
        return !excluded.contains(event.index)
    }

    /// Folds the events this scope reads into a ledger.
    public func ledger<S: Sequence>(_ events: S) -> Ledger where S.Element == SignedEvent {
        var l = Ledger()
        for e in events { apply(e, to: &l) }
        finish(&l)
        return l
    }

    /// Folds one event into `l` if this scope reads it (a streaming replay: call it for
    /// every entry in order, then `finish`).
    public func apply(_ e: SignedEvent, to l: inout Ledger) {
        if includes(e) { l.apply(e) }
    }

    /// Applies the counterfactual rubric and the "as of" date once every entry is folded.
    public func finish(_ l: inout Ledger) {
        if let r = rubric { l.override(rubric: r.rubric, sha256: Hex.encode(SHA256.hash(r.bytes).bytes)) }
        l.asOf = until?.vietnamDate
    }
}
