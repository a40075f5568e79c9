import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog

/// Ranking attestations and counterfactual replays, on the demo log and on tampered copies.
@Suite(.serialized) struct AuditTests {
    static func events(_ log: Log) throws -> [SignedEvent] {
        var out: [SignedEvent] = []
        try log.forEachEntry { s in
            out.append(try SignedEvent(line: s.line))
        }
        return out
    }

    /// The entry of the event with payload id `id`.
    static func entry(_ id: String, _ events: [SignedEvent]) throws -> Int {
        try #require(events.first { $0.payload.id == id }?.index, "no event \(id)")
    }

    @Test func theDemosAttestationMatchesAndAFalseOneIsCaught() throws {
        let dir = TempDir()
        let log = try buildDemo(dir, "d.db")
        let events = try Self.events(log)
        var checks = Ledger.checkAttestations(events)
        // The closing reviews of 30/06/2025 (two district-level clusters, the city's wards) and the year.
        #expect(checks.count == 4 && checks.allSatisfy(\.matches) && checks[3].attested.size == events.count - 1)
        // The council attests a ranking computed without a violation (a false result):
        // signed and appended, but the replay does not give its digest.
        let size = events.count
        let st = Standings(Ledger.replay(events, excluding: [try Self.entry("v-quang-lam", events)]))
        let payload = Payload.make(
            type: "RankingPublished", id: "ranking-false", issuedAt: "2026-01-13T08:00:00+07:00", log: DemoLog.origin,
            fields: JSON.members([
                "movement": s("cv-1908-ubnd-tinh-2024"), "scope": s("all"), "size": n(String(size)),
                "rubricSha256": .array(CanonicalRanking.rubricHashes(st, scope: "all").map(s)),
                "resultSha256": s(CanonicalRanking.sha256(st, scope: "all")),
            ]))
        _ = try log.append([try Envelope.sign(payload: payload, keys: [DemoLog.key("council")])])
        checks = Ledger.checkAttestations(try Self.events(log))
        #expect(checks.map(\.matches) == [true, true, true, true, false])
        // Only the council attests.
        let byUnit = try Envelope.sign(
            payload: Array(
                String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "ranking-false", with: "ranking-unit")
                    .utf8),
            keys: [DemoLog.key("xa-muong-nhe")])
        do {
            _ = try log.append([byUnit])
            Issue.record("a unit published a ranking")
        } catch {
            #expect(error.fault?.message.hasPrefix("RankingPublished must be signed by a council key") == true)
        }
    }

    @Test func theCanonicalFormIgnoresWordingButNotScores() throws {
        let d = try DomainLog(
            units: ["u1", "u2"], rubric: rubricFile(criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10"))
        try d.emit(
            "SelfScoreSubmitted", by: ["u1"],
            [("unit", s("u1")), ("scores", .array([obj([("criterion", s("A1")), ("points", n("7.5"))])]))])
        let st = try d.standings()
        let text = String(decoding: CanonicalRanking.bytes(st, scope: "all"), as: UTF8.self)
        #expect(
            text
                == #"{"format":"thidua-ranking/1","size":\#(st.size),"groups":[{"group":"cum","#
                + #""rubricSha256":"\#(st.groups[0].rubricHash)","date":"\#(st.groups[0].date)","leader":"u1","#
                + #""provinceFlag":null,"units":[{"rank":1,"unit":"u1","total":"7.50","band":"khong","#
                + #""disqualified":false},{"rank":2,"unit":"u2","total":"0.00","band":"khong","#
                + #""disqualified":false}]}],"governmentFlag":[]}"#
        )
        try d.emit(
            "SelfScoreSubmitted", by: ["u2"],
            [("unit", s("u2")), ("scores", .array([obj([("criterion", s("A1")), ("points", n("0.01"))])]))])
        #expect(CanonicalRanking.sha256(try d.standings(), scope: "all") != CanonicalRanking.sha256(st, scope: "all"))
    }

    @Test func aCounterfactualSaysWhoChangedByHowMuchAndWhy() throws {
        let dir = TempDir()
        let events = try Self.events(try buildDemo(dir, "d.db"))
        let before = Standings(Ledger.replay(events))
        // Without the re-appraisal of Nậm Pồ's jobs: 49 % → 47 % of the year's plan.
        let reappraisal = try Self.entry("a-nam-po-A2-2", events)
        let after = Standings(Ledger.replay(events, excluding: [reappraisal]))
        let diff = RankingDiff(before: before, after: after)
        #expect(diff.changes.count == 1)
        let c = try #require(diff.changes.first)
        #expect(c.unit == "h-nam-po" && c.totalBefore?.description == "78.43" && c.totalAfter?.description == "77.83")
        #expect(c.criteria.map(\.criterion) == ["A2"] && c.criteria[0].entriesGone == [reappraisal])
        // Without the violation, Mường Nhé is no longer barred, and it leads its cluster.
        let violation = try Self.entry("v-muong-nhe", events)
        let noViolation = RankingDiff(before: before, after: Standings(Ledger.replay(events, excluding: [violation])))
        #expect(noViolation.changes.map(\.unit) == ["h-muong-nhe"] && noViolation.changes[0].disqualifiedAfter == false)
        #expect(noViolation.leadersAfter["cum-vung-cao"] == "h-muong-nhe")
        #expect(noViolation.text(.en, names: before.name).contains("no longer disqualified from titles"))
        // Another rubric: every group is rescored, and the diff says so unit by unit.
        var other = Ledger.replay(events)
        let flat = rubricFile(criteria: [criterion("B3", "assessed", max: "10")], groupMax: "10")
        other.override(rubric: try Rubric(bytes: flat), sha256: Hex.encode(SHA256.hash(flat).bytes))
        let rescored = RankingDiff(before: before, after: Standings(other))
        // B3 self-scored 5; its bonus item is not in this rubric: not counted.
        #expect(rescored.changes.contains { $0.unit == "xa-muong-nhe" && $0.totalAfter?.description == "5.00" })
    }
}

/// Verification replays authority: a log whose keeper (holding the log key) slips in an
/// entry its signer was not authorised for is refused at that entry, rule 5 — by the
/// library and by `thidua verify`.
@Suite struct AuthorityReplayTests {
    static func mth(_ leaves: ArraySlice<Hash>) -> Hash {
        if leaves.count == 1 { return leaves.first! }
        let k = Merkle.split(leaves.count)
        return Merkle.nodeHash(mth(leaves.prefix(k)), mth(leaves.dropFirst(k)))
    }

    @Test func anUnauthorisedEntryWithAValidCheckpointIsRefused() throws {
        let dir = TempDir()
        let log = try buildDemo(dir, "d.db")
        var lines: [[UInt8]] = []
        try log.forEachEntry { lines.append($0.line) }
        // Mường Nhé's representative (a valid, unrevoked key) reports for Nậm Kè.
        let payload = Payload.make(
            type: "IndicatorReported", id: "forged-1", issuedAt: "2026-01-13T08:00:00+07:00", log: DemoLog.origin,
            fields: JSON.members(["unit": s("xa-nam-ke"), "code": s("VL"), "value": n("300")]))
        let env = try Envelope.sign(payload: payload, keys: [DemoLog.key("xa-muong-nhe")])
        let forged = lines.count
        let last = try Entry(line: lines.last!).receivedAt
        lines.append(Entry(index: lines.count, receivedAt: Timestamp(millis: last.millis + 1000), envelope: env).line)
        let root = Self.mth(ArraySlice(lines.map { Entry.leafHash(line: $0) }))
        let note = SignedNote.sign(
            body: Checkpoint(origin: DemoLog.origin, size: lines.count, root: root).body, name: DemoLog.origin,
            key: DemoLog.key("log"))
        let export = Array(lines.map { $0 + [0x0A] }.joined())
        do {
            _ = try LogAudit.verify(
                export: export, checkpoints: [note], key: log.verifierKey, catalog: EmulationRules.catalog)
            Issue.record("the forged entry was accepted")
        } catch {
            #expect(error.index == forged && error.rule == .authority)
            #expect(
                error.message.contains(
                    "IndicatorReported for unit xa-nam-ke must be signed by a representative of xa-nam-ke"))
        }
        // The same files through the CLI: exit 1, the entry and the rule named.
        try Data(export).write(to: dir.url.appendingPathComponent("forged.jsonl"))
        try note.text.write(toFile: dir.path("cp"), atomically: true, encoding: .utf8)
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "thidua"
        ).path
        try #require(
            FileManager.default.isExecutableFile(atPath: exe), "the thidua executable is built beside the tests")
        do {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = [
                "verify", "--log", dir.path("forged.jsonl"), "--checkpoint", dir.path("cp"), "--key",
                log.verifierKey.description, "--json",
            ]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 1)
            #expect(text.contains(#""index":\#(forged),"rule":5,"ruleName":"authority""#), "\(text)")
        }
    }
}
