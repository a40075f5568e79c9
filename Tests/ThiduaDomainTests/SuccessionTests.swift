import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog

/// The 2025 reorganisation: a unit succeeded mid-year; its history carries over explicitly.
@Suite struct SuccessionTests {
    @Test func historyCarriesToTheNamedSuccessorAndTheOldKeyStops() throws {
        let d = try DomainLog(
            units: ["x", "y", "tp"], rubric: rubricFile(criteria: [quantitative("A1", "I1", max: "10")], groupMax: "10")
        )
        let pledge = try d.pledge("tp", by: ["tp", "x"], targets: [("I1", "80")])
        try d.report("tp", "I1", "60", at: "2025-05-01T08:00:00+07:00")
        let s1 = try d.emit(
            "UnitSucceeded", at: "2025-07-01T08:00:00+07:00", by: ["council"],
            [
                ("unit", s("tp")),
                (
                    "successors",
                    .array([
                        obj([("unit", s("p-a")), ("name", s("Phường A"))]),
                        obj([("unit", s("p-b")), ("name", s("Phường B"))]),
                    ])
                ),
                ("carryTo", s("p-a")), ("effective", s("2025-07-01")),
            ])
        try d.register("p-a", role: "unit", scope: "p-a")
        // The old unit's key, not revoked, still cannot sign for a unit that has ended.
        let f = d.refused { try d.report("tp", "I1", "70") }
        #expect(
            f?.message
                == "unit tp ended on 2025-07-01 (entry \(s1), UnitSucceeded); sign for one of its successors p-a, p-b "
                + "instead"
        )
        let late = try d.report("p-a", "I1", "90")
        let st = try d.standings()
        let g = st.groups[0]
        #expect(!g.units.contains { $0.unit == "tp" })
        let pa = try #require(g.units.first { $0.unit == "p-a" })
        #expect(pa.lineage == ["tp", "p-a"])
        // Target 80 from tp's pledge, value 90 from p-a: r = 1.125, the best → 10.
        #expect(pa.total.description == "10.00")
        #expect(pa.criteria[0].entries.contains(pledge) && pa.criteria[0].entries.contains(late))
        #expect(
            Report(st, lang: .vi).explain(unit: "p-a")?.contains(
                "Hình thành từ Đơn vị tp từ 01/07/2025 (bản ghi \(s1)); kế thừa toàn bộ lịch sử của Đơn vị tp") == true)
        // Before the succession, tp is ranked with its own value (60 of 80: 3.75).
        let before = try d.standings(size: s1)
        #expect(before.groups[0].units.first { $0.unit == "tp" }?.total.description == "3.75")
        // The other successor is a new unit, not silently given tp's history.
        #expect(try d.standings().unitNames["p-b"] == "Phường B")
        #expect(!g.units.contains { $0.unit == "p-b" })
    }
}
