/// How one criterion's score was reached, as data (`Wording` says it in words).
public enum ScoreBasis: Sendable, Equatable {
    /// Leader-relative: actual against target, the ratio and the best ratio of the group.
    indirect case quantitative(
        code: String, actual: Fraction, target: Fraction, direction: Indicator.Direction,
        ratio: Fraction, best: Fraction)
    /// Against the target only: MS·min(r, 1) plus `excess` points for beating it.
    indirect case target(
        code: String, actual: Fraction, target: Fraction, direction: Indicator.Direction, ratio: Fraction,
        excess: Fraction)
    /// An unappraised value more than `plausibleRatio` times its target (or under its
    /// inverse): not counted (0 points, and not the group's best) until appraised.
    indirect case awaitingAppraisal(code: String, actual: Fraction, target: Fraction, plausibleRatio: Fraction)
    /// No report of the indicator (0 points).
    case notReported(code: String)
    /// A higher-is-better target of 0: no ratio (0 points).
    case zeroTarget(code: String)
    /// Pass/fail: done or not.
    case passFail(done: Bool)
    /// Items × points each, at most the criterion's max.
    indirect case count(items: Fraction, perItem: Fraction, max: Fraction)
    /// Points given: none yet, the unit's own (tự chấm), or the appraising body's.
    case assessed(Assessment)
    /// The exact value could not be computed (see `Finding.notComputable`): 0 points.
    case notComputable

    public enum Assessment: Sendable, Equatable {
        case none, selfScore, appraised
    }

    /// For an indicator counted in the score: its value against its target.
    public var counted: (code: String, actual: Fraction, target: Fraction, direction: Indicator.Direction)? {
        switch self {
        case .quantitative(let code, let a, let t, let d, _, _), .target(let code, let a, let t, let d, _, _):
            return (code, a, t, d)
        default: return nil
        }
    }
}

/// One criterion's score for one unit, with the entries behind it.
public struct CriterionScore: Sendable, Equatable {
    public let criterion: String
    public let name: String
    public let rubricGroup: String
    public let max: Points
    public let points: Points
    public let basis: ScoreBasis
    public let entries: [Int]
    public let appraised: Bool
}

/// A bonus or deduction item of a unit: the sum of its entries, capped by the rubric.
public struct AdjustmentScore: Sendable, Equatable {
    public let item: String
    public let name: String
    public let points: Points
    public let capped: Bool
    public let entries: [Int]
}
