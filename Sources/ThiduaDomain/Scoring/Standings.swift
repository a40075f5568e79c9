import ThiduaLog

/// A unit's standing in one cluster or bloc.
public struct UnitStanding: Sendable, Equatable {
    public let unit: String
    public let name: String
    /// The unit and every unit whose history (of any kind) it carries, oldest first.
    public let lineage: [String]
    /// The reorganisations behind the lineage: who carried what to whom, by which entry.
    public let carries: [Organisation.Carry]
    public let criteria: [CriterionScore]
    public let bonuses: [AdjustmentScore]
    public let deductions: [AdjustmentScore]
    public let criteriaTotal: Points
    public let total: Points
    public let bandDecision: BandDecision
    /// Every violation reported for the unit (or carried with its history).
    public let violations: [Fact<ViolationReported>]
    /// The entries of the violations that bar a title (the rubric's discipline levels).
    public let disqualifyingEntries: [Int]
    /// Documents attached later to the unit's entries (or those of a unit it carries).
    public let attachedEvidence: [Fact<EvidenceAttached>]
    public let criteriaAtMax: Int
    public let ballotVotes: Int?
    public internal(set) var rank = 0
    /// The units left equal with this one by the total and every tie-break of the rubric
    /// (ordered among themselves by unit id): "tie not resolved" for each of them.
    public internal(set) var tiedWith: [String] = []

    public var unresolvedTie: Bool { !tiedWith.isEmpty }
    public var band: Rubric.Band { bandDecision.band }
    public var disqualified: Bool { !disqualifyingEntries.isEmpty }
    public var deductionTotal: Points { deductions.reduce(.zero) { $0 + $1.points } }
}

public struct GroupStanding: Sendable, Equatable {
    /// A criterion group of the rubric, for subtotals.
    public struct Part: Sendable, Equatable {
        public let id: String
        public let name: String
        public let max: Fraction
    }

    public let group: String
    public let kind: GroupFormed.Kind
    public let name: String
    /// The ranking date: the replay's date, or the end of the rubric's period if earlier.
    public let date: String
    /// The last day of the rubric's period: a ranking dated before it is provisional.
    public let periodEnd: String
    public let rubric: String
    public let rubricEntry: Int
    public let rubricHash: String
    public let parts: [Part]
    /// The rubric's bands, highest first.
    public let bands: [Rubric.Band]
    /// Whether band floors are read on criterion groups (else on criteria).
    public let floorsOnGroups: Bool
    public let units: [UnitStanding]
    public let leaderDecision: LeaderDecision
    public let flagDecision: FlagDecision

    /// Provisional (tạm tính): dated before the end of its rubric's period.
    public var provisional: Bool { date < periodEnd }
    /// The first-ranked unit not barred by a violation.
    public var leader: String? { leaderDecision.leader }
    /// The leader, when it is proposed for the province flag.
    public var provinceFlag: String? { flagDecision == .proposed ? leader : nil }

    public func band(_ id: String) -> Rubric.Band? { bands.first { $0.id == id } }

    /// A unit's points in one criterion group.
    public func subtotal(_ u: UnitStanding, _ part: Part) -> Points {
        u.criteria.filter { $0.rubricGroup == part.id }.reduce(Points.zero) { $0 + $1.points }
    }
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
    /// The log's title, if its `LogOpened` gave one (printed reports show it; JSON does not).
    public let title: String?
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
    public let groupNames: [String: String]
    /// The date the standings are for: the `--as-of` date, else the last entry's date (Vietnam).
    public let date: String
    /// The `--as-of` date, when the replay stopped at a moment.
    public let asOf: String?

    public static func == (a: Standings, b: Standings) -> Bool {
        a.size == b.size && a.groups == b.groups && a.governmentFlagPool == b.governmentFlagPool
            && a.warnings == b.warnings
    }

    public func name(_ unit: String) -> String { unitNames[unit] ?? unit }

    /// What each group's scoring found and read, kept so that a later
    /// `init(_:previous:)` can reuse a group it does not score again, and the criteria
    /// of a group it does that no change touched.
    let recordsByGroup: [String: GroupScoring.Record]

    /// Standings of `ledger`.
    ///
    /// - Parameter previous: the standings of this same ledger when `clearChanges()` was
    ///   last called (at size `ledger.changes.since`). Then only the groups whose units (or
    ///   the units whose history they carry) or ballots changed since are scored again; the
    ///   others, and target progress when no value changed, are taken from `previous`. In a
    ///   group scored again, a criterion reading an indicator is scored again when a report
    ///   of that indicator or a fact of that criterion changed for any member, and any
    ///   other criterion for the members whose facts of it changed; the rest are taken from
    ///   `previous` with what they found. The result is the same as without it. Ignored
    ///   when anything else changed (the organisation, a rubric, a pledge, a movement),
    ///   when the date or `asOf` differ, or when `previous` is not for size
    ///   `ledger.changes.since`.
    public init(_ ledger: Ledger, previous: Standings? = nil) {
        origin = ledger.origin
        title = ledger.title
        size = ledger.size
        lastReceivedAt = ledger.lastReceivedAt
        let org = ledger.org
        let today = ledger.asOf ?? ledger.lastReceivedAt?.vietnamDate ?? "0000-01-01"
        date = today
        asOf = ledger.asOf
        let changes = ledger.changes
        let base = previous.flatMap { p in
            p.size == changes.since && !changes.all && p.date == today && p.asOf == ledger.asOf
                && p.origin == ledger.origin ? p : nil
        }
        // The organisation is the last standings' (a change to it scores everything anew),
        // and so are its names and awards.
        unitNames = base?.unitNames ?? org.units.mapValues(\.name)
        groupNames = base?.groupNames ?? org.groups.mapValues(\.name)
        // Each group's last standing, by its place in `base.groups`, and those kept whole.
        // Read in place: a loop over the standings' values would copy every unit's.
        var last: [String: Int] = [:]
        var kept: Set<String> = []
        last.reserveCapacity(base?.groups.count ?? 0)
        kept.reserveCapacity(base?.groups.count ?? 0)
        base?.groups.withUnsafeBufferPointer { gs in
            for i in gs.indices {
                last[gs[i].group] = i
                guard !changes.groups.contains(gs[i].group) else { continue }
                // A unit's lineage holds the unit itself (last). A closure, not the set's method
                // as a value: that made a context for each member (1.2 % of a scoring again).
                let touched = gs[i].units.withUnsafeBufferPointer { us in
                    us.indices.contains { m in us[m].lineage.contains { changes.touched($0) } }
                }
                if !touched { kept.insert(gs[i].group) }
            }
        }
        // The groups to score: a group is ranked once its rubric's period has begun, on the
        // replay's date or the period's last day, whichever comes first. Each is scored on
        // its own (a pure function of the ledger), so they are scored on every core.
        var jobs: [GroupScoring.Job] = []
        for g in org.groupOrder where !kept.contains(g) || base?.recordsByGroup[g] == nil {
            guard let rubric = ledger.rubrics[g], let info = org.groups[g], rubric.value.inForce.from <= today
            else { continue }
            var previous: GroupScoring.Reuse? = nil
            if let base, let r = base.recordsByGroup[g], let i = last[g] {
                previous = GroupScoring.Reuse(standing: base.groups[i], record: r)
            }
            jobs.append(.init(info, rubric, min(today, rubric.value.inForce.to ?? today), previous))
        }
        let scored = Pipeline<GroupScoring.Job, GroupScoring>.map(jobs) { j in
            GroupScoring(group: j.info, rubric: j.rubric, date: j.date, ledger: ledger, previous: j.previous)
        }
        var j = 0
        var gs: [GroupStanding] = []
        var extra: [Warning] = []
        var records: [String: GroupScoring.Record] = [:]
        gs.reserveCapacity(org.groupOrder.count)
        records.reserveCapacity(org.groupOrder.count)
        for g in org.groupOrder {
            if kept.contains(g), let base, let i = last[g], let r = base.recordsByGroup[g] {
                gs.append(base.groups[i])
                extra += r.findings
                records[g] = r
            } else if j < jobs.count, jobs[j].info.id == g {
                let scoring = scored[j]
                j += 1
                gs.append(scoring.standing)
                extra += scoring.record.findings
                records[g] = scoring.record
            }
        }
        groups = gs
        recordsByGroup = records
        // Government flag: at most quota% of the units proposed for the province flag.
        let leaders = gs.compactMap { g in g.provinceFlag.flatMap { u in g.units.first { $0.unit == u } } }
        let percent =
            ledger.rubrics.values.sorted { $0.entry < $1.entry }.last?.value.governmentFlagQuotaPercent ?? Fraction(20)
        // Rounded down: "at most" 20%. Both factors are small (a count, a percent ≤ 100).
        let share = (try? Fraction(leaders.count) * percent / Fraction(100)) ?? .zero
        let quota = Int(share.num / share.den)
        governmentFlagQuotaPercent = percent
        governmentFlagQuota = quota
        governmentFlagPool = leaders.sorted { ($0.total, $1.unit) > ($1.total, $0.unit) }.prefix(quota).map(\.unit)
        if let base, !changes.values {
            progress = base.progress
        } else {
            progress = Standings.progress(ledger, on: today, previous: base.map { ($0.progress, changes.units) })
        }
        awards = base?.awards ?? org.awards.sorted { $0.value.entry < $1.value.entry }.map { ($0.key, $0.value) }
        // By entry; findings of one entry in the order they were found, each once.
        var seen: Set<Warning> = []
        warnings = (ledger.warnings + extra).enumerated().sorted {
            ($0.element.entry, $0.offset) < ($1.element.entry, $1.offset)
        }
        .map(\.element).filter { seen.insert($0).inserted }
    }

    /// Latest of several facts by entry.
    static func latest<T>(_ facts: [Fact<T>]) -> Fact<T>? { facts.max { $0.entry < $1.entry } }

    /// Movement target progress: each active unit's latest value (appraised if it was)
    /// against its own target.
    /// - Parameter previous: the progress before some entries and the units they named: a
    ///   row is reused when no unit of its lineage is among them (the same row results).
    static func progress(
        _ ledger: Ledger, on today: String, previous: (progress: [TargetProgress], units: Set<String>)? = nil
    ) -> [TargetProgress] {
        let org = ledger.org
        var before: [String: [String: TargetProgress.Row]] = [:]
        for p in previous?.progress ?? [] {
            before["\(p.movement) \(p.number) \(p.indicator.code)"] = Dictionary(
                p.rows.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
        }
        let activeUnits = org.units.keys.sorted().filter { org.isActive($0, on: today) }
        var groupsOf: [String: [String]] = [:]
        for g in org.groupOrder {
            for u in org.groups[g]?.members(on: today) ?? [] { groupsOf[u, default: []].append(g) }
        }
        // Each indicator of each target, in launch order; each is computed on its own (a pure
        // function of the ledger), so they are computed on every core.
        typealias Job = (movement: String, number: Int, indicator: Indicator)
        var jobs: [Job] = []
        for (id, (m, _)) in org.movements.sorted(by: { $0.value.1 < $1.value.1 }) {
            for t in m.targets { for ind in t.indicators { jobs.append((id, t.number, ind)) } }
        }
        // For each indicator, the criterion of each group's rubric that reads it (the first).
        var criteriaReading: [String: [String: String]] = [:]
        for (g, r) in ledger.rubrics {
            for c in r.value.groups.lazy.flatMap(\.criteria) {
                if let code = c.kind.indicator, criteriaReading[code]?[g] == nil {
                    criteriaReading[code, default: [:]][g] = c.id
                }
            }
        }
        let units = previous?.units
        return Pipeline<Job, TargetProgress>.map(jobs) { [before, groupsOf, criteriaReading] job in
            let (id, number, ind) = job
            let criterionOf = criteriaReading[ind.code] ?? [:]
            var rows: [TargetProgress.Row] = []
            let kept = units == nil ? nil : before["\(id) \(number) \(ind.code)"]
            for unit in activeUnits {
                let lin = org.lineage(of: unit, .indicators)
                if let kept, let changed = units, !lin.contains(where: { changed.contains($0) }) {
                    if let row = kept[unit] { rows.append(row) }
                    continue
                }
                guard var last = latest(lin.flatMap { ledger.values[$0]?[ind.code] ?? [] }),
                    let tg = ledger.targetValue(of: unit, ind.code)
                else { continue }
                // An appraised value replaces the reported one.
                for g in groupsOf[unit] ?? [] {
                    guard let c = criterionOf[g] else { continue }
                    let appraisals = lin.flatMap { ledger.appraisals[$0]?[c] ?? [] }.filter {
                        $0.value.field == .value
                    }
                    if let a = latest(appraisals) { last = Fact(value: a.value.to, entry: a.entry) }
                }
                let met = tg.direction == .higher ? !(last.value < tg.value) : !(tg.value < last.value)
                rows.append(.init(unit: unit, value: last.value, target: tg.value, met: met, entry: last.entry))
            }
            return TargetProgress(movement: id, number: number, indicator: ind, rows: rows)
        }
    }
}

/// Scores one cluster or bloc with its rubric on a date: each criterion by the scorer of
/// its kind, bonuses and deductions capped, the band, the ranking, leader and flag.
struct GroupScoring {
    /// What a scoring found, kept for the next one: every finding in the order found, and
    /// apart, what each criterion's scorer found reading the group and what each member's
    /// score of each criterion found (a criterion taken from this scoring brings them).
    /// A class: a scoring reads it in its loops, and a struct of arrays would be copied.
    final class Record: Sendable {
        let findings: [Warning]
        let members: [String]
        /// By criterion, in the rubric's order.
        let planFindings: [[Warning]]
        /// By member (in `members` order), then by criterion.
        let scoreFindings: [[[Warning]]]
        /// By member (in `members` order), where its standing is in the group's ranked units.
        let places: [Int]

        init(
            findings: [Warning], members: [String], planFindings: [[Warning]],
            scoreFindings: [[[Warning]]], places: [Int]
        ) {
            self.findings = findings
            self.members = members
            self.planFindings = planFindings
            self.scoreFindings = scoreFindings
            self.places = places
        }
    }

    /// A group to score, its rubric, date and last scoring. A class: the parallel stage
    /// moves it between threads, and a rubric is large to copy.
    final class Job: Sendable {
        let info: Organisation.GroupInfo
        let rubric: Fact<Rubric>
        let date: String
        let previous: Reuse?

        init(_ info: Organisation.GroupInfo, _ rubric: Fact<Rubric>, _ date: String, _ previous: Reuse?) {
            (self.info, self.rubric, self.date, self.previous) = (info, rubric, date, previous)
        }
    }

    /// The group's last scoring (`Standings.init(_:previous:)`; what changed since is the
    /// ledger's `changes`). A class: a job of the parallel stage carries it, and a struct
    /// holding a group's standing would be copied with the job.
    final class Reuse: Sendable {
        let standing: GroupStanding
        let record: Record

        init(standing: GroupStanding, record: Record) {
            self.standing = standing
            self.record = record
        }
    }

    let standing: GroupStanding
    let record: Record

    init(
        group g: Organisation.GroupInfo, rubric rf: Fact<Rubric>, date: String, ledger: Ledger,
        previous: Reuse? = nil
    ) {
        var findings: [Warning] = []
        let rubric = rf.value
        // The members on the date: the last scoring's, when there is one (the organisation
        // and the date are the same, or everything is scored anew).
        let input = ScoringInput(ledger: ledger, rubric: rf, members: previous?.record.members ?? g.members(on: date))
        let org = ledger.org
        // The last scoring is read only under the same rubric.
        let reuse = previous.flatMap { p in p.standing.rubricEntry == rf.entry ? p : nil }
        // The last scoring, whose standings hold each member's scores (one per criterion of
        // the rubric), and what it found: nil (nothing taken) unless every member has them.
        // The counts are checked so that a scoring of another ledger, which `previous` must
        // not be, cannot make this one read past its lists.
        let last: (units: [UnitStanding], record: Record)? = reuse.flatMap { r in
            let count = rubric.groups.reduce(0) { $0 + $1.criteria.count }
            let units = r.standing.units
            let record = r.record
            return record.places.count == input.members.count && record.scoreFindings.count == input.members.count
                && record.planFindings.count == count
                && record.places.allSatisfy { units.indices.contains($0) && units[$0].criteria.count == count }
                ? (units, record) : nil
        }
        let changedCodes = reuse == nil ? [] : ledger.changes.codes
        // For each member, the criteria whose facts changed (its own or those of a unit
        // whose history it carries).
        let changedCriteria = reuse == nil ? [:] : ledger.changes.criteria
        // A member's lineage, the reorganisations behind it and its name are the
        // organisation's on the date: the last scoring's (a change to the organisation, or
        // another date, scores everything anew), read where they are rather than looked up
        // again in the organisation's tables.
        let lineages = input.members.indices.map { m in
            last.map { $0.units[$0.record.places[m]].lineage } ?? org.lineage(of: input.members[m])
        }
        let changed: [[String]] = lineages.map { lineage in
            guard !changedCriteria.isEmpty else { return [] }
            // Most lineages are the unit alone: its list is taken as it is, not copied.
            if lineage.count == 1 { return changedCriteria[lineage[0]] ?? [] }
            return lineage.flatMap { changedCriteria[$0] ?? [] }
        }
        // Every criterion in the rubric's order, with its part, its max and its scorer
        // (each made or rounded once, not for every unit). A criterion reading an
        // indicator reads every member's value: it is taken whole from the last scoring
        // when neither its indicator nor any member's facts of it changed.
        var plan: [Planned] = []
        var planFindings: [[Warning]] = []
        for rg in rubric.groups {
            for c in rg.criteria {
                let max = (try? Points(c.max)) ?? .zero
                let k = plan.count
                if let last, let code = c.kind.indicator, !changedCodes.contains(code),
                    !changed.contains(where: { $0.contains(c.id) })
                {
                    plan.append(Planned(criterion: c, part: rg.id, max: max, scorer: nil))
                    planFindings.append(last.record.planFindings[k])
                } else {
                    var found: [Warning] = []
                    let scorer = GroupScoring.scorer(c, input, &found)
                    plan.append(Planned(criterion: c, part: rg.id, max: max, scorer: scorer))
                    planFindings.append(found)
                }
            }
        }
        for f in planFindings { findings += f }
        let (ballot, ballotFindings) = BallotPolicy(rubric: rubric).counted(ledger.ballots[g.id] ?? [], group: g.id)
        findings += ballotFindings
        let bands = BandPolicy(rubric: rubric)
        let discipline = DisciplinePolicy(rubric: rubric)
        var units: [UnitStanding] = []
        units.reserveCapacity(input.members.count)
        var scoreFindings: [[[Warning]]] = []
        scoreFindings.reserveCapacity(input.members.count)
        for (m, u) in input.members.enumerated() {
            // With a last scoring, its scores, each copied into a new list unless a change
            // touches it (copying the last list whole and replacing in place went through the
            // runtime's generic copy of each score), and its findings, replaced in place;
            // without one, every criterion scored in order.
            let previous = last.map { $0.units[$0.record.places[m]].criteria }
            var scores: [CriterionScore] = []
            scores.reserveCapacity(plan.count)
            var memberFindings = last?.record.scoreFindings[m] ?? []
            if last == nil { memberFindings.reserveCapacity(plan.count) }
            for k in plan.indices {
                // Taken whole (no scorer), or, not reading an indicator, taken for a member
                // none of whose facts of it changed: only with a last scoring (without one,
                // every criterion has a scorer and is scored). Checked before the scorer is
                // bound: binding copies it (an optional existential, copied through the
                // runtime's generic witnesses: 3.5 % of a scoring when done for every
                // criterion of every member).
                guard plan[k].scores,
                    last == nil || plan[k].readsIndicator || changed[m].contains(plan[k].criterion.id),
                    let scorer = plan[k].scorer
                else {
                    if let previous { scores.append(previous[k]) }
                    continue
                }
                var found: [Warning] = []
                scores.append(GroupScoring.score(u, member: m, plan[k], scorer, input, &found))
                if k < memberFindings.count {
                    if !(found.isEmpty && memberFindings[k].isEmpty) { memberFindings[k] = found }
                } else {
                    memberFindings.append(found)
                }
            }
            for f in memberFindings where !f.isEmpty { findings += f }
            scoreFindings.append(memberFindings)
            let bonus = GroupScoring.adjustments(
                u, rubric.bonuses, input.facts(u, .adjustments, { ledger.bonuses[$0] }, keep: input.inPeriod),
                rubric, rf.entry, &findings)
            let deduction = GroupScoring.adjustments(
                u, rubric.deductions, input.facts(u, .adjustments, { ledger.deductions[$0] }, keep: input.inPeriod),
                rubric, rf.entry, &findings)
            let criteriaTotal = scores.reduce(Points.zero) { $0 + $1.points }
            let total =
                criteriaTotal + bonus.reduce(.zero) { $0 + $1.points } - deduction.reduce(.zero) { $0 + $1.points }
            let violations = input.facts(u, .violations, { ledger.violations[$0] }, keep: input.inYear)
            let barring = discipline.barring(violations, unit: u)
            findings += barring.findings
            units.append(
                UnitStanding(
                    unit: u, name: last.map { $0.units[$0.record.places[m]].name } ?? org.name(u, on: date),
                    lineage: lineages[m],
                    carries: last.map { $0.units[$0.record.places[m]].carries } ?? org.carriesBehind(u),
                    criteria: scores, bonuses: bonus, deductions: deduction, criteriaTotal: criteriaTotal,
                    total: total, bandDecision: bands.decide(total: total, scores: scores), violations: violations,
                    disqualifyingEntries: barring.barring,
                    attachedEvidence: input.facts(u, .scores, { ledger.attached[$0] }, keep: input.inPeriod),
                    criteriaAtMax: scores.filter { !($0.points < $0.max) }.count,
                    ballotVotes: ballot.map { $0.value.votes[u] ?? 0 }))
        }
        let (ranked, order) = RankingPolicy(rubric: rubric).rank(consume units)
        var places = order
        for (k, m) in order.enumerated() { places[m] = k }
        let flags = FlagPolicy(rubric: rubric)
        let leader = flags.leader(ranked)
        standing = GroupStanding(
            group: g.id, kind: g.kind, name: g.name, date: date, periodEnd: rubric.inForce.to ?? date,
            rubric: rubric.id, rubricEntry: rf.entry, rubricHash: ledger.rubricHashes[rf.entry] ?? "",
            parts: rubric.groups.map { GroupStanding.Part(id: $0.id, name: $0.name, max: $0.max) },
            bands: rubric.bands, floorsOnGroups: rubric.floorsApplyToGroups, units: ranked,
            leaderDecision: leader,
            flagDecision: flags.provinceFlag(leader.leader.flatMap { l in ranked.first { $0.unit == l } }))
        record = Record(
            findings: findings, members: input.members, planFindings: planFindings,
            scoreFindings: scoreFindings, places: places)
    }

    /// The scorer of a criterion's kind for the group (an indicator's reads every member's
    /// value now, and says which wait for appraisal).
    private static func scorer(_ c: Rubric.Criterion, _ input: ScoringInput, _ findings: inout [Warning])
        -> any CriterionScorer
    {
        switch c.kind {
        case .quantitative(let code):
            let q = QuantitativeScorer(criterion: c, code: code, input: input)
            findings += q.findings
            return q
        case .target(let code, let excess):
            let q = TargetScorer(criterion: c, code: code, excess: excess, input: input)
            findings += q.findings
            return q
        case .passFail: return PassFailScorer(criterion: c, input: input)
        case .count(let per): return CountScorer(criterion: c, perItem: per, input: input)
        case .assessed: return AssessedScorer(criterion: c, input: input)
        }
    }

    /// A criterion of the rubric as every unit is scored on it (a class: each unit's score
    /// reads it without copying the criterion).
    private final class Planned {
        let criterion: Rubric.Criterion
        /// The criterion group of the rubric it belongs to.
        let part: String
        let max: Points
        /// Nil: every member's score, and what it found, is the last scoring's.
        let scorer: (any CriterionScorer)?
        /// Whether it has a scorer (read without copying the scorer).
        let scores: Bool
        let readsIndicator: Bool

        init(criterion: Rubric.Criterion, part: String, max: Points, scorer: (any CriterionScorer)?) {
            self.criterion = criterion
            self.part = part
            self.max = max
            self.scorer = scorer
            scores = scorer != nil
            readsIndicator = criterion.kind.indicator != nil
        }
    }

    /// One criterion for one unit, rounded once to 0.01; a value that cannot be computed
    /// exactly counts 0 with a finding, and the ranking goes on.
    private static func score(
        _ u: String, member: Int, _ p: Planned, _ scorer: any CriterionScorer, _ input: ScoringInput,
        _ findings: inout [Warning]
    ) -> CriterionScore {
        let c = p.criterion
        var result: CriterionResult
        do {
            result = try scorer.score(u, member: member)
        } catch {
            findings.append(Warning(entry: input.rubricEntry, .notComputable(unit: u, criterion: c.id)))
            result = CriterionResult(
                points: .zero, basis: .notComputable, entries: [input.rubricEntry], appraised: false)
        }
        var points = Points.zero
        if let rounded = try? Points(result.points) {
            points = rounded
        } else {
            findings.append(
                Warning(entry: result.entries.max() ?? input.rubricEntry, .notComputable(unit: u, criterion: c.id)))
            result.basis = .notComputable
        }
        if !result.findings.isEmpty { findings += result.findings }
        var entries = result.entries
        result.entries = []
        // Every appraisal of the criterion and every explanation, not only the last.
        if result.appraised { entries += input.appraisalTrail(u, c.id, c.kind.appraisedField) }
        GroupScoring.sortOnce(&entries)
        return CriterionScore(
            criterion: c.id, name: c.name, rubricGroup: p.part, max: p.max, points: points,
            basis: result.basis, entries: entries, appraised: result.appraised)
    }

    /// Puts the entries in order, each once (a criterion names a handful): sorted in
    /// place, then each kept when it differs from the last one kept.
    static func sortOnce(_ entries: inout [Int]) {
        entries.sort()
        var kept = 0
        for i in entries.indices where kept == 0 || entries[kept - 1] != entries[i] {
            entries[kept] = entries[i]
            kept += 1
        }
        entries.removeLast(entries.count - kept)
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
