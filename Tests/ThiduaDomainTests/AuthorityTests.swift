import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog

/// Who may sign what (thidua-emulation/1): every refusal names the key, the rule and the
/// entry that granted or revoked the authority.
@Suite struct AuthorityTests {
    let rubric = rubricFile(criteria: [quantitative("A1", "I1", max: "10")], groupMax: "10")

    @Test func aRepresentativeSignsOnlyForTheirUnit() throws {
        let d = try DomainLog(units: ["u1", "u2", "u3"], rubric: rubric)
        let f = d.refused { _ = try d.report("u1", "I1", "5") }
        #expect(f == nil)  // u1 for u1: fine
        let g = d.refused {
            _ = try d.emit("IndicatorReported", by: ["u2"], [("unit", s("u1")), ("code", s("I1")), ("value", n("5"))])
        }
        #expect(g?.rule == .authority)
        #expect(g?.message.contains("IndicatorReported for unit u1 must be signed by a representative of u1") == true)
        #expect(g?.message.contains("represents u2 since entry") == true, "\(String(describing: g))")
    }

    @Test func aPledgeNeedsTheUnitAndTheHeadOfItsGroup() throws {
        let d = try DomainLog(units: ["u1", "u2", "u3"], rubric: rubric)
        // The unit alone: the head's countersignature is missing, and named.
        let f = d.refused { try d.pledge("u3", by: ["u3"], targets: [("I1", "90")]) }
        #expect(f?.rule == .authority)
        #expect(
            f?.message.hasPrefix(
                "PledgeSigned for u3 needs the countersignature of u1, head of cum for 2025-01-01 – 2025-12-31 (entry")
                == true, "\(String(describing: f))")
        // The head alone cannot sign for another unit either.
        #expect(
            d.refused { try d.pledge("u3", by: ["u1"], targets: [("I1", "90")]) }?.message.contains(
                "must be signed by a representative of u3") == true)
        #expect(d.refused { try d.pledge("u3", by: ["u3", "u1"], targets: [("I1", "90")]) } == nil)
        // The head's own pledge is countersigned by the deputy.
        #expect(
            d.refused { try d.pledge("u1", by: ["u1"], targets: [("I1", "90")]) }?.message.contains(
                "countersignature of u2, deputy of cum") == true)
        #expect(d.refused { try d.pledge("u1", by: ["u1", "u2"], targets: [("I1", "90")]) } == nil)
    }

    @Test func aHeadCountersignsOnlyDuringTheTerm() throws {
        let d = try DomainLog(units: ["u1", "u2", "u3", "u4"], rubric: nil)
        try d.elect("cum", "u3", deputy: false, from: "2025-01-01", to: "2025-03-31")
        d.clock.set(Timestamp(rfc3339: "2025-02-01T09:00:00+07:00")!)
        #expect(d.refused { try d.pledge("u4", by: ["u4", "u3"], targets: [("I1", "90")]) } == nil)
        d.clock.set(Timestamp(rfc3339: "2025-04-01T09:00:00+07:00")!)
        // After 31/3 the term of u3 is over; u1's (all year) applies again.
        let f = d.refused {
            _ = try d.emit(
                "PledgeSigned", id: "p2", by: ["u4", "u3"],
                [
                    ("movement", s("pt")), ("unit", s("u4")), ("group", s("cum")),
                    ("targets", .array([obj([("code", s("I1")), ("value", n("95"))])])),
                ])
        }
        #expect(
            f?.message.contains("needs the countersignature of u1, head of cum") == true, "\(String(describing: f))")
    }

    @Test func appraisalsAndCouncilEventsNeedTheirRole() throws {
        let d = try DomainLog(units: ["u1", "u2"], rubric: rubric)
        let a = d.refused {
            _ = try d.emit(
                "ScoreAppraised", by: ["council"],
                [
                    ("unit", s("u1")), ("criterion", s("A1")), ("field", s("value")), ("from", n("1")), ("to", n("2")),
                    ("reason", s("x")),
                ])
        }
        #expect(a?.message.hasPrefix("ScoreAppraised must be signed by the appraising body") == true)
        let m = d.refused {
            _ = try d.emit(
                "MovementLaunched", by: ["u1"],
                [
                    ("movement", s("pt2")), ("name", s("x")),
                    ("period", obj([("from", s("2025-01-01")), ("to", s("2025-12-31"))])),
                    (
                        "targets",
                        .array([
                            obj([
                                ("number", n("1")), ("text", s("t")),
                                (
                                    "indicators",
                                    .array([
                                        obj([("code", s("X")), ("name", s("x")), ("unit", s("u")), ("value", n("1"))])
                                    ])
                                ),
                            ])
                        ])
                    ),
                ])
        }
        #expect(
            m?.message.hasPrefix("MovementLaunched must be signed by a council key (role root or council); signed by")
                == true)
        let c = d.refused {
            _ = try d.emit(
                "CommendationAwarded", by: ["noi-vu"],
                [("unit", s("u1")), ("title", s("Giấy khen")), ("decision", s("QĐ 1"))])
        }
        #expect(c?.rule == .authority)
        let v = d.refused {
            _ = try d.emit(
                "ViolationReported", by: ["u2"],
                [("unit", s("u1")), ("level", s("khiển trách")), ("description", s("x"))])
        }
        #expect(
            v?.message.hasPrefix(
                "ViolationReported must be signed by the council, the appraising body or an agency key") == true)
    }

    /// A unit's own report is admitted when one signer is an unrevoked key with role unit
    /// and the unit as scope, on a day the unit exists (its last day yes, its end date
    /// no), and refused otherwise with the rule and the signers named.
    @Test func aUnitsOwnReportNeedsItsRepresentativeWhileTheUnitExists() throws {
        let d = try DomainLog(units: ["u1", "u2"], rubric: rubric)
        func report(_ unit: String, by: [String], at: String) -> EntryFault? {
            d.refused {
                _ = try d.emit(
                    "IndicatorReported", at: at, by: by, [("unit", s(unit)), ("code", s("I1")), ("value", n("5"))])
            }
        }
        // Another unit's key beside the representative's: still the unit's report.
        #expect(report("u1", by: ["u2", "u1"], at: "2025-05-01T08:00:00+07:00") == nil)
        // A key scoped to the unit but with another role is not its representative.
        try d.register("tra", role: "agency", scope: "u1")
        let agency = report("u1", by: ["tra"], at: "2025-05-02T08:00:00+07:00")
        #expect(agency?.rule == .authority)
        #expect(agency?.message.contains("must be signed by a representative of u1") == true)
        let end = try d.emit(
            "UnitEnded", at: "2025-06-01T08:00:00+07:00", by: ["council"],
            [("unit", s("u2")), ("effective", s("2025-07-01")), ("reason", s("Sáp nhập"))])
        // 30/6 23:59 in Vietnam is 16:59 UTC: the unit's last day.
        #expect(report("u2", by: ["u2"], at: "2025-06-30T16:59:59Z") == nil)
        #expect(
            report("u2", by: ["u2"], at: "2025-06-30T17:00:00Z")?.message
                == "unit u2 ended on 2025-07-01 (entry \(end), UnitEnded); it has no successor")
        // The ended unit's key still signs for nobody else, and the other unit still reports.
        #expect(report("u1", by: ["u2"], at: "2025-07-02T08:00:00+07:00")?.rule == .authority)
        #expect(report("u1", by: ["u1"], at: "2025-07-02T08:00:00+07:00") == nil)
    }

    @Test func aRevokedKeySignsNothingAfterItsRevocation() throws {
        let d = try DomainLog(units: ["u1", "u2", "u3"], rubric: rubric)
        let before = try d.report("u3", "I1", "40")
        let rev = try d.emit(
            "KeyRevoked", by: ["council"], [("keyid", s(key("u3").keyID.hex)), ("reason", s("Mất thiết bị"))])
        let f = d.refused { try d.report("u3", "I1", "50") }
        #expect(
            f
                == EntryFault(
                    index: rev + 1, rule: .authority,
                    "key \(key("u3").keyID.short) signed IndicatorReported but was revoked at entry \(rev) (KeyRevoked)"
                ))
        // Its earlier entry still counts.
        #expect(try d.unit("u3").criteria[0].entries.contains(before))
    }

    @Test(arguments: [
        (
            #"{"unit":"u1","code":"I1","value":1e5}"#,
            "IndicatorReported.value is 1e5; write a plain decimal such as 23270.32 (no exponent)"
        ),
        (#"{"unit":"u1","code":"I1"}"#, "IndicatorReported needs \"value\" (a number)"),
        (
            #"{"unit":"u1","code":"I1","value":1,"evidence":[{"sha256":"ABC"}]}"#,
            "IndicatorReported.evidence[0].sha256 must be 64 lowercase hex characters (a SHA-256, e.g. from sha256sum)"
        ),
    ])
    func malformedEventsAreRefusedWithWhatToFix(_ fields: String, _ message: String) throws {
        let d = try DomainLog(units: ["u1", "u2"], rubric: rubric)
        guard case .object(let members) = try JSON.parse(fields) else {
            Issue.record("bad fixture")
            return
        }
        let f = d.refused { _ = try d.emit("IndicatorReported", by: ["u1"], members.map { ($0.key, $0.value) }) }
        #expect(f?.rule == .payload)
        #expect(f?.message == message)
    }

    @Test func unknownTypesUnitsAndGroupsAreNamed() throws {
        let d = try DomainLog(units: ["u1", "u2"], rubric: rubric)
        #expect(
            d.refused { _ = try d.emit("PledgeBroken", by: ["u1"], []) }?.message.hasPrefix(
                "event type PledgeBroken is not in the emulation catalogue") == true)
        #expect(
            d.refused { try d.register("x", role: "unit", scope: "nowhere") }?.message.hasPrefix(
                "KeyRegistered names unit \"nowhere\"") == true)
        #expect(
            d.refused { try d.register("x", role: "boss") }?.message
                == "KeyRegistered role is \"boss\"; use one of root, council, unit, appraiser, agency")
        #expect(
            d.refused { try d.publish(rubric, groups: ["khoi-x"]) }?.message.hasPrefix(
                "RubricPublished names group \"khoi-x\", which no GroupFormed before this entry formed") == true)
    }

    @Test func aRubricWhoseHashOrSumsAreWrongIsRefused() throws {
        let d = try DomainLog(units: ["u1", "u2"], rubric: nil)
        let wrongSum = rubricFile(criteria: [criterion("A1", "assessed", max: "10")], groupMax: "15")
        #expect(
            d.refused { try d.publish(wrongSum, groups: ["cum"]) }?.message
                == "RubricPublished.file.groups[0]: its criteria add up to 10 points but the group's max is 15; make "
                + "them equal"
        )
        let f = d.refused {
            _ = try d.emit(
                "RubricPublished", by: ["council"],
                [
                    ("file", s(Base64.encode(rubric))), ("sha256", s(String(repeating: "0", count: 64))),
                    ("groups", .array([s("cum")])),
                ])
        }
        #expect(f?.message.hasPrefix("RubricPublished.sha256 is 0000") == true)
    }
}
