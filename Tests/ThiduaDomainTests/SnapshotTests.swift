import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog
import ThiduaSQLite

/// Saved ledgers (projection snapshots): a replay that starts from one gives what a replay
/// from entry 0 gives, and a snapshot that was tampered with, forged, moved or made by
/// another version is skipped, with the reason.
@Suite(.serialized) struct SnapshotTests {
    /// The ranking a replay gives, as the JSON report (every score, band and reason).
    func digest(_ l: Ledger) -> String {
        Hex.encode(SHA256.hash(Array(Report(Standings(l), lang: .vi).render(.json).utf8)).bytes)
    }

    /// Saves chosen snapshots every `step` entries (each made by a replay without snapshots).
    func saveEvery(_ step: Int, _ log: Log) throws -> [Int] {
        let n = try log.size()
        var sizes: [Int] = []
        for size in stride(from: step, to: n, by: step) {
            try Ledger.replay(log, size: size, snapshots: false).saveSnapshot(to: log, chosen: true)
            sizes.append(size)
        }
        return sizes
    }

    /// A saved membership read from the tape member by member, as its synthesized
    /// `init(from:)` reads it: an absent or null `until` is none, a missing or mistyped
    /// member an error that names it.
    @Test func aSavedMembershipReadsAsCodableReadsIt() throws {
        func read(_ text: String) throws -> Organisation.Membership {
            try JSONValueDecoder.decode(Organisation.Membership.self, from: Array(text.utf8))
        }
        let open = try read(#"{"entry":7,"from":"2025-01-01","unit":"p-him-lam"}"#)
        #expect(open.unit == "p-him-lam" && open.from == "2025-01-01" && open.until == nil && open.entry == 7)
        #expect(try read(#"{"entry":7,"from":"2025-01-01","unit":"p-him-lam","until":null}"#) == open)
        #expect(
            try read(#"{"entry":7,"from":"2025-01-01","unit":"p-him-lam","until":"2025-07-01"}"#).until == "2025-07-01")
        do {
            _ = try read(#"{"from":"2025-01-01","unit":"p-him-lam"}"#)
            Issue.record("read a membership without its entry")
        } catch DecodingError.keyNotFound(let key, _) {
            #expect(key.stringValue == "entry")
        }
        do {
            _ = try read(#"{"entry":"7","from":"2025-01-01","unit":"p-him-lam"}"#)
            Issue.record("read a membership whose entry is a string")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["entry"])
        }
        #expect(throws: DecodingError.self) { try read(#"[7, "2025-01-01", "p-him-lam"]"#) }
    }

    @Test func theStateReadsBackToTheSameLedgerAndBytes() throws {
        let log = try buildDemo(TempDir(), "d.db")
        let l = try Ledger.replay(log, snapshots: false)
        let state = try l.state()
        let back = try Ledger(state: state)
        #expect(try back.state() == state)
        #expect(back == l)
        #expect(digest(back) == digest(l))
        // Pinned: the saved state of the demo's ledger. A change here means the fold or the
        // state's types changed: bump `Ledger.projection` (older snapshots are then skipped)
        // and re-pin.
        #expect(Ledger.projection == "thidua-ledger/1")
        #expect(
            Hex.encode(SHA256.hash(state).bytes) == "6c676e685ae44a3abe72ef4d8d2f6c923a51ce04b1d96047aa311cb6cf88dbc0")
        #expect(state.count < 400_000, "\(state.count) bytes")
    }

    /// The state's fields as the generic encoder writes them (how the state was written
    /// before its tables got writers of their own): the reference for the bytes.
    struct GenericState: Encodable {
        let l: Ledger
        enum Key: String, CodingKey {
            case org, size, lastReceivedAt, origin, title, rubrics, rubricFiles, rubricHashes, pledges, values, tasks
            case selfScores, appraisals, explanations, bonuses, deductions, violations, ballots, warnings
            case attestations, attached, days
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(l.org, forKey: .org)
            try c.encode(l.size, forKey: .size)
            try c.encodeIfPresent(l.lastReceivedAt, forKey: .lastReceivedAt)
            try c.encode(l.origin, forKey: .origin)
            try c.encodeIfPresent(l.title, forKey: .title)
            try c.encode(l.rubrics.mapValues(\.entry), forKey: .rubrics)
            try c.encode(
                Dictionary(l.rubrics.values.map { ($0.entry, $0.value) }, uniquingKeysWith: { a, _ in a }),
                forKey: .rubricFiles)
            try c.encode(l.rubricHashes, forKey: .rubricHashes)
            try c.encode(l.pledges, forKey: .pledges)
            try c.encode(l.values, forKey: .values)
            try c.encode(l.tasks, forKey: .tasks)
            try c.encode(l.selfScores, forKey: .selfScores)
            try c.encode(l.appraisals, forKey: .appraisals)
            try c.encode(l.explanations, forKey: .explanations)
            try c.encode(l.bonuses, forKey: .bonuses)
            try c.encode(l.deductions, forKey: .deductions)
            try c.encode(l.violations, forKey: .violations)
            try c.encode(l.ballots, forKey: .ballots)
            try c.encode(l.warnings, forKey: .warnings)
            try c.encode(l.attestations, forKey: .attestations)
            try c.encode(l.attached, forKey: .attached)
            try c.encode(l.days, forKey: .days)
        }
    }

    /// The state is written by functions of its tables' concrete types: byte for byte what
    /// the generic encoder writes of the same fields, for the demo at every tenth size and
    /// at its end (where every table holds facts), and for a log whose texts need escapes.
    @Test func theStateIsWhatTheGenericEncoderWrites() throws {
        func generic(_ l: Ledger) throws -> [UInt8] {
            JSONWriter.write(try JSONValueEncoder.encode(GenericState(l: l)))
        }
        let log = try buildDemo(TempDir(), "d.db")
        var l = Ledger()
        var checked = 0
        try log.forEachEntry { stored in
            l.apply(try SignedEvent(line: stored.line, trusted: true))
            if stored.index % 10 == 0 {
                #expect(try l.state() == generic(l), "size \(l.size)")
                checked += 1
            }
        }
        #expect(try l.state() == generic(l))
        #expect(checked > 20)
        func emptyTables(_ l: Ledger) -> [String] {
            var empty: [String] = []
            func check(_ name: String, _ isEmpty: Bool) { if isEmpty { empty.append(name) } }
            check("pledges", l.pledges.isEmpty)
            check("values", l.values.isEmpty)
            check("tasks", l.tasks.isEmpty)
            check("selfScores", l.selfScores.isEmpty)
            check("appraisals", l.appraisals.isEmpty)
            check("explanations", l.explanations.isEmpty)
            check("bonuses", l.bonuses.isEmpty)
            check("deductions", l.deductions.isEmpty)
            check("violations", l.violations.isEmpty)
            check("ballots", l.ballots.isEmpty)
            check("warnings", l.warnings.isEmpty)
            check("attestations", l.attestations.isEmpty)
            check("attached", l.attached.isEmpty)
            check("rubricHashes", l.rubricHashes.isEmpty)
            check("title", l.title == nil)
            return empty
        }
        // The demo attaches no evidence later; the log below does.
        #expect(emptyTables(l) == ["attached"])
        // Evidence attached later; quotes, a backslash and Vietnamese in texts; no title.
        let d = try DomainLog(
            units: ["u1", "u2"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10"), criterion("A2", "count", max: "6", perItem: "2")],
                groupMax: "16"))
        try d.emit(
            "ExplanationSubmitted", by: ["u1"],
            [("unit", s("u1")), ("criterion", s("A1")), ("text", s(#"Đã bổ sung "biên bản" số 2\3 — ngày 3/7"#))])
        try d.emit(
            "TaskCompleted", id: "t-u1", by: ["u1"], [("unit", s("u1")), ("criterion", s("A2")), ("count", n("1"))])
        try d.emit(
            "EvidenceAttached", by: ["u1"],
            [
                ("unit", s("u1")), ("entry", s("t-u1")),
                (
                    "evidence",
                    .array([obj([("sha256", s(String(repeating: "ab", count: 32))), ("name", s(#"Biên bản "số 2""#))])])
                ),
            ])
        let small = try Ledger.replay(d.log)
        #expect(small.title == nil && !small.explanations.isEmpty && !small.attached.isEmpty)
        #expect(try small.state() == generic(small))
    }

    /// From zero, and from every snapshot, to every later size checked: the same ranking.
    @Test func aReplayFromAnySnapshotGivesTheReplayFromZero() throws {
        let log = try buildDemo(TempDir(), "d.db")
        let n = try log.size()
        let sizes = try saveEvery(40, log)
        #expect(sizes.count == (n - 1) / 40)
        var used: Set<Int> = []
        for target in [41, 80, 81, 200, 299, 300, n - 1, n] {
            let zero = try Ledger.replay(log, size: target, snapshots: false)
            var first: Int? = nil
            var skipped: [SkippedSnapshot] = []
            let fast = try Ledger.replay(
                log, size: target, progress: { i in first = first ?? i }, skipped: { skipped.append($0) })
            #expect(skipped.isEmpty)
            #expect(fast == zero, "size \(target)")
            #expect(digest(fast) == digest(zero), "size \(target)")
            // It started at the newest snapshot at or below the target.
            let from = sizes.last { $0 <= target } ?? 0
            #expect(first == (from < target ? from : nil), "size \(target)")
            used.insert(from)
        }
        #expect(used == [40, 80, 200, 280, 400])
        // Every snapshot is the replay from zero to its size.
        for s in try log.snapshots(projection: Ledger.projection) {
            let snap = try #require(s.snapshot)
            #expect(try Ledger(state: snap.state) == Ledger.replay(log, size: snap.size, snapshots: false))
        }
    }

    /// `--as-of` (a moment) starts from the newest snapshot whose entries were all received by then.
    @Test func asOfStartsFromTheNearestEarlierSnapshot() throws {
        let log = try buildDemo(TempDir(), "d.db")
        let sizes = try saveEvery(50, log)
        for date in ["2025-03-31", "2025-06-30", "2025-07-01", "2025-12-31", "2026-01-12"] {
            let until = try #require(ReplayScope.moment(date))
            let zero = try Ledger.replay(log, until: until, snapshots: false)
            var first: Int? = nil
            let fast = try Ledger.replay(log, until: until, progress: { i in first = first ?? i })
            #expect(fast == zero, "\(date)")
            #expect(digest(fast) == digest(zero), "\(date)")
            let from = sizes.last { $0 <= zero.size } ?? 0
            #expect(first == nil || first == from, "\(date): started at \(first ?? -1), newest snapshot \(from)")
        }
    }

    /// A counterfactual that leaves out an entry below a snapshot cannot start from it.
    @Test func aCounterfactualBelowASnapshotStartsEarlier() throws {
        let log = try buildDemo(TempDir(), "d.db")
        _ = try saveEvery(100, log)
        var scope = ReplayScope()
        scope.excluded = [150]
        let (ledger, _) = try Ledger.resume(log, scope: scope)
        #expect(ledger?.size == 100)
        scope.excluded = [50]
        #expect(try Ledger.resume(log, scope: scope).ledger == nil)
    }

    /// Automatic snapshots are thinned to the newest few; the council's stay.
    @Test func automaticSnapshotsAreThinnedAndChosenOnesKept() throws {
        let log = try buildDemo(TempDir(), "d.db")
        try Ledger.replay(log, size: 10, snapshots: false).saveSnapshot(to: log, chosen: true)
        for size in stride(from: 20, through: 120, by: 20) {
            try Ledger.replay(log, size: size, snapshots: false).saveSnapshot(to: log, chosen: false)
        }
        let kept = try log.snapshots(projection: Ledger.projection).map(\.size)
        #expect(kept == [120, 100, 80, 60, 10])
        // Due only every `snapshotEvery` entries.
        #expect(try Ledger.replay(log).saveSnapshotIfDue(to: log) == nil)
    }

    /// Edited with the sqlite3 shell, the state's digest in the note rewritten to match:
    /// the note's signature no longer verifies, the snapshot is skipped (and named), and
    /// the ranking is the one from entry 0.
    @Test func aTamperedSnapshotIsSkippedAndTheResultUnchanged() throws {
        let dir = TempDir()
        let log = try buildDemo(dir, "d.db")
        let n = try log.size()
        let honest = digest(try Ledger.replay(log, snapshots: false))
        try Ledger.replay(log, snapshots: false).saveSnapshot(to: log, chosen: true)
        let name = ProjectionSnapshot.name(Ledger.projection, size: n)
        let data = try #require(try log.store.read { try $0.snapshot(name) }).data
        // Every self score of 10 becomes 20, and the digest line is rewritten.
        let text = String(decoding: data, as: UTF8.self)
        let split = try #require(text.range(of: "\n\n", range: text.range(of: "\n\n")!.upperBound..<text.endIndex))
        let state = String(text[split.upperBound...])
        let forged = state.replacingOccurrences(of: "\"10/1\"", with: "\"20/1\"")
        #expect(forged != state)
        let oldDigest = "\(Hex.encode(SHA256.hash(Array(state.utf8)).bytes)) \(state.utf8.count)"
        let newDigest = "\(Hex.encode(SHA256.hash(Array(forged.utf8)).bytes)) \(forged.utf8.count)"
        let note = String(text[..<split.upperBound]).replacingOccurrences(of: oldDigest, with: newDigest)
        try Data((note + forged).utf8).write(to: URL(fileURLWithPath: dir.path("forged")))
        let r = try rawSQL(
            dir.path("d.db"), "UPDATE snapshots SET data = readfile('\(dir.path("forged"))') WHERE name = '\(name)'")
        #expect(r.status == 0, "\(r.err)")
        var skipped: [SkippedSnapshot] = []
        let fresh = try Log(store: SQLiteStore(path: dir.path("d.db")), catalog: EmulationRules.catalog)
        let replayed = try Ledger.replay(fresh, skipped: { skipped.append($0) })
        #expect(digest(replayed) == honest)
        #expect(skipped.map(\.name) == [name])
        #expect(skipped.first?.reason.contains("does not verify under the log's checkpoint key") == true)
    }

    /// Signed by another key, copied to another size, or made for another version: skipped.
    @Test func forgedMovedOrOtherVersionSnapshotsAreSkipped() throws {
        let dir = TempDir()
        let log = try buildDemo(dir, "d.db")
        let honest = digest(try Ledger.replay(log, snapshots: false))
        let n = try log.size()
        let early = try Ledger.replay(log, size: 100, snapshots: false)
        try early.saveSnapshot(to: log, chosen: true)
        let name100 = ProjectionSnapshot.name(Ledger.projection, size: 100)
        // Moved: the size-100 snapshot stored as if it were the size-n one.
        let nameN = ProjectionSnapshot.name(Ledger.projection, size: n)
        let r = try rawSQL(
            dir.path("d.db"),
            "INSERT INTO snapshots(name, size, data) SELECT '\(nameN)', \(n), data FROM snapshots WHERE name = "
                + "'\(name100)'")
        #expect(r.status == 0, "\(r.err)")
        // Forged: the format followed exactly, for size n-1, signed by a key that is not the log's.
        let state = try early.state()
        let body =
            "thidua-snapshot/1\n\(DemoLog.origin)\nprojection \(Ledger.projection)\nrules \(log.rulesName)\n"
            + "size \(n - 1)\nroot \(try log.root(size: n - 1).root.base64)\nkept chosen\n"
            + "state \(Hex.encode(SHA256.hash(state).bytes)) \(state.count)\n"
        let note = SignedNote.sign(body: body, name: DemoLog.origin, key: try PrivateKey.generate())
        try log.store.write { tx in
            try tx.saveSnapshot(
                ProjectionSnapshot.name(Ledger.projection, size: n - 1), size: n - 1,
                data: Array(note.text.utf8) + [0x0A] + state)
            // Garbage below the one the replay uses: never read by it.
            try tx.saveSnapshot(ProjectionSnapshot.name(Ledger.projection, size: 50), size: 50, data: [1, 2, 3])
        }
        #expect(try log.snapshots(projection: Ledger.projection).map(\.size) == [n, n - 1, 100, 50])
        var skipped: [SkippedSnapshot] = []
        var first: Int? = nil
        let replayed = try Ledger.replay(log, progress: { first = first ?? $0 }, skipped: { skipped.append($0) })
        #expect(digest(replayed) == honest)
        #expect(first == 100)
        #expect(skipped.map(\.size) == [n, n - 1])
        #expect(skipped.first?.reason.contains("its note says size 100") == true)
        #expect(skipped.last?.reason.contains("does not verify under the log's checkpoint key") == true)
        // Another version of the fold: skipped, with what made it.
        try log.saveSnapshot(projection: "thidua-ledger/0", size: 100, state: try early.state(), chosen: true)
        let seen = try log.snapshots(projection: Ledger.projection)
        #expect(seen.contains { $0.reason?.contains("made by thidua-ledger/0") == true })
        #expect(digest(try Ledger.replay(log)) == honest)
    }

    /// A state is read only when the log key signed it, but reading never traps: 300 states
    /// with a value changed (a number, a string, a bracket) either read, and then rank, or
    /// are refused with an error.
    @Test func aDamagedStateIsRefusedOrRanksNeverTraps() throws {
        let log = try buildDemo(TempDir(), "d.db")
        let state = try Ledger.replay(log, snapshots: false).state()
        var rng = SplitMix(seed: 2025)
        var (read, refused) = (0, 0)
        let swaps: [[UInt8]] = [Array("0".utf8), Array("9".utf8), Array("-".utf8), Array("\"".utf8), Array("]".utf8)]
        for _ in 0..<300 {
            var bytes = state
            for _ in 0...rng.next(3) {
                let at = rng.next(bytes.count)
                let with = swaps[rng.next(swaps.count)]
                bytes.replaceSubrange(at..<at + 1, with: with)
            }
            do {
                let l = try Ledger(state: bytes)
                _ = Report(Standings(l), lang: .vi).render(.json)
                read += 1
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0 && read > 0, "read \(read), refused \(refused)")
    }

    /// `verify`'s check: a snapshot signed by the log key whose state is not the replay's
    /// (what a wrong fold would save) is named as differing; one that does not verify as
    /// unusable; the honest one as checked.
    @Test func theAuditNamesDifferingAndUnusableSnapshots() throws {
        let log = try buildDemo(TempDir(), "d.db")
        try Ledger.replay(log, size: 100, snapshots: false).saveSnapshot(to: log, chosen: true)
        let wrong = try Ledger.replay(log, size: 150, snapshots: false).state()
        try log.saveSnapshot(projection: Ledger.projection, size: 200, state: wrong, chosen: true)
        try log.store.write { tx in
            try tx.saveSnapshot(ProjectionSnapshot.name(Ledger.projection, size: 300), size: 300, data: [1, 2, 3])
        }
        var audit = try SnapshotAudit(log)
        try log.forEachEntry { audit.add(try SignedEvent(line: $0.line, trusted: true)) }
        #expect(audit.checked == [100])
        #expect(audit.differing.map(\.size) == [200])
        #expect(audit.unusable.map(\.size) == [300])
        // A replay does not start from the differing one either: its state is of 150 entries.
        var skipped: [SkippedSnapshot] = []
        var first: Int? = nil
        _ = try Ledger.replay(log, size: 250, progress: { first = first ?? $0 }, skipped: { skipped.append($0) })
        #expect(first == 100 && skipped.map(\.size) == [200])
    }
}
