import ThiduaLog

/// What changed between two replays (e.g. the log as it is, and without some entries or
/// with another rubric): for whom, by how much, and which criteria and entries.
public struct RankingDiff: Sendable, Equatable {
    public struct CriterionChange: Sendable, Equatable {
        public let criterion: String
        public let before: Points
        public let after: Points
        /// Entries behind the score before and not after, and the reverse.
        public let entriesGone: [Int]
        public let entriesNew: [Int]
    }

    public struct UnitChange: Sendable, Equatable {
        public let group: String
        public let unit: String
        public let rankBefore: Int?
        public let rankAfter: Int?
        public let totalBefore: Points?
        public let totalAfter: Points?
        public let bandBefore: String?
        public let bandAfter: String?
        /// The bands, for their names.
        public let bandNameBefore: Rubric.Band?
        public let bandNameAfter: Rubric.Band?
        public let criteria: [CriterionChange]
        public let disqualifiedBefore: Bool?
        public let disqualifiedAfter: Bool?
        public var delta: Points { (totalAfter ?? .zero) - (totalBefore ?? .zero) }
    }

    public let changes: [UnitChange]
    public let leadersBefore: [String: String]
    public let leadersAfter: [String: String]
    /// Group names, for sentences.
    public let groupNames: [String: String]

    public init(before a: Standings, after b: Standings) {
        groupNames = a.groupNames.merging(b.groupNames) { x, _ in x }
        var out: [UnitChange] = []
        let groups = a.groups.map(\.group) + b.groups.map(\.group).filter { g in !a.groups.contains { $0.group == g } }
        for g in groups {
            let ga = a.groups.first { $0.group == g }
            let gb = b.groups.first { $0.group == g }
            let units =
                (ga?.units.map(\.unit) ?? [])
                + (gb?.units.map(\.unit) ?? []).filter { u in !(ga?.units.contains { $0.unit == u } ?? false) }
            for u in units {
                let ua = ga?.units.first { $0.unit == u }
                let ub = gb?.units.first { $0.unit == u }
                var cs: [CriterionChange] = []
                let ids =
                    (ua?.criteria.map(\.criterion) ?? [])
                    + (ub?.criteria.map(\.criterion) ?? []).filter { c in
                        !(ua?.criteria.contains { $0.criterion == c } ?? false)
                    }
                for c in ids {
                    let ca = ua?.criteria.first { $0.criterion == c }
                    let cb = ub?.criteria.first { $0.criterion == c }
                    // The rubric's own entry is behind every criterion: another rubric is not news there.
                    let ea = Set(ca?.entries ?? []).subtracting([ga?.rubricEntry ?? -1])
                    let eb = Set(cb?.entries ?? []).subtracting([gb?.rubricEntry ?? -1])
                    if ca?.points != cb?.points || ea != eb {
                        cs.append(
                            CriterionChange(
                                criterion: c, before: ca?.points ?? .zero, after: cb?.points ?? .zero,
                                entriesGone: ea.subtracting(eb).sorted(), entriesNew: eb.subtracting(ea).sorted()))
                    }
                }
                let changed =
                    ua?.rank != ub?.rank || ua?.total != ub?.total || ua?.band.id != ub?.band.id || !cs.isEmpty
                    || ua?.bonuses.map(\.points) != ub?.bonuses.map(\.points)
                    || ua?.deductions.map(\.points) != ub?.deductions.map(\.points)
                    || ua?.disqualified != ub?.disqualified
                if changed {
                    out.append(
                        UnitChange(
                            group: g, unit: u, rankBefore: ua?.rank, rankAfter: ub?.rank, totalBefore: ua?.total,
                            totalAfter: ub?.total,
                            bandBefore: ua?.band.id, bandAfter: ub?.band.id,
                            bandNameBefore: ua?.band, bandNameAfter: ub?.band, criteria: cs,
                            disqualifiedBefore: ua?.disqualified, disqualifiedAfter: ub?.disqualified))
                }
            }
        }
        changes = out
        leadersBefore = Dictionary(uniqueKeysWithValues: a.groups.compactMap { g in g.leader.map { (g.group, $0) } })
        leadersAfter = Dictionary(uniqueKeysWithValues: b.groups.compactMap { g in g.leader.map { (g.group, $0) } })
    }
}
