import ThiduaLog

extension Ledger {
    /// Replays a log, or a prefix of it, into a ledger.
    /// - Parameters:
    ///   - size: replay entries [0, size) (nil: all).
    ///   - until: replay only entries received at or before this time; entries are in
    ///     receivedAt order, so this is a prefix too.
    ///   - progress: told the index of each entry read (a terminal's progress line).
    ///   - snapshots: start from the newest saved ledger the replay may use (`resume`).
    ///   - skipped: told each saved ledger that may not be used, and why.
    public static func replay(
        _ log: Log, size: Int? = nil, until: Timestamp? = nil, progress: (Int) -> Void = { _ in },
        snapshots: Bool = true, skipped: (SkippedSnapshot) -> Void = { _ in }
    ) throws -> Ledger {
        var ledger = Ledger()
        if snapshots {
            let (saved, passed) = try resume(log, scope: ReplayScope(size: size, until: until))
            passed.forEach(skipped)
            if let saved { ledger = saved }
        }
        try ledger.catchUp(log, to: size, until: until, progress: progress)
        ledger.asOf = until?.vietnamDate
        return ledger
    }

    /// Folds the entries of `log` after the ones this ledger holds, up to `size` (nil: all)
    /// and, with `until`, only those received by then.
    /// - Parameter batch: entries read at once on the parallel stage (the result does not
    ///   depend on it; tests vary it).
    public mutating func catchUp(
        _ log: Log, to size: Int? = nil, until: Timestamp? = nil, progress: (Int) -> Void = { _ in },
        batch: Int = 1024
    ) throws {
        struct Stop: Error {}
        // Reading a line and its event is the work of each entry alone: it runs on every
        // core, a batch at a time, while this thread folds the batch before in log order.
        typealias Read = Result<Folded, any Error>
        let pipeline = Pipeline<[UInt8], Read>(batchSize: batch) { line in Result { try Ledger.folded(line: line) } }
        func fold(_ r: Read) throws {
            // A switch, not `get()`: the entry is folded where it is, not copied out first.
            switch r {
            case .success(let entry):
                if let until, until < entry.receivedAt { throw Stop() }
                apply(entry)
            case .failure(let error): throw error
            }
        }
        do {
            try log.forEachEntry(from: self.size, to: size) { stored in
                progress(stored.index)
                try pipeline.push(stored.line, fold: fold)
            }
            try pipeline.finish(fold: fold)
        } catch is Stop {}
    }
}
