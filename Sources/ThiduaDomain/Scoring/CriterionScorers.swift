/// What a scorer reads: the ledger, the group's members on the ranking date, the rubric.
struct ScoringInput {
    let ledger: Ledger
    let rubric: Fact<Rubric>
    let members: [String]

    var org: Organisation { ledger.org }

    func lineage(_ unit: String) -> [String] { org.lineage(of: unit) }

    /// The latest appraisal of a criterion's `field` for a unit (or a unit it carries).
    func appraisal(_ unit: String, _ criterion: String, _ field: ScoreAppraised.Field) -> Fact<ScoreAppraised>? {
        Standings.latest(
            lineage(unit).flatMap { ledger.appraisals[$0]?[criterion] ?? [] }.filter { $0.value.field == field })
    }

    /// Every appraisal and explanation of a criterion, shown as lineage of an appraised score.
    func appraisalTrail(_ unit: String, _ criterion: String) -> [Int] {
        lineage(unit).flatMap { u in
            (ledger.appraisals[u]?[criterion] ?? []).map(\.entry)
                + (ledger.explanations[u]?[criterion] ?? []).map(\.entry)
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
    /// - Throws: `ArithmeticError` when the exact value cannot be computed.
    func score(_ unit: String) throws(ArithmeticError) -> CriterionResult
}

/// **quantitative**, leader-relative: r = A/T (lower is better: T/A); r < 1 → ½·MS·r;
/// r = 1 → ½·MS; the best r > 1 of the group → MS; others above target
/// → ½·MS + ½·MS·(r − 1)/(best − 1).
struct QuantitativeScorer: CriterionScorer {
    struct Input {
        let actual: Fact<Fraction>?
        let reported: Int?
        let appraised: Bool
        let target: Fraction
        let direction: Indicator.Direction
        let targetEntry: Int
        let ratio: Fraction?
    }

    let criterion: Rubric.Criterion
    let code: String
    let input: ScoringInput
    private(set) var inputs: [String: Input] = [:]
    /// The best ratio of the group; nil when a ratio could not be computed exactly.
    private(set) var best: Fraction? = .zero
    private(set) var findings: [Warning] = []

    init(criterion: Rubric.Criterion, code: String, input: ScoringInput) {
        self.criterion = criterion
        self.code = code
        self.input = input
        for u in input.members {
            guard let t = input.ledger.target(of: u, code) else {
                inputs[u] = Input(
                    actual: nil, reported: nil, appraised: false, target: .zero, direction: .higher,
                    targetEntry: input.rubric.entry, ratio: nil)
                continue
            }
            let reported = Standings.latest(input.lineage(u).flatMap { input.ledger.values[$0]?[code] ?? [] })
            var actual = reported
            let appraisal = input.appraisal(u, criterion.id, .value)
            if let a = appraisal { actual = Fact(value: a.value.to, entry: a.entry) }
            var ratio: Fraction? = nil
            if let a = actual?.value {
                do {
                    ratio = try QuantitativeScorer.ratio(
                        actual: a, target: t.value, direction: t.direction,
                        zeroRatio: input.rubric.value.lowerIsBetterZeroRatio)
                } catch {
                    findings.append(
                        Warning(
                            entry: actual?.entry ?? input.rubric.entry, .notComputable(unit: u, criterion: criterion.id)
                        ))
                }
            }
            inputs[u] = Input(
                actual: actual, reported: reported?.entry, appraised: appraisal != nil, target: t.value,
                direction: t.direction, targetEntry: t.entry, ratio: ratio)
        }
        best = inputs.values.compactMap(\.ratio).max() ?? .zero
    }

    /// A/T, or T/A for lower-is-better (A = 0 < T: the rubric's zero ratio); T = 0: no
    /// ratio when higher is better, 1 (A = 0) or 0 when lower is better.
    static func ratio(actual a: Fraction, target t: Fraction, direction: Indicator.Direction, zeroRatio: Fraction)
        throws(ArithmeticError) -> Fraction?
    {
        switch direction {
        case .higher: return t.isZero ? nil : try a / t
        case .lower:
            if t.isZero { return a.isZero ? .one : .zero }
            return a.isZero ? zeroRatio : try t / a
        }
    }

    func score(_ unit: String) throws(ArithmeticError) -> CriterionResult {
        let rubricEntry = input.rubric.entry
        guard let q = inputs[unit] else {
            return CriterionResult(
                points: .zero, basis: .notReported(code: code), entries: [rubricEntry], appraised: false)
        }
        var entries = [rubricEntry, q.targetEntry]
        if let a = q.actual { entries.append(a.entry) }
        if let r = q.reported { entries.append(r) }
        guard let a = q.actual else {
            return CriterionResult(
                points: .zero, basis: .notReported(code: code), entries: entries, appraised: q.appraised)
        }
        guard let r = q.ratio, let best else {
            let basis: ScoreBasis = q.direction == .higher && q.target.isZero ? .zeroTarget(code: code) : .notComputable
            return CriterionResult(points: .zero, basis: basis, entries: entries, appraised: q.appraised)
        }
        let max = criterion.max
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
                code: code, actual: a.value, target: q.target, direction: q.direction,
                ratio: r, best: best),
            entries: entries, appraised: q.appraised)
    }
}

/// **passFail**: the full points if a `TaskCompleted` names the criterion (or it is
/// appraised done), else none.
struct PassFailScorer: CriterionScorer {
    let criterion: Rubric.Criterion
    let input: ScoringInput

    func score(_ unit: String) throws(ArithmeticError) -> CriterionResult {
        let done = input.lineage(unit).flatMap { input.ledger.tasks[$0]?[criterion.id] ?? [] }
        var entries = [input.rubric.entry] + done.map(\.entry)
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

    func score(_ unit: String) throws(ArithmeticError) -> CriterionResult {
        let done = input.lineage(unit).flatMap { input.ledger.tasks[$0]?[criterion.id] ?? [] }
        var entries = [input.rubric.entry] + done.map(\.entry)
        var n = Fraction.zero
        for d in done { n = try n + Fraction(d.value) }
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

    func score(_ unit: String) throws(ArithmeticError) -> CriterionResult {
        var entries = [input.rubric.entry]
        var given: Fraction? = nil
        var source = ScoreBasis.Assessment.none
        if !input.rubric.value.appraisedOnly,
            let s = input.lineage(unit).compactMap({ input.ledger.selfScores[$0]?[criterion.id] }).max(by: {
                $0.entry < $1.entry
            })
        {
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
