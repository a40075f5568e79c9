import ThiduaLog

/// One criterion's score for one unit, with the entries behind it.
public struct CriterionScore: Sendable, Equatable {
    public let criterion: String
    public let name: String
    public let rubricGroup: String
    public let max: Points
    public let points: Points
    /// What the score was computed from, e.g. "A = 25.100, T = 23.270,32" (in both languages).
    public let basis: Warning
    public let entries: [Int]
    public let appraised: Bool
}

public struct AdjustmentScore: Sendable, Equatable {
    public let item: String
    public let name: String
    public let points: Points
    public let capped: Bool
    public let entries: [Int]
}

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
    public let band: Rubric.Band
    public let violations: [Fact<ViolationReported>]
    public let criteriaAtMax: Int
    public let ballotVotes: Int?
    public internal(set) var rank = 0
    /// Set when every tie-break of the rubric left this unit equal with the one above.
    public internal(set) var unresolvedTie = false
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
        a.size == b.size && a.groups == b.groups && a.governmentFlagPool == b.governmentFlagPool && a.warnings == b.warnings
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
            guard let rubric = ledger.rubrics[g] else { continue }
            let date = min(today, rubric.value.inForce.to ?? today)
            let (standing, w) = Standings.score(group: org.groups[g]!, rubric: rubric, date: date, ledger: ledger)
            gs.append(standing)
            extra += w
        }
        groups = gs
        // Government flag: at most quota% of the units that lead clusters and blocs.
        let leaders = gs.compactMap { g in g.provinceFlag.flatMap { u in g.units.first { $0.unit == u } } }
        let percent = ledger.rubrics.values.sorted { $0.entry < $1.entry }.last?.value.governmentFlagQuotaPercent ?? Fraction(20)
        // Rounded down: "at most" 20%.
        let share = Fraction(Int128(leaders.count)) * percent / Fraction(100)
        let quota = Int(share.num / share.den)
        governmentFlagQuotaPercent = percent
        governmentFlagQuota = quota
        governmentFlagPool = leaders.sorted { ($0.total, $1.unit) > ($1.total, $0.unit) }.prefix(quota).map(\.unit)
        // Movement target progress: each unit's latest value against its own target.
        var prog: [TargetProgress] = []
        let activeUnits = org.units.keys.sorted().filter { org.units[$0]!.ended == nil }
        var groupsOf: [String: [String]] = [:]
        for g in org.groupOrder { for u in org.groups[g]!.members(on: today) { groupsOf[u, default: []].append(g) } }
        for (id, (m, _)) in org.movements.sorted(by: { $0.value.1 < $1.value.1 }) {
            for t in m.targets {
                for ind in t.indicators {
                    var rows: [TargetProgress.Row] = []
                    // Units that still exist, each with the history it carries.
                    for unit in activeUnits {
                        let lin = org.lineage(of: unit)
                        guard var last = Standings.latest(lin.flatMap { ledger.values[$0]?[ind.code] ?? [] }), let tg = ledger.target(of: unit, ind.code) else { continue }
                        // An appraised value replaces the reported one.
                        for g in groupsOf[unit] ?? [] {
                            guard let c = ledger.rubrics[g]?.value.criteria.first(where: { if case .quantitative(ind.code) = $0.kind { return true } else { return false } }) else { continue }
                            if let a = Standings.latest(lin.flatMap { ledger.appraisals[$0]?[c.id] ?? [] }.filter { $0.value.field == .value }) {
                                last = Fact(value: a.value.to, entry: a.entry)
                            }
                        }
                        let met = tg.direction == .higher ? !(last.value < tg.value) : !(tg.value < last.value)
                        rows.append(.init(unit: unit, value: last.value, target: tg.value, met: met, entry: last.entry))
                    }
                    prog.append(TargetProgress(movement: id, number: t.number, indicator: ind, rows: rows))
                }
            }
        }
        progress = prog
        awards = org.awards.sorted { $0.value.entry < $1.value.entry }.map { ($0.key, $0.value) }
        warnings = (ledger.warnings + extra).sorted { ($0.entry, $0.en) < ($1.entry, $1.en) }
    }

    /// Latest of several facts by entry.
    static func latest<T>(_ facts: [Fact<T>]) -> Fact<T>? { facts.max { $0.entry < $1.entry } }

    static func score(group g: Organisation.GroupInfo, rubric rf: Fact<Rubric>, date: String, ledger: Ledger) -> (GroupStanding, [Warning]) {
        let rubric = rf.value
        let org = ledger.org
        let members = g.members(on: date)
        var warnings: [Warning] = []
        func lineage(_ u: String) -> [String] { org.lineage(of: u) }
        func appraisal(_ u: String, _ c: String, _ field: ScoreAppraised.Field) -> Fact<ScoreAppraised>? {
            latest(lineage(u).flatMap { ledger.appraisals[$0]?[c] ?? [] }.filter { $0.value.field == field })
        }

        // Quantitative inputs first: the leader-relative formula needs the whole group.
        struct Quant { let actual: Fact<Fraction>?; let reported: Int?; let appraisedFrom: Int?; let target: Fraction; let direction: Indicator.Direction; let targetEntry: Int; let ratio: Fraction? }
        var quants: [String: [String: Quant]] = [:]
        for c in rubric.criteria {
            guard case .quantitative(let code) = c.kind else { continue }
            for u in members {
                guard let t = ledger.target(of: u, code) else {
                    quants[c.id, default: [:]][u] = Quant(actual: nil, reported: nil, appraisedFrom: nil, target: .zero, direction: .higher, targetEntry: rf.entry, ratio: nil)
                    continue
                }
                let reported = latest(lineage(u).flatMap { ledger.values[$0]?[code] ?? [] })
                var actual = reported
                var appraisedAt: Int? = nil
                if let a = appraisal(u, c.id, .value) {
                    actual = Fact(value: a.value.to, entry: a.entry)
                    appraisedAt = a.entry
                }
                var ratio: Fraction? = nil
                if let A = actual?.value {
                    switch t.direction {
                    case .higher: ratio = t.value.isZero ? nil : A / t.value
                    case .lower:
                        if t.value.isZero { ratio = A.isZero ? .one : .zero }
                        else { ratio = A.isZero ? rubric.lowerIsBetterZeroRatio : t.value / A }
                    }
                }
                quants[c.id, default: [:]][u] = Quant(actual: actual, reported: reported?.entry, appraisedFrom: appraisedAt, target: t.value, direction: t.direction, targetEntry: t.entry, ratio: ratio)
            }
        }

        // The latest ballot with a quorum, within the rounds the rubric allows.
        var countedBallot: Fact<BallotHeld>? = nil
        for b in ledger.ballots[g.id] ?? [] {
            let v = b.value
            let share = Fraction(Int128(v.present), Int128(v.eligible))
            if share < rubric.ballotQuorum {
                warnings.append(Warning(entry: b.entry,
                    vi: "bỏ phiếu vòng \(v.round) của \(g.id) không đủ số lượng (\(v.present)/\(v.eligible) < \(rubric.ballotQuorum.num)/\(rubric.ballotQuorum.den)): không dùng kết quả",
                    en: "ballot round \(v.round) of \(g.id) lacks a quorum (\(v.present)/\(v.eligible) < \(rubric.ballotQuorum.num)/\(rubric.ballotQuorum.den)): its result is not used"))
            } else if v.round > rubric.ballotMaxRounds {
                warnings.append(Warning(entry: b.entry,
                    vi: "bỏ phiếu vòng \(v.round) của \(g.id) vượt quá \(rubric.ballotMaxRounds) vòng: trưởng, phó cụm/khối quyết định; không dùng kết quả",
                    en: "ballot round \(v.round) of \(g.id) is beyond \(rubric.ballotMaxRounds) rounds: the head and deputy decide; its result is not used"))
            } else {
                countedBallot = b
            }
        }

        var standings: [UnitStanding] = []
        for u in members {
            let lin = lineage(u)
            var scores: [CriterionScore] = []
            for rg in rubric.groups {
                for c in rg.criteria {
                    let max = c.max
                    var pts = Fraction.zero
                    var entries: [Int] = [rf.entry]
                    var appraised = false
                    var basis: Warning
                    switch c.kind {
                    case .quantitative(let code):
                        let q = quants[c.id]![u]!
                        entries.append(q.targetEntry)
                        if let a = q.actual { entries.append(a.entry) }
                        if let r = q.reported { entries.append(r) }
                        appraised = q.appraisedFrom != nil
                        let best = quants[c.id]!.values.compactMap(\.ratio).max() ?? .zero
                        if let r = q.ratio, let a = q.actual {
                            let half = max / Fraction(2)
                            if r < .one { pts = half * r }
                            else if r == .one { pts = half }
                            else if r == best { pts = max }
                            else { pts = half + half * (r - .one) / (best - .one) }
                            let dirVi = q.direction == .lower ? " (thấp hơn là tốt)" : ""
                            let dirEn = q.direction == .lower ? " (lower is better)" : ""
                            basis = Warning(entry: a.entry,
                                            vi: "\(code): thực hiện \(Language.vi.value(a.value)), chỉ tiêu \(Language.vi.value(q.target))\(dirVi), tỷ lệ \(Language.vi.value(Fraction(r.rounded(places: 4), 10000))), cao nhất cụm/khối \(Language.vi.value(Fraction(best.rounded(places: 4), 10000)))",
                                            en: "\(code): actual \(Language.en.value(a.value)), target \(Language.en.value(q.target))\(dirEn), ratio \(Language.en.value(Fraction(r.rounded(places: 4), 10000))), best in group \(Language.en.value(Fraction(best.rounded(places: 4), 10000)))")
                        } else if q.actual == nil {
                            basis = Warning(entry: rf.entry, vi: "\(code): chưa báo cáo", en: "\(code): not reported")
                        } else {
                            basis = Warning(entry: rf.entry, vi: "\(code): chỉ tiêu bằng 0, không tính được tỷ lệ", en: "\(code): target is 0, no ratio")
                        }
                    case .passFail:
                        let done = lin.flatMap { ledger.tasks[$0]?[c.id] ?? [] }
                        entries += done.map(\.entry)
                        var isDone = !done.isEmpty
                        if let a = appraisal(u, c.id, .done) { isDone = !a.value.to.isZero; entries.append(a.entry); appraised = true }
                        pts = isDone ? max : .zero
                        basis = Warning(entry: entries.last!, vi: isDone ? "đã hoàn thành" : "chưa hoàn thành", en: isDone ? "done" : "not done")
                    case .count(let per):
                        let done = lin.flatMap { ledger.tasks[$0]?[c.id] ?? [] }
                        entries += done.map(\.entry)
                        var n = Fraction(Int128(done.reduce(0) { $0 + $1.value }))
                        if let a = appraisal(u, c.id, .count) { n = a.value.to; entries.append(a.entry); appraised = true }
                        pts = Swift.min(n * per, max)
                        basis = Warning(entry: entries.last!, vi: "\(Language.vi.value(n)) × \(Language.vi.value(per)) điểm, tối đa \(Language.vi.value(max))",
                                        en: "\(Language.en.value(n)) × \(Language.en.value(per)) points, at most \(Language.en.value(max))")
                    case .assessed:
                        var p: Fraction? = nil
                        if !rubric.appraisedOnly, let s = lin.compactMap({ ledger.selfScores[$0]?[c.id] }).max(by: { $0.entry < $1.entry }) { p = s.value; entries.append(s.entry) }
                        if let a = appraisal(u, c.id, .points) { p = a.value.to; entries.append(a.entry); appraised = true }
                        let raw = p ?? .zero
                        pts = Swift.max(.zero, Swift.min(raw, max))
                        if pts != raw {
                            warnings.append(Warning(entry: entries.last!, vi: "\(u) tự chấm \(c.id) = \(Language.vi.value(raw)), ngoài khoảng 0–\(Language.vi.value(max)): tính \(Language.vi.value(pts))",
                                                    en: "\(u) self-scored \(c.id) = \(Language.en.value(raw)), outside 0–\(Language.en.value(max)): counted as \(Language.en.value(pts))"))
                        }
                        basis = Warning(entry: entries.last!, vi: p == nil ? "chưa tự chấm" : (appraised ? "điểm thẩm định" : "điểm tự chấm"),
                                        en: p == nil ? "no self score" : (appraised ? "appraised points" : "self score"))
                    }
                    if appraised {
                        // Every appraisal of the criterion and every explanation, not only the last.
                        for a in lin.flatMap({ ledger.appraisals[$0]?[c.id] ?? [] }) { entries.append(a.entry) }
                        for e in lin.flatMap({ ledger.explanations[$0]?[c.id] ?? [] }) { entries.append(e.entry) }
                    }
                    scores.append(CriterionScore(criterion: c.id, name: c.name, rubricGroup: rg.id, max: Points(max), points: Points(pts),
                                                 basis: basis, entries: Array(Set(entries)).sorted(), appraised: appraised))
                }
            }
            func adjustments(_ items: [Rubric.Item], _ facts: [Fact<Adjustment>]) -> [AdjustmentScore] {
                var out: [AdjustmentScore] = []
                for item in items {
                    let mine = facts.filter { $0.value.item == item.id }
                    guard !mine.isEmpty else { continue }
                    let sum = mine.reduce(Fraction.zero) { $0 + $1.value.points }
                    out.append(AdjustmentScore(item: item.id, name: item.name, points: Points(Swift.min(sum, item.cap)), capped: item.cap < sum,
                                               entries: mine.map(\.entry) + [rf.entry]))
                }
                for f in facts where !items.contains(where: { $0.id == f.value.item }) {
                    warnings.append(Warning(entry: f.entry, vi: "khoản \(f.value.item) của \(u) không có trong bảng điểm \(rubric.id): không tính",
                                            en: "item \(f.value.item) for \(u) is not in rubric \(rubric.id): not counted"))
                }
                return out
            }
            let bonus = adjustments(rubric.bonuses, lin.flatMap { ledger.bonuses[$0] ?? [] })
            let deduction = adjustments(rubric.deductions, lin.flatMap { ledger.deductions[$0] ?? [] })
            let criteriaTotal = scores.reduce(Points.zero) { $0 + $1.points }
            let total = criteriaTotal + bonus.reduce(.zero) { $0 + $1.points } - deduction.reduce(.zero) { $0 + $1.points }
            // The band: the first whose minimum total and floors hold.
            func floorsHold(_ b: Rubric.Band) -> Bool {
                if b.floorPercent.isZero { return true }
                if rubric.floorsApplyToGroups {
                    return rubric.groups.allSatisfy { rg in
                        let got = scores.filter { $0.rubricGroup == rg.id }.reduce(Points.zero) { $0 + $1.points }
                        return !(got.fraction < rg.max * b.floorPercent / Fraction(100))
                    }
                }
                return scores.allSatisfy { !($0.points.fraction < $0.max.fraction * b.floorPercent / Fraction(100)) }
            }
            let band = rubric.bands.first { !(total.fraction < $0.minTotal) && floorsHold($0) } ?? rubric.bands.last!
            let ballot = countedBallot
            standings.append(UnitStanding(unit: u, name: org.units[u]?.name ?? u, lineage: lin, criteria: scores, bonuses: bonus, deductions: deduction,
                                          criteriaTotal: criteriaTotal, total: total, band: band,
                                          violations: lin.flatMap { ledger.violations[$0] ?? [] },
                                          criteriaAtMax: scores.filter { $0.points == $0.max }.count,
                                          ballotVotes: ballot.map { $0.value.votes[u] ?? 0 }))
        }
        // Rank: total, then the rubric's tie-breaks, then unit id (flagged as unresolved).
        func key(_ s: UnitStanding) -> [Int64] {
            var k = [s.total.hundredths]
            for t in rubric.tieBreak {
                switch t {
                case .criteriaAtMax: k.append(Int64(s.criteriaAtMax))
                case .fewerDeductions: k.append(-s.deductionTotal.hundredths)
                case .ballot: k.append(Int64(s.ballotVotes ?? 0))
                }
            }
            return k
        }
        standings.sort { a, b in
            let ka = key(a), kb = key(b)
            return ka != kb ? ka.lexicographicallyPrecedes(kb, by: >) : a.unit < b.unit
        }
        for k in standings.indices {
            standings[k].rank = k + 1
            if k > 0 && key(standings[k]) == key(standings[k - 1]) { standings[k].unresolvedTie = true }
        }
        let leader = standings.first { !$0.disqualified }
        let minBand = rubric.bands.firstIndex { $0.id == rubric.provinceFlagMinBand }!
        let flag = leader.flatMap { l in rubric.bands.firstIndex(of: l.band)! <= minBand ? l.unit : nil }
        return (GroupStanding(group: g.id, kind: g.kind, name: g.name, date: date, rubric: rubric.id, rubricEntry: rf.entry,
                              rubricHash: ledger.rubricHashes[rf.entry] ?? "", units: standings, leader: leader?.unit, provinceFlag: flag), warnings)
    }
}
