import ThiduaLog

/// Who may sign what in an emulation log: `"rules": "thidua-emulation/2"` in the genesis.
///
/// Checked on append, from the log before the entry; a refusal names the key, the rule
/// and the entry that granted or revoked the authority (Events/README.md has the table).
/// - `thidua-emulation/1`: as first written (kept, so its logs verify as they always did).
/// - `thidua-emulation/2`: on `thidua-keys/2` (every payload bound to its log); payloads
///   read strictly (unknown fields, numbers as strings and numbers out of range refused);
///   criteria, items and indicators must be ones the rubric or movement in force defines.
public struct EmulationRules: AuthorityRules {
    public static let v1 = "thidua-emulation/1"
    public static let v2 = "thidua-emulation/2"
    /// The rules `thidua init` and the demo use.
    public static let current = v2
    public static let roles = ["root", "council", "unit", "appraiser", "agency"]
    public let name: String
    public let version: Int
    public private(set) var keys: KeyRing
    public private(set) var org = Organisation()
    /// The rubric scoring each group from now on (`thidua-emulation/2` checks references).
    public private(set) var rubrics: [String: Rubric] = [:]
    /// Codes each unit pledged.
    public private(set) var pledged: [String: Set<String>] = [:]

    public init(version: Int = 2) {
        self.version = version
        name = version >= 2 ? EmulationRules.v2 : EmulationRules.v1
        keys = KeyRing(version: version)
    }

    /// How payloads are read under these rules.
    public var mode: ReadingMode { version >= 2 ? .strict : .lenient }

    public static let catalog = RulesCatalog.logLayer
        .adding(v1) { EmulationRules(version: 1) }
        .adding(v2) { EmulationRules(version: 2) }

    public func admit(_ e: SignedEvent) throws(EntryFault) { try admit(e, prepared: nil) }

    public func key(_ id: KeyID) -> PublicKey? { keys.key(id) }

    /// The domain event of a payload (key events: the key one names, `KeyRing.prepare`;
    /// the log layer reads them).
    public func prepare(_ payload: Payload) -> (any PreparedPayload)? {
        guard payload.keyEvent == nil else { return KeyRing.prepare(payload) }
        return Read(Result { () throws(DomainError) in try DomainEvent(payload, mode: mode) })
    }

    /// A payload's domain event, or why it is not one, as `prepare` read it.
    final class Read: Sendable {
        let event: Result<DomainEvent, DomainError>
        init(_ event: Result<DomainEvent, DomainError>) { self.event = event }
    }

    private func decode(_ e: SignedEvent, _ prepared: (any PreparedPayload)?) -> Result<DomainEvent, DomainError> {
        if let r = prepared as? Read { return r.event }
        return Result { () throws(DomainError) in try DomainEvent(e.payload, mode: mode) }
    }

    public func admit(_ e: SignedEvent, prepared: (any PreparedPayload)?) throws(EntryFault) {
        try keys.admit(e, prepared: prepared as? KeyRing.PreparedKey)
        let x = Candidate(event: e, date: e.receivedAt.vietnamDate)
        // Key events are the log layer's (KeyRing checked them); roles are this layer's.
        if let k = e.keyEvent {
            if k == .keyRegistered { try keyRole(x) }
            return
        }
        let event: DomainEvent
        switch decode(e, prepared) {
        case .success(let d): event = d
        case .failure(let error): throw x.bad(error.message, vi: error.vi)
        }
        // Who may sign it first (and whether the unit still exists), then what it names.
        try authority(x, event)
        if version >= 2 { try references(event, e, x.date) }
    }

    public mutating func record(_ e: SignedEvent) { record(e, prepared: nil) }

    public mutating func record(_ e: SignedEvent, prepared: (any PreparedPayload)?) {
        keys.record(e, prepared: prepared as? KeyRing.PreparedKey)
        guard e.keyEvent == nil, case .success(let event) = decode(e, prepared) else { return }
        org.apply(event, at: e)
        switch event {
        case .rubricPublished(let r): for g in r.groups { rubrics[g] = r.rubric }
        case .pledgeSigned(let p): pledged[p.unit, default: []].formUnion(p.targets.map(\.code))
        default: break
        }
    }

    /// Scores, reports and ballots change no key, role, group, rubric or pledge: an open
    /// skips them (`AuthorityJournal`). Every other type, known or not, shapes the rules.
    public static let passiveTypes: Set<String> = [
        IndicatorReported.type, TaskCompleted.type, SelfScoreSubmitted.type, ScoreAppraised.type,
        ExplanationSubmitted.type, EvidenceAttached.type, BonusAwarded.type, DeductionApplied.type,
        ViolationReported.type, BallotHeld.type, RankingPublished.type,
    ]

    public func shapes(_ e: SignedEvent) -> Bool { e.index == 0 || !EmulationRules.isPassive(e.type) }

    /// `passiveTypes.contains(type)`, by the names' bytes: a length ends most comparisons
    /// (every entry is asked, in order; hashing the type cost more).
    static func isPassive(_ type: String) -> Bool {
        var type = type
        return type.withUTF8 { t in
            passiveNames.contains { name in
                name.count == t.count && name.indices.allSatisfy { name[$0] == t[$0] }
            }
        }
    }
    private static let passiveNames = passiveTypes.map { Array($0.utf8) }

    /// `thidua-emulation/2`: a criterion, item or indicator an event names must be one the
    /// rubric of the unit's group, or a movement or the unit's pledge, defines.
    private func references(_ event: DomainEvent, _ e: SignedEvent, _ date: String) throws(EntryFault) {
        func bad(_ path: String, _ m: String, vi: String? = nil) -> EntryFault {
            EntryFault(index: e.index, rule: .payload, "\(path): \(m)", vi: vi.map { "\(path): \($0)" })
        }
        /// The rubrics of the groups `unit` (or a unit whose history it carries) is in on `date`.
        func rubricsOf(_ unit: String) -> [(group: String, rubric: Rubric)] {
            var seen = Set<String>()
            return org.lineage(of: unit).reversed().flatMap { org.groups(of: $0, on: date) }
                .filter { seen.insert($0).inserted }.compactMap { g in rubrics[g].map { (g, $0) } }
        }
        func criterion(_ unit: String, _ id: String, _ path: String, kinds: [String]) throws(EntryFault) {
            // Found, the common case: no list is built (the refusals below name them all).
            let found = org.lineage(of: unit).contains { u in
                org.inGroup(u, on: date) { g in
                    rubrics[g]?.groups.contains { $0.criteria.contains { $0.id == id && kinds.contains($0.kind.name) } }
                        == true
                }
            }
            if found { return }
            let rs = rubricsOf(unit)
            guard !rs.isEmpty else {
                throw bad(
                    path,
                    "no rubric scores the groups of \(unit) on \(date); the council publishes one first "
                        + "(RubricPublished)",
                    vi: "chưa có bảng điểm nào cho cụm, khối của \(unit) vào ngày \(date); Hội đồng cần công bố bảng "
                        + "điểm trước (RubricPublished)"
                )
            }
            let fitting = rs.flatMap { $0.rubric.criteria }.filter { kinds.contains($0.kind.name) }
            let names = rs.map { "\($0.rubric.id) (\($0.group))" }.joined(separator: ", ")
            let ids = fitting.map(\.id)
            if let other = rs.flatMap({ $0.rubric.criteria }).first(where: { $0.id == id }) {
                throw bad(
                    path,
                    "criterion \(id) of \(names) is \(other.kind.name); this event is for "
                        + "\(kinds.sorted().joined(separator: " or ")) criteria (\(ids.joined(separator: ", ")))",
                    vi: "tiêu chí \(id) của \(names) thuộc loại \(other.kind.name); sự kiện này dành cho tiêu chí loại "
                        + "\(kinds.sorted().joined(separator: " hoặc ")) (\(ids.joined(separator: ", ")))"
                )
            }
            throw bad(
                path,
                "criterion \(id) is not in \(names)\(Suggest.hint(id, among: ids)) (its "
                    + "\(kinds.sorted().joined(separator: "/")) criteria: \(ids.joined(separator: ", ")))",
                vi:
                    "không có tiêu chí \(id) trong "
                    + "\(names)\(Suggest.closest(id, among: ids).map { "; có phải là \($0)?" } ?? "") "
                    + "(các tiêu chí loại \(kinds.sorted().joined(separator: "/")): \(ids.joined(separator: ", ")))"
            )
        }
        func item(_ unit: String, _ id: String, _ path: String, bonus: Bool) throws(EntryFault) {
            let rs = rubricsOf(unit)
            let items = rs.flatMap { bonus ? $0.rubric.bonuses : $0.rubric.deductions }.map(\.id)
            guard !items.contains(id) else { return }
            let names = rs.map { "\($0.rubric.id) (\($0.group))" }.joined(separator: ", ")
            throw bad(
                path,
                "\(bonus ? "bonus" : "deduction") item \(id) is not in "
                    + "\(names.isEmpty ? "any rubric of \(unit)'s groups" : names)\(Suggest.hint(id, among: items)) "
                    + "(its items: \(items.isEmpty ? "none" : items.joined(separator: ", ")))"
            )
        }
        switch event {
        case .taskCompleted(let t):
            try criterion(t.unit, t.criterion, "TaskCompleted.criterion", kinds: ["passFail", "count"])
        case .selfScoreSubmitted(let x):
            for c in x.scores.keys.sorted() {
                try criterion(x.unit, c, "SelfScoreSubmitted.scores", kinds: ["assessed"])
            }
        case .scoreAppraised(let a):
            let kinds: [String]
            switch a.field {
            case .value: kinds = ["quantitative", "target"]
            case .done: kinds = ["passFail"]
            case .count: kinds = ["count"]
            case .points: kinds = ["assessed"]
            }
            try criterion(a.unit, a.criterion, "ScoreAppraised.criterion", kinds: kinds)
        case .explanationSubmitted(let x):
            try criterion(
                x.unit, x.criterion, "ExplanationSubmitted.criterion",
                kinds: Rubric.Kind.names)
        case .bonusAwarded(let b):
            try item(b.adjustment.unit, b.adjustment.item, "BonusAwarded.item", bonus: true)
        case .deductionApplied(let d):
            try item(d.adjustment.unit, d.adjustment.item, "DeductionApplied.item", bonus: false)
        case .indicatorReported(let r):
            let lineage = org.lineage(of: r.unit)
            guard org.indicator(r.code) == nil, !lineage.contains(where: { pledged[$0]?.contains(r.code) == true })
            else { return }
            let known = Set(org.indicatorCodes + lineage.flatMap { pledged[$0] ?? [] }).sorted()
            throw bad(
                "IndicatorReported.code",
                "indicator \(r.code) is defined by no movement and not in \(r.unit)'s "
                    + "pledge\(Suggest.hint(r.code, among: known)) (known: \(known.joined(separator: ", ")))",
                vi: "chỉ tiêu \(r.code) không có trong phong trào nào và trong giao ước của \(r.unit)"
                    + "\(Suggest.closest(r.code, among: known).map { "; có phải là \($0)?" } ?? "") (các mã: "
                    + "\(known.joined(separator: ", ")))"
            )
        default:
            return
        }
    }
}
