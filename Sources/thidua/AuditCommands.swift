import Foundation
import ThiduaDomain
import ThiduaLog
import ThiduaPostgres

/// Reads all entries of a log (a database or an export) as signed events.
enum LogSource {
    /// A log read for a replay: its events, and what a printed report needs to name it
    /// (where it was read, its Merkle root at any size, the latest signed checkpoint).
    struct Loaded {
        var source: String
        var verified = true
        var checkpoint: (size: Int, root: Hash)? = nil
        /// The RFC 9162 root of the first n entries.
        var root: (Int) throws -> Hash

        func evidence(size n: Int, excluded: [Int]) throws -> ReportEvidence {
            ReportEvidence(
                source: source, root: try root(n).base64, checkpoint: checkpoint.map { ($0.size, $0.root.base64) },
                verified: verified, excluded: excluded)
        }
    }

    static func events(_ p: Parsed) throws -> [SignedEvent] {
        var events: [SignedEvent] = []
        _ = try load(p) { events.append($0) }
        return events
    }

    /// A database's lines were checked when they were appended. An export is anyone's file:
    /// unless `--no-verify`, every line, signature and authority rule is checked before
    /// anything is computed from it (integrity rules 1–5; with --checkpoint and --key, 6
    /// and 7 too), and standard error says what was checked.
    ///
    /// Streams: `start` is told the number of entries before the first is read, then `each`
    /// gets every event in order (held by nobody, so memory stays flat at any log size).
    ///
    /// From a database, `resume` may give the number of entries a saved ledger already holds
    /// (`resumeLedger`); only the entries after them are read.
    static func load(
        _ p: Parsed, start: (Int) throws -> Void = { _ in }, resume: (Log) throws -> Int = { _ in 0 },
        each: (SignedEvent) -> Void
    ) throws -> Loaded {
        let db = p.value("db")
        guard let file = p.value("log") else {
            let log = try App.openLog(db)
            let latest = try log.store.read { try $0.latestCheckpoint() }
            let out = Loaded(
                source: PostgresStore.redact(db ?? "thidua.db"), checkpoint: latest.map { ($0.size, $0.root) },
                root: { try log.root(size: $0).root })
            let n = try log.size()
            try start(n)
            let from = try resume(log)
            let progress = Progress.start(p, Messages.t("đọc sổ", "reading"), total: n)
            defer { progress.done() }
            try log.forEachEntry(from: from, to: n) {
                progress.tick($0.index)
                each(try SignedEvent(line: $0.line, trusted: true))
            }
            return out
        }
        guard db == nil else { throw UsageError("give --log FILE or --db DB, not both") }
        let bytes = try IO.readFile(file, what: "log")
        var leaves: [Hash] = []
        var out = Loaded(source: file, root: { _ in Merkle.emptyRoot })
        let count = ExportLines.count(bytes)
        try start(count)
        let progress = Progress.start(p, Messages.t("kiểm tra", "verifying"), total: count)
        defer { progress.done() }
        if p.has("no-verify") {
            IO.err(
                "NOT VERIFIED: \(file) is read without checking its signatures or authority (--no-verify); what "
                    + "follows is only as good as the file"
            )
            var lines = ExportLines(bytes: bytes)
            while let l = lines.next() {
                progress.tick(leaves.count)
                each(try SignedEvent(line: l))
                leaves.append(Entry.leafHash(line: l))
            }
            if let e = lines.error { throw e }
            out.verified = false
        } else {
            do {
                let onEntry = { (e: SignedEvent, leaf: Hash) in
                    progress.tick(e.index)
                    each(e)
                    leaves.append(leaf)
                }
                if !p.all("checkpoint").isEmpty {
                    let key = try IO.verifierKey(try p.required("key"))
                    let notes = try p.all("checkpoint").map { try WitnessCommands.note($0) }
                    let r = try LogAudit.verify(
                        export: bytes, checkpoints: notes, key: key, catalog: App.catalog, onEntry: onEntry)
                    progress.done()
                    if let cp = r.checkpoints.max(by: { $0.size < $1.size }) { out.checkpoint = (cp.size, cp.root) }
                    IO.err(
                        "verified \(file): \(r.entries) entries, \(r.signatures) signatures, authority and ids, root "
                            + "\(r.root.base64) signed by the pinned log key"
                    )
                } else {
                    let r = try LogAudit.verifyLines(export: bytes, catalog: App.catalog, onEntry: onEntry)
                    progress.done()
                    IO.err(
                        "verified \(file): \(r.entries) entries, \(r.signatures) signatures, authority and ids (rules "
                            + "1–5); root \(r.root.base64) — compare it with the council's signed checkpoint "
                            + "(--checkpoint CP --key VKEY)"
                    )
                }
            } catch let f as EntryFault {
                throw Failure(Failure.verification, "\(file) does not verify, nothing was computed from it: \(f)")
            }
        }
        let all = leaves
        out.root = { n in MerkleFrontier.root(of: all.prefix(n)) }
        return out
    }

    /// The newest saved ledger (projection snapshot) a replay of `scope` may start from,
    /// unless `--no-snapshot`; says on standard error which snapshots it passed over and why.
    static func resumeLedger(_ p: Parsed, _ log: Log, _ scope: ReplayScope) throws -> Ledger? {
        guard !p.has("no-snapshot") else { return nil }
        let (saved, skipped) = try Ledger.resume(log, scope: scope)
        skipped.forEach(noteSkipped)
        return saved
    }

    /// Says on standard error that a snapshot is not used, and why.
    static func noteSkipped(_ k: SkippedSnapshot) {
        IO.err(
            Messages.t(
                "ghi chú: không dùng ảnh chụp trạng thái \(k.name) (cỡ \(k.size)): \(k.reason); tính lại từ trước "
                    + "đó (kết quả không đổi; `thidua verify --db` kiểm tra mọi ảnh chụp)",
                "note: projection snapshot \(k) is not used; replaying from before it (the result is the same; "
                    + "`thidua verify --db` checks every snapshot)"))
    }

    static let noSnapshot = Option(
        name: "no-snapshot", value: nil, help: "with --db: replay from entry 0, not from a saved projection snapshot",
        vi: "với --db: tính lại từ bản ghi 0, không dùng ảnh chụp trạng thái đã lưu")

    static let options = [
        Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
        Option(name: "log", value: "FILE", help: "an export (.jsonl) instead of a database; verified before use"),
        Option(
            name: "checkpoint", value: "CP", help: "with --log: a signed checkpoint its root must match",
            repeatable: true),
        Option(name: "key", value: "VKEY", help: "with --checkpoint: the log's verifier key"),
        Option(name: "no-verify", value: nil, help: "with --log: skip the checks (says so loudly)"),
    ]
}

enum AuditCommands {
    static let all: [Command] = [attestPublish, attestVerify, diff]

    /// The counterfactual options of `rank` and `diff`.
    static let counterfactual = [
        Option(name: "exclude", value: "INDEX", help: "replay without this entry", repeatable: true),
        Option(
            name: "rubric", value: "FILE",
            help: "score every group with this rubric file instead of the published " + "one"),
    ]

    /// What the replay options name: --size or --as-of, and, for a counterfactual,
    /// --exclude and --rubric.
    static func scope(_ p: Parsed, entries: Int, counterfactual: Bool) throws -> ReplayScope {
        var scope = ReplayScope(size: try p.int("size"), until: try p.value("as-of").map(DomainCommands.asOfTime))
        if let n = scope.size, n > entries {
            throw UsageError("--size \(n) is larger than the log (\(entries) entries)")
        }
        guard counterfactual else { return scope }
        for x in p.all("exclude") {
            guard let i = Int(x), i >= 0, i < entries else {
                throw UsageError("--exclude \(x) is not an entry index of this log (0…\(entries - 1))")
            }
            guard i > 0 else {
                throw UsageError("--exclude 0 would drop the genesis; nothing can be replayed without it")
            }
            scope.excluded.insert(i)
        }
        if let file = p.value("rubric") {
            let bytes = try IO.readFile(file, what: "rubric file")
            do { scope.rubric = (bytes, try Rubric(bytes: bytes)) } catch {
                throw Failure(Failure.dataError, "\(file): \(error.message)")
            }
        }
        return scope
    }

    static let attestPublish = Command(
        ["attest", "publish"], summary: "Sign and append the council's RankingPublished for the current ranking.",
        usage: "thidua attest publish --db DB --key COUNCIL.pem [--scope all|GROUP] [--size N] [--movement ID]",
        options: [
            Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
            Option(name: "key", value: "KEY.pem", help: "a council key (role root or council)", repeatable: true),
            Option(name: "scope", value: "SCOPE", help: "all (default) or one cluster/bloc id"),
            Option(name: "size", value: "N", help: "attest the first N entries (default: all)"),
            Option(name: "movement", value: "ID", help: "the movement (default: the first launched)"),
        ]
    ) { p in
        let log = try App.openLog(p.value("db"))
        let keys = try p.all("key").map(IO.privateKey)
        guard !keys.isEmpty else { throw UsageError("--key COUNCIL.pem is required", command: "attest publish") }
        let n = try p.int("size") ?? log.size()
        guard n <= (try log.size()) else {
            throw UsageError("--size \(n) is larger than the log", command: "attest publish")
        }
        let progress = Progress.start(p, Messages.t("tính lại", "replaying"), total: n)
        let ledger = try Ledger.replay(log, size: n, progress: progress.tick)
        progress.done()
        let st = Standings(ledger)
        let scope = p.value("scope") ?? "all"
        guard scope == "all" || st.groups.contains(where: { $0.group == scope }) else {
            throw Failure(
                Failure.noInput,
                "no cluster or bloc \"\(scope)\" with a rubric at size \(n); "
                    + Suggest.listing(scope, among: st.groups.map(\.group))
            )
        }
        guard let movement = p.value("movement") ?? ledger.org.movements.min(by: { $0.value.1 < $1.value.1 })?.key
        else {
            throw Failure(Failure.noInput, "the log has no MovementLaunched; a ranking is attested for a movement")
        }
        let attestation = RankingPublished(attesting: st, scope: scope, movement: movement)
        let payload = DomainEvent.rankingPublished(attestation).payload(
            id: "ranking-\(scope)-\(n)", issuedAt: SystemClock().now().receivedAtText,
            log: try App.binding(log))
        let out = try log.append([try Envelope.sign(payload: payload, keys: keys)])
        IO.out(
            "entry \(out[0].index): RankingPublished \(scope) of the first \(n) entries, result SHA-256 "
                + "\(attestation.resultSha256)\n"
        )
        return 0
    }

    static let attestVerify = Command(
        ["attest", "verify"], summary: "Replay the prefix each RankingPublished names and check its digest.",
        usage: "thidua attest verify --db DB | --log FILE",
        options: LogSource.options + [Option(name: "json", value: nil, help: "one JSON object per attestation")],
        details: "Exit 0 if every attestation matches, 1 if one does not (it is named), 66 if the log has none."
    ) { p in
        let events = try LogSource.events(p)
        let checks = Ledger.checkAttestations(events)
        guard !checks.isEmpty else { throw Failure(Failure.noInput, "the log has no RankingPublished entry to check") }
        for c in checks {
            if p.has("json") {
                IO.out(
                    JSONWriter.string([
                        "entry": c.entry.json, "scope": c.attested.scope.json, "size": c.attested.size.json,
                        "attested": c.attested.resultSha256.json, "recomputed": c.recomputed.json,
                        "matches": c.matches.json,
                    ]) + "\n")
            } else if c.matches {
                IO.out(
                    "OK entry \(c.entry): ranking \(c.attested.scope) of the first \(c.attested.size) entries: "
                        + "result SHA-256 \(c.recomputed) matches\n"
                )
            } else {
                IO.out(
                    "MISMATCH entry \(c.entry): ranking \(c.attested.scope) of the first \(c.attested.size) entries: "
                        + "attested \(c.attested.resultSha256), replay gives \(c.recomputed)"
                        + (c.attested.rubricSha256 != c.recomputedRubrics
                            ? "; rubrics attested \(c.attested.rubricSha256.joined(separator: ",")), used "
                                + "\(c.recomputedRubrics.joined(separator: ","))"
                            : "") + "\n")
            }
        }
        return checks.allSatisfy(\.matches) ? 0 : Failure.verification
    }

    static let diff = Command(
        ["diff"], summary: "What a counterfactual replay changes: for whom, by how much, and which entries.",
        usage:
            "thidua diff --db DB|--log FILE [--exclude INDEX ...] [--rubric FILE] [--as-of TIME | --size N] [--lang "
            + "vi|en]",
        options: LogSource.options + [LogSource.noSnapshot] + counterfactual + DomainCommands.asOfOptions + [
            Option(name: "lang", value: "LANG", help: "vi (default) or en")
        ],
        details:
            "Compares the replay of the log as it is with the same replay without the excluded entries and/or with "
            + "another rubric."
    ) { p in
        guard !p.all("exclude").isEmpty || p.value("rubric") != nil else {
            throw UsageError(
                "give --exclude INDEX and/or --rubric FILE: the counterfactual to compare with", command: "diff")
        }
        // One streaming pass folds both replays; only the excluded entries are kept (to name them).
        var plain = ReplayScope()
        var changed = ReplayScope()
        var (a, b) = (Ledger(), Ledger())
        var excludedEvents: [Int: SignedEvent] = [:]
        _ = try LogSource.load(
            p,
            start: { n in
                plain = try scope(p, entries: n, counterfactual: false)
                changed = try scope(p, entries: n, counterfactual: true)
            },
            resume: { log in
                // Both replays start from one saved ledger, below every excluded entry.
                guard let saved = try LogSource.resumeLedger(p, log, changed) else { return 0 }
                (a, b) = (saved, saved)
                return saved.size
            },
            each: { e in
                plain.apply(e, to: &a)
                changed.apply(e, to: &b)
                if changed.excluded.contains(e.index) { excludedEvents[e.index] = e }
            })
        plain.finish(&a)
        changed.finish(&b)
        let before = Standings(a)
        let after = Standings(b)
        let lang = try DomainCommands.lang(p)
        var why: [String] = []
        for x in p.all("exclude") {
            if let i = Int(x), let e = excludedEvents[i] {
                why.append(
                    (lang == .vi ? "bỏ bản ghi \(i)" : "without entry \(i)")
                        + " (\(e.type)\(e.field("unit")?.stringValue.map { ", \($0)" } ?? ""))")
            }
        }
        if let r = p.value("rubric") { why.append((lang == .vi ? "bảng điểm " : "rubric ") + r) }
        IO.out((lang == .vi ? "Giả định: " : "Counterfactual: ") + why.joined(separator: "; ") + "\n")
        IO.out(RankingDiff(before: before, after: after).text(lang, names: before.name))
        return 0
    }
}
