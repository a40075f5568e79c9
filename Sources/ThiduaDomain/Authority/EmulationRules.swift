import ThiduaLog

/// Who may sign what in an emulation log: `"rules": "thidua-emulation/2"` in the genesis.
///
/// Checked on append, from the log before the entry; a refusal names the key, the rule
/// and the entry that granted or revoked the authority (Events/README.md has the table).
/// - `thidua-emulation/1`: as first written (kept, so its logs verify as they always did).
/// - `thidua-emulation/2`: on `thidua-keys/2` (every payload bound to its log); payloads
///   read strictly (unknown fields, numbers as strings and numbers out of range refused);
///   criteria, items and indicators must be ones the rubric or movement in force defines.
public struct EmulationRules: AuthorityRules {
    public static let v1 = "thidua-emulation/1"
    public static let v2 = "thidua-emulation/2"
    /// The rules `thidua init` and the demo use.
    public static let current = v2
    public static let roles = ["root", "council", "unit", "appraiser", "agency"]
    public let name: String
    public let version: Int
    public private(set) var keys: KeyRing
    public private(set) var org = Organisation()
    /// The rubric scoring each group from now on (`thidua-emulation/2` checks references).
    public private(set) var rubrics: [String: Rubric] = [:]
    /// Codes each unit pledged.
    public private(set) var pledged: [String: Set<String>] = [:]

    public init(version: Int = 2) {
        self.version = version
        name = version >= 2 ? EmulationRules.v2 : EmulationRules.v1
        keys = KeyRing(version: version)
    }

    /// How payloads are read under these rules.
    public var mode: ReadingMode { version >= 2 ? .strict : .lenient }

    public static let catalog = RulesCatalog.logLayer
        .adding(v1) { EmulationRules(version: 1) }
        .adding(v2) { EmulationRules(version: 2) }

    public func admit(_ e: SignedEvent) throws(EntryFault) {
        try keys.admit(e)
        let date = e.receivedAt.vietnamDate
        func deny(_ m: String) -> EntryFault { EntryFault(index: e.index, rule: .authority, m) }
        func bad(_ m: String) -> EntryFault { EntryFault(index: e.index, rule: .payload, m) }
        func who() -> String {
            e.signers.map { id in
                guard let r = keys.record(id) else { return id.short }
                return "\(id.short) (\(r.role)\(r.scope.map { " of \($0)" } ?? ""), entry \(r.registeredAt))"
            }.joined(separator: ", ")
        }
        func signers(_ roles: Set<String>) -> [KeyRecord] {
            e.signers.compactMap { keys.record($0) }.filter { roles.contains($0.role) && $0.revokedAt == nil }
        }
        func requireCouncil() throws(EntryFault) {
            guard !signers(["root", "council"]).isEmpty else {
                throw deny("\(e.type) must be signed by a council key (role root or council); signed by \(who())")
            }
        }
        func requireAny(_ roles: Set<String>, _ what: String) throws(EntryFault) {
            guard !signers(roles).isEmpty else { throw deny("\(e.type) must be signed by \(what); signed by \(who())") }
        }
        func unitKnown(_ u: String) throws(EntryFault) {
            guard org.units[u] != nil else {
                throw bad(
                    "\(e.type) names unit \"\(u)\", which no GroupFormed, MembershipChanged or UnitSucceeded before "
                        + "this entry introduced"
                )
            }
        }
        func groupKnown(_ g: String) throws(EntryFault) {
            guard org.groups[g] != nil else {
                throw bad(
                    "\(e.type) names group \"\(g)\", which no GroupFormed before this entry formed (known: "
                        + "\(org.groupOrder.joined(separator: ", ")))"
                )
            }
        }
        func active(_ u: String) throws(EntryFault) {
            try unitKnown(u)
            if let end = org.units[u]?.ended, end.date <= date {
                throw deny(
                    "unit \(u) ended on \(end.date) (entry \(end.entry), UnitSucceeded); sign for its successor "
                        + "\(end.carryTo) instead"
                )
            }
        }
        /// A representative of `unit` signed it: a key with role unit and scope = unit.
        func requireRepresentative(_ unit: String) throws(EntryFault) {
            try active(unit)
            guard signers(["unit"]).contains(where: { $0.scope == unit }) else {
                let reps = e.signers.compactMap { keys.record($0) }.filter { $0.role == "unit" }
                let detail = reps.map { r in
                    "key \(r.publicKey.keyID.short) represents \(r.scope ?? "no unit") since entry "
                        + "\(r.registeredAt)\(r.revokedAt.map { ", revoked at entry \($0)" } ?? "")"
                }.joined(separator: "; ")
                throw deny(
                    "\(e.type) for unit \(unit) must be signed by a representative of \(unit) (a key registered with "
                        + "role unit, scope \(unit)); signed by \(who())\(detail.isEmpty ? "" : " — \(detail)")"
                )
            }
        }

        // Key events are the log layer's (KeyRing checked them); roles are this layer's.
        if KeyRing.eventTypes.contains(e.type) {
            guard e.type == KeyRegistered.type else { return }
            guard let role = e.json["role"]?.stringValue, Self.roles.contains(role) else {
                throw bad(
                    "KeyRegistered role is \(e.json["role"].map { JSONWriter.string($0) } ?? "missing"); use one of "
                        + "\(Self.roles.joined(separator: ", "))"
                )
            }
            if role == "unit" {
                guard let scope = e.json["scope"]?.stringValue else {
                    throw bad("a unit key needs \"scope\": the unit it represents")
                }
                try active(scope)
            }
            return
        }
        let event: DomainEvent
        do { event = try DomainEvent(e.payload, mode: mode) } catch { throw bad(error.message) }
        if version >= 2 { try references(event, e, date) }
        switch event {
        case .logOpened, .keyRegistered, .keyRevoked, .logKeyRotated:
            return
        case .movementLaunched(let m):
            try requireCouncil()
            if let (_, at) = org.movements[m.movement] {
                throw bad("movement \(m.movement) was launched at entry \(at); use a new id")
            }
        case .groupFormed(let g):
            try requireCouncil()
            if let old = org.groups[g.group] {
                throw bad("group \(g.group) was formed at entry \(old.formed); use a new id")
            }
        case .membershipChanged(let c):
            try requireCouncil()
            try groupKnown(c.group)
            let member = org.groups[c.group]!.isMember(c.unit, on: c.effective)
            if c.joined && member { throw bad("unit \(c.unit) is already a member of \(c.group) on \(c.effective)") }
            if !c.joined && !member { throw bad("unit \(c.unit) is not a member of \(c.group) on \(c.effective)") }
        case .headElected(let h):
            try requireCouncil()
            try groupKnown(h.group)
            guard org.groups[h.group]!.isMember(h.unit, on: h.term.from) else {
                throw bad("unit \(h.unit) is not a member of \(h.group) on \(h.term.from), the start of the term")
            }
        case .unitSucceeded(let s):
            try requireCouncil()
            try active(s.unit)
            for m in s.successors where org.units[m.unit] != nil {
                throw bad("successor \(m.unit) already exists; successors are new units")
            }
        case .rubricPublished(let r):
            try requireCouncil()
            for g in r.groups { try groupKnown(g) }
        case .pledgeSigned(let p):
            try requireRepresentative(p.unit)
            guard org.movements[p.movement] != nil else {
                throw bad(
                    "PledgeSigned names movement \(p.movement), which no MovementLaunched before this entry launched")
            }
            try groupKnown(p.group)
            guard org.groups[p.group]!.isMember(p.unit, on: date) else {
                throw bad("unit \(p.unit) is not a member of \(p.group) on \(date)")
            }
            let headUnit = org.head(of: p.group, on: date)
            let countersigner = headUnit?.unit == p.unit ? org.head(of: p.group, on: date, deputy: true) : headUnit
            guard let countersigner else {
                throw deny(
                    "PledgeSigned needs the countersignature of the \(headUnit == nil ? "head" : "deputy") of "
                        + "\(p.group), but none is elected for \(date) (HeadElected)"
                )
            }
            guard signers(["unit"]).contains(where: { $0.scope == countersigner.unit }) else {
                throw deny(
                    "PledgeSigned for \(p.unit) needs the countersignature of \(countersigner.unit), "
                        + "\(countersigner.deputy ? "deputy" : "head") of \(p.group) for \(countersigner.term.text) "
                        + "(entry \(countersigner.entry)); signed by \(who())"
                )
            }
        case .indicatorReported(let r):
            try requireRepresentative(r.unit)
        case .taskCompleted(let t):
            try requireRepresentative(t.unit)
        case .selfScoreSubmitted(let s):
            try requireRepresentative(s.unit)
        case .explanationSubmitted(let x):
            try requireRepresentative(x.unit)
        case .evidenceAttached(let x):
            try requireRepresentative(x.unit)
        case .scoreAppraised(let a):
            try requireAny(["appraiser"], "the appraising body (a key with role appraiser: Sở/Phòng Nội vụ)")
            try unitKnown(a.unit)
        case .bonusAwarded(let b):
            try requireAny(["root", "council", "appraiser"], "the council or the appraising body")
            try unitKnown(b.adjustment.unit)
        case .deductionApplied(let d):
            try requireAny(["root", "council", "appraiser"], "the council or the appraising body")
            try unitKnown(d.adjustment.unit)
        case .violationReported(let v):
            try requireAny(
                ["root", "council", "appraiser", "agency"], "the council, the appraising body or an agency key")
            try unitKnown(v.unit)
        case .commendationAwarded(let a):
            try requireCouncil()
            try unitKnown(a.unit)
        case .commendationRevoked(let r):
            try requireCouncil()
            guard let award = org.awards[r.award] else {
                throw bad(
                    "CommendationRevoked names award \(r.award), which no CommendationAwarded before this entry made")
            }
            if let rev = award.revoked { throw bad("award \(r.award) was already revoked at entry \(rev.entry)") }
        case .ballotHeld(let b):
            try requireCouncil()
            try groupKnown(b.group)
        case .rankingPublished(let r):
            try requireCouncil()
            guard org.movements[r.movement] != nil else {
                throw bad(
                    "RankingPublished names movement \(r.movement), which no MovementLaunched before this entry "
                        + "launched"
                )
            }
            if r.scope != "all" { try groupKnown(r.scope) }
            guard r.size <= e.index else {
                throw bad("RankingPublished attests the first \(r.size) entries, but only \(e.index) precede it")
            }
        }
    }

    public mutating func record(_ e: SignedEvent) {
        keys.record(e)
        guard !KeyRing.eventTypes.contains(e.type), let event = try? DomainEvent(e.payload, mode: mode) else { return }
        org.apply(event, at: e)
        switch event {
        case .rubricPublished(let r): for g in r.groups { rubrics[g] = r.rubric }
        case .pledgeSigned(let p): pledged[p.unit, default: []].formUnion(p.targets.map(\.code))
        default: break
        }
    }

    /// `thidua-emulation/2`: a criterion, item or indicator an event names must be one the
    /// rubric of the unit's group, or a movement or the unit's pledge, defines.
    private func references(_ event: DomainEvent, _ e: SignedEvent, _ date: String) throws(EntryFault) {
        func bad(_ path: String, _ m: String) -> EntryFault {
            EntryFault(index: e.index, rule: .payload, "\(path): \(m)")
        }
        /// The rubrics of the groups `unit` (or a unit whose history it carries) is in on `date`.
        func rubricsOf(_ unit: String) -> [(group: String, rubric: Rubric)] {
            var seen = Set<String>()
            return org.lineage(of: unit).reversed().flatMap { org.groups(of: $0, on: date) }
                .filter { seen.insert($0).inserted }.compactMap { g in rubrics[g].map { (g, $0) } }
        }
        func criterion(_ unit: String, _ id: String, _ path: String, kinds: Set<String>) throws(EntryFault) {
            let rs = rubricsOf(unit)
            guard !rs.isEmpty else {
                throw bad(
                    path,
                    "no rubric scores the groups of \(unit) on \(date); the council publishes one first "
                        + "(RubricPublished)"
                )
            }
            let fitting = rs.flatMap { $0.rubric.criteria }.filter { kinds.contains($0.kind.name) }
            if fitting.contains(where: { $0.id == id }) { return }
            let names = rs.map { "\($0.rubric.id) (\($0.group))" }.joined(separator: ", ")
            let ids = fitting.map(\.id)
            if let other = rs.flatMap({ $0.rubric.criteria }).first(where: { $0.id == id }) {
                throw bad(
                    path,
                    "criterion \(id) of \(names) is \(other.kind.name); this event is for "
                        + "\(kinds.sorted().joined(separator: " or ")) criteria (\(ids.joined(separator: ", ")))"
                )
            }
            throw bad(
                path,
                "criterion \(id) is not in \(names)\(Suggest.hint(id, among: ids)) (its "
                    + "\(kinds.sorted().joined(separator: "/")) criteria: \(ids.joined(separator: ", ")))"
            )
        }
        func item(_ unit: String, _ id: String, _ path: String, bonus: Bool) throws(EntryFault) {
            let rs = rubricsOf(unit)
            let items = rs.flatMap { bonus ? $0.rubric.bonuses : $0.rubric.deductions }.map(\.id)
            guard !items.contains(id) else { return }
            let names = rs.map { "\($0.rubric.id) (\($0.group))" }.joined(separator: ", ")
            throw bad(
                path,
                "\(bonus ? "bonus" : "deduction") item \(id) is not in "
                    + "\(names.isEmpty ? "any rubric of \(unit)'s groups" : names)\(Suggest.hint(id, among: items)) "
                    + "(its items: \(items.isEmpty ? "none" : items.joined(separator: ", ")))"
            )
        }
        switch event {
        case .taskCompleted(let t):
            try criterion(t.unit, t.criterion, "TaskCompleted.criterion", kinds: ["passFail", "count"])
        case .selfScoreSubmitted(let x):
            for c in x.scores.keys.sorted() {
                try criterion(x.unit, c, "SelfScoreSubmitted.scores", kinds: ["assessed"])
            }
        case .scoreAppraised(let a):
            let kind: String
            switch a.field {
            case .value: kind = "quantitative"
            case .done: kind = "passFail"
            case .count: kind = "count"
            case .points: kind = "assessed"
            }
            try criterion(a.unit, a.criterion, "ScoreAppraised.criterion", kinds: [kind])
        case .explanationSubmitted(let x):
            try criterion(
                x.unit, x.criterion, "ExplanationSubmitted.criterion",
                kinds: ["quantitative", "passFail", "count", "assessed"])
        case .bonusAwarded(let b):
            try item(b.adjustment.unit, b.adjustment.item, "BonusAwarded.item", bonus: true)
        case .deductionApplied(let d):
            try item(d.adjustment.unit, d.adjustment.item, "DeductionApplied.item", bonus: false)
        case .indicatorReported(let r):
            let lineage = org.lineage(of: r.unit)
            guard org.indicator(r.code) == nil, !lineage.contains(where: { pledged[$0]?.contains(r.code) == true })
            else { return }
            let known = Set(org.indicatorCodes + lineage.flatMap { pledged[$0] ?? [] }).sorted()
            throw bad(
                "IndicatorReported.code",
                "indicator \(r.code) is defined by no movement and not in \(r.unit)'s "
                    + "pledge\(Suggest.hint(r.code, among: known)) (known: \(known.joined(separator: ", ")))"
            )
        default:
            return
        }
    }
}
