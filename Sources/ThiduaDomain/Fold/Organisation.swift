import ThiduaLog

/// Who is who in the emulation movement, as the log says so far: units, clusters and
/// blocs with dated memberships, heads with terms, successions, awards. Authority rules
/// and projections both read it. `apply` never fails: it only learns from admitted events.
public struct Organisation: Sendable, Equatable {
    public struct UnitInfo: Sendable, Equatable {
        public var name: String
        public var since: Int
        /// The date the unit ended (succeeded), and the entry that said so.
        public var ended: (date: String, entry: Int, carryTo: String)?
        /// Units whose history this unit carries (UnitSucceeded.carryTo).
        public var predecessors: [String] = []
        public static func == (a: UnitInfo, b: UnitInfo) -> Bool {
            a.name == b.name && a.since == b.since && a.ended?.date == b.ended?.date && a.ended?.entry == b.ended?.entry
                && a.ended?.carryTo == b.ended?.carryTo && a.predecessors == b.predecessors
        }
    }

    public struct Membership: Sendable, Equatable {
        public let unit: String
        public var span: DateSpan
        public let entry: Int
    }

    public struct GroupInfo: Sendable, Equatable {
        public let id: String
        public let kind: GroupFormed.Kind
        public let name: String
        public let formed: Int
        public var memberships: [Membership] = []

        /// Units that are members on `date`, in the order they joined.
        public func members(on date: String) -> [String] {
            var seen: Set<String> = []
            return memberships.filter { $0.span.contains(date) }.map(\.unit).filter { seen.insert($0).inserted }
        }
        public func isMember(_ unit: String, on date: String) -> Bool {
            memberships.contains { $0.unit == unit && $0.span.contains(date) }
        }
    }

    public struct Head: Sendable, Equatable {
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
    public private(set) var heads: [String: [Head]] = [:]
    public private(set) var movements: [String: (MovementLaunched, Int)] = [:]
    public private(set) var awards: [String: Award] = [:]
    /// Indicators by code, first definition wins (movements in log order).
    private var indicators: [String: (Indicator, String, Int)] = [:]

    public init() {}

    public static func == (a: Organisation, b: Organisation) -> Bool {
        a.units == b.units && a.groups == b.groups && a.heads == b.heads && a.awards == b.awards
            && a.movements.mapValues(\.1) == b.movements.mapValues(\.1)
    }

    /// The head (or deputy) of `group` on `date`.
    public func head(of group: String, on date: String, deputy: Bool = false) -> Head? {
        heads[group]?.last { $0.deputy == deputy && $0.term.contains(date) }
    }

    /// Groups `unit` belongs to on `date`.
    public func groups(of unit: String, on date: String) -> [String] {
        groupOrder.filter { groups[$0]!.isMember(unit, on: date) }
    }

    public func isActive(_ unit: String, on date: String) -> Bool {
        guard let u = units[unit] else { return false }
        return u.ended.map { date < $0.date } ?? true
    }

    /// The unit and every unit whose history it carries, oldest first.
    public func lineage(of unit: String) -> [String] {
        var out: [String] = []
        for p in units[unit]?.predecessors ?? [] { out += lineage(of: p) }
        return out + [unit]
    }

    /// An indicator defined by any movement.
    public func indicator(_ code: String) -> (Indicator, movement: String, entry: Int)? {
        indicators[code].map { ($0.0, $0.1, $0.2) }
    }

    /// Codes of every indicator a movement defines.
    public var indicatorCodes: [String] { indicators.keys.sorted() }

    private mutating func addUnit(_ id: String, _ name: String?, _ entry: Int) {
        if units[id] == nil {
            units[id] = UnitInfo(name: name ?? id, since: entry)
        } else if let name {
            units[id]!.name = name
        }
    }

    /// Learns from an admitted event.
    public mutating func apply(_ event: DomainEvent, at e: SignedEvent) {
        switch event {
        case .movementLaunched(let m):
            movements[m.movement] = (m, e.index)
            for t in m.targets {
                for i in t.indicators where indicators[i.code] == nil { indicators[i.code] = (i, m.movement, e.index) }
            }
        case .groupFormed(let g):
            var info = GroupInfo(id: g.group, kind: g.kind, name: g.name, formed: e.index)
            for m in g.members {
                addUnit(m.unit, m.name, e.index)
                info.memberships.append(
                    Membership(unit: m.unit, span: DateSpan(from: g.effective, to: nil), entry: e.index))
            }
            groups[g.group] = info
            groupOrder.append(g.group)
        case .membershipChanged(let c):
            guard groups[c.group] != nil else { return }
            if c.joined {
                addUnit(c.unit, c.name, e.index)
                groups[c.group]!.memberships.append(
                    Membership(unit: c.unit, span: DateSpan(from: c.effective, to: nil), entry: e.index))
            } else {
                close(c.unit, in: c.group, on: c.effective)
            }
        case .headElected(let h):
            heads[h.group, default: []].append(Head(unit: h.unit, deputy: h.deputy, term: h.term, entry: e.index))
        case .unitSucceeded(let s):
            guard units[s.unit] != nil else { return }
            units[s.unit]!.ended = (s.effective, e.index, s.carryTo)
            for m in s.successors { addUnit(m.unit, m.name, e.index) }
            units[s.carryTo]!.predecessors.append(s.unit)
            // The carrying successor takes the unit's place in its groups, from the date.
            for g in groupOrder where groups[g]!.isMember(s.unit, on: s.effective) {
                close(s.unit, in: g, on: s.effective)
                groups[g]!.memberships.append(
                    Membership(unit: s.carryTo, span: DateSpan(from: s.effective, to: nil), entry: e.index))
            }
        case .commendationAwarded(let a):
            awards[e.payload.id] = Award(unit: a.unit, title: a.title, decision: a.decision, entry: e.index)
        case .commendationRevoked(let r):
            awards[r.award]?.revoked = (e.index, r.reason)
        case .logOpened, .keyRegistered, .keyRevoked, .logKeyRotated, .rubricPublished, .pledgeSigned,
            .indicatorReported,
            .taskCompleted, .selfScoreSubmitted, .scoreAppraised, .explanationSubmitted, .evidenceAttached,
            .bonusAwarded,
            .deductionApplied, .violationReported, .ballotHeld, .rankingPublished:
            break  // scores, not organisation (Ledger)
        }
    }

    /// Ends open memberships of `unit` in `group` the day before `date`.
    private mutating func close(_ unit: String, in group: String, on date: String) {
        let dayBefore = Timestamp(millis: Timestamp(date: date)!.millis - 86_400_000).dateText
        for k in groups[group]!.memberships.indices
        where groups[group]!.memberships[k].unit == unit && groups[group]!.memberships[k].span.to == nil {
            let from = groups[group]!.memberships[k].span.from
            groups[group]!.memberships[k].span = DateSpan(from: from, to: max(from, dayBefore))
        }
    }
}
