import ThiduaLog

/// A scoring rubric, as data (the file format is Projections/README.md).
public struct Rubric: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Actual vs target of an indicator, leader-relative (domain.md).
        case quantitative(indicator: String)
        /// Actual vs target of an indicator, against the target only: meeting it earns the
        /// criterion's points, a shortfall loses them in proportion, an excess earns a
        /// capped bonus.
        case target(indicator: String, excess: Excess?)
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
            case .target: return "target"
            case .passFail: return "passFail"
            case .count: return "count"
            case .assessed: return "assessed"
            }
        }

        static let names = ["quantitative", "target", "passFail", "count", "assessed"]

        /// The indicator it scores, for the two indicator kinds.
        public var indicator: String? {
            switch self {
            case .quantitative(let code), .target(let code, _): return code
            case .passFail, .count, .assessed: return nil
            }
        }

        /// The field of `ScoreAppraised` that changes a criterion of this kind.
        public var appraisedField: ScoreAppraised.Field {
            switch self {
            case .quantitative, .target: return .value
            case .passFail: return .done
            case .count: return .count
            case .assessed: return .points
            }
        }
    }

    /// The bonus of a `target` criterion for exceeding its target: `perPercent` points for
    /// each percent above it, at most `cap`.
    public struct Excess: Hashable, Sendable {
        public let perPercent: Fraction
        public let cap: Fraction
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

    /// Levels of discipline (kỷ luật), mildest first, and the first that bars a title.
    public struct Discipline: Hashable, Sendable {
        public let levels: [String]
        public let disqualifyFrom: String

        /// The Law on Emulation and Commendation: a warning (cảnh cáo) or above bars a
        /// collective title; a reprimand (khiển trách) alone does not.
        public static let law = Discipline(
            levels: [
                "khiển trách", "cảnh cáo", "hạ bậc lương", "giáng chức", "cách chức", "bãi nhiệm", "buộc thôi việc",
            ],
            disqualifyFrom: "cảnh cáo")

        /// Whether a violation at `level` bars a title; nil when the level is not listed
        /// (it then bars one, with a warning: a level nobody ranked is not assumed mild).
        public func disqualifies(_ level: String) -> Bool? {
            let key = Discipline.key(level)
            guard let at = levels.firstIndex(where: { Discipline.key($0) == key }),
                let from = levels.firstIndex(where: { Discipline.key($0) == Discipline.key(disqualifyFrom) })
            else { return nil }
            return at >= from
        }

        /// Levels compare without case or surrounding spaces (and, as Swift strings do,
        /// whether the accents are composed or not).
        static func key(_ s: String) -> String {
            s.lowercased().trimmingCharacters(in: .whitespaces)
        }
    }

    /// Which targets the leader must have met for the province flag.
    public enum TargetCondition: String, Hashable, Sendable, CaseIterable {
        /// No condition on targets.
        case any
        /// Every indicator the rubric scores at or better than its target.
        case met
        /// Every indicator the rubric scores better than its target (the Law, art. 26).
        case exceeded
    }

    /// When a group's leader is proposed for the province emulation flag.
    public struct FlagRule: Hashable, Sendable {
        /// False for a rubric that proposes no flag (a closing review).
        public let propose: Bool
        /// The lowest band proposed.
        public let minBand: String
        public let targets: TargetCondition
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
    public let provinceFlag: FlagRule
    public var provinceFlagMinBand: String { provinceFlag.minBand }
    public let discipline: Discipline
    /// For a lower-is-better indicator reported as 0 against a positive target: the ratio used.
    public let lowerIsBetterZeroRatio: Fraction
    /// An unappraised value more than this many times its target, or under its inverse,
    /// waits for appraisal (default 10).
    public let plausibleRatio: Fraction
    /// A ballot counts when present/eligible reaches this (default 2/3).
    public let ballotQuorum: Fraction
    /// Ballot rounds after this are not counted (default 2: then the head and deputy decide).
    public let ballotMaxRounds: Int
    /// `selfUntilAppraised` (default): a unit's own inputs count until appraised.
    /// `appraisedOnly`: assessed criteria count only once appraised.
    public let appraisedOnly: Bool
    /// The file it was read from, exactly (a saved projection state keeps the file, and
    /// reads it back as a replay does).
    public let file: [UInt8]

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
        let tape = try Fields.parse(Rubric.droppingBOM(bytes), path)
        guard tape.kind(JSONTape.root) == .object else {
            throw DomainError(.invalidField, path, "\(path) must be a JSON object")
        }
        let f = Fields(tape, path, mode: mode)
        f.allow(["$schema", "comment"])
        file = bytes
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
        groups = try Rubric.groups(f, &seen)
        bonuses = try Rubric.items(f, "bonuses", &seen)
        deductions = try Rubric.items(f, "deductions", &seen)
        bands = try Rubric.bands(f)
        floorsApplyToGroups = try f.oneOf("floorsApplyTo", ["criteria", "groups"], default: "criteria") == "groups"
        tieBreak = try Rubric.tieBreak(f)
        let gov = try f.optObject("governmentFlag")
        governmentFlagQuotaPercent = try gov?.optDecimal("quotaPercent", .percent) ?? Fraction(20)
        provinceFlag = try Rubric.flagRule(f, bands: bands)
        discipline = try Rubric.discipline(f)
        (ballotQuorum, ballotMaxRounds) = try Rubric.ballot(f)
        appraisedOnly =
            try f.oneOf("scoreSource", ["selfUntilAppraised", "appraisedOnly"], default: "selfUntilAppraised")
            == "appraisedOnly"
        lowerIsBetterZeroRatio = try f.optDecimal("lowerIsBetterZeroRatio", .ratio) ?? Fraction(2)
        plausibleRatio = try f.optDecimal("plausibleRatio", .ratio) ?? Fraction(10)
        try f.finish()
    }

    /// A UTF-8 byte order mark (Windows Notepad writes one) is not part of the JSON.
    static func droppingBOM(_ b: [UInt8]) -> [UInt8] {
        b.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(b.dropFirst(3)) : b
    }

    // MARK: the parts of the file

    private static func groups(_ f: Fields, _ seen: inout Set<String>) throws(DomainError) -> [Group] {
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
                cs.append(Criterion(id: cid, name: try c.string("name"), max: max, kind: try kind(c)))
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
        guard seen.count <= Rubric.maxCriteria else {
            throw DomainError(
                .outOfRange, "\(f.path).groups",
                "\(f.path) has \(seen.count) criteria; a rubric has at most \(Rubric.maxCriteria)")
        }
        return gs
    }

    private static func kind(_ c: Fields) throws(DomainError) -> Kind {
        switch try c.oneOf("kind", Kind.names) {
        case "quantitative": return .quantitative(indicator: try c.id("indicator"))
        case "target":
            let code = try c.id("indicator")
            guard let x = try c.optObject("excess") else { return .target(indicator: code, excess: nil) }
            return .target(
                indicator: code,
                excess: Excess(
                    perPercent: try x.decimal("perPercent", .criterionPoints),
                    cap: try x.decimal("cap", .criterionPoints)))
        case "passFail": return .passFail
        case "count":
            let per = try c.decimal("perItem", .criterionPoints)
            guard Fraction.zero < per else {
                throw DomainError(.outOfRange, "\(c.path).perItem", "\(c.path).perItem must be positive")
            }
            return .count(perItem: per)
        default: return .assessed
        }
    }

    private static func items(_ f: Fields, _ k: String, _ seen: inout Set<String>) throws(DomainError) -> [Item] {
        var out: [Item] = []
        for i in try f.optArray(k) {
            let item = Item(id: try i.id("id"), name: try i.string("name"), cap: try i.decimal("cap", .criterionPoints))
            guard seen.insert(item.id).inserted else {
                throw DomainError(.inconsistent, "\(i.path).id", "\(i.path).id \"\(item.id)\" is used twice")
            }
            out.append(item)
        }
        return out
    }

    private static func bands(_ f: Fields) throws(DomainError) -> [Band] {
        var bs: [Band] = []
        for b in try f.array("bands") {
            bs.append(
                Band(
                    id: try b.id("id"), vi: try b.string("vi"), en: try b.string("en"),
                    minTotal: try b.decimal("minTotal", .rubricPoints),
                    floorPercent: try b.optDecimal("floorPercent", .percent) ?? .zero))
        }
        guard zip(bs, bs.dropFirst()).allSatisfy({ $1.minTotal < $0.minTotal }) else {
            throw DomainError(
                .inconsistent, "\(f.path).bands", "\(f.path).bands must go from the highest minTotal down")
        }
        guard bs.last?.minTotal == .zero else {
            throw DomainError(
                .inconsistent, "\(f.path).bands",
                "\(f.path).bands: the last band must have minTotal 0, so every unit gets a band")
        }
        guard Set(bs.map(\.id)).count == bs.count else {
            throw DomainError(.inconsistent, "\(f.path).bands", "\(f.path).bands names a band id twice")
        }
        return bs
    }

    private static func tieBreak(_ f: Fields) throws(DomainError) -> [TieBreak] {
        var tb: [TieBreak] = []
        for s in try f.strings("tieBreak") {
            guard let t = TieBreak(rawValue: s) else {
                let all = TieBreak.allCases.map(\.rawValue)
                let hint = Fields.closest(s, among: all).map { "; did you mean \($0)?" } ?? ""
                throw DomainError(
                    .invalidField, "\(f.path).tieBreak",
                    "\(f.path).tieBreak \"\(s.prefix(40))\" is not one of \(all.joined(separator: ", "))\(hint)")
            }
            tb.append(t)
        }
        return tb
    }

    private static func flagRule(_ f: Fields, bands: [Band]) throws(DomainError) -> FlagRule {
        let prov = try f.optObject("provinceFlag")
        let minBand = try prov?.optString("minBand") ?? bands[0].id
        guard bands.contains(where: { $0.id == minBand }) else {
            throw DomainError(
                .inconsistent, "\(f.path).provinceFlag.minBand",
                "\(f.path).provinceFlag.minBand \"\(minBand.prefix(40))\" is not a band of this rubric (bands: "
                    + "\(bands.map(\.id).joined(separator: ", ")))"
            )
        }
        let targets = try prov?.oneOf("targets", TargetCondition.allCases.map(\.rawValue), default: "exceeded")
        let propose = try prov?.bool("propose", default: true) ?? true
        return FlagRule(
            propose: propose, minBand: minBand, targets: TargetCondition(rawValue: targets ?? "") ?? .exceeded)
    }

    private static func discipline(_ f: Fields) throws(DomainError) -> Discipline {
        guard let d = try f.optObject("discipline") else { return .law }
        let levels = try d.strings("levels")
        guard !levels.isEmpty, levels.allSatisfy({ !Discipline.key($0).isEmpty }) else {
            throw DomainError(
                .missingField, "\(d.path).levels", "\(d.path).levels: list the levels of discipline, mildest first")
        }
        guard Set(levels.map(Discipline.key)).count == levels.count else {
            throw DomainError(.inconsistent, "\(d.path).levels", "\(d.path).levels names a level twice")
        }
        let from = try d.string("disqualifyFrom")
        guard levels.contains(where: { Discipline.key($0) == Discipline.key(from) }) else {
            throw DomainError(
                .inconsistent, "\(d.path).disqualifyFrom",
                "\(d.path).disqualifyFrom \"\(from.prefix(40))\" is not one of its levels "
                    + "(\(levels.joined(separator: ", ")))"
            )
        }
        return Discipline(levels: levels, disqualifyFrom: from)
    }

    private static func ballot(_ f: Fields) throws(DomainError) -> (Fraction, Int) {
        guard let ballot = try f.optObject("ballot") else { return (Rubric.twoThirds, 2) }
        var quorum = Rubric.twoThirds
        if let q = try ballot.optString("quorum") {
            let parts = q.split(separator: "/")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b > 0, b <= 1000, a >= 0, a <= b,
                let q = try? Fraction.ratio(Int128(a), Int128(b))
            else {
                throw DomainError(
                    .invalidField, "\(ballot.path).quorum",
                    "\(ballot.path).quorum \"\(q.prefix(40))\" must be a fraction such as \"2/3\"")
            }
            quorum = q
        }
        let rounds = ballot.has("maxRounds") ? try ballot.int("maxRounds", IntRange.round) : 2
        return (quorum, rounds)
    }
}

extension Rubric: Codable {
    /// The file, in base64, read back as a replay reads it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Rubric(bytes: try Base64.decode(text)) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Base64.encode(file))
    }
}
