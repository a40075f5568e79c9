import ThiduaLog

/// A unit named in an event: its id and, where the event introduces it, its name.
public struct Member: Hashable, Sendable {
    public let unit: String
    public let name: String?

    public init(unit: String, name: String? = nil) {
        self.unit = unit
        self.name = name
    }

    static let fields = [
        FieldSpec("unit", .id, vi: "mã đơn vị", en: "the unit's id"),
        FieldSpec("name", .text, required: false, vi: "tên đơn vị", en: "the unit's name"),
    ]

    init(_ m: Fields) throws(DomainError) {
        unit = try m.id("unit")
        name = try m.optString("name")
    }

    var json: JSON { .object(JSON.members(["unit": unit.json, "name": name.json])) }
}

/// A cluster (cụm) or bloc (khối) formed by the People's Committee.
public struct GroupFormed: CatalogueEvent, Hashable {
    public static let type = "GroupFormed"
    public enum Kind: String, Sendable, Codable { case cluster, bloc }
    public static let fields = [
        FieldSpec.group,
        FieldSpec(
            "kind", .choice(["cluster", "bloc"]), vi: "cluster: cụm (theo địa bàn); bloc: khối (theo chức năng)",
            en: "cluster (territorial) or bloc (by function)"),
        FieldSpec("name", .text, vi: "tên cụm, khối", en: "its name"),
        .effective,
        FieldSpec("members", .objects(Member.fields), vi: "các đơn vị thành viên", en: "its member units"),
    ]
    public let group: String
    public let kind: Kind
    public let name: String
    public let effective: String
    public let members: [Member]

    public init(group: String, kind: Kind, name: String, effective: String, members: [Member]) {
        self.group = group
        self.kind = kind
        self.name = name
        self.effective = effective
        self.members = members
    }

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        kind = try f.oneOf("kind", ["cluster", "bloc"]) == "bloc" ? .bloc : .cluster
        name = try f.string("name")
        effective = try f.date("effective")
        var ms: [Member] = []
        for m in try f.array("members") { ms.append(try Member(m)) }
        guard Set(ms.map(\.unit)).count == ms.count else {
            throw DomainError(.inconsistent, "\(f.path).members", "\(f.path).members names a unit twice")
        }
        members = ms
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "group": group.json, "kind": kind.rawValue.json, "name": name.json, "effective": effective.json,
            "members": .array(members.map(\.json)),
        ])
    }
}

/// A unit joining or leaving a group from a date.
public struct MembershipChanged: CatalogueEvent, Hashable {
    public static let type = "MembershipChanged"
    public static let fields = [
        FieldSpec.group, FieldSpec.unit,
        FieldSpec(
            "name", .text, required: false, vi: "tên đơn vị (khi đơn vị mới được giới thiệu)",
            en: "the unit's name (when it is new)"),
        FieldSpec(
            "change", .choice(["joined", "left"]), vi: "joined: vào cụm/khối; left: ra khỏi", en: "joined or left"),
        .effective,
    ]
    public let group: String
    public let unit: String
    public let name: String?
    public let joined: Bool
    public let effective: String

    public init(group: String, unit: String, name: String? = nil, joined: Bool, effective: String) {
        self.group = group
        self.unit = unit
        self.name = name
        self.joined = joined
        self.effective = effective
    }

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        unit = try f.id("unit")
        name = try f.optString("name")
        joined = try f.oneOf("change", ["joined", "left"]) == "joined"
        effective = try f.date("effective")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "group": group.json, "unit": unit.json, "name": name.json, "change": (joined ? "joined" : "left"),
            "effective": effective.json,
        ])
    }
}

/// Head (trưởng cụm/khối) or deputy elected for a term.
public struct HeadElected: CatalogueEvent, Hashable {
    public static let type = "HeadElected"
    public static let fields = [
        FieldSpec.group,
        FieldSpec("unit", .id, vi: "đơn vị được bầu (thành viên của cụm/khối)", en: "the unit elected (a member)"),
        FieldSpec("role", .choice(["head", "deputy"]), vi: "head: trưởng; deputy: phó", en: "head or deputy"),
        FieldSpec(
            "term",
            .object([
                FieldSpec("from", .date, vi: "từ ngày", en: "from"), FieldSpec("to", .date, vi: "đến ngày", en: "to"),
            ]),
            vi: "nhiệm kỳ", en: "the term"),
    ]
    public let group: String
    public let unit: String
    public let deputy: Bool
    public let term: DateSpan

    public init(group: String, unit: String, deputy: Bool, term: DateSpan) {
        self.group = group
        self.unit = unit
        self.deputy = deputy
        self.term = term
    }

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        unit = try f.id("unit")
        deputy = try f.oneOf("role", ["head", "deputy"]) == "deputy"
        let t = try f.object("term")
        term = DateSpan(from: try t.date("from"), to: try t.date("to"))
        guard let end = term.to, term.from <= end else {
            throw DomainError(.inconsistent, t.path, "\(t.path) ends before it starts")
        }
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "group": group.json, "unit": unit.json, "role": (deputy ? "deputy" : "head"),
            "term": ["from": term.from.json, "to": term.to.json ?? nil],
        ])
    }
}
