import ThiduaLog

/// Who is who in the emulation movement, as the log says so far: units, clusters and
/// blocs with dated memberships, heads with terms, successions, awards. Authority rules
/// and projections both read it. `apply` never fails: it only learns from admitted events.
public struct Organisation: Sendable, Equatable {
    public struct UnitInfo: Sendable, Equatable, Codable {
        /// Its name now (the latest `UnitRenamed`, or the name it was introduced with).
        public var name: String
        public let since: Int
        /// Its names from each date on, oldest first (renames).
        public var names: [Named] = []
        /// The date the unit ended, how and into which units.
        public var ended: End?

        /// Its name on `date`: the latest rename effective by then.
        public func name(on date: String) -> String {
            names.last { $0.from <= date }?.name ?? names.first?.name ?? name
        }

        /// Whether it still exists on `date` (it ends on its end date).
        public func isActive(on date: String) -> Bool { ended.map { $0.date > date } ?? true }
    }

    public struct Named: Sendable, Equatable, Codable {
        public let from: String
        public let name: String
        public let entry: Int
    }

    /// How a unit ended: on which date, by which entry and event, into which units.
    public struct End: Sendable, Equatable, Codable {
        public let date: String
        public let entry: Int
        public let type: String
        public let successors: [String]
    }

    /// History carried from one unit to another by a reorganisation: what, from when, and
    /// the entry that said so.
    public struct Carry: Sendable, Equatable, Hashable {
        public let from: String
        public let to: String
        public let facts: Set<FactKind>
        public let effective: String
        public let entry: Int
    }

    /// A unit's membership of a group over [from, until): `until` (exclusive) is the date
    /// it left, nil while it is a member. A unit that joins and leaves on one day never
    /// was a member.
    public struct Membership: Sendable, Equatable, Codable {
        public let unit: String
        public let from: String
        public var until: String?
        public let entry: Int

        public func contains(_ date: String) -> Bool { from <= date && (until.map { date < $0 } ?? true) }
    }

    public struct GroupInfo: Sendable, Equatable, Codable {
        public let id: String
        public let kind: GroupFormed.Kind
        public let name: String
        public let formed: Int
        public var memberships: [Membership] = []

        /// Units that are members on `date`, in the order they joined.
        public func members(on date: String) -> [String] {
            // Each once, first membership first: a short list is searched, a long one hashed.
            var out: [String] = []
            var seen: Set<String>? = nil
            for m in memberships where m.contains(date) {
                if seen == nil, out.count == 32 { seen = Set(out) }
                if seen == nil ? out.contains(m.unit) : !seen!.insert(m.unit).inserted { continue }
                out.append(m.unit)
            }
            return out
        }
        public func isMember(_ unit: String, on date: String) -> Bool {
            memberships.contains { $0.unit == unit && $0.contains(date) }
        }
    }

    public struct Head: Sendable, Equatable, Codable {
        public let unit: String
        public let deputy: Bool
        public let term: DateSpan
        public let entry: Int
    }

    public struct Award: Sendable, Equatable {
        public let unit: String
        public let title: String
        public let decision: String
        public let entry: Int
        public var revoked: (entry: Int, reason: String)?
        public static func == (a: Award, b: Award) -> Bool {
            a.unit == b.unit && a.title == b.title && a.entry == b.entry && a.revoked?.entry == b.revoked?.entry
        }
    }

    public private(set) var units: [String: UnitInfo] = [:]
    public private(set) var groups: [String: GroupInfo] = [:]
    public private(set) var groupOrder: [String] = []
    /// The groups each unit has ever been a member of, in `groupOrder` order (an index:
    /// `groups(of:on:)` looks at these, not at every group).
    private var groupsOfUnit: [String: Set<String>] = [:]
    /// Where each group id stands in `groupOrder` (every place, should one be formed twice).
    private var groupPositions: [String: [Int]] = [:]
    public private(set) var heads: [String: [Head]] = [:]
    public private(set) var movements: [String: (MovementLaunched, Int)] = [:]
    public private(set) var awards: [String: Award] = [:]
    /// History carried into each unit, by the unit that carries it.
    public private(set) var carries: [String: [Carry]] = [:]
    /// Indicators by code, first definition wins (movements in log order).
    private var indicators: [String: (Indicator, String, Int)] = [:]

    public init() {}

    public static func == (a: Organisation, b: Organisation) -> Bool {
        a.units == b.units && a.groups == b.groups && a.heads == b.heads && a.awards == b.awards
            && a.carries == b.carries && a.movements.mapValues(\.1) == b.movements.mapValues(\.1)
    }

    /// The head (or deputy) of `group` on `date`.
    public func head(of group: String, on date: String, deputy: Bool = false) -> Head? {
        heads[group]?.last { $0.deputy == deputy && $0.term.contains(date) }
    }

    /// The groups `unit` is a member of on `date`, in `groupOrder` order (the same as
    /// `groupOrder.filter { groups[$0]!.isMember(unit, on: date) }`, without visiting
    /// every group).
    public func groups(of unit: String, on date: String) -> [String] {
        guard let mine = groupsOfUnit[unit] else { return [] }
        return mine.flatMap { groupPositions[$0] ?? [] }.sorted().map { groupOrder[$0] }.filter {
            groups[$0]!.isMember(unit, on: date)
        }
    }

    /// Whether `unit` is a member on `date` of a group for which `test` holds (the same as
    /// `groups(of: unit, on: date).contains(where: test)`, without building the list).
    public func inGroup(_ unit: String, on date: String, where test: (String) -> Bool) -> Bool {
        guard let mine = groupsOfUnit[unit] else { return false }
        return mine.contains { g in groups[g]?.isMember(unit, on: date) == true && test(g) }
    }

    /// Notes that `unit` has a membership in `group` (for `groups(of:on:)`).
    private mutating func index(_ unit: String, in group: String) {
        groupsOfUnit[unit, default: []].insert(group)
    }

    public func isActive(_ unit: String, on date: String) -> Bool { units[unit]?.isActive(on: date) ?? false }

    /// The unit and every unit whose history of `kind` it carries (any kind, when nil),
    /// through any number of reorganisations: the unit last, the nearest before it. Safe
    /// on any log: each unit is listed once, however the carries loop.
    public func lineage(of unit: String, _ kind: FactKind? = nil) -> [String] {
        guard carries[unit] != nil else { return [unit] }
        var nearestFirst = [unit]
        var seen: Set<String> = [unit]
        var k = 0
        while k < nearestFirst.count {
            for c in carries[nearestFirst[k]] ?? [] where kind.map({ c.facts.contains($0) }) ?? !c.facts.isEmpty {
                if seen.insert(c.from).inserted { nearestFirst.append(c.from) }
            }
            k += 1
        }
        return nearestFirst.reversed()
    }

    /// Calls `body` with each unit of `lineage(of:_:)`, in its order, without building the
    /// list for a unit that carries no history (most units, read for every score).
    public func forEachInLineage(of unit: String, _ kind: FactKind? = nil, _ body: (String) -> Void) {
        guard carries[unit] != nil else { return body(unit) }
        for u in lineage(of: unit, kind) { body(u) }
    }

    /// The reorganisations behind a unit: every one that went into it (even one that
    /// carried nothing), and those that carried history into the units of its lineage;
    /// oldest first.
    public func carriesBehind(_ unit: String) -> [Carry] {
        // A unit no reorganisation went into has none (most units, scored every time).
        guard carries[unit] != nil else { return [] }
        let lin = lineage(of: unit)
        // By entry; within one, in the order the reorganisation named the units.
        return lin.flatMap { u in (carries[u] ?? []).filter { u == unit || !$0.facts.isEmpty } }.enumerated()
            .sorted { ($0.element.entry, $0.offset) < ($1.element.entry, $1.offset) }.map(\.element)
    }

    /// An indicator defined by any movement.
    public func indicator(_ code: String) -> (Indicator, movement: String, entry: Int)? {
        indicators[code].map { ($0.0, $0.1, $0.2) }
    }

    /// Codes of every indicator a movement defines.
    public var indicatorCodes: [String] { indicators.keys.sorted() }

    /// A unit's name on a date (its latest, when it is unknown).
    public func name(_ unit: String, on date: String? = nil) -> String {
        guard let u = units[unit] else { return unit }
        return date.map { u.name(on: $0) } ?? u.name
    }

    private mutating func addUnit(_ id: String, _ name: String?, _ entry: Int, from date: String) {
        if units[id] == nil {
            units[id] = UnitInfo(
                name: name ?? id, since: entry, names: [Named(from: date, name: name ?? id, entry: entry)])
        } else if let name, units[id]!.name != name {
            units[id]!.name = name
            units[id]!.names.append(Named(from: date, name: name, entry: entry))
        }
    }

    /// Learns from an admitted event.
    public mutating func apply(_ event: DomainEvent, at e: SignedEvent) {
        apply(event, entry: e.index, id: e.payload.id)
    }

    /// The same, for the event of entry `entry` whose payload's id is `id`.
    public mutating func apply(_ event: DomainEvent, entry: Int, id: String) {
        switch event {
        case .movementLaunched(let m):
            movements[m.movement] = (m, entry)
            for t in m.targets {
                for i in t.indicators where indicators[i.code] == nil { indicators[i.code] = (i, m.movement, entry) }
            }
        case .groupFormed(let g):
            var info = GroupInfo(id: g.group, kind: g.kind, name: g.name, formed: entry)
            for m in g.members {
                addUnit(m.unit, m.name, entry, from: g.effective)
                info.memberships.append(Membership(unit: m.unit, from: g.effective, until: nil, entry: entry))
                index(m.unit, in: g.group)
            }
            groups[g.group] = info
            groupPositions[g.group, default: []].append(groupOrder.count)
            groupOrder.append(g.group)
        case .membershipChanged(let c):
            guard groups[c.group] != nil else { return }
            if c.joined {
                addUnit(c.unit, c.name, entry, from: c.effective)
                // A unit that has ended is a member of nothing after its end (a log that was
                // not checked may say otherwise).
                let end = units[c.unit]?.ended.map { max($0.date, c.effective) }
                groups[c.group]!.memberships.append(
                    Membership(unit: c.unit, from: c.effective, until: end, entry: entry))
                index(c.unit, in: c.group)
            } else {
                close(c.unit, in: c.group, on: c.effective)
            }
        case .headElected(let h):
            heads[h.group, default: []].append(Head(unit: h.unit, deputy: h.deputy, term: h.term, entry: entry))
        case .unitSucceeded(let s):
            guard units[s.unit] != nil else { return }
            for m in s.successors { addUnit(m.unit, m.name, entry, from: s.effective) }
            // The carrying successor takes the unit's place in its groups, from the date.
            let places = groupOrder.filter { groups[$0]!.isMember(s.unit, on: s.effective) }
            end(s.unit, on: s.effective, entry, UnitSucceeded.type, into: s.successors.map(\.unit))
            carry(s.unit, to: s.carryTo, Set(FactKind.allCases), s.effective, entry)
            for g in places {
                groups[g]!.memberships.append(
                    Membership(unit: s.carryTo, from: s.effective, until: nil, entry: entry))
                index(s.carryTo, in: g)
            }
        case .unitsMerged(let m):
            addUnit(m.into.unit, m.into.name, entry, from: m.effective)
            for s in m.units {
                if units[s.unit] == nil, let name = s.name { addUnit(s.unit, name, entry, from: m.effective) }
                guard units[s.unit] != nil else { continue }
                end(s.unit, on: m.effective, entry, UnitsMerged.type, into: [m.into.unit])
                carry(s.unit, to: m.into.unit, m.carry[s.unit] ?? [], m.effective, entry)
            }
        case .unitSplit(let s):
            guard units[s.unit] != nil else { return }
            for m in s.into { addUnit(m.unit, m.name, entry, from: s.effective) }
            end(s.unit, on: s.effective, entry, UnitSplit.type, into: s.into.map(\.unit))
            for m in s.into { carry(s.unit, to: m.unit, s.carry[m.unit] ?? [], s.effective, entry) }
        case .unitRenamed(let r):
            guard units[r.unit] != nil else { return }
            units[r.unit]!.names.append(Named(from: r.effective, name: r.name, entry: entry))
            units[r.unit]!.names.sort { ($0.from, $0.entry) < ($1.from, $1.entry) }
            units[r.unit]!.name = units[r.unit]!.names.last!.name
        case .unitEnded(let x):
            guard units[x.unit] != nil else { return }
            end(x.unit, on: x.effective, entry, UnitEnded.type, into: [])
        case .commendationAwarded(let a):
            awards[id] = Award(unit: a.unit, title: a.title, decision: a.decision, entry: entry)
        case .commendationRevoked(let r):
            awards[r.award]?.revoked = (entry, r.reason)
        case .logOpened, .keyRegistered, .keyRevoked, .logKeyRotated, .rubricPublished, .pledgeSigned,
            .indicatorReported,
            .taskCompleted, .selfScoreSubmitted, .scoreAppraised, .explanationSubmitted, .evidenceAttached,
            .bonusAwarded,
            .deductionApplied, .violationReported, .ballotHeld, .rankingPublished:
            break  // scores, not organisation (Ledger)
        }
    }

    /// Ends `unit` on `date` (the first end counts) and its memberships with it.
    private mutating func end(_ unit: String, on date: String, _ entry: Int, _ type: String, into: [String]) {
        guard units[unit] != nil, units[unit]!.ended == nil else { return }
        units[unit]!.ended = End(date: date, entry: entry, type: type, successors: into)
        for g in groupOrder { close(unit, in: g, on: date) }
    }

    private mutating func carry(_ from: String, to: String, _ facts: Set<FactKind>, _ date: String, _ entry: Int) {
        guard from != to else { return }
        carries[to, default: []].append(Carry(from: from, to: to, facts: facts, effective: date, entry: entry))
    }

    /// Ends open memberships of `unit` in `group` on `date` (it is not a member that day).
    private mutating func close(_ unit: String, in group: String, on date: String) {
        for k in groups[group]!.memberships.indices
        where groups[group]!.memberships[k].unit == unit && groups[group]!.memberships[k].until == nil {
            groups[group]!.memberships[k].until = max(groups[group]!.memberships[k].from, date)
        }
    }
}

extension Organisation: Encodable, JSONTapeDecodable {
    private enum CodingKeys: String, CodingKey {
        case units, groups, groupOrder, heads, movements, awards, carries, indicators
    }
    private struct Defined: Codable {
        let indicator: Indicator
        let movement: String
        let entry: Int
    }

    /// Its state as a saved projection keeps it (the indexes are rebuilt when read).
    public init(_ v: TapeValue) throws {
        units = try v.member("units").table(UnitInfo.init)
        groups = try v.member("groups").table(GroupInfo.init)
        groupOrder = try v.member("groupOrder").list { try $0.string() }
        heads = try v.decode([String: [Head]].self, member: "heads")
        movements = try v.member("movements").table { f in
            let m = try f.fact(MovementLaunched.self)
            return (m.value, m.entry)
        }
        awards = try v.decode([String: Award].self, member: "awards")
        carries = try v.decode([String: [Carry]].self, member: "carries")
        indicators = try v.decode([String: Defined].self, member: "indicators").mapValues {
            ($0.indicator, $0.movement, $0.entry)
        }
        for (k, g) in groupOrder.enumerated() { groupPositions[g, default: []].append(k) }
        for (g, info) in groups { for m in info.memberships { index(m.unit, in: g) } }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(units, forKey: .units)
        try c.encode(groups, forKey: .groups)
        try c.encode(groupOrder, forKey: .groupOrder)
        try c.encode(heads, forKey: .heads)
        try c.encode(movements.mapValues { Fact(value: $0.0, entry: $0.1) }, forKey: .movements)
        try c.encode(awards, forKey: .awards)
        try c.encode(carries, forKey: .carries)
        try c.encode(
            indicators.mapValues { Defined(indicator: $0.0, movement: $0.1, entry: $0.2) }, forKey: .indicators)
    }
}

extension Organisation.Award: Codable {
    private enum CodingKeys: String, CodingKey { case unit, title, decision, entry, revokedBy, revokedFor }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unit = try c.decode(String.self, forKey: .unit)
        title = try c.decode(String.self, forKey: .title)
        decision = try c.decode(String.self, forKey: .decision)
        entry = try c.decode(Int.self, forKey: .entry)
        if let by = try c.decodeIfPresent(Int.self, forKey: .revokedBy) {
            revoked = (by, try c.decode(String.self, forKey: .revokedFor))
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(unit, forKey: .unit)
        try c.encode(title, forKey: .title)
        try c.encode(decision, forKey: .decision)
        try c.encode(entry, forKey: .entry)
        try c.encodeIfPresent(revoked?.entry, forKey: .revokedBy)
        try c.encodeIfPresent(revoked?.reason, forKey: .revokedFor)
    }
}

extension Organisation.Carry: Codable {
    private enum CodingKeys: String, CodingKey { case from, to, facts, effective, entry }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
        facts = Set(try c.decode([FactKind].self, forKey: .facts))
        effective = try c.decode(String.self, forKey: .effective)
        entry = try c.decode(Int.self, forKey: .entry)
    }
    /// The kinds in their fixed order, so the same state always gives the same bytes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(facts.sorted(), forKey: .facts)
        try c.encode(effective, forKey: .effective)
        try c.encode(entry, forKey: .entry)
    }
}

// A saved state holds every unit, its names and every membership: each is read from the
// tape directly, member by member, as its synthesized `init(from:)` reads it.

extension Organisation.UnitInfo: JSONTapeDecodable {
    public init(_ v: TapeValue) throws {
        name = try v.member("name").string()
        since = try v.member("since").int()
        names = try v.member("names").list(Organisation.Named.init)
        ended = try v.decodeIfPresent(Organisation.End.self, member: "ended")
    }
}

extension Organisation.Named: JSONTapeDecodable {
    public init(_ v: TapeValue) throws {
        from = try v.member("from").string()
        name = try v.member("name").string()
        entry = try v.member("entry").int()
    }
}

extension Organisation.Membership: JSONTapeDecodable {
    public init(_ v: TapeValue) throws {
        unit = try v.member("unit").string()
        from = try v.member("from").string()
        until = try v.decodeIfPresent(String.self, member: "until")
        entry = try v.member("entry").int()
    }
}

extension Organisation.GroupInfo: JSONTapeDecodable {
    public init(_ v: TapeValue) throws {
        id = try v.member("id").string()
        kind = try v.decode(GroupFormed.Kind.self, member: "kind")
        name = try v.member("name").string()
        formed = try v.member("formed").int()
        memberships = try v.member("memberships").list(Organisation.Membership.init)
    }
}
