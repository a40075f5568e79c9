import ThiduaLog

/// Every event of the catalogue (Events/README.md). The folds switch over it without a
/// `default:`, so a new event type is a compile error wherever it must be handled.
///
/// The three largest payloads are boxed (`indirect`: a rubric is 384 bytes, an appraisal
/// 128, a movement 104), so an event is 89 bytes, not 385: the ordered checks and the
/// folds copy events, and the frequent ones (reports, tasks, self scores) are small.
public enum DomainEvent: Hashable, Sendable {
    case logOpened(LogOpened)
    case keyRegistered(KeyRegistered)
    case keyRevoked(KeyRevoked)
    case logKeyRotated(LogKeyRotated)
    indirect case movementLaunched(MovementLaunched)
    case groupFormed(GroupFormed)
    case membershipChanged(MembershipChanged)
    case headElected(HeadElected)
    case unitSucceeded(UnitSucceeded)
    case unitsMerged(UnitsMerged)
    case unitSplit(UnitSplit)
    case unitRenamed(UnitRenamed)
    case unitEnded(UnitEnded)
    indirect case rubricPublished(RubricPublished)
    case pledgeSigned(PledgeSigned)
    case indicatorReported(IndicatorReported)
    case taskCompleted(TaskCompleted)
    case selfScoreSubmitted(SelfScoreSubmitted)
    indirect case scoreAppraised(ScoreAppraised)
    case explanationSubmitted(ExplanationSubmitted)
    case evidenceAttached(EvidenceAttached)
    case bonusAwarded(BonusAwarded)
    case deductionApplied(DeductionApplied)
    case violationReported(ViolationReported)
    case commendationAwarded(CommendationAwarded)
    case commendationRevoked(CommendationRevoked)
    case ballotHeld(BallotHeld)
    case rankingPublished(RankingPublished)

    /// The catalogue, registered once: decoding, `thidua types`, `thidua event TYPE --help`
    /// and the web form all read this list.
    public static let catalogue: [EventKind] = [
        EventKind(
            LogOpened.self, signers: ["root"], vi: "mở sổ (bản ghi 0, do `thidua init` ghi)",
            en: "opens the log (entry 0, written by `thidua init`)"
        ) {
            .logOpened($0)
        },
        EventKind(
            KeyRegistered.self, signers: ["root"], vi: "đăng ký một khóa với vai trò của nó",
            en: "registers a key with its role"
        ) {
            .keyRegistered($0)
        },
        EventKind(KeyRevoked.self, signers: ["root"], vi: "thu hồi một khóa", en: "revokes a key") { .keyRevoked($0) },
        EventKind(
            LogKeyRotated.self, signers: ["root"], vi: "đổi khóa ký checkpoint của sổ",
            en: "moves the log to a new checkpoint key"
        ) {
            .logKeyRotated($0)
        },
        EventKind(
            MovementLaunched.self, signers: ["council"], vi: "phát động phong trào với các chỉ tiêu",
            en: "launches a movement and its targets"
        ) {
            .movementLaunched($0)
        },
        EventKind(
            GroupFormed.self, signers: ["council"], vi: "thành lập cụm, khối thi đua", en: "forms a cluster or bloc"
        ) { .groupFormed($0) },
        EventKind(
            MembershipChanged.self, signers: ["council"], vi: "đơn vị vào hoặc ra khỏi cụm, khối",
            en: "a unit joins or leaves a group"
        ) {
            .membershipChanged($0)
        },
        EventKind(
            HeadElected.self, signers: ["council"], vi: "bầu trưởng, phó cụm/khối",
            en: "elects a group's head or deputy"
        ) {
            .headElected($0)
        },
        EventKind(
            UnitSucceeded.self, signers: ["council"], vi: "đơn vị kết thúc, có đơn vị kế tiếp",
            en: "a unit ends, with successors"
        ) {
            .unitSucceeded($0)
        },
        EventKind(
            UnitsMerged.self, signers: ["council"], vi: "sáp nhập các đơn vị vào một đơn vị (mới hoặc đã có)",
            en: "merges units into one (new or existing)"
        ) {
            .unitsMerged($0)
        },
        EventKind(
            UnitSplit.self, signers: ["council"], vi: "chia tách một đơn vị thành nhiều đơn vị",
            en: "splits a unit into several"
        ) {
            .unitSplit($0)
        },
        EventKind(UnitRenamed.self, signers: ["council"], vi: "đổi tên đơn vị", en: "renames a unit") {
            .unitRenamed($0)
        },
        EventKind(
            UnitEnded.self, signers: ["council"], vi: "đơn vị kết thúc hoạt động, không có đơn vị kế tiếp",
            en: "a unit ends, without a successor"
        ) {
            .unitEnded($0)
        },
        EventKind(
            RubricPublished.self, signers: ["council"], vi: "công bố bảng điểm cho cụm, khối",
            en: "publishes the rubric of groups"
        ) {
            .rubricPublished($0)
        },
        EventKind(
            PledgeSigned.self, signers: ["unit", "head"], vi: "ký giao ước thi đua (đơn vị và trưởng cụm/khối cùng ký)",
            en: "signs the emulation pledge (the unit and the head of its group)"
        ) { .pledgeSigned($0) },
        EventKind(
            IndicatorReported.self, signers: ["unit"], vi: "báo cáo giá trị một chỉ tiêu",
            en: "reports an indicator's value"
        ) {
            .indicatorReported($0)
        },
        EventKind(
            TaskCompleted.self, signers: ["unit"], vi: "báo cáo hoàn thành nhiệm vụ của một tiêu chí",
            en: "reports a criterion's task done"
        ) {
            .taskCompleted($0)
        },
        EventKind(
            SelfScoreSubmitted.self, signers: ["unit"], vi: "nộp điểm tự chấm", en: "submits the unit's own scores"
        ) {
            .selfScoreSubmitted($0)
        },
        EventKind(
            ScoreAppraised.self, signers: ["appraiser"], vi: "thẩm định lại một số liệu hay điểm",
            en: "appraises a figure or a score"
        ) {
            .scoreAppraised($0)
        },
        EventKind(
            ExplanationSubmitted.self, signers: ["unit"], vi: "giải trình về kết quả thẩm định",
            en: "explains an appraisal"
        ) {
            .explanationSubmitted($0)
        },
        EventKind(
            EvidenceAttached.self, signers: ["unit"], vi: "bổ sung minh chứng cho một bản ghi đã có",
            en: "attaches documents to an entry"
        ) {
            .evidenceAttached($0)
        },
        EventKind(
            BonusAwarded.self, signers: ["council", "appraiser"], vi: "cộng điểm thưởng", en: "awards bonus points"
        ) { .bonusAwarded($0) },
        EventKind(DeductionApplied.self, signers: ["council", "appraiser"], vi: "trừ điểm", en: "deducts points") {
            .deductionApplied($0)
        },
        EventKind(
            ViolationReported.self, signers: ["council", "appraiser", "agency"], vi: "báo cáo vi phạm, kỷ luật",
            en: "reports a violation"
        ) {
            .violationReported($0)
        },
        EventKind(CommendationAwarded.self, signers: ["council"], vi: "khen thưởng", en: "makes an award") {
            .commendationAwarded($0)
        },
        EventKind(CommendationRevoked.self, signers: ["council"], vi: "thu hồi khen thưởng", en: "revokes an award") {
            .commendationRevoked($0)
        },
        EventKind(BallotHeld.self, signers: ["council"], vi: "kết quả bỏ phiếu kín", en: "records a secret ballot") {
            .ballotHeld($0)
        },
        EventKind(
            RankingPublished.self, signers: ["council"], vi: "công bố (chứng thực) kết quả xếp hạng",
            en: "attests a ranking"
        ) {
            .rankingPublished($0)
        },
    ]

    /// Every type of the catalogue, in its order.
    public static let types = catalogue.map(\.type)

    static let byType = KindsByType(catalogue)

    /// The fields every payload carries (integrity spec §2), and the log binding of
    /// `thidua-keys/2`, which the log layer checks.
    static let header = ["v", "type", "id", "issuedAt", "log"]

    /// Reads a payload of version 1 (the only version so far; a later version is upcast here).
    /// - Parameter mode: how strictly (`.strict` for `thidua-emulation/2` admission,
    ///   `.fold` for projections, `.lenient` for `thidua-emulation/1` admission).
    public init(_ p: Payload, mode: ReadingMode = .fold) throws(DomainError) {
        guard let kind = DomainEvent.byType.index(of: p.type) else {
            let hint = Suggest.hint(p.type, among: DomainEvent.types)
            throw DomainError(
                .unknownType, "type",
                "event type \(p.type) is not in the emulation catalogue\(hint) (Events/README.md lists: "
                    + "\(DomainEvent.types.joined(separator: ", ")))"
            )
        }
        let f = Fields(p.tape, p.type, mode: mode)
        f.allow(DomainEvent.header)
        self = try DomainEvent.byType.kinds[kind].read(f)
        try f.finish()
    }

    /// Reads an event of `type` from its own fields (without the header a payload adds), as
    /// a form or a typed command builds it; `payload(id:issuedAt:log:)` then writes it.
    public init(type: String, fields: [JSON.Member], mode: ReadingMode = .strict) throws(DomainError) {
        guard let kind = DomainEvent.byType[type] else {
            throw DomainError(
                .unknownType, "type",
                "event type \(type) is not in the emulation catalogue\(Suggest.hint(type, among: DomainEvent.types))")
        }
        let f = try Fields(.object(fields), type, mode: mode)
        self = try kind.read(f)
        try f.finish()
    }

    /// The payload's `type`.
    public var type: String {
        switch self {
        case .logOpened: return LogOpened.type
        case .keyRegistered: return KeyRegistered.type
        case .keyRevoked: return KeyRevoked.type
        case .logKeyRotated: return LogKeyRotated.type
        case .movementLaunched: return MovementLaunched.type
        case .groupFormed: return GroupFormed.type
        case .membershipChanged: return MembershipChanged.type
        case .headElected: return HeadElected.type
        case .unitSucceeded: return UnitSucceeded.type
        case .unitsMerged: return UnitsMerged.type
        case .unitSplit: return UnitSplit.type
        case .unitRenamed: return UnitRenamed.type
        case .unitEnded: return UnitEnded.type
        case .rubricPublished: return RubricPublished.type
        case .pledgeSigned: return PledgeSigned.type
        case .indicatorReported: return IndicatorReported.type
        case .taskCompleted: return TaskCompleted.type
        case .selfScoreSubmitted: return SelfScoreSubmitted.type
        case .scoreAppraised: return ScoreAppraised.type
        case .explanationSubmitted: return ExplanationSubmitted.type
        case .evidenceAttached: return EvidenceAttached.type
        case .bonusAwarded: return BonusAwarded.type
        case .deductionApplied: return DeductionApplied.type
        case .violationReported: return ViolationReported.type
        case .commendationAwarded: return CommendationAwarded.type
        case .commendationRevoked: return CommendationRevoked.type
        case .ballotHeld: return BallotHeld.type
        case .rankingPublished: return RankingPublished.type
        }
    }

    /// The payload's own fields (after v, type, id, issuedAt and log).
    public var payloadFields: [JSON.Member] {
        switch self {
        case .logOpened(let e): return e.payloadFields
        case .keyRegistered(let e): return e.payloadFields
        case .keyRevoked(let e): return e.payloadFields
        case .logKeyRotated(let e): return e.payloadFields
        case .movementLaunched(let e): return e.payloadFields
        case .groupFormed(let e): return e.payloadFields
        case .membershipChanged(let e): return e.payloadFields
        case .headElected(let e): return e.payloadFields
        case .unitSucceeded(let e): return e.payloadFields
        case .unitsMerged(let e): return e.payloadFields
        case .unitSplit(let e): return e.payloadFields
        case .unitRenamed(let e): return e.payloadFields
        case .unitEnded(let e): return e.payloadFields
        case .rubricPublished(let e): return e.payloadFields
        case .pledgeSigned(let e): return e.payloadFields
        case .indicatorReported(let e): return e.payloadFields
        case .taskCompleted(let e): return e.payloadFields
        case .selfScoreSubmitted(let e): return e.payloadFields
        case .scoreAppraised(let e): return e.payloadFields
        case .explanationSubmitted(let e): return e.payloadFields
        case .evidenceAttached(let e): return e.payloadFields
        case .bonusAwarded(let e): return e.payloadFields
        case .deductionApplied(let e): return e.payloadFields
        case .violationReported(let e): return e.payloadFields
        case .commendationAwarded(let e): return e.payloadFields
        case .commendationRevoked(let e): return e.payloadFields
        case .ballotHeld(let e): return e.payloadFields
        case .rankingPublished(let e): return e.payloadFields
        }
    }

    /// The payload bytes of this event: `v`, `type`, `id`, `issuedAt`, the log it is for
    /// (`log`, nil for a log under the first rules), then its fields.
    public func payload(id: String, issuedAt: String, log: String?) -> [UInt8] {
        Payload.make(type: type, id: id, issuedAt: issuedAt, log: log, fields: payloadFields)
    }
}

/// The catalogue's kinds by type name. A replay looks one up for every entry, and a
/// dictionary hashing the name, then a copy of the kind, cost 1.7 % of its instructions:
/// this table takes a slot from the name's length and two of its bytes, compares the name's
/// bytes with the names there (at most two for the catalogue's, `CatalogueTests` says) and
/// gives the kind's place in the catalogue.
struct KindsByType: Sendable {
    let kinds: [EventKind]
    /// Each slot's names and their places in `kinds`.
    let slots: [[(name: [UInt8], index: Int)]]

    init(_ kinds: [EventKind]) {
        var slots = [[(name: [UInt8], index: Int)]](repeating: [], count: 64)
        for (i, k) in kinds.enumerated() {
            let name = Array(k.type.utf8)
            name.withUnsafeBufferPointer { slots[KindsByType.slot($0)].append((name, i)) }
        }
        self.kinds = kinds
        self.slots = slots
    }

    static func slot(_ u: UnsafeBufferPointer<UInt8>) -> Int {
        (u.count &* 31 &+ Int(u.first ?? 0) &+ Int(u.count > 2 ? u[2] : 0)) & 63
    }

    /// The place in `kinds` of the kind of this type name.
    func index(of type: String) -> Int? {
        var t = type
        return t.withUTF8 { u in
            for c in slots[KindsByType.slot(u)] {
                if c.name.withUnsafeBufferPointer({ JSONTape.same($0, u) }) { return c.index }
            }
            return nil
        }
    }

    subscript(_ type: String) -> EventKind? { index(of: type).map { kinds[$0] } }
}
