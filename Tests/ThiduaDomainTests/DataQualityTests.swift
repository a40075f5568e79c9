import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog

@Suite struct DataQualityTests {
    @Test func theSeedLettersTreePartsDoNotAddUp() throws {
        // Công văn 1908/UBND-KSTT: 3.868.370 trees, of which 170.690 + 3.697.370 = 3.868.060.
        let d = try DomainLog(units: ["u1", "u2"])
        let e = try d.emit(
            "MovementLaunched", by: ["council"],
            [
                ("movement", s("cv-1908")), ("name", s("Công văn 1908")),
                ("period", obj([("from", s("2024-04-24")), ("to", s("2025-12-31"))])),
                (
                    "targets",
                    .array([
                        obj([
                            ("number", n("3")), ("text", s("Trồng cây xanh")),
                            (
                                "indicators",
                                .array([
                                    obj([
                                        ("code", s("P03")), ("name", s("Cây xanh")), ("unit", s("cây")),
                                        ("value", n("3868370")), ("parts", .array([s("P03a"), s("P03b")])),
                                    ]),
                                    obj([
                                        ("code", s("P03a")), ("name", s("Phân tán")), ("unit", s("cây")),
                                        ("value", n("170690")),
                                    ]),
                                    obj([
                                        ("code", s("P03b")), ("name", s("Tập trung")), ("unit", s("cây")),
                                        ("value", n("3697370")),
                                    ]),
                                ])
                            ),
                        ])
                    ])
                ),
            ])
        let w = try d.standings().warnings
        let found = Finding.partsDoNotAddUp(
            code: "P03", name: "Cây xanh", unitOfMeasure: "cây", parts: [Fraction(170_690), Fraction(3_697_370)],
            sum: Fraction(3_868_060), total: Fraction(3_868_370))
        #expect(w.contains(Warning(entry: e, found)))
        // Worded once, in the reports' layer.
        #expect(
            Wording(.vi).finding(found)
                == "chỉ tiêu P03 (Cây xanh): 170.690 + 3.697.370 = 3.868.060, không bằng tổng 3.868.370 cây (lệch 310)")
        #expect(
            Wording(.en).finding(found)
                == "indicator P03 (Cây xanh): 170,690 + 3,697,370 = 3,868,060, not the total 3,868,370 cây (off by 310)"
        )
    }

    @Test func valuesFarFromTheirTargetAreFlagged() throws {
        let d = try DomainLog(units: ["u1", "u2"], indicators: [("I1", "8450", "higher"), ("P", "80", "higher")])
        let far = try d.report("u1", "I1", "8612000")  // reported in triệu đồng instead of tỷ đồng
        let fine = try d.report("u2", "I1", "8612")
        let w = try d.standings().warnings
        let flagged = try #require(w.first { $0.entry == far })
        guard case .reportedFarFromTarget(let unit, let code, let value, _, let ratio, let target) = flagged.finding
        else {
            Issue.record("expected a far-from-target finding, got \(flagged.finding)")
            return
        }
        #expect(unit == "u1" && code == "I1" && value == Fraction(8_612_000) && target == Fraction(8450))
        #expect(ratio.decimalText(maxPlaces: 2) == "1019.17")
        #expect(
            Wording(.en).finding(flagged.finding).hasSuffix("1,019.17× its target 8,450: check the unit of measure"))
        #expect(!w.contains { $0.entry == fine })
    }
}
