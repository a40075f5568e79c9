import ThiduaLog

extension Ledger {
    /// Replays a log, or a prefix of it, into a ledger.
    /// - Parameters:
    ///   - size: replay entries [0, size) (nil: all).
    ///   - until: replay only entries received at or before this time; entries are in
    ///     receivedAt order, so this is a prefix too.
    ///   - progress: told the index of each entry read (a terminal's progress line).
    public static func replay(
        _ log: Log, size: Int? = nil, until: Timestamp? = nil, progress: (Int) -> Void = { _ in }
    ) throws -> Ledger {
        var ledger = Ledger()
        struct Stop: Error {}
        do {
            try log.forEachEntry(to: size) { stored in
                progress(stored.index)
                let event = try SignedEvent(line: stored.line, trusted: true)
                if let until, until < event.receivedAt { throw Stop() }
                ledger.apply(event)
            }
        } catch is Stop {}
        ledger.asOf = until?.vietnamDate
        return ledger
    }
}
