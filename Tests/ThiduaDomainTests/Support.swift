import Foundation
import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog
import ThiduaSQLite

func key(_ label: String) -> PrivateKey { try! PrivateKey(seed: SHA256.hash(Array("domain-test/\(label)".utf8)).bytes) }

/// JSON helpers for hand-made payloads.
func s(_ v: String) -> JSON { .string(v) }
func n(_ v: String) -> JSON { .number(v) }
func obj(_ m: [(String, JSON)]) -> JSON { .object(m.map { JSON.Member($0.0, $0.1) }) }

/// A small rubric: one group "A" of the given criteria, bands with optional floors.
func rubricFile(
    criteria: [JSON], groupMax: String, bonuses: [JSON] = [], deductions: [JSON] = [],
    floorsApplyTo: String = "criteria",
    tieBreak: [String] = ["criteriaAtMax", "fewerDeductions", "ballot"], bands: [JSON]? = nil, quota: String = "20",
    minBand: String = "xuat-sac", extraGroups: [JSON] = [], extra: [(String, JSON)] = []
) -> [UInt8] {
    let b =
        bands ?? [
            obj([
                ("id", s("xuat-sac")), ("vi", s("Hoàn thành xuất sắc nhiệm vụ")), ("en", s("Excellent")),
                ("minTotal", n("90")), ("floorPercent", n("85")),
            ]),
            obj([
                ("id", s("tot")), ("vi", s("Hoàn thành tốt nhiệm vụ")), ("en", s("Good")), ("minTotal", n("80")),
                ("floorPercent", n("80")),
            ]),
            obj([
                ("id", s("hoan-thanh")), ("vi", s("Hoàn thành nhiệm vụ")), ("en", s("Completed")),
                ("minTotal", n("70")), ("floorPercent", n("70")),
            ]),
            obj([
                ("id", s("khong")), ("vi", s("Không hoàn thành nhiệm vụ")), ("en", s("Not completed")),
                ("minTotal", n("0")),
            ]),
        ]
    return JSONWriter.write(
        obj(
            [
                ("rubric", s("test-rubric")), ("name", s("Bảng điểm thử")), ("version", n("1")),
                ("inForce", obj([("from", s("2025-01-01")), ("to", s("2025-12-31"))])),
                (
                    "groups",
                    .array(
                        [
                            obj([
                                ("id", s("A")), ("name", s("Nhóm A")), ("max", n(groupMax)),
                                ("criteria", .array(criteria)),
                            ])
                        ] + extraGroups)
                ),
                ("bonuses", .array(bonuses)), ("deductions", .array(deductions)), ("bands", .array(b)),
                ("floorsApplyTo", s(floorsApplyTo)), ("tieBreak", .array(tieBreak.map(s))),
                ("provinceFlag", obj([("minBand", s(minBand))])), ("governmentFlag", obj([("quotaPercent", n(quota))])),
            ].filter { m in !extra.contains { $0.0 == m.0 } } + extra))
}

func quantitative(_ id: String, _ indicator: String, max: String) -> JSON {
    obj([
        ("id", s(id)), ("name", s("Tiêu chí \(id)")), ("kind", s("quantitative")), ("indicator", s(indicator)),
        ("max", n(max)),
    ])
}
func criterion(_ id: String, _ kind: String, max: String, perItem: String? = nil) -> JSON {
    var m: [(String, JSON)] = [("id", s(id)), ("name", s("Tiêu chí \(id)")), ("kind", s(kind)), ("max", n(max))]
    if let perItem { m.append(("perItem", n(perItem))) }
    return obj(m)
}
func item(_ id: String, cap: String) -> JSON { obj([("id", s(id)), ("name", s("Khoản \(id)")), ("cap", n(cap))]) }

/// A hand-made emulation log on a temporary SQLite file: a council root key, an
/// appraiser, a movement, one cluster "cum" of the given units (each with a key), the
/// first unit as head and the second as deputy for 2025.
final class DomainLog {
    let dir = TempDir()
    let clock = SteppingClock(start: Timestamp(rfc3339: "2025-01-02T08:00:00+07:00")!, stepMillis: 1)
    let log: Log
    let rules: String
    var counter = 0

    init(
        units: [String], indicators: [(code: String, value: String, direction: String)] = [("I1", "100", "higher")],
        rubric: [UInt8]? = nil, group: String = "cum", rules: String = EmulationRules.current,
        names: [String: String] = [:]
    ) throws {
        self.rules = rules
        let store = try SQLiteStore(path: dir.path("d.db"), create: true)
        log = try Log.create(
            store: store, origin: "test.thidua.vn/domain", logKey: key("log"), rootKeys: [key("council")],
            fields: [.init("rules", .string(rules))], clock: clock, catalog: EmulationRules.catalog)
        try register("noi-vu", role: "appraiser")
        try register("thanh-tra", role: "agency")
        try emit(
            "MovementLaunched", by: ["council"],
            [
                ("movement", s("pt")), ("name", s("Phong trào thử")),
                ("period", obj([("from", s("2025-01-01")), ("to", s("2025-12-31"))])),
                (
                    "targets",
                    .array([
                        obj([
                            ("number", n("1")), ("text", s("Chỉ tiêu thử")),
                            (
                                "indicators",
                                .array(
                                    indicators.map {
                                        obj([
                                            ("code", s($0.code)), ("name", s("Chỉ số \($0.code)")),
                                            ("unit", s("tỷ đồng")), ("value", n($0.value)),
                                            ("direction", s($0.direction)),
                                        ])
                                    })
                            ),
                        ])
                    ])
                ),
            ])
        try emit(
            "GroupFormed", by: ["council"],
            [
                ("group", s(group)), ("kind", s("cluster")), ("name", s("Cụm thi đua thử")),
                ("effective", s("2025-01-01")),
                ("members", .array(units.map { obj([("unit", s($0)), ("name", s(names[$0] ?? "Đơn vị \($0)"))]) })),
            ])
        for u in units { try register(u, role: "unit", scope: u) }
        if units.count >= 2 {
            try elect(group, units[0], deputy: false)
            try elect(group, units[1], deputy: true)
        }
        if let rubric { try publish(rubric, groups: [group]) }
    }

    /// Appends one event signed by the keys of `by` (labels), at the clock's next tick or `at`.
    @discardableResult
    func emit(_ type: String, id: String? = nil, at: String? = nil, by: [String], _ fields: [(String, JSON)]) throws
        -> Int
    {
        counter += 1
        if let at { clock.set(Timestamp(rfc3339: at)!) }
        let bound = rules == EmulationRules.v1 ? nil : log.origin
        let payload = Payload.make(
            type: type, id: id ?? "e\(counter)", issuedAt: "2025-03-01T08:00:00+07:00", log: bound,
            fields: fields.map { JSON.Member($0.0, $0.1) })
        let env = try Envelope.sign(payload: payload, keys: by.map(key))
        return try log.append([env])[0].index
    }

    func register(_ label: String, role: String, scope: String? = nil) throws {
        var f: [(String, JSON)] = [("publicKey", s(key(label).publicKey.base64)), ("role", s(role))]
        if let scope { f.append(("scope", s(scope))) }
        try emit("KeyRegistered", by: ["council"], f)
    }

    func elect(_ group: String, _ unit: String, deputy: Bool, from: String = "2025-01-01", to: String = "2025-12-31")
        throws
    {
        try emit(
            "HeadElected", by: ["council"],
            [
                ("group", s(group)), ("unit", s(unit)), ("role", s(deputy ? "deputy" : "head")),
                ("term", obj([("from", s(from)), ("to", s(to))])),
            ])
    }

    func publish(_ rubric: [UInt8], groups: [String]) throws {
        try emit(
            "RubricPublished", by: ["council"],
            [
                ("file", s(Base64.encode(rubric))), ("sha256", s(Hex.encode(SHA256.hash(rubric).bytes))),
                ("groups", .array(groups.map(s))),
            ])
    }

    @discardableResult
    func report(_ unit: String, _ code: String, _ value: String, at: String? = nil) throws -> Int {
        try emit("IndicatorReported", at: at, by: [unit], [("unit", s(unit)), ("code", s(code)), ("value", n(value))])
    }

    /// Units u1 and u2 under a rubric of one assessed criterion A1 (max 10), a bonus item
    /// `sk` (cap 3) and a deduction item `bc` (cap 2), under `thidua-emulation/1`, which
    /// lets an item the rubric lacks into the log (the projection leaves it out, with a
    /// finding).
    static func withAdjustmentItems() throws -> DomainLog {
        try DomainLog(
            units: ["u1", "u2"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10",
                bonuses: [item("sk", cap: "3")], deductions: [item("bc", cap: "2")]),
            rules: EmulationRules.v1)
    }

    /// A `SelfScoreSubmitted` of `unit`'s `points` for one criterion.
    @discardableResult
    func selfScore(_ unit: String, _ criterion: String, _ points: String, id: String? = nil) throws -> Int {
        try emit(
            "SelfScoreSubmitted", id: id, by: [unit],
            [("unit", s(unit)), ("scores", .array([obj([("criterion", s(criterion)), ("points", n(points))])]))])
    }

    /// A `BonusAwarded` or `DeductionApplied` of `points` under `item`.
    @discardableResult
    func adjust(_ type: String, _ unit: String, _ item: String, _ points: String, _ reason: String, by: String)
        throws -> Int
    {
        try emit(type, by: [by], [("unit", s(unit)), ("item", s(item)), ("points", n(points)), ("reason", s(reason))])
    }

    @discardableResult
    func pledge(_ unit: String, by: [String], targets: [(String, String)], group: String = "cum") throws -> Int {
        try emit(
            "PledgeSigned", by: by,
            [
                ("movement", s("pt")), ("unit", s(unit)), ("group", s(group)),
                ("targets", .array(targets.map { obj([("code", s($0.0)), ("value", n($0.1))]) })),
            ])
    }

    /// Unit names as the log has them.
    var names: [String: String] { (try? standings().unitNames) ?? [:] }

    func standings(size: Int? = nil, until: Timestamp? = nil) throws -> Standings {
        Standings(try Ledger.replay(log, size: size, until: until))
    }

    /// The standing of `unit` in the first group.
    func unit(_ u: String) throws -> UnitStanding {
        try #require(try standings().groups.first?.units.first { $0.unit == u })
    }

    /// The fault of an append that must be refused.
    func refused(_ body: () throws -> Void) -> EntryFault? {
        do {
            try body()
            return nil
        } catch let e as AppendError { return e.fault } catch { return nil }
    }
}
