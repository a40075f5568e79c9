import ThiduaLog

/// A scoring rubric, as data (the file format is Projections/README.md).
public struct Rubric: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Actual vs target of an indicator, leader-relative (domain.md).
        case quantitative(indicator: String)
        /// Done or not: the full points or none.
        case passFail
        /// Items × points each, capped at the criterion's max.
        case count(perItem: Fraction)
        /// Points the unit gives itself, up to max, until appraised.
        case assessed

        /// The kind's name in the rubric file.
        public var name: String {
            switch self {
            case .quantitative: return "quantitative"
            case .passFail: return "passFail"
            case .count: return "count"
            case .assessed: return "assessed"
            }
        }
    }

    public struct Criterion: Hashable, Sendable {
        public let id: String
        public let name: String
        public let max: Fraction
        public let kind: Kind
    }

    public struct Group: Hashable, Sendable {
        public let id: String
        public let name: String
        public let max: Fraction
        public let criteria: [Criterion]
    }

    public struct Item: Hashable, Sendable {
        public let id: String
        public let name: String
        public let cap: Fraction
    }

    public struct Band: Hashable, Sendable {
        public let id: String
        public let vi: String
        public let en: String
        public let minTotal: Fraction
        /// Every criterion (or group, per `floorsApplyTo`) at least this % of its max.
        public let floorPercent: Fraction
    }

    public enum TieBreak: String, Hashable, Sendable, CaseIterable {
        case criteriaAtMax, fewerDeductions, ballot
    }

    public let id: String
    public let name: String
    public let version: Int
    public let inForce: DateSpan
    public let groups: [Group]
    public let bonuses: [Item]
    public let deductions: [Item]
    public let bands: [Band]
    public let floorsApplyToGroups: Bool
    public let tieBreak: [TieBreak]
    public let governmentFlagQuotaPercent: Fraction
    public let provinceFlagMinBand: String
    /// For a lower-is-better indicator reported as 0 against a positive target: the ratio used.
    public let lowerIsBetterZeroRatio: Fraction
    /// A ballot counts when present/eligible reaches this (default 2/3).
    public let ballotQuorum: Fraction
    /// Ballot rounds after this are not counted (default 2: then the head and deputy decide).
    public let ballotMaxRounds: Int
    /// `selfUntilAppraised` (default): a unit's own inputs count until appraised.
    /// `appraisedOnly`: assessed criteria count only once appraised.
    public let appraisedOnly: Bool

    public var criteria: [Criterion] { groups.flatMap(\.criteria) }
    public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }

    /// The default ballot quorum.
    static let twoThirds: Fraction = (try? Fraction.ratio(2, 3)) ?? .one

    /// The most criteria a rubric may have (Projections/README.md, "Limits").
    public static let maxCriteria = 500

    /// Reads and checks a rubric file.
    /// - Parameters:
    ///   - mode: `.strict` refuses unknown fields and numbers written as strings (how
    ///     `thidua-emulation/2` admits a `RubricPublished`); ranges are checked in every
    ///     mode but `.lenient`.
    ///   - path: where the file sits, for messages (`RubricPublished.file`).
    public init(bytes: [UInt8], mode: ReadingMode = .fold, path: String = "rubric") throws(DomainError) {
        let json: JSON
        do { json = try JSON.parse(Rubric.droppingBOM(bytes)) } catch {
            throw DomainError(.invalidField, path, "\(path) is not valid JSON: \(error)")
        }
        guard json.objectValue != nil else { throw DomainError(.invalidField, path, "\(path) must be a JSON object") }
        let f = Fields(json, path, mode: mode)
        f.allow("$schema", "comment")
        id = try f.id("rubric")
        name = try f.string("name")
        version = try f.int("version", IntRange.version)
        let span = try f.object("inForce")
        inForce = DateSpan(from: try span.date("from"), to: try span.date("to"))
        if let to = inForce.to, to < inForce.from {
            throw DomainError(
                .inconsistent, "\(span.path).to", "\(span.path) ends (\(to)) before it starts (\(inForce.from))")
        }
        var seen: Set<String> = []
        var gs: [Group] = []
        for g in try f.array("groups") {
            var cs: [Criterion] = []
            for c in try g.array("criteria") {
                let cid = try c.id("id")
                guard seen.insert(cid).inserted else {
                    throw DomainError(.inconsistent, "\(c.path).id", "\(c.path).id \"\(cid)\" is used twice")
                }
                let max = try c.decimal("max", .criterionPoints)
                guard Fraction.zero < max else {
                    throw DomainError(.outOfRange, "\(c.path).max", "\(c.path).max must be positive")
                }
                let kind: Kind
                switch try c.oneOf("kind", ["quantitative", "passFail", "count", "assessed"]) {
                case "quantitative": kind = .quantitative(indicator: try c.id("indicator"))
                case "passFail": kind = .passFail
                case "count":
                    let per = try c.decimal("perItem", .criterionPoints)
                    guard Fraction.zero < per else {
                        throw DomainError(.outOfRange, "\(c.path).perItem", "\(c.path).perItem must be positive")
                    }
                    kind = .count(perItem: per)
                default: kind = .assessed
                }
                cs.append(Criterion(id: cid, name: try c.string("name"), max: max, kind: kind))
            }
            let gmax = try g.decimal("max", .rubricPoints)
            let sum: Fraction
            do { sum = try cs.reduce(Fraction.zero) { (acc, c) throws(ArithmeticError) in try acc + c.max } } catch {
                throw DomainError(
                    .outOfRange, "\(g.path).max", "\(g.path): its criteria add up to more than can be computed")
            }
            guard sum == gmax else {
                throw DomainError(
                    .inconsistent, "\(g.path).max",
                    "\(g.path): its criteria add up to \(sum) points but the group's max is \(gmax); make them equal")
            }
            gs.append(Group(id: try g.id("id"), name: try g.string("name"), max: gmax, criteria: cs))
        }
        groups = gs
        guard seen.count <= Rubric.maxCriteria else {
            throw DomainError(
                .outOfRange, "\(path).groups",
                "\(path) has \(seen.count) criteria; a rubric has at most \(Rubric.maxCriteria)")
        }
        func items(_ k: String) throws(DomainError) -> [Item] {
            var out: [Item] = []
            for i in try f.optArray(k) {
                let item = Item(
                    id: try i.id("id"), name: try i.string("name"), cap: try i.decimal("cap", .criterionPoints))
                guard seen.insert(item.id).inserted else {
                    throw DomainError(.inconsistent, "\(i.path).id", "\(i.path).id \"\(item.id)\" is used twice")
                }
                out.append(item)
            }
            return out
        }
        bonuses = try items("bonuses")
        deductions = try items("deductions")
        var bs: [Band] = []
        for b in try f.array("bands") {
            bs.append(
                Band(
                    id: try b.id("id"), vi: try b.string("vi"), en: try b.string("en"),
                    minTotal: try b.decimal("minTotal", .rubricPoints),
                    floorPercent: try b.optDecimal("floorPercent", .percent) ?? .zero))
        }
        guard zip(bs, bs.dropFirst()).allSatisfy({ $1.minTotal < $0.minTotal }) else {
            throw DomainError(.inconsistent, "\(path).bands", "\(path).bands must go from the highest minTotal down")
        }
        guard bs.last?.minTotal == .zero else {
            throw DomainError(
                .inconsistent, "\(path).bands",
                "\(path).bands: the last band must have minTotal 0, so every unit gets a band")
        }
        guard Set(bs.map(\.id)).count == bs.count else {
            throw DomainError(.inconsistent, "\(path).bands", "\(path).bands names a band id twice")
        }
        bands = bs
        floorsApplyToGroups = try f.oneOf("floorsApplyTo", ["criteria", "groups"], default: "criteria") == "groups"
        var tb: [TieBreak] = []
        for s in try f.strings("tieBreak") {
            guard let t = TieBreak(rawValue: s) else {
                let all = TieBreak.allCases.map(\.rawValue)
                let hint = Fields.closest(s, among: all).map { "; did you mean \($0)?" } ?? ""
                throw DomainError(
                    .invalidField, "\(path).tieBreak",
                    "\(path).tieBreak \"\(s.prefix(40))\" is not one of \(all.joined(separator: ", "))\(hint)")
            }
            tb.append(t)
        }
        tieBreak = tb
        let gov = try f.optObject("governmentFlag")
        governmentFlagQuotaPercent = try gov?.optDecimal("quotaPercent", .percent) ?? Fraction(20)
        let prov = try f.optObject("provinceFlag")
        let minBand = try prov?.optString("minBand") ?? bs[0].id
        provinceFlagMinBand = minBand
        guard bs.contains(where: { $0.id == minBand }) else {
            throw DomainError(
                .inconsistent, "\(path).provinceFlag.minBand",
                "\(path).provinceFlag.minBand \"\(minBand.prefix(40))\" is not a band of this rubric (bands: "
                    + "\(bs.map(\.id).joined(separator: ", ")))"
            )
        }
        let ballot = try f.optObject("ballot")
        var quorum = Rubric.twoThirds
        if let q = try ballot?.optString("quorum") {
            let parts = q.split(separator: "/")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b > 0, b <= 1000, a >= 0, a <= b
            else {
                throw DomainError(
                    .invalidField, "\(path).ballot.quorum",
                    "\(path).ballot.quorum \"\(q.prefix(40))\" must be a fraction such as \"2/3\"")
            }
            guard let q = try? Fraction.ratio(Int128(a), Int128(b)) else {
                throw DomainError(.invalidField, "\(path).ballot.quorum", "quorum")
            }
            quorum = q
        }
        ballotQuorum = quorum
        ballotMaxRounds =
            try ballot.map { b throws(DomainError) in b.has("maxRounds") ? try b.int("maxRounds", IntRange.round) : 2 }
            ?? 2
        appraisedOnly =
            try f.oneOf("scoreSource", ["selfUntilAppraised", "appraisedOnly"], default: "selfUntilAppraised")
            == "appraisedOnly"
        lowerIsBetterZeroRatio = try f.optDecimal("lowerIsBetterZeroRatio", .ratio) ?? Fraction(2)
        try f.finish()
    }

    /// A UTF-8 byte order mark (Windows Notepad writes one) is not part of the JSON.
    static func droppingBOM(_ b: [UInt8]) -> [UInt8] {
        b.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(b.dropFirst(3)) : b
    }
}
