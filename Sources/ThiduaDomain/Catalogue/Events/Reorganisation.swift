import ThiduaLog

/// The parts of a unit's history a reorganisation can carry to another unit. The council
/// states them for each unit it merges or splits; what it does not state stays with the
/// unit that ended (Projections/README.md, "Reorganisations").
public enum FactKind: String, CaseIterable, Sendable, Comparable, Codable {
    /// Its emulation pledge: the targets it registered.
    case pledge
    /// Its indicator values (`IndicatorReported`, appraised values).
    case indicators
    /// Its completed tasks (`TaskCompleted`, appraised done and counts).
    case tasks
    /// Its self scores, appraised points, explanations and added evidence.
    case scores
    /// Its bonuses and deductions.
    case adjustments
    /// Reported violations (kỷ luật).
    case violations

    /// The words of the `facts` field: each kind, and `all`.
    static let words = allCases.map(\.rawValue) + ["all"]

    public static func < (a: FactKind, b: FactKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Reads a `facts` list: kinds, or `all`; an empty list carries nothing.
    static func read(_ f: Fields, _ k: String) throws(DomainError) -> Set<FactKind> {
        var out: Set<FactKind> = []
        for (i, w) in try f.strings(k).enumerated() {
            if w == "all" {
                out.formUnion(allCases)
            } else if let kind = FactKind(rawValue: w) {
                out.insert(kind)
            } else {
                let hint = Fields.closest(w, among: words).map { "; did you mean \($0)?" } ?? ""
                throw DomainError(
                    .invalidField, "\(f.path).\(k)[\(i)]",
                    "\(f.path).\(k)[\(i)] is \"\(w.prefix(40))\"\(hint) (use some of: \(words.joined(separator: ", ")))"
                )
            }
        }
        return out
    }

    static func json(_ facts: Set<FactKind>) -> JSON {
        facts == Set(allCases) ? ["all"] : facts.sorted().map(\.rawValue).json
    }

    static let spec = FieldSpec(
        "facts", .list(.choice(words)),
        vi: "phần lịch sử được kế thừa: pledge (giao ước), indicators (số liệu chỉ tiêu), tasks (nhiệm vụ), "
            + "scores (điểm tự chấm, thẩm định), adjustments (điểm cộng, trừ), violations (vi phạm), all (tất cả); "
            + "[] là không kế thừa",
        en: "what history carries: pledge, indicators, tasks, scores, adjustments, violations, or all; [] for none")
}

/// Checks that at most one unit carries `pledge` and `indicators` into a unit: two
/// pledges or two sets of figures for one unit would be ambiguous.
private func checkSingleSources(_ carries: [(unit: String, facts: Set<FactKind>)], into: String, path: String)
    throws(DomainError)
{
    for kind in [FactKind.pledge, .indicators] {
        let from = carries.filter { $0.facts.contains(kind) }.map(\.unit)
        guard from.count <= 1 else {
            throw DomainError(
                .inconsistent, path,
                "\(path): \(kind.rawValue) of \(from.joined(separator: " and ")) would both carry to \(into); a unit "
                    + "has one \(kind == .pledge ? "pledge" : "set of figures"), so name one of them (the new unit "
                    + "reports its own consolidated figures)")
        }
    }
}

/// Units merged into one (many → one) on a date: into a new unit (with its name) or into
/// an existing one. The merged units end; `carry` states, for each, what of its history
/// the unit it went into takes over (nothing, unless stated).
public struct UnitsMerged: CatalogueEvent, Hashable {
    public static let type = "UnitsMerged"
    public static let fields = [
        FieldSpec(
            "units", .objects(Member.fields),
            vi: "các đơn vị được sáp nhập (kết thúc); tên chỉ ghi cho đơn vị sổ chưa theo dõi",
            en: "the units merged (they end); a name only for a unit the log has not tracked"),
        FieldSpec(
            "into", .object(Member.fields),
            vi: "đơn vị sau sáp nhập: mới (có tên) hoặc đã có",
            en: "the unit they go into: new (with a name) or existing"
        ),
        FieldSpec(
            "carry",
            .objects([FieldSpec("from", .id, vi: "đơn vị được sáp nhập", en: "a merged unit"), FactKind.spec]),
            required: false, vi: "kế thừa lịch sử (không nêu: không kế thừa)",
            en: "what history each merged unit carries (unstated: none)"),
        .effective,
        FieldSpec(
            "reason", .text, required: false, vi: "căn cứ (nghị quyết, quyết định)",
            en: "why (the resolution or decision)"),
    ]
    public let units: [Member]
    public let into: Member
    /// For each merged unit that carries something: what.
    public let carry: [String: Set<FactKind>]
    public let effective: String
    public let reason: String?

    public init(
        units: [Member], into: Member, carry: [String: Set<FactKind>] = [:], effective: String, reason: String? = nil
    ) {
        self.units = units
        self.into = into
        self.carry = carry
        self.effective = effective
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        var ms: [Member] = []
        for m in try f.array("units") { ms.append(try Member(m)) }
        let list = ms.map(\.unit)
        guard Set(list).count == list.count else {
            throw DomainError(.inconsistent, "\(f.path).units", "\(f.path).units names a unit twice")
        }
        units = ms
        into = try Member(try f.object("into"))
        guard !list.contains(into.unit) else {
            throw DomainError(
                .inconsistent, "\(f.path).into", "\(f.path): \(into.unit) cannot be merged into itself")
        }
        var c: [String: Set<FactKind>] = [:]
        var order: [(unit: String, facts: Set<FactKind>)] = []
        for x in try f.optArray("carry") {
            let from = try x.id("from")
            guard list.contains(from) else {
                throw DomainError(
                    .inconsistent, "\(x.path).from",
                    "\(x.path).from \"\(from)\" is not one of the merged units (\(list.joined(separator: ", ")))")
            }
            guard c[from] == nil else {
                throw DomainError(.inconsistent, "\(x.path).from", "\(x.path).from names \(from) a second time")
            }
            let facts = try FactKind.read(x, "facts")
            c[from] = facts
            order.append((from, facts))
        }
        try checkSingleSources(order, into: into.unit, path: "\(f.path).carry")
        carry = c
        effective = try f.date("effective")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "units": .array(units.map(\.json)), "into": into.json,
            "carry": carry.isEmpty
                ? nil
                : .some(
                    .array(
                        units.compactMap { m in
                            carry[m.unit].map { ["from": m.unit.json, "facts": FactKind.json($0)] }
                        })),
            "effective": effective.json, "reason": reason.json,
        ])
    }
}

/// A unit split into several (one → many) on a date, each new or existing. The unit ends;
/// `carry` states what of its history each successor takes over (nothing, unless stated).
public struct UnitSplit: CatalogueEvent, Hashable {
    public static let type = "UnitSplit"
    public static let fields = [
        FieldSpec("unit", .id, vi: "đơn vị được chia tách (kết thúc)", en: "the unit split (it ends)"),
        FieldSpec(
            "into", .objects(Member.fields), vi: "các đơn vị sau chia tách: mới (có tên) hoặc đã có",
            en: "the units it splits into: new (with a name) or existing"),
        FieldSpec(
            "carry", .objects([FieldSpec("to", .id, vi: "đơn vị sau chia tách", en: "a successor"), FactKind.spec]),
            required: false, vi: "kế thừa lịch sử (không nêu: không kế thừa)",
            en: "what history each successor carries (unstated: none)"),
        .effective,
        FieldSpec(
            "reason", .text, required: false, vi: "căn cứ (nghị quyết, quyết định)",
            en: "why (the resolution or decision)"),
    ]
    public let unit: String
    public let into: [Member]
    public let carry: [String: Set<FactKind>]
    public let effective: String
    public let reason: String?

    public init(
        unit: String, into: [Member], carry: [String: Set<FactKind>] = [:], effective: String, reason: String? = nil
    ) {
        self.unit = unit
        self.into = into
        self.carry = carry
        self.effective = effective
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        var ms: [Member] = []
        for m in try f.array("into") { ms.append(try Member(m)) }
        guard ms.count >= 2 else {
            throw DomainError(
                .inconsistent, "\(f.path).into",
                "\(f.path).into: a split has at least two successors (for one, use UnitsMerged or UnitRenamed)")
        }
        guard Set(ms.map(\.unit)).count == ms.count else {
            throw DomainError(.inconsistent, "\(f.path).into", "\(f.path).into names a unit twice")
        }
        let me = unit
        guard !ms.contains(where: { $0.unit == me }) else {
            throw DomainError(.inconsistent, "\(f.path).into", "\(f.path): a unit cannot split into itself")
        }
        into = ms
        var c: [String: Set<FactKind>] = [:]
        for x in try f.optArray("carry") {
            let to = try x.id("to")
            guard ms.contains(where: { $0.unit == to }) else {
                throw DomainError(
                    .inconsistent, "\(x.path).to",
                    "\(x.path).to \"\(to)\" is not one of the successors (\(ms.map(\.unit).joined(separator: ", ")))")
            }
            guard c[to] == nil else {
                throw DomainError(.inconsistent, "\(x.path).to", "\(x.path).to names \(to) a second time")
            }
            c[to] = try FactKind.read(x, "facts")
        }
        carry = c
        effective = try f.date("effective")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "unit": unit.json, "into": .array(into.map(\.json)),
            "carry": carry.isEmpty
                ? nil
                : .some(
                    .array(
                        into.compactMap { m in carry[m.unit].map { ["to": m.unit.json, "facts": FactKind.json($0)] } })
                ),
            "effective": effective.json, "reason": reason.json,
        ])
    }
}

/// A unit renamed from a date: the same unit (same id, same history), a new name.
public struct UnitRenamed: CatalogueEvent, Hashable {
    public static let type = "UnitRenamed"
    public static let fields = [
        FieldSpec.unit, FieldSpec("name", .text, vi: "tên mới", en: "the new name"), .effective,
        FieldSpec(
            "reason", .text, required: false, vi: "căn cứ (nghị quyết, quyết định)",
            en: "why (the resolution or decision)"),
    ]
    public let unit: String
    public let name: String
    public let effective: String
    public let reason: String?

    public init(unit: String, name: String, effective: String, reason: String? = nil) {
        self.unit = unit
        self.name = name
        self.effective = effective
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        name = try f.string("name")
        effective = try f.date("effective")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "name": name.json, "effective": effective.json, "reason": reason.json])
    }
}

/// A unit that ends on a date without a successor (the district level on 01/07/2025): it
/// leaves its groups; its history stays its own.
public struct UnitEnded: CatalogueEvent, Hashable {
    public static let type = "UnitEnded"
    public static let fields = [
        FieldSpec("unit", .id, vi: "đơn vị kết thúc hoạt động", en: "the unit that ends"), .effective,
        FieldSpec(
            "reason", .text, required: false, vi: "căn cứ (luật, nghị quyết, quyết định)",
            en: "why (the law, resolution or decision)"),
    ]
    public let unit: String
    public let effective: String
    public let reason: String?

    public init(unit: String, effective: String, reason: String? = nil) {
        self.unit = unit
        self.effective = effective
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        effective = try f.date("effective")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "effective": effective.json, "reason": reason.json])
    }
}

/// A unit replaced by others (e.g. Điện Biên Phủ city by wards on 01/07/2025). History,
/// pledge and scores carry over to `carryTo`, explicitly; other successors start anew.
public struct UnitSucceeded: CatalogueEvent, Hashable {
    public static let type = "UnitSucceeded"
    public static let fields = [
        FieldSpec("unit", .id, vi: "đơn vị kết thúc", en: "the unit that ends"),
        FieldSpec(
            "successors", .objects(Member.fields), vi: "các đơn vị kế tiếp (đơn vị mới)",
            en: "its successors (new units)"),
        FieldSpec(
            "carryTo", .id, vi: "đơn vị kế thừa lịch sử, cam kết và điểm",
            en: "the successor that carries its history, pledge and scores"),
        .effective,
        FieldSpec(
            "reason", .text, required: false, vi: "căn cứ (nghị quyết, quyết định)",
            en: "why (the resolution or decision)"),
    ]
    public let unit: String
    public let successors: [Member]
    public let carryTo: String
    public let effective: String
    public let reason: String?

    public init(unit: String, successors: [Member], carryTo: String, effective: String, reason: String? = nil) {
        self.unit = unit
        self.successors = successors
        self.carryTo = carryTo
        self.effective = effective
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        var ss: [Member] = []
        for m in try f.array("successors") { ss.append(try Member(m)) }
        successors = ss
        let carry = try f.id("carryTo")
        let me = unit
        carryTo = carry
        guard ss.contains(where: { $0.unit == carry }) else {
            throw DomainError(
                .inconsistent, "\(f.path).carryTo", "\(f.path).carryTo \"\(carry)\" is not one of its successors")
        }
        guard !ss.contains(where: { $0.unit == me }) else {
            throw DomainError(.inconsistent, "\(f.path).successors", "\(f.path): a unit cannot succeed itself")
        }
        effective = try f.date("effective")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "unit": unit.json, "successors": .array(successors.map(\.json)), "carryTo": carryTo.json,
            "effective": effective.json, "reason": reason.json,
        ])
    }
}
