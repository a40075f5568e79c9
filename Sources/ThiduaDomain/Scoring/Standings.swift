import ThiduaLog

/// A unit's standing in one cluster or bloc.
public struct UnitStanding: Sendable, Equatable {
    public let unit: String
    public let name: String
    public let lineage: [String]
    public let criteria: [CriterionScore]
    public let bonuses: [AdjustmentScore]
    public let deductions: [AdjustmentScore]
    public let criteriaTotal: Points
    public let total: Points
    public let bandDecision: BandDecision
    public let violations: [Fact<ViolationReported>]
    /// Documents attached later to the unit's entries (or those of a unit it carries).
    public let attachedEvidence: [Fact<EvidenceAttached>]
    public let criteriaAtMax: Int
    public let ballotVotes: Int?
    public internal(set) var rank = 0
    /// Set when every tie-break of the rubric left this unit equal with the one above.
    public internal(set) var unresolvedTie = false

    public var band: Rubric.Band { bandDecision.band }
    public var disqualified: Bool { !violations.isEmpty }
    public var deductionTotal: Points { deductions.reduce(.zero) { $0 + $1.points } }
}

public struct GroupStanding: Sendable, Equatable {
    public let group: String
    public let kind: GroupFormed.Kind
    public let name: String
    public let date: String
    public let rubric: String
    public let rubricEntry: Int
    public let rubricHash: String
    public let units: [UnitStanding]
    /// The first-ranked unit that is not disqualified.
    public let leader: String?
    /// The leader, when its band is at least the rubric's province-flag band.
    public let provinceFlag: String?
}

public struct TargetProgress: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let unit: String
        public let value: Fraction
        public let target: Fraction
        public let met: Bool
        public let entry: Int
    }
    public let movement: String
    public let number: Int
    public let indicator: Indicator
    public let rows: [Row]
}

/// Scores, rankings and proposals, computed from a ledger. Pure: the same ledger always
/// gives the same standings.
public struct Standings: Sendable, Equatable {
    public let origin: String
    public let size: Int
    public let lastReceivedAt: Timestamp?
    public let groups: [GroupStanding]
    public let governmentFlagPool: [String]
    public let governmentFlagQuota: Int
    public let governmentFlagQuotaPercent: Fraction
    public let progress: [TargetProgress]
    public let awards: [(id: String, award: Organisation.Award)]
    public let warnings: [Warning]
    public let unitNames: [String: String]

    public static func == (a: Standings, b: Standings) -> Bool {
        a.size == b.size && a.groups == b.groups && a.governmentFlagPool == b.governmentFlagPool
            && a.warnings == b.warnings
    }

    public func name(_ unit: String) -> String { unitNames[unit] ?? unit }

    public init(_ ledger: Ledger) {
        origin = ledger.origin
        size = ledger.size
        lastReceivedAt = ledger.lastReceivedAt
        let org = ledger.org
        unitNames = org.units.mapValues(\.name)
        let today = ledger.lastReceivedAt?.vietnamDate ?? "0000-01-01"
        var gs: [GroupStanding] = []
        var extra: [Warning] = []
        for g in org.groupOrder {
            guard let rubric = ledger.rubrics[g], let info = org.groups[g] else { continue }
            let date = min(today, rubric.value.inForce.to ?? today)
            let scoring = GroupScoring(group: info, rubric: rubric, date: date, ledger: ledger)
            gs.append(scoring.standing)
            extra += scoring.findings
        }
        groups = gs
        // Government flag: at most quota% of the units that lead clusters and blocs.
        let leaders = gs.compactMap { g in g.provinceFlag.flatMap { u in g.units.first { $0.unit == u } } }
        let percent =
            ledger.rubrics.values.sorted { $0.entry < $1.entry }.last?.value.governmentFlagQuotaPercent ?? Fraction(20)
        // Rounded down: "at most" 20%. Both factors are small (a count, a percent ≤ 100).
        let share = (try? Fraction(leaders.count) * percent / Fraction(100)) ?? .zero
        let quota = Int(share.num / share.den)
        governmentFlagQuotaPercent = percent
        governmentFlagQuota = quota
        governmentFlagPool = leaders.sorted { ($0.total, $1.unit) > ($1.total, $0.unit) }.prefix(quota).map(\.unit)
        progress = Standings.progress(ledger, on: today)
        awards = org.awards.sorted { $0.value.entry < $1.value.entry }.map { ($0.key, $0.value) }
        // By entry; findings of one entry in the order they were found.
        warnings = (ledger.warnings + extra).enumerated().sorted {
            ($0.element.entry, $0.offset) < ($1.element.entry, $1.offset)
        }
        .map(\.element)
    }

    /// Latest of several facts by entry.
    static func latest<T>(_ facts: [Fact<T>]) -> Fact<T>? { facts.max { $0.entry < $1.entry } }

    /// Movement target progress: each active unit's latest value (appraised if it was)
    /// against its own target.
    static func progress(_ ledger: Ledger, on today: String) -> [TargetProgress] {
        let org = ledger.org
        var out: [TargetProgress] = []
        let activeUnits = org.units.keys.sorted().filter { org.units[$0]?.ended == nil }
        var groupsOf: [String: [String]] = [:]
        for g in org.groupOrder {
            for u in org.groups[g]?.members(on: today) ?? [] { groupsOf[u, default: []].append(g) }
        }
        for (id, (m, _)) in org.movements.sorted(by: { $0.value.1 < $1.value.1 }) {
            for t in m.targets {
                for ind in t.indicators {
                    var rows: [TargetProgress.Row] = []
                    for unit in activeUnits {
                        let lin = org.lineage(of: unit)
                        guard var last = latest(lin.flatMap { ledger.values[$0]?[ind.code] ?? [] }),
                            let tg = ledger.target(of: unit, ind.code)
                        else { continue }
                        // An appraised value replaces the reported one.
                        for g in groupsOf[unit] ?? [] {
                            guard
                                let c = ledger.rubrics[g]?.value.criteria.first(where: {
                                    $0.kind == .quantitative(indicator: ind.code)
                                })
                            else { continue }
                            let appraisals = lin.flatMap { ledger.appraisals[$0]?[c.id] ?? [] }.filter {
                                $0.value.field == .value
                            }
                            if let a = latest(appraisals) { last = Fact(value: a.value.to, entry: a.entry) }
                        }
                        let met = tg.direction == .higher ? !(last.value < tg.value) : !(tg.value < last.value)
                        rows.append(.init(unit: unit, value: last.value, target: tg.value, met: met, entry: last.entry))
                    }
                    out.append(TargetProgress(movement: id, number: t.number, indicator: ind, rows: rows))
                }
            }
        }
        return out
    }
}

/// Scores one cluster or bloc with its rubric on a date: each criterion by the scorer of
/// its kind, bonuses and deductions capped, the band, the ranking, leader and flag.
struct GroupScoring {
    let standing: GroupStanding
    let findings: [Warning]

    init(group g: Organisation.GroupInfo, rubric rf: Fact<Rubric>, date: String, ledger: Ledger) {
        var findings: [Warning] = []
        let rubric = rf.value
        let input = ScoringInput(ledger: ledger, rubric: rf, members: g.members(on: date))
        var scorers: [String: any CriterionScorer] = [:]
        for c in rubric.criteria {
            switch c.kind {
            case .quantitative(let code):
                let q = QuantitativeScorer(criterion: c, code: code, input: input)
                findings += q.findings
                scorers[c.id] = q
            case .passFail: scorers[c.id] = PassFailScorer(criterion: c, input: input)
            case .count(let per): scorers[c.id] = CountScorer(criterion: c, perItem: per, input: input)
            case .assessed: scorers[c.id] = AssessedScorer(criterion: c, input: input)
            }
        }
        let (ballot, ballotFindings) = BallotPolicy(rubric: rubric).counted(ledger.ballots[g.id] ?? [], group: g.id)
        findings += ballotFindings
        let bands = BandPolicy(rubric: rubric)
        var units: [UnitStanding] = []
        for u in input.members {
            var scores: [CriterionScore] = []
            for rg in rubric.groups {
                for c in rg.criteria {
                    scores.append(GroupScoring.score(u, c, rg, scorers[c.id], input, &findings))
                }
            }
            let lin = input.lineage(u)
            let bonus = GroupScoring.adjustments(
                u, rubric.bonuses, lin.flatMap { ledger.bonuses[$0] ?? [] }, rubric, rf.entry, &findings)
            let deduction = GroupScoring.adjustments(
                u, rubric.deductions, lin.flatMap { ledger.deductions[$0] ?? [] }, rubric, rf.entry,
                &findings)
            let criteriaTotal = scores.reduce(Points.zero) { $0 + $1.points }
            let total =
                criteriaTotal + bonus.reduce(.zero) { $0 + $1.points } - deduction.reduce(.zero) { $0 + $1.points }
            units.append(
                UnitStanding(
                    unit: u, name: ledger.org.units[u]?.name ?? u, lineage: lin, criteria: scores, bonuses: bonus,
                    deductions: deduction, criteriaTotal: criteriaTotal, total: total,
                    bandDecision: bands.decide(total: total, scores: scores),
                    violations: lin.flatMap { ledger.violations[$0] ?? [] },
                    attachedEvidence: lin.flatMap { ledger.attached[$0] ?? [] },
                    criteriaAtMax: scores.filter { $0.points == $0.max }.count,
                    ballotVotes: ballot.map { $0.value.votes[u] ?? 0 }))
        }
        let ranked = RankingPolicy(rubric: rubric).rank(units)
        let flags = FlagPolicy(rubric: rubric)
        let leader = flags.leader(ranked)
        standing = GroupStanding(
            group: g.id, kind: g.kind, name: g.name, date: date, rubric: rubric.id, rubricEntry: rf.entry,
            rubricHash: ledger.rubricHashes[rf.entry] ?? "", units: ranked, leader: leader?.unit,
            provinceFlag: flags.provinceFlag(leader))
        self.findings = findings
    }

    /// One criterion for one unit, rounded once to 0.01; a value that cannot be computed
    /// exactly counts 0 with a finding, and the ranking goes on.
    private static func score(
        _ u: String, _ c: Rubric.Criterion, _ rg: Rubric.Group, _ scorer: (any CriterionScorer)?,
        _ input: ScoringInput, _ findings: inout [Warning]
    ) -> CriterionScore {
        var result = CriterionResult(
            points: .zero, basis: .notComputable, entries: [input.rubric.entry], appraised: false)
        var points = Points.zero
        do {
            if let scorer { result = try scorer.score(u) }
            points = try Points(result.points)
        } catch {
            findings.append(
                Warning(entry: result.entries.max() ?? input.rubric.entry, .notComputable(unit: u, criterion: c.id)))
            result.basis = .notComputable
            points = .zero
        }
        findings += result.findings
        var entries = result.entries
        // Every appraisal of the criterion and every explanation, not only the last.
        if result.appraised { entries += input.appraisalTrail(u, c.id) }
        return CriterionScore(
            criterion: c.id, name: c.name, rubricGroup: rg.id, max: (try? Points(c.max)) ?? .zero, points: points,
            basis: result.basis, entries: Array(Set(entries)).sorted(), appraised: result.appraised)
    }

    /// Bonus or deduction items of a unit: each item's entries summed and capped; items the
    /// rubric does not have are not counted, with a finding.
    private static func adjustments(
        _ unit: String, _ items: [Rubric.Item], _ facts: [Fact<Adjustment>], _ rubric: Rubric,
        _ rubricEntry: Int, _ findings: inout [Warning]
    ) -> [AdjustmentScore] {
        var out: [AdjustmentScore] = []
        for item in items {
            let mine = facts.filter { $0.value.item == item.id }
            guard !mine.isEmpty else { continue }
            var sum = Fraction.zero
            var overflow = false
            for f in mine {
                guard let s = try? sum + f.value.points else {
                    overflow = true
                    break
                }
                sum = s
            }
            let capped = overflow || item.cap < sum
            out.append(
                AdjustmentScore(
                    item: item.id, name: item.name, points: (try? Points(capped ? item.cap : sum)) ?? .zero,
                    capped: capped, entries: mine.map(\.entry) + [rubricEntry]))
        }
        for f in facts where !items.contains(where: { $0.id == f.value.item }) {
            findings.append(
                Warning(entry: f.entry, .itemNotInRubric(item: f.value.item, unit: unit, rubric: rubric.id)))
        }
        return out
    }
}
