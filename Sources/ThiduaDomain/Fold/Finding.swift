import ThiduaLog

/// A fact and the log entry it came from: every point is traceable to signed entries.
public struct Fact<Value: Sendable & Equatable & Codable>: Sendable, Equatable {
    public let value: Value
    public let entry: Int

    public init(value: Value, entry: Int) {
        self.value = value
        self.entry = entry
    }
}

/// What looks wrong in the log without being the log's to refuse (a signed document may
/// carry the error of its paper original), as data. `Wording` says it in Vietnamese or
/// English.
public enum Finding: Sendable, Equatable, Hashable, Codable {
    /// An entry the projections cannot read (an unknown type, a field out of range in a log
    /// whose rules did not check ranges): it is not counted.
    case unreadable(type: String, reason: String)
    /// An indicator's parts do not add up to it (the seed letter's trees).
    case partsDoNotAddUp(
        code: String, name: String, unitOfMeasure: String, parts: [Fraction], sum: Fraction, total: Fraction)
    /// An indicator names parts the movement does not define.
    case partsUndefined(code: String)
    /// A percentage target over 100.
    case targetOverHundredPercent(code: String, value: Fraction)
    /// A pledge names a code no movement defines, without a name and unit.
    case pledgeTargetUndefined(unit: String, code: String)
    /// A unit reported an indicator neither a movement nor its pledge defines.
    case reportedIndicatorUndefined(unit: String, code: String)
    /// A reported percentage over 100.
    case reportedOverHundredPercent(unit: String, code: String, value: Fraction)
    /// A reported value more than 10× or under 1/10 of its target (triệu vs tỷ đồng).
    case reportedFarFromTarget(
        unit: String, code: String, value: Fraction, unitOfMeasure: String, ratio: Fraction, target: Fraction)
    /// A ballot without the rubric's quorum: its result is not used.
    case ballotWithoutQuorum(group: String, round: Int, present: Int, eligible: Int, quorum: Fraction)
    /// A ballot after the rubric's last round: the head and deputy decide.
    case ballotBeyondRounds(group: String, round: Int, maxRounds: Int)
    /// A self score outside 0…max: counted as the nearest bound.
    case selfScoreOutOfRange(unit: String, criterion: String, given: Fraction, max: Fraction, counted: Fraction)
    /// A bonus or deduction item the rubric does not have: not counted.
    case itemNotInRubric(item: String, unit: String, rubric: String)
    /// An unappraised value more than `plausibleRatio` times its target (or under its
    /// inverse): it counts for no one, the unit included, until the appraising body
    /// appraises it (`ScoreAppraised`, which may confirm it).
    case awaitingAppraisal(
        unit: String, criterion: String, code: String, value: Fraction, target: Fraction, plausibleRatio: Fraction)
    /// A violation at a level the rubric's `discipline.levels` does not list: it bars a title.
    case violationLevelUnknown(unit: String, level: String, levels: [String])
    /// A movement defines an indicator code an earlier movement defined: the first
    /// definition is the one used.
    case indicatorDefinedTwice(code: String, movement: String, firstMovement: String)
    /// A criterion whose exact value cannot be computed from these entries (values beyond
    /// what exact arithmetic holds): it counts 0 until the values are corrected.
    case notComputable(unit: String, criterion: String)
}

/// A data-quality warning: a finding and the entry it names.
public struct Warning: Sendable, Equatable, Hashable, Codable {
    public let entry: Int
    public let finding: Finding

    public init(entry: Int, _ finding: Finding) {
        self.entry = entry
        self.finding = finding
    }
}

extension Fact: Codable {
    /// `[entry, value]`: the ledger holds many facts, and an array reads faster than an object.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        entry = try c.decode(Int.self)
        value = try c.decode(Value.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(entry)
        try c.encode(value)
    }
}
