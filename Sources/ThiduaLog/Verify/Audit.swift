/// Whole-log verification, over an export file or a store. Both run the same `Verifier`;
/// `onEntry` lets a caller replay more (projections, progress) in the same pass.
public enum LogAudit {
    /// Verifies the lines of an export against signed checkpoints (integrity spec §7).
    ///
    /// - Parameters:
    ///   - checkpoints: signed notes; the largest must cover the whole export, smaller
    ///     ones prove that prefix consistent (rule 7). At least one is required.
    ///   - key: the pinned verifier key of the log.
    /// - Throws: the first `EntryFault`, naming the entry and the rule.
    public static func verify(
        export bytes: [UInt8], checkpoints notes: [SignedNote], key: NoteVerifierKey,
        catalog: RulesCatalog, onEntry: (SignedEvent, Hash) -> Void = { _, _ in }
    ) throws(EntryFault) -> VerifyReport {
        let sizes = try checkpointSizes(notes)
        var v = Verifier(catalog: catalog, rootsAt: Set(sizes))
        try add(export: bytes, to: &v, onEntry: onEntry)
        var checked: [Checkpoint] = []
        for note in notes { checked.append(try v.check(checkpoint: note, key: key)) }
        guard let largest = checked.map(\.size).max(), largest == v.size else {
            let m = checked.map(\.size).max() ?? 0
            throw EntryFault(
                index: m, rule: .checkpoint,
                "no checkpoint covers the whole export: the largest is for \(m) entries, the export has \(v.size); "
                    + "entries \(m)… are not proven (get a newer checkpoint)"
            )
        }
        return report(v, checked)
    }

    /// Verifies the lines of an export without a checkpoint: rules 1–5 (every line, its
    /// signatures, payload and authority, in order). The root it returns is still to be
    /// compared with a checkpoint the log signed.
    public static func verifyLines(
        export bytes: [UInt8], catalog: RulesCatalog,
        onEntry: (SignedEvent, Hash) -> Void = { _, _ in }
    ) throws(EntryFault) -> VerifyReport {
        var v = Verifier(catalog: catalog)
        try add(export: bytes, to: &v, onEntry: onEntry)
        return report(v, [])
    }

    /// Feeds an export's lines to `v`: read, hashed and signature-checked on every core
    /// (`PreparedLine`), then the ordered checks.
    static func add(export bytes: [UInt8], to v: inout Verifier, onEntry: (SignedEvent, Hash) -> Void)
        throws(EntryFault)
    {
        var first = ExportLines(bytes: bytes)
        var lines = ExportLines(bytes: bytes)
        let pipeline = PreparedLine.pipeline(genesis: first.next(), catalog: v.catalog)
        func fold(_ p: PreparedLine) throws {
            let (e, leaf) = try v.add(p)
            onEntry(e, leaf)
        }
        do {
            while let line = lines.next() { try pipeline.push(line, fold: fold) }
            try pipeline.finish(fold: fold)
        } catch {
            throw fault(error, at: v.size)
        }
        v.orderedSeconds += pipeline.foldSeconds
        if let err = lines.error { throw err }
        guard v.size > 0 else {
            throw EntryFault(index: 0, rule: .lineFormat, "the export is empty: a log has at least its genesis entry")
        }
    }

    /// The fault a pipeline's fold threw (it throws nothing else).
    static func fault(_ error: any Error, at index: Int) -> EntryFault {
        (error as? EntryFault) ?? EntryFault(index: index, rule: .lineFormat, "\(error)")
    }

    /// Verifies a store: every line, the tree the store keeps against the lines (a
    /// difference names the first line that is not the one hashed when it was appended),
    /// and every checkpoint the log signed plus any given.
    /// The saved authority state (`AuthorityJournal`) must list exactly the entries
    /// below its size that shape the rules, and carry the root of the tree at that size.
    /// - Parameters:
    ///   - key: the pinned verifier key; nil trusts the key the store names.
    ///   - rebuildState: replace a saved authority state that is missing, unreadable or
    ///     wrong with the one recomputed here, instead of failing.
    public static func verify(
        store: any LogStore, key: NoteVerifierKey?, checkpoints extra: [SignedNote] = [],
        catalog: RulesCatalog, rebuildState: Bool = false, onEntry: (SignedEvent, Hash) -> Void = { _, _ in }
    ) throws -> VerifyReport {
        var (report, rebuilt) = try store.read { r -> (VerifyReport, AuthorityJournal?) in
            guard let keyText = try r.meta(Log.Meta.logKey) else { throw StoreError.notALog(location: store.location) }
            let vkey = try key ?? NoteVerifierKey(text: keyText)
            var notes = extra
            for c in try r.checkpoints() { notes.append(try SignedNote(text: c.note)) }
            let sizes = try checkpointSizes(notes)
            let size = try r.size()
            let saved = try r.snapshot(AuthorityJournal.snapshotName)
            var v = Verifier(catalog: catalog, rootsAt: Set(sizes + [saved?.size ?? 0]), expecting: size)
            // Lines read, hashed and signature-checked on every core, then the ordered checks.
            let pipeline = PreparedLine.pipeline(genesis: try r.entry(at: 0)?.line, catalog: catalog)
            func fold(_ p: PreparedLine) throws {
                let (e, leaf) = try v.add(p)
                onEntry(e, leaf)
            }
            try r.forEachEntry(from: 0, to: size) { stored in try pipeline.push(stored.line, fold: fold) }
            try pipeline.finish(fold: fold)
            v.orderedSeconds += pipeline.foldSeconds
            guard v.size > 0 else {
                throw EntryFault(index: 0, rule: .lineFormat, "the log is empty: it has no genesis entry")
            }
            // The stored tree against the lines: equal roots mean every stored leaf is its
            // line's hash; otherwise the first line whose hash is not its stored leaf is named.
            let stored = try MerkleTree(source: StoreSubtrees(r, location: store.location)).root(size: size)
            guard stored == v.root else {
                try r.forEachEntry(from: 0, to: size) { e in
                    guard let kept = try r.node(level: 0, index: e.index), kept == Entry.leafHash(line: e.line) else {
                        throw EntryFault(
                            index: e.index, rule: .checkpoint,
                            "the line differs from the one the log hashed when it appended entry \(e.index) "
                                + "(its leaf hash changed): the stored entry was altered"
                        )
                    }
                }
                throw StoreError.damaged(
                    location: store.location,
                    reason: "the stored Merkle nodes give root \(stored.base64), the entries give \(v.root.base64)")
            }
            var checked: [Checkpoint] = []
            for note in notes { checked.append(try v.check(checkpoint: note, key: vkey)) }
            var rebuilt: AuthorityJournal? = nil
            let why = journalFault(saved, v)
            if let why, !rebuildState {
                throw StoreError.damaged(
                    location: store.location,
                    reason: "the saved authority state (snapshot \"\(AuthorityJournal.snapshotName)\") \(why); the "
                        + "entries are intact, but an open that trusts it would apply the wrong rules: run "
                        + "`thidua verify --db \(store.location) --rebuild-state` to replace it with the state "
                        + "recomputed from entry 0, then restart any server on this log"
                )
            }
            if rebuildState && (why != nil || saved == nil) {
                rebuilt = AuthorityJournal(rules: v.rulesName, size: v.size, root: v.root, entries: v.shaping)
            }
            return (LogAudit.report(v, checked), rebuilt)
        }
        if let rebuilt {
            try store.write { tx in
                guard try tx.size() >= rebuilt.size else { return }
                try tx.saveSnapshot(AuthorityJournal.snapshotName, size: rebuilt.size, data: rebuilt.data)
            }
            report.stateRebuilt = rebuilt.size
        }
        return report
    }

    /// What is wrong with a saved authority state, or nil when it is right or absent (a
    /// log written before it existed; an open then replays from entry 0).
    static func journalFault(_ saved: (size: Int, data: [UInt8])?, _ v: Verifier) -> String? {
        guard let saved else { return nil }
        let j: AuthorityJournal
        do { j = try AuthorityJournal(data: saved.data, snapshotSize: saved.size) } catch {
            return "for size \(saved.size) cannot be read: \(error)"
        }
        guard j.size <= v.size else { return "is for size \(j.size), but the log has \(v.size) entries" }
        guard v.roots[j.size] == j.root || (j.size == v.size && v.root == j.root) else {
            return "for size \(j.size) carries root \(j.root.base64), but the tree's root at that size is "
                + "\((v.roots[j.size] ?? v.root).base64)"
        }
        let want = v.shaping.filter { $0 < j.size }
        guard j.entries == want else {
            let missing = Set(want).subtracting(j.entries).sorted().prefix(5).map(String.init)
            let extra = Set(j.entries).subtracting(want).sorted().prefix(5).map(String.init)
            return "for size \(j.size) does not list the entries that shape the rules"
                + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))")
                + (extra.isEmpty ? "" : " (not shaping: \(extra.joined(separator: ", ")))")
        }
        guard j.rules == v.rulesName else { return "names rules \(j.rules), but the genesis chose \(v.rulesName)" }
        return nil
    }

    static func checkpointSizes(_ notes: [SignedNote]) throws(EntryFault) -> [Int] {
        var sizes: [Int] = []
        for n in notes {
            do { sizes.append(try Checkpoint(body: n.body).size) } catch {
                throw EntryFault(index: nil, rule: .checkpoint, error.description)
            }
        }
        return sizes
    }

    static func report(_ v: Verifier, _ checked: [Checkpoint]) -> VerifyReport {
        VerifyReport(
            entries: v.size, root: v.root, signatures: v.signatureCount,
            checkpoints: checked.sorted { $0.size < $1.size },
            origin: v.keys?.origin ?? "", rules: v.keys?.rulesName ?? KeyRules.v1, orderedSeconds: v.orderedSeconds)
    }
}
