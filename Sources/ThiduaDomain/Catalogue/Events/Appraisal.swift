import ThiduaLog

/// The appraising body (Nội vụ) changes an input of a criterion: old → new, with a reason.
public struct ScoreAppraised: CatalogueEvent, Hashable {
    public static let type = "ScoreAppraised"
    public enum Field: String, Sendable { case value, done, count, points }
    public static let fields = [
        FieldSpec.unit, FieldSpec.criterion,
        FieldSpec(
            "field", .choice(["value", "done", "count", "points"]),
            vi: "thẩm định gì: value (giá trị chỉ tiêu), done (0/1), count (số lượng), points (điểm)",
            en: "what is appraised: value (an indicator's value), done (0/1), count (items), points"),
        FieldSpec("from", .decimal(.value), vi: "giá trị trước thẩm định", en: "the value before"),
        FieldSpec("to", .decimal(.value), vi: "giá trị sau thẩm định", en: "the value after"),
        FieldSpec.reason,
    ]
    public let unit: String
    public let criterion: String
    public let field: Field
    public let from: Fraction
    public let to: Fraction
    public let reason: String

    public init(unit: String, criterion: String, field: Field, from: Fraction, to: Fraction, reason: String) {
        self.unit = unit
        self.criterion = criterion
        self.field = field
        self.from = from
        self.to = to
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        criterion = try f.id("criterion")
        field = Field(rawValue: try f.oneOf("field", ["value", "done", "count", "points"])) ?? .value
        let range: DecimalRange
        switch field {
        case .value: range = .value
        case .done: range = .done
        case .count: range = .count
        case .points: range = .points
        }
        from = try f.decimal("from", range)
        to = try f.decimal("to", range)
        reason = try f.string("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "unit": unit.json, "criterion": criterion.json, "field": field.rawValue.json, "from": from.json,
            "to": to.json,
            "reason": reason.json,
        ])
    }
}

/// A bonus or deduction item of the rubric, for a unit.
public struct Adjustment: Hashable, Sendable, Codable {
    public let unit: String
    public let item: String
    public let points: Fraction
    public let reason: String

    public init(unit: String, item: String, points: Fraction, reason: String) {
        self.unit = unit
        self.item = item
        self.points = points
        self.reason = reason
    }

    static func fields(bonus: Bool) -> [FieldSpec] {
        [
            FieldSpec.unit,
            FieldSpec(
                "item", .id, vi: bonus ? "mã khoản cộng điểm trong bảng điểm" : "mã khoản trừ điểm trong bảng điểm",
                en: bonus ? "the rubric's bonus item" : "the rubric's deduction item"),
            FieldSpec("points", .decimal(.points), vi: "số điểm (dương)", en: "the points (positive)"),
            FieldSpec.reason,
        ]
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        item = try f.id("item")
        points = try f.decimal("points", .points)
        guard Fraction.zero < points else {
            throw DomainError(
                .outOfRange, "\(f.path).points",
                "\(f.path).points must be positive (a deduction is subtracted by its type)")
        }
        reason = try f.string("reason")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "item": item.json, "points": points.json, "reason": reason.json])
    }
}

/// Points added for a rubric bonus item (capped by the rubric).
public struct BonusAwarded: CatalogueEvent, Hashable {
    public static let type = "BonusAwarded"
    public static let fields = Adjustment.fields(bonus: true)
    public let adjustment: Adjustment
    public init(_ adjustment: Adjustment) { self.adjustment = adjustment }
    init(_ f: Fields) throws(DomainError) { adjustment = try Adjustment(f) }
    var payloadFields: [JSON.Member] { adjustment.payloadFields }
}

/// Points subtracted for a rubric deduction item (capped by the rubric).
public struct DeductionApplied: CatalogueEvent, Hashable {
    public static let type = "DeductionApplied"
    public static let fields = Adjustment.fields(bonus: false)
    public let adjustment: Adjustment
    public init(_ adjustment: Adjustment) { self.adjustment = adjustment }
    init(_ f: Fields) throws(DomainError) { adjustment = try Adjustment(f) }
    var payloadFields: [JSON.Member] { adjustment.payloadFields }
}

/// A violation (kỷ luật) reported by an agency: the unit is disqualified from titles.
public struct ViolationReported: CatalogueEvent, Hashable {
    public static let type = "ViolationReported"
    public static let fields = [
        FieldSpec.unit,
        FieldSpec(
            "level", .text, vi: "mức kỷ luật (khiển trách, cảnh cáo, …)",
            en: "the level of discipline (khiển trách, cảnh cáo, …)"),
        FieldSpec("description", .text, vi: "nội dung vi phạm", en: "what happened"),
    ]
    public let unit: String
    public let level: String
    public let description: String

    public init(unit: String, level: String, description: String) {
        self.unit = unit
        self.level = level
        self.description = description
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        level = try f.string("level")
        description = try f.string("description")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "level": level.json, "description": description.json])
    }
}

/// An award (khen thưởng), named by the event's `id`.
public struct CommendationAwarded: CatalogueEvent, Hashable {
    public static let type = "CommendationAwarded"
    public static let fields = [
        FieldSpec.unit,
        FieldSpec("title", .text, vi: "hình thức, danh hiệu", en: "the title or award"),
        FieldSpec("decision", .text, vi: "quyết định (số, ngày)", en: "the decision (number, date)"),
    ]
    public let unit: String
    public let title: String
    public let decision: String

    public init(unit: String, title: String, decision: String) {
        self.unit = unit
        self.title = title
        self.decision = decision
    }

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        title = try f.string("title")
        decision = try f.string("decision")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["unit": unit.json, "title": title.json, "decision": decision.json])
    }
}

/// Revokes an award (Law art. 93); names the award by its event id.
public struct CommendationRevoked: CatalogueEvent, Hashable {
    public static let type = "CommendationRevoked"
    public static let fields = [
        FieldSpec("award", .id, vi: "mã (id) của bản ghi khen thưởng", en: "the award's event id"),
        FieldSpec.reason,
        FieldSpec("decision", .text, vi: "quyết định thu hồi (số, ngày)", en: "the decision (number, date)"),
    ]
    public let award: String
    public let reason: String
    public let decision: String

    public init(award: String, reason: String, decision: String) {
        self.award = award
        self.reason = reason
        self.decision = decision
    }

    init(_ f: Fields) throws(DomainError) {
        award = try f.id("award")
        reason = try f.string("reason")
        decision = try f.string("decision")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["award": award.json, "reason": reason.json, "decision": decision.json])
    }
}

/// A secret ballot of a group's members, e.g. to acclaim the leader (suy tôn).
public struct BallotHeld: CatalogueEvent, Hashable {
    public static let type = "BallotHeld"
    public static let fields = [
        FieldSpec.group,
        FieldSpec("round", .integer(IntRange.round), vi: "vòng bỏ phiếu", en: "the round"),
        FieldSpec(
            "eligible", .integer(IntRange.people), vi: "số thành viên được bỏ phiếu", en: "members entitled to vote"),
        FieldSpec("present", .integer(IntRange.people), vi: "số thành viên có mặt", en: "members present"),
        FieldSpec(
            "votes",
            .objects([FieldSpec.unit, FieldSpec("votes", .integer(IntRange.people), vi: "số phiếu", en: "votes")]),
            vi: "số phiếu của từng đơn vị", en: "the votes each unit got"),
    ]
    public let group: String
    public let round: Int
    public let eligible: Int
    public let present: Int
    public let votes: [String: Int]

    public init(group: String, round: Int, eligible: Int, present: Int, votes: [String: Int]) {
        self.group = group
        self.round = round
        self.eligible = eligible
        self.present = present
        self.votes = votes
    }

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        round = try f.int("round", IntRange.round)
        let eligible = try f.int("eligible", IntRange.people)
        let present = try f.int("present", IntRange.people)
        self.eligible = eligible
        self.present = present
        guard eligible > 0, present >= 0, present <= eligible else {
            throw DomainError(
                .inconsistent, "\(f.path).present",
                "\(f.path): present (\(present)) must be between 0 and eligible (\(eligible)), and eligible at least 1")
        }
        var v: [String: Int] = [:]
        for c in try f.array("votes") { v[try c.id("unit")] = try c.int("votes", IntRange.people) }
        guard v.values.allSatisfy({ $0 >= 0 && $0 <= present }) else {
            throw DomainError(
                .inconsistent, "\(f.path).votes", "\(f.path).votes: a unit cannot get more votes than members present")
        }
        votes = v
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "group": group.json, "round": round.json, "eligible": eligible.json, "present": present.json,
            "votes": .array(votes.sorted { $0.key < $1.key }.map { ["unit": $0.key.json, "votes": $0.value.json] }),
        ])
    }
}

/// The council's signed statement of a ranking: the SHA-256 of the canonical result of
/// replaying the log's first `size` entries (Events/README.md defines the canonical form).
public struct RankingPublished: CatalogueEvent, Hashable {
    public static let type = "RankingPublished"
    public static let fields = [
        FieldSpec("movement", .id, vi: "mã phong trào", en: "the movement's id"),
        FieldSpec("scope", .id, vi: "all (tất cả) hoặc mã một cụm, khối", en: "all, or one cluster's or bloc's id"),
        FieldSpec(
            "size", .integer(IntRange.size), vi: "số bản ghi đầu tiên được xếp hạng",
            en: "how many first entries are ranked"),
        FieldSpec(
            "rubricSha256", .list(.sha256), vi: "SHA-256 các bảng điểm đã dùng", en: "the SHA-256 of the rubrics used"),
        FieldSpec(
            "resultSha256", .sha256, vi: "SHA-256 của kết quả xếp hạng chuẩn", en: "the SHA-256 of the canonical result"
        ),
    ]
    public let movement: String
    /// `all`, or the id of one cluster or bloc.
    public let scope: String
    public let size: Int
    public let rubricSha256: [String]
    public let resultSha256: String

    public init(movement: String, scope: String, size: Int, rubricSha256: [String], resultSha256: String) {
        self.movement = movement
        self.scope = scope
        self.size = size
        self.rubricSha256 = rubricSha256
        self.resultSha256 = resultSha256
    }

    init(_ f: Fields) throws(DomainError) {
        movement = try f.id("movement")
        scope = try f.id("scope")
        size = try f.int("size", IntRange.size)
        guard size > 0 else { throw DomainError(.outOfRange, "\(f.path).size", "\(f.path).size must be at least 1") }
        rubricSha256 = try f.strings("rubricSha256")
        resultSha256 = try f.sha256("resultSha256")
        for h in rubricSha256 where !(h.count == 64 && h.allSatisfy { $0.isHexDigit && !$0.isUppercase }) {
            throw DomainError(
                .invalidField, "\(f.path).rubricSha256",
                "\(f.path).rubricSha256: \(h.prefix(80)) is not a SHA-256 (64 lowercase hex characters)")
        }
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "movement": movement.json, "scope": scope.json, "size": size.json, "rubricSha256": rubricSha256.json,
            "resultSha256": resultSha256.json,
        ])
    }
}

extension ScoreAppraised: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}

extension ViolationReported: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}

extension BallotHeld: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}

extension RankingPublished: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}
