import Foundation
import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog

/// Every scoring rule of domain.md on a small hand-made log, expected results written out.
@Suite struct ScoringTests {
    @Test func quantitativeIsLeaderRelative() throws {
        // Target 100, max 10: A < T → 0.5·MS·A/T; A = T → 0.5·MS; best A/T → MS;
        // others above → 0.5·MS + 0.5·MS·(A/T − 1)/(best A/T − 1).
        let d = try DomainLog(
            units: ["u1", "u2", "u3", "u4", "u5"],
            rubric: rubricFile(criteria: [quantitative("A1", "I1", max: "10")], groupMax: "10"))
        try d.report("u1", "I1", "80")
        try d.report("u2", "I1", "100")
        try d.report("u3", "I1", "110")
        try d.report("u4", "I1", "120")
        let g = try #require(try d.standings().groups.first)
        let got = Dictionary(uniqueKeysWithValues: g.units.map { ($0.unit, $0.total.description) })
        #expect(got == ["u1": "4.00", "u2": "5.00", "u3": "7.50", "u4": "10.00", "u5": "0.00"])
        #expect(g.units.map(\.unit) == ["u4", "u3", "u2", "u1", "u5"])
        #expect(g.units.last?.criteria[0].basis == .notReported(code: "I1"))
    }

    @Test func lowerIsBetterAndRoundingOfThirds() throws {
        let d = try DomainLog(
            units: ["u1", "u2", "u3", "u4"], indicators: [("L", "10", "lower"), ("T3", "3", "higher")],
            rubric: rubricFile(
                criteria: [quantitative("A1", "L", max: "10"), quantitative("A2", "T3", max: "10")], groupMax: "20"))
        try d.report("u1", "L", "8")  // r = 10/8 = 1.25 → 5 + 5·0.25/1 = 6.25
        try d.report("u2", "L", "0")  // r = 2 (lowerIsBetterZeroRatio): the best → 10
        try d.report("u3", "L", "12")  // r = 10/12 → 5·0.8333… = 4.1666… → 4.17
        try d.report("u4", "L", "10")  // r = 1 → 5
        try d.report("u1", "T3", "1")  // r = 1/3 → 5/3 = 1.666… → 1.67
        let pts = { (u: String, c: Int) in try d.unit(u).criteria[c].points.description }
        #expect(try pts("u1", 0) == "6.25")
        #expect(try pts("u2", 0) == "10.00")
        #expect(try pts("u3", 0) == "4.17")
        #expect(try pts("u4", 0) == "5.00")
        #expect(try pts("u1", 1) == "1.67")
    }

    @Test func passFailCountAndAssessedSelfScoreUntilAppraised() throws {
        let d = try DomainLog(
            units: ["u1", "u2"],
            rubric: rubricFile(
                criteria: [
                    criterion("A1", "passFail", max: "5"), criterion("A2", "count", max: "6", perItem: "2"),
                    criterion("A3", "assessed", max: "9"),
                ], groupMax: "20"))
        let t = try d.emit("TaskCompleted", by: ["u1"], [("unit", s("u1")), ("criterion", s("A1"))])
        try d.emit("TaskCompleted", by: ["u1"], [("unit", s("u1")), ("criterion", s("A2")), ("count", n("2"))])
        try d.emit("TaskCompleted", by: ["u1"], [("unit", s("u1")), ("criterion", s("A2")), ("count", n("2"))])
        let self1 = try d.emit(
            "SelfScoreSubmitted", by: ["u1"],
            [("unit", s("u1")), ("scores", .array([obj([("criterion", s("A3")), ("points", n("8.5"))])]))])
        try d.emit(
            "SelfScoreSubmitted", by: ["u2"],
            [("unit", s("u2")), ("scores", .array([obj([("criterion", s("A3")), ("points", n("12"))])]))])
        var u1 = try d.unit("u1")
        #expect(u1.criteria.map(\.points.description) == ["5.00", "6.00", "8.50"])  // 4 items × 2 = 8, capped at 6
        #expect(u1.total.description == "19.50")
        #expect(u1.criteria[0].entries.contains(t))
        // Over max: counted as max, with a warning.
        #expect(try d.unit("u2").criteria[2].points.description == "9.00")
        #expect(
            try d.standings().warnings.contains {
                $0.finding
                    == .selfScoreOutOfRange(
                        unit: "u2", criterion: "A3", given: Fraction(12), max: Fraction(9), counted: Fraction(9))
            })
        // The appraising body changes the score: the old value stays in the log and in the lineage.
        let a = try d.emit(
            "ScoreAppraised", by: ["noi-vu"],
            [
                ("unit", s("u1")), ("criterion", s("A3")), ("field", s("points")),
                ("from", n("8.5")), ("to", n("7")), ("reason", s("Thiếu minh chứng")),
            ])
        u1 = try d.unit("u1")
        #expect(u1.criteria[2].points.description == "7.00")
        #expect(u1.criteria[2].appraised)
        #expect(u1.criteria[2].entries.contains(self1) && u1.criteria[2].entries.contains(a))
        #expect(u1.total.description == "18.00")
        // pass/fail can be appraised to not done.
        try d.emit(
            "ScoreAppraised", by: ["noi-vu"],
            [
                ("unit", s("u1")), ("criterion", s("A1")), ("field", s("done")),
                ("from", n("1")), ("to", n("0")), ("reason", s("Chưa có biên bản nghiệm thu")),
            ])
        #expect(try d.unit("u1").total.description == "13.00")
    }

    @Test func bonusesAndDeductionsAreCapped() throws {
        // Under thidua-emulation/1, which did not check items against the rubric: an item
        // the rubric lacks reaches the log, and the projection leaves it out with a warning.
        let d = try DomainLog.withAdjustmentItems()
        try d.selfScore("u1", "A1", "9")
        for k in 0..<2 { try d.adjust("BonusAwarded", "u1", "sk", "2", "Sáng kiến \(k)", by: "noi-vu") }
        try d.adjust("DeductionApplied", "u1", "bc", "1.5", "Chậm báo cáo", by: "council")
        try d.adjust("DeductionApplied", "u1", "bc", "1.5", "Chậm báo cáo lần 2", by: "council")
        try d.adjust("BonusAwarded", "u1", "khong-co", "5", "Không có trong bảng điểm", by: "noi-vu")
        let u1 = try d.unit("u1")
        #expect(u1.bonuses.map(\.points.description) == ["3.00"])
        #expect(u1.bonuses[0].capped)
        #expect(u1.deductions.map(\.points.description) == ["2.00"])
        #expect(u1.total.description == "10.00")  // 9 + 3 − 2
        #expect(
            try d.standings().warnings.contains {
                $0.finding == .itemNotInRubric(item: "khong-co", unit: "u1", rubric: "test-rubric")
            })
    }

    @Test(arguments: ["criteria", "groups"])
    func bandsNeedTheirTotalAndEveryFloor(_ floorsApplyTo: String) throws {
        let groupB = obj([
            ("id", s("B")), ("name", s("Nhóm B")), ("max", n("50")),
            ("criteria", .array([criterion("B1", "assessed", max: "50")])),
        ])
        let d = try DomainLog(
            units: ["u1", "u2", "u3", "u4"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "50")], groupMax: "50",
                floorsApplyTo: floorsApplyTo, extraGroups: [groupB]))
        let scores = ["u1": ("50", "41"), "u2": ("46", "45"), "u3": ("35", "40"), "u4": ("50", "34")]
        for (u, (a, b)) in scores.sorted(by: { $0.key < $1.key }) {
            try d.emit(
                "SelfScoreSubmitted", by: [u],
                [
                    ("unit", s(u)),
                    (
                        "scores",
                        .array([
                            obj([("criterion", s("A1")), ("points", n(a))]),
                            obj([("criterion", s("B1")), ("points", n(b))]),
                        ])
                    ),
                ])
        }
        let bands = Dictionary(uniqueKeysWithValues: try d.standings().groups[0].units.map { ($0.unit, $0.band.id) })
        // u1: 91 but B1 41 < 85% of 50 → not excellent; ≥ 80% → good.
        // u2: 91, both ≥ 42.5 → excellent. u3: 75, both ≥ 35 → completed. u4: 84, B1 34 < 35 → not completed.
        #expect(bands == ["u1": "tot", "u2": "xuat-sac", "u3": "hoan-thanh", "u4": "khong"])
    }

    @Test func tiesBreakByCriteriaAtMaxThenDeductionsThenBallot() throws {
        let d = try DomainLog(
            units: ["u1", "u2", "u3", "u4", "u5"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10"), criterion("A2", "assessed", max: "10")],
                groupMax: "20",
                bonuses: [item("sk", cap: "5")], deductions: [item("bc", cap: "5")]))
        let scores = ["u1": ("10", "6"), "u2": ("8", "8"), "u3": ("9", "7"), "u4": ("8", "8"), "u5": ("8", "8")]
        for (u, (a, b)) in scores.sorted(by: { $0.key < $1.key }) {
            try d.emit(
                "SelfScoreSubmitted", by: [u],
                [
                    ("unit", s(u)),
                    (
                        "scores",
                        .array([
                            obj([("criterion", s("A1")), ("points", n(a))]),
                            obj([("criterion", s("A2")), ("points", n(b))]),
                        ])
                    ),
                ])
        }
        try d.emit(
            "BonusAwarded", by: ["council"],
            [("unit", s("u3")), ("item", s("sk")), ("points", n("1")), ("reason", s("Sáng kiến"))])
        try d.emit(
            "DeductionApplied", by: ["council"],
            [("unit", s("u3")), ("item", s("bc")), ("points", n("1")), ("reason", s("Chậm"))])
        try d.emit(
            "BallotHeld", by: ["council"],
            [
                ("group", s("cum")), ("round", n("1")), ("eligible", n("5")), ("present", n("5")),
                (
                    "votes",
                    .array([
                        obj([("unit", s("u4")), ("votes", n("3"))]), obj([("unit", s("u2")), ("votes", n("1"))]),
                        obj([("unit", s("u5")), ("votes", n("1"))]),
                    ])
                ),
            ])
        let g = try d.standings().groups[0]
        #expect(g.units.map(\.total.description) == Array(repeating: "16.00", count: 5))
        // u1 has a criterion at max; u3 has a deduction; u4 won the ballot; u2 and u5 stay tied,
        // and both say so: u2 is above u5 only by its id (the case of issue 14: the first of a
        // tie was not marked).
        #expect(g.units.map(\.unit) == ["u1", "u4", "u2", "u5", "u3"])
        #expect(g.units.map(\.unresolvedTie) == [false, false, true, true, false])
        #expect(g.units[2].tiedWith == ["u5"] && g.units[3].tiedWith == ["u2"])
        #expect(Wording(.vi, units: d.names).tie(g.units[2]).contains("bằng điểm với Đơn vị u5"))
    }

    @Test func aBallotWithoutQuorumIsNotUsed() throws {
        let d = try DomainLog(
            units: ["u1", "u2", "u3"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10",
                tieBreak: ["ballot"]))
        try d.emit(
            "BallotHeld", by: ["council"],
            [
                ("group", s("cum")), ("round", n("1")), ("eligible", n("3")), ("present", n("1")),
                ("votes", .array([obj([("unit", s("u3")), ("votes", n("1"))])])),
            ])
        let st = try d.standings()
        #expect(st.groups[0].units.map(\.unit) == ["u1", "u2", "u3"])  // all 0, ballot ignored: by id, ties flagged
        #expect(
            st.warnings.contains {
                if case .ballotWithoutQuorum("cum", 1, 1, 3, let q) = $0.finding { return q.num == 2 && q.den == 3 }
                return false
            })
    }

    @Test func ballotQuorumAndRoundsComeFromTheRubric() throws {
        let d = try DomainLog(
            units: ["u1", "u2", "u3", "u4", "u5"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10", tieBreak: ["ballot"],
                extra: [("ballot", obj([("quorum", s("4/5")), ("maxRounds", n("1"))]))]))
        func ballot(_ round: String, present: String, winner: String) throws -> Int {
            try d.emit(
                "BallotHeld", by: ["council"],
                [
                    ("group", s("cum")), ("round", n(round)), ("eligible", n("5")), ("present", n(present)),
                    ("votes", .array([obj([("unit", s(winner)), ("votes", n("3"))])])),
                ])
        }
        _ = try ballot("1", present: "4", winner: "u4")  // 4/5 reaches the quorum: counts
        let short = try ballot("1", present: "3", winner: "u3")  // 3/5 < 4/5: not used
        let late = try ballot("2", present: "5", winner: "u5")  // beyond 1 round: not used
        let st = try d.standings()
        #expect(st.groups[0].units.first?.unit == "u4")
        #expect(
            st.warnings.contains {
                if case .ballotWithoutQuorum("cum", 1, 3, 5, let q) = $0.finding {
                    return $0.entry == short && q.num == 4 && q.den == 5
                }
                return false
            })
        #expect(
            st.warnings.contains {
                $0.entry == late && $0.finding == .ballotBeyondRounds(group: "cum", round: 2, maxRounds: 1)
            })
    }

    @Test func appraisedOnlyIgnoresSelfScoresUntilAppraised() throws {
        let d = try DomainLog(
            units: ["u1", "u2"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10",
                extra: [("scoreSource", s("appraisedOnly"))]))
        try d.emit(
            "SelfScoreSubmitted", by: ["u1"],
            [("unit", s("u1")), ("scores", .array([obj([("criterion", s("A1")), ("points", n("9"))])]))])
        #expect(try d.unit("u1").total.description == "0.00")
        try d.emit(
            "ScoreAppraised", by: ["noi-vu"],
            [
                ("unit", s("u1")), ("criterion", s("A1")), ("field", s("points")), ("from", n("9")), ("to", n("8")),
                ("reason", s("Đã thẩm định")),
            ])
        #expect(try d.unit("u1").total.description == "8.00")
    }

    @Test func aViolationDisqualifiesAndTheFlagsFollowTheRules() throws {
        let rubric = rubricFile(criteria: [criterion("A1", "assessed", max: "100")], groupMax: "100", quota: "50")
        let d = try DomainLog(units: ["a", "b"], rubric: rubric)
        try d.emit(
            "GroupFormed", by: ["council"],
            [
                ("group", s("khoi")), ("kind", s("bloc")), ("name", s("Khối thử")), ("effective", s("2025-01-01")),
                ("members", .array([obj([("unit", s("c"))]), obj([("unit", s("e"))])])),
            ])
        try d.register("c", role: "unit", scope: "c")
        try d.register("e", role: "unit", scope: "e")
        try d.publish(rubric, groups: ["khoi"])
        for (u, p) in [("a", "98"), ("b", "95"), ("c", "92"), ("e", "85")] {
            try d.emit(
                "SelfScoreSubmitted", by: [u],
                [("unit", s(u)), ("scores", .array([obj([("criterion", s("A1")), ("points", n(p))])]))])
        }
        let v = try d.emit(
            "ViolationReported", by: ["thanh-tra"],
            [("unit", s("a")), ("level", s("cảnh cáo")), ("description", s("Cán bộ bị kỷ luật"))])
        let st = try d.standings()
        let cum = st.groups[0]
        let khoi = st.groups[1]
        #expect(cum.units[0].unit == "a" && cum.units[0].disqualified && cum.units[0].violations.map(\.entry) == [v])
        #expect(cum.leader == "b" && cum.provinceFlag == "b")
        #expect(khoi.leader == "c" && khoi.provinceFlag == "c")
        // 50% of 2 leaders = 1: the higher total.
        #expect(st.governmentFlagQuota == 1 && st.governmentFlagPool == ["b"])
    }

    @Test func aLeaderBelowTheFlagBandIsNotProposed() throws {
        let d = try DomainLog(
            units: ["a", "b"], rubric: rubricFile(criteria: [criterion("A1", "assessed", max: "100")], groupMax: "100"))
        try d.emit(
            "SelfScoreSubmitted", by: ["a"],
            [("unit", s("a")), ("scores", .array([obj([("criterion", s("A1")), ("points", n("88"))])]))])
        let g = try d.standings().groups[0]
        #expect(g.leader == "a" && g.provinceFlag == nil)
        #expect(try d.standings().governmentFlagQuota == 0)
    }

    /// A group's members on a date: each unit once, in the order it first joined, those
    /// whose membership covers the date; a short list and a long one (past 32 members,
    /// where duplicates are found by hashing) alike.
    @Test(arguments: [5, 31, 32, 33, 80])
    func membersAreEachListedOnceInJoiningOrder(_ count: Int) throws {
        var memberships: [String] = []
        func membership(_ unit: String, _ from: String, _ until: String?) -> String {
            let u = until.map { "\"\($0)\"" } ?? "null"
            return #"{"unit":"\#(unit)","from":"\#(from)","until":\#(u),"entry":1}"#
        }
        for i in 0..<count {
            memberships.append(membership("u\(i)", "2025-01-01", i % 3 == 0 ? "2025-06-01" : nil))
            // Every fourth unit is listed twice from 10 January (a second membership over
            // the same days): at 33 members and more, u32's second one comes after the
            // switch to hashing.
            if i % 4 == 0 { memberships.append(membership("u\(i)", "2025-01-10", nil)) }
        }
        memberships.append(membership("late", "2025-09-01", nil))
        let json =
            #"{"id":"g","kind":"cluster","name":"Cụm","formed":1,"memberships":["#
            + memberships.joined(separator: ",") + "]}"
        let g = try JSONDecoder().decode(Organisation.GroupInfo.self, from: Data(json.utf8))
        let july = (0..<count).filter { $0 % 3 != 0 || $0 % 4 == 0 }.map { "u\($0)" }
        #expect(g.members(on: "2025-07-01") == july)
        #expect(g.members(on: "2025-01-05") == (0..<count).map { "u\($0)" })
        #expect(g.members(on: "2025-01-15") == (0..<count).map { "u\($0)" })
        #expect(g.members(on: "2025-10-01") == july + ["late"])
        #expect(g.members(on: "2024-12-31").isEmpty)
    }
}
