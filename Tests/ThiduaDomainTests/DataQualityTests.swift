import Testing
import ThiduaDomain
import ThiduaLog

@Suite struct DataQualityTests {
    @Test func theSeedLettersTreePartsDoNotAddUp() throws {
        // Công văn 1908/UBND-KSTT: 3.868.370 trees, of which 170.690 + 3.697.370 = 3.868.060.
        let d = try DomainLog(units: ["u1", "u2"])
        let e = try d.emit("MovementLaunched", by: ["council"], [
            ("movement", s("cv-1908")), ("name", s("Công văn 1908")), ("period", obj([("from", s("2024-04-24")), ("to", s("2025-12-31"))])),
            ("targets", .array([obj([("number", n("3")), ("text", s("Trồng cây xanh")), ("indicators", .array([
                obj([("code", s("P03")), ("name", s("Cây xanh")), ("unit", s("cây")), ("value", n("3868370")), ("parts", .array([s("P03a"), s("P03b")]))]),
                obj([("code", s("P03a")), ("name", s("Phân tán")), ("unit", s("cây")), ("value", n("170690"))]),
                obj([("code", s("P03b")), ("name", s("Tập trung")), ("unit", s("cây")), ("value", n("3697370"))]),
            ]))])])),
        ])
        let w = try d.standings().warnings
        #expect(w.contains(Warning(entry: e,
            vi: "chỉ tiêu P03 (Cây xanh): 170.690 + 3.697.370 = 3.868.060, không bằng tổng 3.868.370 cây (lệch 310)",
            en: "indicator P03 (Cây xanh): 170,690 + 3,697,370 = 3,868,060, not the total 3,868,370 cây (off by 310)")))
    }

    @Test func valuesFarFromTheirTargetAreFlagged() throws {
        let d = try DomainLog(units: ["u1", "u2"], indicators: [("I1", "8450", "higher"), ("P", "80", "higher")])
        let far = try d.report("u1", "I1", "8612000")  // reported in triệu đồng instead of tỷ đồng
        let fine = try d.report("u2", "I1", "8612")
        let w = try d.standings().warnings
        #expect(w.contains { $0.entry == far && $0.en.contains("1,019.17× its target 8,450: check the unit of measure") })
        #expect(!w.contains { $0.entry == fine })
    }
}
