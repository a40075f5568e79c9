import ThiduaLog

/// What a scorer reads: the ledger, the group's members on the ranking date, the rubric,
/// and which facts its period counts: those received from the first day of the rubric's
/// period on (violations: from 1 January of that year).
final class ScoringInput {
    let ledger: Ledger
    let rubric: Fact<Rubric>
    let members: [String]
    /// The rubric's entry: every score names it.
    let rubricEntry: Int
    let firstDay: Int64
    let yearStart: Int64

    init(ledger: Ledger, rubric: Fact<Rubric>, members: [String]) {
        self.ledger = ledger
        self.rubric = rubric
        self.members = members
        rubricEntry = rubric.entry
        let from = rubric.value.inForce.from
        firstDay = Timestamp.day(of: from) ?? .min
        yearStart = Timestamp.day(of: String(from.prefix(4)) + "-01-01") ?? .min
    }

    var org: Organisation { ledger.org }

    /// Whether a fact counts for this rubric: received in its period.
    func inPeriod<T>(_ f: Fact<T>) -> Bool { (ledger.day(f.entry) ?? .max) >= firstDay }

    /// Whether a violation counts: reported in the year the rubric's period starts, or later.
    func inYear<T>(_ f: Fact<T>) -> Bool { (ledger.day(f.entry) ?? .max) >= yearStart }

    /// The unit and the units whose history of `kind` it carries.
    func lineage(_ unit: String, _ kind: FactKind) -> [String] { org.lineage(of: unit, kind) }

    /// What `facts` holds for each unit of a unit's lineage of `kind`, in lineage order,
    /// those `keep` admits: `lineage(unit, kind).flatMap { facts($0) ?? [] }.filter(keep)`.
    /// A unit that carries no history is its own lineage: its list is taken as it is when
    /// every fact is kept (scoring asks this for every unit and criterion).
    func facts<T>(_ unit: String, _ kind: FactKind, _ facts: (String) -> [T]?, keep: (T) -> Bool) -> [T] {
        guard org.carries[unit] == nil else { return lineage(unit, kind).flatMap { facts($0) ?? [] }.filter(keep) }
        let own = facts(unit) ?? []
        return own.allSatisfy(keep) ? own : own.filter(keep)
    }

    /// The rubric's entry and each fact's, with room for an appraisal's.
    func entries<T>(_ facts: [Fact<T>]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(facts.count + 2)
        out.append(rubricEntry)
        for f in facts { out.append(f.entry) }
        return out
    }

    /// The latest appraisal of a criterion's `field` for a unit (or a unit whose history
    /// of that field's kind it carries: values with indicators, done and counts with
    /// tasks, points with scores).
    func appraisal(_ unit: String, _ criterion: String, _ field: ScoreAppraised.Field) -> Fact<ScoreAppraised>? {
        Standings.latest(
            facts(unit, field.carriedWith, { ledger.appraisals[$0]?[criterion] }) {
                $0.value.field == field && inPeriod($0)
            })
    }

    /// Every appraisal and explanation of a criterion, shown as lineage of an appraised score.
    func appraisalTrail(_ unit: String, _ criterion: String, _ field: ScoreAppraised.Field) -> [Int] {
        lineage(unit, field.carriedWith).flatMap { u in
            (ledger.appraisals[u]?[criterion] ?? []).filter(inPeriod).map(\.entry)
        }
            + lineage(unit, .scores).flatMap { u in
                (ledger.explanations[u]?[criterion] ?? []).filter(inPeriod).map(\.entry)
            }
    }
}

extension ScoreAppraised.Field {
    /// The part of a unit's history an appraisal of this field goes with.
    var carriedWith: FactKind {
        switch self {
        case .value: return .indicators
        case .done, .count: return .tasks
        case .points: return .scores
        }
    }
}

/// One criterion scored for one unit, before rounding.
struct CriterionResult {
    var points: Fraction
    var basis: ScoreBasis
    var entries: [Int]
    var appraised: Bool
    var findings: [Warning] = []
}

/// Scores one criterion of a rubric for each unit of a group (Projections/README.md,
/// "How a score is computed": one scorer per criterion kind).
protocol CriterionScorer {
    /// Scores `unit`, the member at position `member` of `ScoringInput.members`.
    /// - Throws: `ArithmeticError` when the exact value cannot be computed.
    func score(_ unit: String, member: Int) throws(ArithmeticError) -> CriterionResult
}

/// The value and target of one indicator criterion for each unit of a group: the latest
/// report (or appraisal) in the unit's lineage, its target, and the ratio (Projections/
/// README.md, "How a score is computed"). An unappraised value outside the rubric's
/// plausible ratio of its target is held back: it counts for no one until appraised.
struct IndicatorInputs {
    struct Input {
        let actual: Fact<Fraction>?
        let reported: Int?
        let appraised: Bool
        let target: Fraction
        let direction: Indicator.Direction
        let targetEntry: Int
        let ratio: Fraction?
        /// Implausible and unappraised: waits for appraisal.
        let held: Bool
    }

    let criterion: Rubric.Criterion
    let code: String
    let input: ScoringInput
    /// One for each member, in the order of `ScoringInput.members`.
    private(set) var inputs: [Input] = []
    private(set) var findings: [Warning] = []

    init(criterion: Rubric.Criterion, code: String, input: ScoringInput) {
        self.criterion = criterion
        self.code = code
        self.input = input
        let rubric = input.rubric.value
        let plausible = IndicatorInputs.plausibility(within: rubric.plausibleRatio)
        inputs.reserveCapacity(input.members.count)
        for u in input.members {
            guard let t = input.ledger.targetValue(of: u, code) else {
                inputs.append(
                    Input(
                        actual: nil, reported: nil, appraised: false, target: .zero, direction: .higher,
                        targetEntry: input.rubricEntry, ratio: nil, held: false))
                continue
            }
            let reported = Standings.latest(
                input.facts(u, .indicators, { input.ledger.values[$0]?[code] }, keep: input.inPeriod))
            var actual = reported
            let appraisal = input.appraisal(u, criterion.id, .value)
            if let a = appraisal { actual = Fact(value: a.value.to, entry: a.entry) }
            var ratio: Fraction? = nil
            var held = false
            if let a = actual {
                held = appraisal == nil && !plausible(a.value, t.value)
                if held {
                    findings.append(
                        Warning(
                            entry: a.entry,
                            .awaitingAppraisal(
                                unit: u, criterion: criterion.id, code: code, value: a.value, target: t.value,
                                plausibleRatio: rubric.plausibleRatio)))
                } else {
                    do {
                        ratio = try IndicatorInputs.ratio(
                            actual: a.value, target: t.value, direction: t.direction,
                            zeroRatio: rubric.lowerIsBetterZeroRatio)
                    } catch {
                        findings.append(Warning(entry: a.entry, .notComputable(unit: u, criterion: criterion.id)))
                    }
                }
            }
            inputs.append(
                Input(
                    actual: actual, reported: reported?.entry, appraised: appraisal != nil, target: t.value,
                    direction: t.direction, targetEntry: t.entry, ratio: ratio, held: held))
        }
    }

    /// Whether a value is plausible against its target: when it or its target is 0, or
    /// value/target lies within [1/limit, limit] (a negative value or target is not: it
    /// waits for appraisal). The reciprocal of the limit is computed once.
    static func plausibility(within limit: Fraction) -> (Fraction, Fraction) -> Bool {
        let low = try? Fraction.one / limit
        return { a, t in
            if a.isZero || t.isZero { return true }
            guard let r = try? a / t, let low else { return false }
            return !(r < low) && !(limit < r)
        }
    }

    /// A/T, or T/A for lower-is-better (A = 0 < T: the rubric's zero ratio); T = 0: no
    /// ratio when higher is better, 1 (A = 0) or 0 when lower is better. A ratio below 0
    /// (a negative value or target) counts as 0.
    static func ratio(actual a: Fraction, target t: Fraction, direction: Indicator.Direction, zeroRatio: Fraction)
        throws(ArithmeticError) -> Fraction?
    {
        let r: Fraction?
        switch direction {
        case .higher: r = t.isZero ? nil : try a / t
        case .lower:
            if t.isZero { return a.isZero ? .one : .zero }
            r = a.isZero ? zeroRatio : try t / a
        }
        return r.map { $0 < .zero ? .zero : $0 }
    }

    /// What the scorer says when a unit has no ratio to score: not reported, waiting for
    /// appraisal, or a target of 0.
    func withoutRatio(_ member: Int) -> (entries: [Int], result: CriterionResult?) {
        let rubricEntry = input.rubricEntry
        let q = inputs[member]
        var entries: [Int] = []
        entries.reserveCapacity(4)
        entries.append(rubricEntry)
        entries.append(q.targetEntry)
        if let a = q.actual { entries.append(a.entry) }
        if let r = q.reported { entries.append(r) }
        guard let a = q.actual else {
            return (
                entries,
                CriterionResult(
                    points: .zero, basis: .notReported(code: code), entries: entries, appraised: q.appraised)
            )
        }
        if q.held {
            return (
                entries,
                CriterionResult(
                    points: .zero,
                    basis: .awaitingAppraisal(
                        code: code, actual: a.value, target: q.target, plausibleRatio: input.rubric.value.plausibleRatio
                    ),
                    entries: entries, appraised: false)
            )
        }
        return (entries, nil)
    }
}

/// **quantitative**, leader-relative: r = A/T (lower is better: T/A); r < 1 → ½·MS·r;
/// r = 1 → ½·MS; the best r > 1 of the group → MS; others above target
/// → ½·MS + ½·MS·(r − 1)/(best − 1).
struct QuantitativeScorer: CriterionScorer {
    let values: IndicatorInputs
    /// The best ratio of the group (values held for appraisal do not count).
    let best: Fraction
    var findings: [Warning] { values.findings }

    init(criterion: Rubric.Criterion, code: String, input: ScoringInput) {
        values = IndicatorInputs(criterion: criterion, code: code, input: input)
        best = values.inputs.compactMap(\.ratio).max() ?? .zero
    }

    func score(_ unit: String, member: Int) throws(ArithmeticError) -> CriterionResult {
        let (entries, early) = values.withoutRatio(member)
        if let early { return early }
        let q = values.inputs[member]
        let code = values.code
        guard let a = q.actual, let r = q.ratio else {
            let basis: ScoreBasis = q.direction == .higher && q.target.isZero ? .zeroTarget(code: code) : .notComputable
            return CriterionResult(points: .zero, basis: basis, entries: entries, appraised: q.appraised)
        }
        let max = values.criterion.max
        let half = try max / Fraction(2)
        let points: Fraction
        if r < .one {
            points = try half * r
        } else if r == .one {
            points = half
        } else if r == best {
            points = max
        } else {
            // ½·MS·(1 + (r − 1)/(best − 1)): one product of small factors, never a large sum.
            points = try half * (try .one + (try r - .one) / (try best - .one))
        }
        return CriterionResult(
            points: points,
            basis: .quantitative(
                code: code, actual: a.value, target: q.target, direction: q.direction, ratio: r, best: best),
            entries: entries, appraised: q.appraised)
    }
}

/// **target**, against the target only: MS·min(r, 1), plus for r > 1 `excess.perPercent`
/// points per percent above the target, at most `excess.cap`. A higher-is-better target
/// of 0 is met by any value (MS, no excess).
struct TargetScorer: CriterionScorer {
    let values: IndicatorInputs
    let excess: Rubric.Excess?
    var findings: [Warning] { values.findings }

    init(criterion: Rubric.Criterion, code: String, excess: Rubric.Excess?, input: ScoringInput) {
        values = IndicatorInputs(criterion: criterion, code: code, input: input)
        self.excess = excess
    }

    func score(_ unit: String, member: Int) throws(ArithmeticError) -> CriterionResult {
        let (entries, early) = values.withoutRatio(member)
        if let early { return early }
        let q = values.inputs[member]
        let max = values.criterion.max
        guard let a = q.actual else {
            return CriterionResult(points: .zero, basis: .notComputable, entries: entries, appraised: q.appraised)
        }
        // T = 0, higher is better: met, whatever the value.
        let r = q.ratio ?? .one
        var points = try max * Swift.min(r, .one)
        var bonus = Fraction.zero
        if let excess, Fraction.one < r {
            // (r − 1)·100 percent above the target, perPercent points each, capped.
            bonus = Swift.min(excess.cap, try (try r - .one) * Fraction(100) * excess.perPercent)
            points = try points + bonus
        }
        return CriterionResult(
            points: points,
            basis: .target(
                code: values.code, actual: a.value, target: q.target, direction: q.direction, ratio: r, excess: bonus),
            entries: entries, appraised: q.appraised)
    }
}

/// **passFail**: the full points if a `TaskCompleted` names the criterion (or it is
/// appraised done), else none.
struct PassFailScorer: CriterionScorer {
    let criterion: Rubric.Criterion
    let input: ScoringInput

    func score(_ unit: String, member: Int) throws(ArithmeticError) -> CriterionResult {
        let done = input.facts(unit, .tasks, { input.ledger.tasks[$0]?[criterion.id] }, keep: input.inPeriod)
        var entries = input.entries(done)
        var isDone = !done.isEmpty
        var appraised = false
        if let a = input.appraisal(unit, criterion.id, .done) {
            isDone = !a.value.to.isZero
            entries.append(a.entry)
            appraised = true
        }
        return CriterionResult(
            points: isDone ? criterion.max : .zero, basis: .passFail(done: isDone), entries: entries,
            appraised: appraised)
    }
}

/// **count**: items × points per item, at most the criterion's max.
struct CountScorer: CriterionScorer {
    let criterion: Rubric.Criterion
    let perItem: Fraction
    let input: ScoringInput

    func score(_ unit: String, member: Int) throws(ArithmeticError) -> CriterionResult {
        let done = input.facts(unit, .tasks, { input.ledger.tasks[$0]?[criterion.id] }, keep: input.inPeriod)
        var entries = input.entries(done)
        // The items reported, summed as integers (each report is a count).
        var items = 0
        for d in done {
            let (sum, overflow) = items.addingReportingOverflow(d.value)
            guard !overflow else { throw .overflow }
            items = sum
        }
        var n = Fraction(items)
        var appraised = false
        if let a = input.appraisal(unit, criterion.id, .count) {
            n = a.value.to
            entries.append(a.entry)
            appraised = true
        }
        return CriterionResult(
            points: Swift.min(try n * perItem, criterion.max),
            basis: .count(items: n, perItem: perItem, max: criterion.max),
            entries: entries, appraised: appraised)
    }
}

/// **assessed**: the unit's self score (clamped to 0…max, with a warning) until
/// appraised, then the appraised points; with `scoreSource: appraisedOnly`, only the latter.
struct AssessedScorer: CriterionScorer {
    let criterion: Rubric.Criterion
    let input: ScoringInput

    /// The latest self score of the criterion in the rubric's period, the unit's or one
    /// of a unit whose scores it carries.
    private func latestSelfScore(_ unit: String) -> Fact<Fraction>? {
        var latest: Fact<Fraction>? = nil
        input.org.forEachInLineage(of: unit, .scores) { u in
            guard let s = input.ledger.selfScores[u]?[criterion.id], input.inPeriod(s) else { return }
            if latest.map({ $0.entry < s.entry }) ?? true { latest = s }
        }
        return latest
    }

    func score(_ unit: String, member: Int) throws(ArithmeticError) -> CriterionResult {
        // The rubric's entry, the self score's and the appraisal's: room for the three at
        // once (a literal of one grew on the first append).
        var entries: [Int] = []
        entries.reserveCapacity(3)
        entries.append(input.rubricEntry)
        var given: Fraction? = nil
        var source = ScoreBasis.Assessment.none
        if !input.rubric.value.appraisedOnly, let s = latestSelfScore(unit) {
            given = s.value
            entries.append(s.entry)
            source = .selfScore
        }
        if let a = input.appraisal(unit, criterion.id, .points) {
            given = a.value.to
            entries.append(a.entry)
            source = .appraised
        }
        let raw = given ?? .zero
        let points = Swift.max(.zero, Swift.min(raw, criterion.max))
        var findings: [Warning] = []
        if points != raw {
            findings.append(
                Warning(
                    entry: entries.last!,
                    .selfScoreOutOfRange(
                        unit: unit, criterion: criterion.id, given: raw,
                        max: criterion.max, counted: points)))
        }
        return CriterionResult(
            points: points, basis: .assessed(source), entries: entries, appraised: source == .appraised,
            findings: findings)
    }
}
