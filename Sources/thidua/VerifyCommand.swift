import Foundation
import ThiduaDomain
import ThiduaLog

enum VerifyCommand {
    static func run(_ p: Parsed) throws -> Int32 {
        var progress = Progress.off
        let report: VerifyReport
        var snapshots: SnapshotAudit? = nil
        var removed: [SkippedSnapshot] = []
        do {
            if let file = p.value("log") {
                guard p.value("db") == nil else {
                    throw UsageError("give --log FILE or --db DB, not both", command: "verify")
                }
                guard !p.has("rebuild-state") else {
                    throw UsageError(
                        "--rebuild-state rewrites a database's saved authority state; an export has none (use --db)",
                        command: "verify")
                }
                let cps = p.all("checkpoint")
                guard !cps.isEmpty else {
                    throw UsageError(
                        "--checkpoint CP is required with --log (get one with `thidua checkpoint`)", command: "verify")
                }
                let key = try IO.verifierKey(try p.required("key"))
                let notes = try cps.map { path in
                    do { return try SignedNote(text: try IO.readText(path, what: "checkpoint")) } catch let e
                        as CheckpointError
                    {
                        throw EntryFault(index: nil, rule: .checkpoint, "\(path): \(e)")
                    }
                }
                let bytes = try IO.readFile(file, what: "log")
                progress = Progress.start(p, Messages.t("kiểm tra", "verifying"), total: ExportLines.count(bytes))
                report = try LogAudit.verify(export: bytes, checkpoints: notes, key: key, catalog: App.catalog) {
                    e, _ in progress.tick(e.index)
                }
            } else {
                let log = try App.openLog(p.value("db"))
                let key = try p.value("key").map(IO.verifierKey)
                let notes = try p.all("checkpoint").map {
                    try SignedNote(text: try IO.readText($0, what: "checkpoint"))
                }
                if key == nil && !p.has("json") {
                    IO.err(
                        "note: checking against the key the database names; pin it with --key for an independent check")
                }
                progress = Progress.start(p, Messages.t("kiểm tra", "verifying"), total: try log.size())
                var audit = try SnapshotAudit(log)
                report = try LogAudit.verify(
                    store: log.store, key: key, checkpoints: notes, catalog: App.catalog,
                    rebuildState: p.has("rebuild-state")
                ) { e, _ in
                    progress.tick(e.index)
                    audit.add(e)
                }
                snapshots = audit
                if !audit.faults.isEmpty {
                    guard p.has("rebuild-state") else {
                        progress.done()
                        return fail(p, snapshotFault(audit, db: log.store.location))
                    }
                    try log.removeSnapshots(audit.faults.map(\.name))
                    removed = audit.faults
                }
            }
        } catch let f as EntryFault {
            progress.done()
            return fail(p, f)
        }
        progress.done()
        // Witnesses: the largest checkpoint must carry a quorum of valid cosignatures.
        let witnesses = try WitnessCommands.witnessKeys(p)
        var cosigned: [String] = []
        if !witnesses.isEmpty {
            let quorum = try p.int("quorum") ?? witnesses.count
            let notes = try p.all("checkpoint").map { try WitnessCommands.note($0) }
            guard
                let largest = try notes.max(by: { try Checkpoint(body: $0.body).size < Checkpoint(body: $1.body).size })
            else {
                throw UsageError("--witness needs --checkpoint: the cosigned checkpoint to check", command: "verify")
            }
            cosigned = witnesses.filter { Cosignature.verify(largest, $0) != nil }.map(\.name)
            guard cosigned.count >= quorum else {
                return fail(
                    p,
                    EntryFault(
                        index: nil, rule: .checkpoint,
                        "the checkpoint carries valid cosignatures of \(cosigned.count) of the \(witnesses.count) "
                            + "witnesses given (\(cosigned.joined(separator: ", "))); the quorum is \(quorum)"))
            }
        }
        if p.has("json") {
            IO.out(
                JSONWriter.string([
                    "ok": true, "witnesses": cosigned.json, "entries": report.entries.json,
                    "root": report.root.base64.json,
                    "signatures": report.signatures.json, "origin": report.origin.json, "rules": report.rules.json,
                    "checkpoints": report.checkpoints.map(\.size).json,
                    "snapshots": (snapshots?.checked ?? []).json, "snapshotsRemoved": removed.map(\.name).json,
                ]) + "\n")
        } else {
            IO.out(
                "OK \(report.entries) entries of \(report.origin) (rules \(report.rules)): \(report.signatures) "
                    + "signatures, authority and ids checked; root \(report.root.base64)\n"
            )
            IO.out(
                "   checkpoints verified at sizes "
                    + "\(report.checkpoints.map { String($0.size) }.joined(separator: ", "))\n"
            )
            if !cosigned.isEmpty { IO.out("   cosigned by \(cosigned.joined(separator: ", "))\n") }
            if let n = report.stateRebuilt {
                IO.out("   saved authority state rewritten for size \(n) (restart any server on this log)\n")
            }
            if let snapshots, !snapshots.checked.isEmpty {
                IO.out(
                    "   projection snapshots equal to the replay from entry 0 at sizes "
                        + "\(snapshots.checked.map(String.init).joined(separator: ", "))\n")
            }
            for k in removed { IO.out("   removed the faulty projection snapshot \(k)\n") }
            for k in snapshots?.stale ?? [] { IO.out("   not used, not a fault: projection snapshot \(k)\n") }
        }
        return 0
    }

    /// Projection snapshots that may not be used, or that differ from the replay: the
    /// entries are intact, but the store holds derived data no honest thidua wrote.
    static func snapshotFault(_ audit: SnapshotAudit, db: String) -> EntryFault {
        var parts: [String] = []
        if !audit.unusable.isEmpty {
            parts.append(
                "projection snapshot " + audit.unusable.map(\.description).joined(separator: "; ")
                    + " (no ranking used it: a replay skips a snapshot that does not verify)")
        }
        if !audit.differing.isEmpty {
            parts.append(
                "projection snapshot " + audit.differing.map(\.description).joined(separator: "; ")
                    + " (signed by the log key, so rankings started from it: compare with `rank --no-snapshot`)")
        }
        return EntryFault(
            index: nil, rule: .checkpoint,
            parts.joined(separator: "; ") + ". The entries are intact; run `thidua verify --db \(db) "
                + "--rebuild-state` to remove it")
    }

    static func fail(_ p: Parsed, _ f: EntryFault) -> Int32 {
        if p.has("json") {
            IO.out(
                JSONWriter.string([
                    "ok": false, "index": f.index?.json ?? nil, "rule": f.rule.rawValue.json,
                    "ruleName": f.rule.slug.json,
                    "message": f.message.json,
                ]) + "\n")
        } else {
            IO.err("FAIL \(f)")
        }
        return Failure.verification
    }
}
