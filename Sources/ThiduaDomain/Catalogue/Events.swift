import ThiduaLog

// The emulation catalogue (Events/README.md). Each event is a value, named in the past
// tense, read from a payload of `"v": 1` once, here; the rest of the domain sees only
// these types.

/// An indicator of a movement's targets: one measurable number.
public struct Indicator: Hashable, Sendable {
    public enum Direction: String, Sendable { case higher, lower }
    public let code: String
    public let name: String
    public let unit: String
    public let value: Fraction
    public let direction: Direction
    /// Codes of indicators whose values should add up to this one (a data-quality check).
    public let parts: [String]
}

/// A numbered target of a movement (chỉ tiêu), with one or more indicators.
public struct Target: Hashable, Sendable {
    public let number: Int
    public let text: String
    public let indicators: [Indicator]
}

public struct MovementLaunched: Hashable, Sendable {
    public static let type = "MovementLaunched"
    public let movement: String
    public let name: String
    public let theme: String?
    public let document: String?
    public let period: DateSpan
    public let targets: [Target]

    init(_ f: Fields) throws(DomainError) {
        movement = try f.id("movement")
        name = try f.string("name")
        theme = try f.optString("theme")
        document = try f.optString("document")
        let p = try f.object("period")
        period = DateSpan(from: try p.date("from"), to: try p.date("to"))
        var ts: [Target] = []
        var codes: Set<String> = []
        for t in try f.array("targets") {
            var inds: [Indicator] = []
            for i in try t.array("indicators") {
                let ind = Indicator(code: try i.id("code"), name: try i.string("name"), unit: try i.string("unit"),
                                    value: try i.decimal("value", .value),
                                    direction: Indicator.Direction(rawValue: try i.oneOf("direction", ["higher", "lower"], default: "higher"))!,
                                    parts: try i.strings("parts"))
                guard codes.insert(ind.code).inserted else { throw DomainError(.inconsistent, "\(i.path).code", "\(i.path).code \"\(ind.code)\" is used twice in this movement") }
                inds.append(ind)
            }
            ts.append(Target(number: try t.int("number", IntRange.targetNumber), text: try t.string("text"), indicators: inds))
        }
        targets = ts
    }
}

public struct Member: Hashable, Sendable {
    public let unit: String
    public let name: String?
}

/// A cluster (cụm) or bloc (khối) formed by the People's Committee.
public struct GroupFormed: Hashable, Sendable {
    public static let type = "GroupFormed"
    public enum Kind: String, Sendable { case cluster, bloc }
    public let group: String
    public let kind: Kind
    public let name: String
    public let effective: String
    public let members: [Member]

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        kind = Kind(rawValue: try f.oneOf("kind", ["cluster", "bloc"]))!
        name = try f.string("name")
        effective = try f.date("effective")
        var ms: [Member] = []
        for m in try f.array("members") { ms.append(Member(unit: try m.id("unit"), name: try m.optString("name"))) }
        guard Set(ms.map(\.unit)).count == ms.count else { throw DomainError(.inconsistent, "\(f.path).members", "\(f.path).members names a unit twice") }
        members = ms
    }
}

public struct MembershipChanged: Hashable, Sendable {
    public static let type = "MembershipChanged"
    public let group: String
    public let unit: String
    public let name: String?
    public let joined: Bool
    public let effective: String

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        unit = try f.id("unit")
        name = try f.optString("name")
        joined = try f.oneOf("change", ["joined", "left"]) == "joined"
        effective = try f.date("effective")
    }
}

/// Head (trưởng cụm/khối) or deputy elected for a term.
public struct HeadElected: Hashable, Sendable {
    public static let type = "HeadElected"
    public let group: String
    public let unit: String
    public let deputy: Bool
    public let term: DateSpan

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        unit = try f.id("unit")
        deputy = try f.oneOf("role", ["head", "deputy"]) == "deputy"
        let t = try f.object("term")
        term = DateSpan(from: try t.date("from"), to: try t.date("to"))
        guard let end = term.to, term.from <= end else { throw DomainError(.inconsistent, t.path, "\(t.path) ends before it starts") }
    }
}

/// A unit replaced by others (e.g. Điện Biên Phủ city by wards on 01/07/2025). History,
/// pledge and scores carry over to `carryTo`, explicitly; other successors start anew.
public struct UnitSucceeded: Hashable, Sendable {
    public static let type = "UnitSucceeded"
    public let unit: String
    public let successors: [Member]
    public let carryTo: String
    public let effective: String
    public let reason: String?

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        var ss: [Member] = []
        for m in try f.array("successors") { ss.append(Member(unit: try m.id("unit"), name: try m.optString("name"))) }
        successors = ss
        let carry = try f.id("carryTo"), me = unit
        carryTo = carry
        guard ss.contains(where: { $0.unit == carry }) else { throw DomainError(.inconsistent, "\(f.path).carryTo", "\(f.path).carryTo \"\(carry)\" is not one of its successors") }
        guard !ss.contains(where: { $0.unit == me }) else { throw DomainError(.inconsistent, "\(f.path).successors", "\(f.path): a unit cannot succeed itself") }
        effective = try f.date("effective")
        reason = try f.optString("reason")
    }
}

/// A rubric (Projections/ file format) published for groups, with the SHA-256 of the file.
public struct RubricPublished: Hashable, Sendable {
    public static let type = "RubricPublished"
    public let rubric: Rubric
    public let sha256: String
    public let groups: [String]

    init(_ f: Fields) throws(DomainError) {
        let b64 = try f.string("file")
        let bytes: [UInt8]
        do { bytes = try Base64.decode(b64) } catch { throw DomainError(.invalidField, "\(f.path).file", "\(f.path).file is not base64: \(error)") }
        let hash = Hex.encode(SHA256.hash(bytes).bytes)
        sha256 = try f.sha256("sha256")
        guard sha256 == hash else { throw DomainError(.inconsistent, "\(f.path).sha256", "\(f.path).sha256 is \(sha256) but the file's SHA-256 is \(hash)") }
        rubric = try Rubric(bytes: bytes, mode: f.mode, path: "\(f.path).file")
        groups = try f.strings("groups")
        guard !groups.isEmpty else { throw DomainError(.missingField, "\(f.path).groups", "\(f.path) needs \"groups\": the clusters or blocs the rubric scores") }
    }
}

public struct PledgedTarget: Hashable, Sendable {
    public let code: String
    public let value: Fraction
    /// For an indicator the movement does not define.
    public let name: String?
    public let unit: String?
    public let direction: Indicator.Direction?
}

/// The emulation pledge (giao ước thi đua): targets and titles a unit aims for, signed by
/// its representative and countersigned by the head of its group.
public struct PledgeSigned: Hashable, Sendable {
    public static let type = "PledgeSigned"
    public let movement: String
    public let unit: String
    public let group: String
    public let targets: [PledgedTarget]
    public let titles: [String]

    init(_ f: Fields) throws(DomainError) {
        movement = try f.id("movement")
        unit = try f.id("unit")
        group = try f.id("group")
        var ts: [PledgedTarget] = []
        for t in try f.array("targets") {
            let dir = t.has("direction") ? Indicator.Direction(rawValue: try t.oneOf("direction", ["higher", "lower"])) : nil
            ts.append(PledgedTarget(code: try t.id("code"), value: try t.decimal("value", .value), name: try t.optString("name"),
                                    unit: try t.optString("unit"), direction: dir))
        }
        guard Set(ts.map(\.code)).count == ts.count else { throw DomainError(.inconsistent, "\(f.path).targets", "\(f.path).targets names a code twice") }
        targets = ts
        titles = try f.strings("titles")
    }
}

public struct Evidence: Hashable, Sendable {
    public let sha256: String
    public let name: String?
}

func evidence(_ f: Fields) throws(DomainError) -> [Evidence] {
    var out: [Evidence] = []
    for e in try f.optArray("evidence") {
        out.append(Evidence(sha256: try e.sha256("sha256"), name: try e.optString("name")))
    }
    return out
}

/// A unit's value of an indicator, year to date (the latest report counts).
public struct IndicatorReported: Hashable, Sendable {
    public static let type = "IndicatorReported"
    public let unit: String
    public let code: String
    public let value: Fraction
    public let asOf: String?
    public let evidence: [Evidence]

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        code = try f.id("code")
        value = try f.decimal("value", .value)
        asOf = try f.optDate("asOf")
        evidence = try ThiduaDomain.evidence(f)
    }
}

/// A task of a pass/fail or count criterion done (`count` items, default 1).
public struct TaskCompleted: Hashable, Sendable {
    public static let type = "TaskCompleted"
    public let unit: String
    public let criterion: String
    public let count: Int
    public let note: String?
    public let evidence: [Evidence]

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        criterion = try f.id("criterion")
        count = f.has("count") ? try f.int("count", IntRange.count) : 1
        guard count >= 1 else { throw DomainError(.outOfRange, "\(f.path).count", "\(f.path).count must be at least 1") }
        note = try f.optString("note")
        evidence = try ThiduaDomain.evidence(f)
    }
}

/// The unit's own score (tự chấm) of assessed criteria.
public struct SelfScoreSubmitted: Hashable, Sendable {
    public static let type = "SelfScoreSubmitted"
    public let unit: String
    public let scores: [String: Fraction]

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        var s: [String: Fraction] = [:]
        for c in try f.array("scores") {
            let id = try c.id("criterion")
            guard s[id] == nil else { throw DomainError(.inconsistent, c.path, "\(c.path) scores \(id) twice") }
            s[id] = try c.decimal("points", .points)
        }
        scores = s
    }
}

/// The appraising body (Nội vụ) changes an input of a criterion: old → new, with a reason.
public struct ScoreAppraised: Hashable, Sendable {
    public static let type = "ScoreAppraised"
    public enum Field: String, Sendable { case value, done, count, points }
    public let unit: String
    public let criterion: String
    public let field: Field
    public let from: Fraction
    public let to: Fraction
    public let reason: String

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        criterion = try f.id("criterion")
        field = Field(rawValue: try f.oneOf("field", ["value", "done", "count", "points"]))!
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
}

/// A unit's explanation (giải trình) of an appraisal.
public struct ExplanationSubmitted: Hashable, Sendable {
    public static let type = "ExplanationSubmitted"
    public let unit: String
    public let criterion: String
    public let text: String

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        criterion = try f.id("criterion")
        text = try f.string("text")
    }
}

/// A bonus (`BonusAwarded`) or deduction (`DeductionApplied`) item of the rubric.
public struct Adjustment: Hashable, Sendable {
    public let unit: String
    public let item: String
    public let points: Fraction
    public let reason: String

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        item = try f.id("item")
        points = try f.decimal("points", .points)
        guard Fraction.zero < points else {
            throw DomainError(.outOfRange, "\(f.path).points", "\(f.path).points must be positive (a deduction is subtracted by its type)")
        }
        reason = try f.string("reason")
    }
}

/// A violation (kỷ luật) reported by an agency: the unit is disqualified from titles.
public struct ViolationReported: Hashable, Sendable {
    public static let type = "ViolationReported"
    public let unit: String
    public let level: String
    public let description: String

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        level = try f.string("level")
        description = try f.string("description")
    }
}

public struct CommendationAwarded: Hashable, Sendable {
    public static let type = "CommendationAwarded"
    public let unit: String
    public let title: String
    public let decision: String

    init(_ f: Fields) throws(DomainError) {
        unit = try f.id("unit")
        title = try f.string("title")
        decision = try f.string("decision")
    }
}

/// Revokes an award (Law art. 93); names the award by its event id.
public struct CommendationRevoked: Hashable, Sendable {
    public static let type = "CommendationRevoked"
    public let award: String
    public let reason: String
    public let decision: String

    init(_ f: Fields) throws(DomainError) {
        award = try f.id("award")
        reason = try f.string("reason")
        decision = try f.string("decision")
    }
}

/// A secret ballot of a group's members, e.g. to acclaim the leader (suy tôn).
public struct BallotHeld: Hashable, Sendable {
    public static let type = "BallotHeld"
    public let group: String
    public let round: Int
    public let eligible: Int
    public let present: Int
    public let votes: [String: Int]

    init(_ f: Fields) throws(DomainError) {
        group = try f.id("group")
        round = try f.int("round", IntRange.round)
        let eligible = try f.int("eligible", IntRange.people), present = try f.int("present", IntRange.people)
        self.eligible = eligible
        self.present = present
        guard eligible > 0, present >= 0, present <= eligible else {
            throw DomainError(.inconsistent, "\(f.path).present", "\(f.path): present (\(present)) must be between 0 and eligible (\(eligible)), and eligible at least 1")
        }
        var v: [String: Int] = [:]
        for c in try f.array("votes") { v[try c.id("unit")] = try c.int("votes", IntRange.people) }
        guard v.values.allSatisfy({ $0 >= 0 && $0 <= present }) else {
            throw DomainError(.inconsistent, "\(f.path).votes", "\(f.path).votes: a unit cannot get more votes than members present")
        }
        votes = v
    }
}

/// The council's signed statement of a ranking: the SHA-256 of the canonical result of
/// replaying the log's first `size` entries (Events/README.md defines the canonical form).
public struct RankingPublished: Hashable, Sendable {
    public static let type = "RankingPublished"
    public let movement: String
    /// `all`, or the id of one cluster or bloc.
    public let scope: String
    public let size: Int
    public let rubricSha256: [String]
    public let resultSha256: String

    init(_ f: Fields) throws(DomainError) {
        movement = try f.id("movement")
        scope = try f.id("scope")
        size = try f.int("size", IntRange.size)
        guard size > 0 else { throw DomainError(.outOfRange, "\(f.path).size", "\(f.path).size must be at least 1") }
        rubricSha256 = try f.strings("rubricSha256")
        resultSha256 = try f.sha256("resultSha256")
        for h in rubricSha256 where !(h.count == 64 && h.allSatisfy { $0.isHexDigit && !$0.isUppercase }) {
            throw DomainError(.invalidField, "\(f.path).rubricSha256", "\(f.path).rubricSha256: \(h.prefix(80)) is not a SHA-256 (64 lowercase hex characters)")
        }
    }
}

/// Every event of the catalogue.
public enum DomainEvent: Hashable, Sendable {
    case movementLaunched(MovementLaunched)
    case groupFormed(GroupFormed)
    case membershipChanged(MembershipChanged)
    case headElected(HeadElected)
    case unitSucceeded(UnitSucceeded)
    case rubricPublished(RubricPublished)
    case pledgeSigned(PledgeSigned)
    case indicatorReported(IndicatorReported)
    case taskCompleted(TaskCompleted)
    case selfScoreSubmitted(SelfScoreSubmitted)
    case scoreAppraised(ScoreAppraised)
    case explanationSubmitted(ExplanationSubmitted)
    case bonusAwarded(Adjustment)
    case deductionApplied(Adjustment)
    case violationReported(ViolationReported)
    case commendationAwarded(CommendationAwarded)
    case commendationRevoked(CommendationRevoked)
    case ballotHeld(BallotHeld)
    case rankingPublished(RankingPublished)
    /// `LogOpened`, `KeyRegistered`, `KeyRevoked`: the log layer's (ThiduaLog.KeyRing).
    case keys

    public static let types = [
        "LogOpened", "KeyRegistered", "KeyRevoked", "LogKeyRotated", MovementLaunched.type, GroupFormed.type, MembershipChanged.type,
        HeadElected.type, UnitSucceeded.type, RubricPublished.type, PledgeSigned.type, IndicatorReported.type,
        TaskCompleted.type, SelfScoreSubmitted.type, ScoreAppraised.type, ExplanationSubmitted.type, "BonusAwarded",
        "DeductionApplied", ViolationReported.type, CommendationAwarded.type, CommendationRevoked.type, BallotHeld.type,
        RankingPublished.type,
    ]

    /// The fields every payload carries (integrity spec §2), and the log binding of
    /// `thidua-keys/2`, which the log layer checks.
    static let header = ["v", "type", "id", "issuedAt", "log"]

    /// Reads a payload of version 1 (the only version so far; a later version is upcast here).
    /// - Parameter mode: how strictly (`.strict` for `thidua-emulation/2` admission,
    ///   `.fold` for projections, `.lenient` for `thidua-emulation/1` admission).
    public init(_ p: Payload, mode: ReadingMode = .fold) throws(DomainError) {
        let f = Fields(p.json, p.type, mode: mode)
        for h in DomainEvent.header { f.allow(h) }
        self = try DomainEvent.read(p.type, f)
        try f.finish()
    }

    private static func read(_ type: String, _ f: Fields) throws(DomainError) -> DomainEvent {
        switch type {
        case "LogOpened", "KeyRegistered", "KeyRevoked", "LogKeyRotated":
            // The log layer's: read (and, strictly, checked) by ThiduaLog.KeyRing.
            for k in ["origin", "logKey", "rootKeys", "rules", "title", "publicKey", "role", "scope", "name", "keyid", "reason"] {
                f.allow(k)
            }
            return .keys
        case MovementLaunched.type: return .movementLaunched(try MovementLaunched(f))
        case GroupFormed.type: return .groupFormed(try GroupFormed(f))
        case MembershipChanged.type: return .membershipChanged(try MembershipChanged(f))
        case HeadElected.type: return .headElected(try HeadElected(f))
        case UnitSucceeded.type: return .unitSucceeded(try UnitSucceeded(f))
        case RubricPublished.type: return .rubricPublished(try RubricPublished(f))
        case PledgeSigned.type: return .pledgeSigned(try PledgeSigned(f))
        case IndicatorReported.type: return .indicatorReported(try IndicatorReported(f))
        case TaskCompleted.type: return .taskCompleted(try TaskCompleted(f))
        case SelfScoreSubmitted.type: return .selfScoreSubmitted(try SelfScoreSubmitted(f))
        case ScoreAppraised.type: return .scoreAppraised(try ScoreAppraised(f))
        case ExplanationSubmitted.type: return .explanationSubmitted(try ExplanationSubmitted(f))
        case "BonusAwarded": return .bonusAwarded(try Adjustment(f))
        case "DeductionApplied": return .deductionApplied(try Adjustment(f))
        case ViolationReported.type: return .violationReported(try ViolationReported(f))
        case CommendationAwarded.type: return .commendationAwarded(try CommendationAwarded(f))
        case CommendationRevoked.type: return .commendationRevoked(try CommendationRevoked(f))
        case BallotHeld.type: return .ballotHeld(try BallotHeld(f))
        case RankingPublished.type: return .rankingPublished(try RankingPublished(f))
        default:
            let hint = Fields.closest(type, among: DomainEvent.types).map { "; did you mean \($0)?" } ?? ""
            throw DomainError(.unknownType, "type", "event type \(type) is not in the emulation catalogue\(hint) (Events/README.md lists: \(DomainEvent.types.joined(separator: ", ")))")
        }
    }
}
