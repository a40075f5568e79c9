import ThiduaLog

/// A document behind a report: its SHA-256 and name (the document itself stays outside the log).
public struct Evidence: Hashable, Sendable {
    public let sha256: String
    public let name: String?

    public init(sha256: String, name: String? = nil) {
        self.sha256 = sha256
        self.name = name
    }

    static func read(_ f: Fields) throws(DomainError) -> [Evidence] { try read(list: try f.optArray("evidence")) }

    static func read(list: [Fields]) throws(DomainError) -> [Evidence] {
        var out: [Evidence] = []
        for e in list { out.append(Evidence(sha256: try e.sha256("sha256"), name: try e.optString("name"))) }
        return out
    }

    static func json(_ list: [Evidence]) -> JSON? {
        list.isEmpty
            ? nil : .array(list.map { .object(JSON.members(["sha256": $0.sha256.json, "name": $0.name.json])) })
    }
}

public struct PledgedTarget: Hashable, Sendable {
    public let code: String
    public let value: Fraction
    /// For an indicator the movement does not define.
    public let name: String?
    public let unit: String?
    public let direction: Indicator.Direction?

    public init(
        code: String, value: Fraction, name: String? = nil, unit: String? = nil, direction: Indicator.Direction? = nil
    ) {
        self.code = code
        self.value = value
        self.name = name
        self.unit = unit
        self.direction = direction
    }
}

/// The emulation pledge (giao ước thi đua): targets and titles a unit aims for, signed by
/// its representative and countersigned by the head of its group.
public struct PledgeSigned: CatalogueEvent, Hashable {
    public static let type = "PledgeSigned"
    public static let fields = [
        FieldSpec("movement", .id, vi: "mã phong trào", en: "the movement's id"),
        FieldSpec.unit, FieldSpec.group,
        FieldSpec(
            "targets",
            .objects([
                FieldSpec("code", .id, vi: "mã chỉ tiêu", en: "the indicator's code"),
                FieldSpec("value", .decimal(.value), vi: "giá trị đơn vị cam kết", en: "the value the unit pledges"),
                FieldSpec(
                    "name", .text, required: false, vi: "tên (chỉ tiêu phong trào không có)",
                    en: "its name (for a code no movement defines)"),
                FieldSpec(
                    "unit", .text, required: false, vi: "đơn vị tính (chỉ tiêu phong trào không có)",
                    en: "its unit of measure (likewise)"),
                FieldSpec(
                    "direction", .choice(["higher", "lower"]), required: false, vi: "higher hoặc lower",
                    en: "higher or lower"),
            ]), vi: "các chỉ tiêu cam kết", en: "the targets pledged"),
        FieldSpec("titles", .list(.text), required: false, vi: "danh hiệu đăng ký", en: "the titles it aims for"),
    ]
    public let movement: String
    public let unit: String
    public let group: String
    public let targets: [PledgedTarget]
    public let titles: [String]

    public init(movement: String, unit: String, group: String, targets: [PledgedTarget], titles: [String] = []) {
        self.movement = movement
        self.unit = unit
        self.group = group
        self.targets = targets
        self.titles = titles
    }

    init(_ f: Fields) throws(DomainError) {
        movement = try f.id("movement")
        unit = try f.id("unit")
        group = try f.id("group")
        var ts: [PledgedTarget] = []
        for t in try f.array("targets") {
            let dir: Indicator.Direction? =
                t.has("direction")
                ? (try t.oneOf("direction", ["higher", "lower"]) == "lower" ? .lower : .higher) : nil
            ts.append(
                PledgedTarget(
                    code: try t.id("code"), value: try t.decimal("value", .value), name: try t.optString("name"),
                    unit: try t.optString("unit"), direction: dir))
        }
        guard Set(ts.map(\.code)).count == ts.count else {
            throw DomainError(.inconsistent, "\(f.path).targets", "\(f.path).targets names a code twice")
        }
        targets = ts
        titles = try f.strings("titles")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "movement": movement.json, "unit": unit.json, "group": group.json,
            "targets": .array(
                targets.map { t in
                    .object(
                        JSON.members([
                            "code": t.code.json, "value": t.value.json, "name": t.name.json, "unit": t.unit.json,
                            "direction": t.direction.map { $0.rawValue.json },
                        ]))
                }),
            "titles": titles.isEmpty ? nil : .some(titles.json),
        ])
    }
}

/// A unit's value of an indicator, year to date (the latest report counts).
public struct IndicatorReported: CatalogueEvent, Hashable {
    public static let type = "IndicatorReported"
    public static let fields = [
        FieldSpec.unit,
        FieldSpec("code", .id, vi: "mã chỉ tiêu (ví dụ CT01)", en: "the indicator's code (e.g. CT01)"),
        FieldSpec("value", .decimal(.value), vi: "giá trị thực hiện lũy kế đến nay", en: "the value so far this year"),
        FieldSpec("asOf", .date, required: false, vi: "số liệu tính đến ngày", en: "the date the figure is as of"),
        FieldSpec.evidence,
    ]
    public let unit: String
    public let code: String
    public let value: Fraction
    public let asOf: String?
    public let evidence: [Evidence]

    public init(unit: String, code: String, value: Fraction, asOf: String? = nil, evidence: [Evidence] = []) {
        self.unit = unit
        self.code = code
        self.value = value
        self.asOf = asOf
        self.evidence = evidence
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        code = try f.id("code")
        value = try f.decimal("value", .value)
        asOf = try f.optDate("asOf")
        evidence = try Evidence.read(f)
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "unit": unit.json, "code": code.json, "value": value.json, "asOf": asOf.json,
            "evidence": Evidence.json(evidence),
        ])
    }
}

/// A task of a pass/fail or count criterion done (`count` items, default 1).
public struct TaskCompleted: CatalogueEvent, Hashable {
    public static let type = "TaskCompleted"
    public static let fields = [
        FieldSpec.unit, FieldSpec.criterion,
        FieldSpec(
            "count", .integer(IntRange.count), required: false, vi: "số lượng (mặc định 1)",
            en: "how many items (default 1)"),
        FieldSpec("note", .text, required: false, vi: "ghi chú", en: "a note"),
        FieldSpec.evidence,
    ]
    public let unit: String
    public let criterion: String
    public let count: Int
    public let note: String?
    public let evidence: [Evidence]

    public init(unit: String, criterion: String, count: Int = 1, note: String? = nil, evidence: [Evidence] = []) {
        self.unit = unit
        self.criterion = criterion
        self.count = count
        self.note = note
        self.evidence = evidence
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        criterion = try f.id("criterion")
        count = f.has("count") ? try f.int("count", IntRange.count) : 1
        guard count >= 1 else {
            throw DomainError(.outOfRange, "\(f.path).count", "\(f.path).count must be at least 1")
        }
        note = try f.optString("note")
        evidence = try Evidence.read(f)
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "unit": unit.json, "criterion": criterion.json, "count": count == 1 ? nil : .some(count.json),
            "note": note.json,
            "evidence": Evidence.json(evidence),
        ])
    }
}

/// The unit's own score (tự chấm) of assessed criteria.
public struct SelfScoreSubmitted: CatalogueEvent, Hashable {
    public static let type = "SelfScoreSubmitted"
    public static let fields = [
        FieldSpec.unit,
        FieldSpec(
            "scores",
            .objects([
                FieldSpec.criterion,
                FieldSpec("points", .decimal(.points), vi: "số điểm tự chấm", en: "the points the unit gives itself"),
            ]), vi: "điểm tự chấm từng tiêu chí", en: "the points of each criterion"),
    ]
    public let unit: String
    public let scores: [String: Fraction]

    public init(unit: String, scores: [String: Fraction]) {
        self.unit = unit
        self.scores = scores
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        let items = try f.array("scores")
        var s = [String: Fraction](minimumCapacity: items.count)
        for c in items {
            let id = try c.id("criterion")
            guard s[id] == nil else { throw DomainError(.inconsistent, c.path, "\(c.path) scores \(id) twice") }
            s[id] = try c.decimal("points", .points)
        }
        scores = s
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "unit": unit.json,
            "scores": .array(
                scores.sorted { $0.key < $1.key }.map { ["criterion": $0.key.json, "points": $0.value.json] }),
        ])
    }
}

/// A unit's explanation (giải trình) of an appraisal.
public struct ExplanationSubmitted: CatalogueEvent, Hashable {
    public static let type = "ExplanationSubmitted"
    public static let fields = [
        FieldSpec.unit, FieldSpec.criterion, FieldSpec("text", .text, vi: "nội dung giải trình", en: "the explanation"),
    ]
    public let unit: String
    public let criterion: String
    public let text: String

    public init(unit: String, criterion: String, text: String) {
        self.unit = unit
        self.criterion = criterion
        self.text = text
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        criterion = try f.id("criterion")
        text = try f.string("text")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "criterion": criterion.json, "text": text.json])
    }
}

/// Documents attached later to an entry already in the log (a report, a task, a pledge):
/// the entry stays as signed; its lineage shows the evidence from this entry on.
public struct EvidenceAttached: CatalogueEvent, Hashable {
    public static let type = "EvidenceAttached"
    public static let fields = [
        FieldSpec.unit,
        FieldSpec(
            "entry", .id, vi: "mã (id) của bản ghi được bổ sung minh chứng",
            en: "the id of the entry the documents support"),
        FieldSpec("evidence", FieldSpec.evidence.kind, vi: "các tài liệu minh chứng", en: "the documents"),
    ]
    public let unit: String
    /// The payload id of the entry the documents support.
    public let entry: String
    public let evidence: [Evidence]

    public init(unit: String, entry: String, evidence: [Evidence]) {
        self.unit = unit
        self.entry = entry
        self.evidence = evidence
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        entry = try f.id("entry")
        evidence = try Evidence.read(list: try f.array("evidence"))
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "entry": entry.json, "evidence": Evidence.json(evidence)])
    }
}

extension PledgeSigned: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}

extension EvidenceAttached: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}
