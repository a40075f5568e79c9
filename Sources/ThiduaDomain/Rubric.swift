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
    public var maxTotal: Fraction { groups.reduce(.zero) { $0 + $1.max } }

    /// Reads and checks a rubric file.
    public init(bytes: [UInt8]) throws(DomainError) {
        let json: JSON
        do { json = try JSON.parse(bytes) } catch { throw DomainError("rubric: \(error)") }
        let f = Fields(json, "rubric")
        id = try f.id("rubric")
        name = try f.string("name")
        version = try f.int("version")
        let span = try f.object("inForce")
        inForce = DateSpan(from: try span.date("from"), to: try span.date("to"))
        var seen: Set<String> = []
        var gs: [Group] = []
        for g in try f.array("groups") {
            var cs: [Criterion] = []
            for c in try g.array("criteria") {
                let cid = try c.id("id")
                guard seen.insert(cid).inserted else { throw DomainError("\(c.path).id \"\(cid)\" is used twice") }
                let max = try c.decimal("max")
                guard Fraction.zero < max else { throw DomainError("\(c.path).max must be positive") }
                let kind: Kind
                switch try c.oneOf("kind", ["quantitative", "passFail", "count", "assessed"]) {
                case "quantitative": kind = .quantitative(indicator: try c.id("indicator"))
                case "passFail": kind = .passFail
                case "count": kind = .count(perItem: try c.decimal("perItem"))
                default: kind = .assessed
                }
                cs.append(Criterion(id: cid, name: try c.string("name"), max: max, kind: kind))
            }
            let gmax = try g.decimal("max")
            let sum = cs.reduce(Fraction.zero) { $0 + $1.max }
            guard sum == gmax else {
                throw DomainError("\(g.path): its criteria add up to \(sum) points but the group's max is \(gmax); make them equal")
            }
            gs.append(Group(id: try g.id("id"), name: try g.string("name"), max: gmax, criteria: cs))
        }
        groups = gs
        func items(_ k: String) throws(DomainError) -> [Item] {
            var out: [Item] = []
            for i in try f.optArray(k) {
                let item = Item(id: try i.id("id"), name: try i.string("name"), cap: try i.decimal("cap"))
                guard seen.insert(item.id).inserted else { throw DomainError("\(i.path).id \"\(item.id)\" is used twice") }
                out.append(item)
            }
            return out
        }
        bonuses = try items("bonuses")
        deductions = try items("deductions")
        var bs: [Band] = []
        for b in try f.array("bands") {
            bs.append(Band(id: try b.id("id"), vi: try b.string("vi"), en: try b.string("en"), minTotal: try b.decimal("minTotal"),
                           floorPercent: try b.optDecimal("floorPercent") ?? .zero))
        }
        guard zip(bs, bs.dropFirst()).allSatisfy({ $1.minTotal < $0.minTotal }) else {
            throw DomainError("rubric.bands must go from the highest minTotal down")
        }
        guard bs.last?.minTotal == .zero else { throw DomainError("rubric.bands: the last band must have minTotal 0, so every unit gets a band") }
        bands = bs
        floorsApplyToGroups = try f.oneOf("floorsApplyTo", ["criteria", "groups"], default: "criteria") == "groups"
        var tb: [TieBreak] = []
        for s in try f.strings("tieBreak") {
            guard let t = TieBreak(rawValue: s) else {
                throw DomainError("rubric.tieBreak \"\(s)\" is not one of \(TieBreak.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tb.append(t)
        }
        tieBreak = tb
        let gov = try f.has("governmentFlag") ? f.object("governmentFlag") : nil
        let quota = try gov?.decimal("quotaPercent")
        governmentFlagQuotaPercent = quota ?? Fraction(20)
        let prov = try f.has("provinceFlag") ? f.object("provinceFlag") : nil
        let minBand = try prov?.id("minBand") ?? bs[0].id
        provinceFlagMinBand = minBand
        guard bs.contains(where: { $0.id == minBand }) else {
            throw DomainError("rubric.provinceFlag.minBand \"\(minBand)\" is not a band of this rubric")
        }
        let ballot = try f.has("ballot") ? f.object("ballot") : nil
        var quorum = Fraction(2) / Fraction(3)
        if let q = ballot?.json["quorum"]?.stringValue {
            let parts = q.split(separator: "/")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b > 0, a >= 0, a <= b else {
                throw DomainError("rubric.ballot.quorum \"\(q)\" must be a fraction such as \"2/3\"")
            }
            quorum = Fraction(Int128(a), Int128(b))
        }
        ballotQuorum = quorum
        let rounds = try ballot.map { b throws(DomainError) in b.has("maxRounds") ? try b.int("maxRounds") : 2 } ?? 2
        ballotMaxRounds = rounds
        appraisedOnly = try f.oneOf("scoreSource", ["selfUntilAppraised", "appraisedOnly"], default: "selfUntilAppraised") == "appraisedOnly"
        let zeroRatio = try f.optDecimal("lowerIsBetterZeroRatio")
        lowerIsBetterZeroRatio = zeroRatio ?? Fraction(2)
    }
}
