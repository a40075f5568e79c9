import ThiduaLog

/// The projection state: a pure fold of the log's entries (`apply` never throws, reads no
/// clock, no store, no globals). Scores are computed from it by `Standings`.
public struct Ledger: Sendable {
    public private(set) var org = Organisation()
    public private(set) var size = 0
    public private(set) var lastReceivedAt: Timestamp? = nil
    public private(set) var origin = ""
    /// The log's title (`LogOpened`'s `title`), for the heading of printed reports.
    public private(set) var title: String? = nil
    public private(set) var rubrics: [String: Fact<Rubric>] = [:]
    public private(set) var rubricHashes: [Int: String] = [:]
    public private(set) var pledges: [String: Fact<PledgeSigned>] = [:]
    public private(set) var values: [String: [String: [Fact<Fraction>]]] = [:]
    public private(set) var tasks: [String: [String: [Fact<Int>]]] = [:]
    public private(set) var selfScores: [String: [String: Fact<Fraction>]] = [:]
    public private(set) var appraisals: [String: [String: [Fact<ScoreAppraised>]]] = [:]
    public private(set) var explanations: [String: [String: [Fact<String>]]] = [:]
    public private(set) var bonuses: [String: [Fact<Adjustment>]] = [:]
    public private(set) var deductions: [String: [Fact<Adjustment>]] = [:]
    public private(set) var violations: [String: [Fact<ViolationReported>]] = [:]
    public private(set) var ballots: [String: [Fact<BallotHeld>]] = [:]
    public private(set) var warnings: [Warning] = []
    public private(set) var attestations: [Fact<RankingPublished>] = []
    /// Documents attached later to a unit's entries (`EvidenceAttached`).
    public private(set) var attached: [String: [Fact<EvidenceAttached>]] = [:]
    /// The date a replay "as of" a moment ranks on (nil: the last entry's date).
    public internal(set) var asOf: String? = nil
    /// The day (in Vietnam) the entries were received, as runs: entries from `first` on were
    /// received on `day` (days since 1970-01-01), until the next run. A rubric scores the facts
    /// received in its period.
    public private(set) var days: [DayRun] = []
    public struct DayRun: Sendable, Equatable, Codable {
        public let first: Int
        public let day: Int64
    }

    /// The day (days since 1970-01-01, in Vietnam) entry `entry` was received.
    public func day(_ entry: Int) -> Int64? {
        guard entry >= 0, entry < size else { return nil }
        var (lo, hi) = (0, days.count)  // the last run starting at or before `entry`
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if days[mid].first <= entry { lo = mid } else { hi = mid }
        }
        return days.isEmpty ? nil : days[lo].day
    }

    /// What `apply` changed since `clearChanges()` (at size `since`): the units and groups
    /// whose facts changed, whether a reported or appraised value did (target progress),
    /// or everything (an organisation, rubric, pledge or movement event). Once `all` is
    /// true the others are emptied and stop growing: nothing reads them then.
    public struct Changes: Sendable, Equatable {
        public var since = 0
        public var groups: Set<String> = []
        public var values = false
        /// For each unit whose facts changed, the criteria whose facts changed (a task, a
        /// self score, an appraisal, an explanation); an empty list when only its facts
        /// outside its criteria did (an indicator value, evidence, adjustments, violations).
        /// Of a group scored again, only these criteria of these units (or of the units
        /// carrying their history) are scored again, and every criterion reading an
        /// indicator in `codes`. One table for both: recording a self score hashes its unit
        /// once (a set of units beside it cost the fold of the bench's last 1 % 900
        /// instructions a self score, callgrind).
        public var criteria: [String: [String]] = [:]
        /// The indicators reported: a criterion reading one is scored again for the whole
        /// group (a quantitative criterion's points read the group's best ratio).
        public var codes: Set<String> = []
        public var all = true

        /// The units whose facts changed.
        public var units: Set<String> { Set(criteria.keys) }

        /// Whether `unit`'s facts changed.
        public func touched(_ unit: String) -> Bool { criteria[unit] != nil }

        /// Everything changed.
        mutating func everything() {
            (all, groups, values, criteria, codes) = (true, [], false, [:], [])
        }

        /// Records that `unit`'s facts of `named` changed, in a list (a unit has a handful).
        mutating func unit(_ unit: String, criteria named: some Sequence<String>) {
            func append(_ list: inout [String]) { for c in named { list.append(c) } }
            append(&criteria[unit, default: []])
        }

        /// Records that `unit`'s facts outside its criteria changed.
        mutating func unit(_ unit: String) {
            if criteria[unit] == nil { criteria[unit] = [] }
        }
    }
    /// Everything changed since an empty ledger; `clearChanges` starts a new account.
    public private(set) var changes = Changes()

    /// Starts a new account of what changes, from this size (`Standings(_:previous:)`).
    public mutating func clearChanges() { changes = Changes(since: size, all: false) }

    public init() {}

    /// Folds one entry (in log order).
    public mutating func apply(_ e: SignedEvent) { apply(Folded(e, read: Ledger.read(e))) }

    /// Folds entries held in memory, in order, `slice` at a time: the payloads of a slice
    /// are read on every core first (`read` is pure), then folded on this thread (what is
    /// read is held for one slice, not for the whole list).
    public mutating func apply(_ entries: [SignedEvent], slice: Int = 4096) {
        var start = 0
        while start < entries.count {
            let end = min(start + max(slice, 1), entries.count)
            let read = Pipeline<SignedEvent, Folded>.map(Array(entries[start..<end])) {
                Folded($0, read: Ledger.read($0))
            }
            for f in read { apply(f) }
            start = end
        }
    }

    /// What the fold reads of an entry besides its envelope: its event, or why it cannot
    /// be read; nil for the log layer's key events. Pure, so a replay computes it for many
    /// entries at once on every core (`catchUp`) and folds them in order.
    public static func read(_ e: SignedEvent) -> Result<DomainEvent, DomainError>? {
        guard e.keyEvent == nil else { return nil }
        do { return .success(try DomainEvent(e.payload)) } catch { return .failure(error) }
    }

    /// A stored line read for the fold: its entry and what `read` makes of its event (a
    /// line that is not a log line throws).
    public static func read(line: [UInt8]) throws -> (SignedEvent, Result<DomainEvent, DomainError>?) {
        let e = try SignedEvent(line: line, trusted: true)
        return (e, read(e))
    }

    /// A stored line read into what the fold reads of it (a line that is not a log line
    /// throws).
    public static func folded(line: [UInt8]) throws -> Folded {
        let (e, r) = try read(line: line)
        return Folded(e, read: r)
    }

    /// What the fold reads of an entry: its place, time, type and id, a `LogOpened`'s origin
    /// and title, and its event as `read` made it (nil for the log layer's key events).
    /// A replay makes it where it read the line, so that the line's bytes are freed on the
    /// thread that made them (lines are read on every core and folded on one).
    public struct Folded: Sendable {
        let index: Int
        let receivedAt: Timestamp
        let type: String
        let id: String
        let opened: (origin: String, title: String?)?
        let read: Result<DomainEvent, DomainError>?

        public init(_ e: SignedEvent, read: Result<DomainEvent, DomainError>?) {
            index = e.index
            receivedAt = e.receivedAt
            type = e.type
            id = e.payload.id
            opened =
                e.keyEvent == .logOpened
                ? (e.field("origin")?.stringValue ?? "", e.field("title")?.stringValue) : nil
            self.read = read
        }
    }

    /// Folds one entry (in log order).
    public mutating func apply(_ e: Folded) { apply(e, read: e.read) }

    /// `read` apart, as a parameter: a switch over a parameter binds the event in place,
    /// one over a stored property of `e` copied it (228 instructions an entry).
    private mutating func apply(_ e: Folded, read: Result<DomainEvent, DomainError>?) {
        let day = e.receivedAt.vietnamDay
        if size <= e.index, days.last?.day != day { days.append(DayRun(first: size, day: day)) }
        size = e.index + 1
        lastReceivedAt = e.receivedAt
        if let (o, t) = e.opened { (origin, title) = (o, t) }
        // Key events are the log layer's: nothing here reads them.
        switch read {
        case nil: return
        case .success(let event)?: apply(event, of: e)
        case .failure(let error)?: warn(e.index, .unreadable(type: e.type, reason: error.message))
        }
    }

    /// Folds an entry's event (read, not a key event).
    private mutating func apply(_ event: DomainEvent, of e: Folded) {
        if case .movementLaunched(let m) = event {
            for ind in m.targets.flatMap(\.indicators) {
                if let first = org.indicator(ind.code) {
                    warn(
                        e.index,
                        .indicatorDefinedTwice(code: ind.code, movement: m.movement, firstMovement: first.movement))
                }
            }
        }
        org.apply(event, entry: e.index, id: e.id)
        let i = e.index
        note(event)
        switch event {
        case .movementLaunched(let m):
            checkParts(m, i)
        case .rubricPublished(let r):
            for g in r.groups { rubrics[g] = Fact(value: r.rubric, entry: i) }
            rubricHashes[i] = r.sha256
        case .pledgeSigned(let p):
            pledges[p.unit] = Fact(value: p, entry: i)
            for t in p.targets where org.indicator(t.code) == nil && (t.name == nil || t.unit == nil) {
                warn(i, .pledgeTargetUndefined(unit: p.unit, code: t.code))
            }
        case .indicatorReported(let r):
            // Only the latest value counts (year to date), so only it is kept: the state
            // grows with units and indicators, not with the number of reports.
            values[r.unit, default: [:]][r.code] = [Fact(value: r.value, entry: i)]
            checkValue(r, i)
        case .taskCompleted(let t):
            tasks[t.unit, default: [:]][t.criterion, default: []].append(Fact(value: t.count, entry: i))
        case .selfScoreSubmitted(let s):
            for (c, p) in s.scores { selfScores[s.unit, default: [:]][c] = Fact(value: p, entry: i) }
        case .scoreAppraised(let a):
            appraisals[a.unit, default: [:]][a.criterion, default: []].append(Fact(value: a, entry: i))
        case .explanationSubmitted(let x):
            explanations[x.unit, default: [:]][x.criterion, default: []].append(Fact(value: x.text, entry: i))
        case .evidenceAttached(let x):
            attached[x.unit, default: []].append(Fact(value: x, entry: i))
        case .bonusAwarded(let b):
            bonuses[b.adjustment.unit, default: []].append(Fact(value: b.adjustment, entry: i))
        case .deductionApplied(let d):
            deductions[d.adjustment.unit, default: []].append(Fact(value: d.adjustment, entry: i))
        case .violationReported(let v):
            violations[v.unit, default: []].append(Fact(value: v, entry: i))
        case .ballotHeld(let b):
            ballots[b.group, default: []].append(Fact(value: b, entry: i))
        case .rankingPublished(let r):
            attestations.append(Fact(value: r, entry: i))
        case .logOpened, .keyRegistered, .keyRevoked, .logKeyRotated, .groupFormed, .membershipChanged, .headElected,
            .unitSucceeded, .unitsMerged, .unitSplit, .unitRenamed, .unitEnded,
            .commendationAwarded, .commendationRevoked:
            break  // the organisation's (applied above)
        }
    }

    /// Records what an event changes for `changes`.
    private mutating func note(_ event: DomainEvent) {
        // Once everything has changed, which units did is not read (`Standings`).
        if changes.all { return }
        switch event {
        case .indicatorReported(let r):
            changes.unit(r.unit)
            changes.codes.insert(r.code)
            changes.values = true
        case .scoreAppraised(let a):
            changes.unit(a.unit, criteria: CollectionOfOne(a.criterion))
            if a.field == .value { changes.values = true }
        case .taskCompleted(let t): changes.unit(t.unit, criteria: CollectionOfOne(t.criterion))
        case .selfScoreSubmitted(let x): changes.unit(x.unit, criteria: x.scores.keys)
        case .explanationSubmitted(let x): changes.unit(x.unit, criteria: CollectionOfOne(x.criterion))
        // A unit's own facts outside its criteria: its evidence, adjustments, violations.
        case .evidenceAttached(let x): changes.unit(x.unit)
        case .bonusAwarded(let b): changes.unit(b.adjustment.unit)
        case .deductionApplied(let d): changes.unit(d.adjustment.unit)
        case .violationReported(let v): changes.unit(v.unit)
        case .ballotHeld(let b): changes.groups.insert(b.group)
        case .rankingPublished: break  // scores nothing
        case .logOpened, .keyRegistered, .keyRevoked, .logKeyRotated, .movementLaunched, .rubricPublished,
            .pledgeSigned, .groupFormed, .membershipChanged, .headElected, .unitSucceeded, .unitsMerged, .unitSplit,
            .unitRenamed, .unitEnded, .commendationAwarded, .commendationRevoked:
            changes.everything()
        }
    }

    /// A counterfactual: every group scored with `rubric` instead of the published one.
    /// Its entry is -1 in lineage and reports ("from a file, not from the log").
    /// - Parameter groups: the groups it scores (nil: every group).
    public mutating func override(rubric: Rubric, sha256: String, groups: [String]? = nil) {
        for g in groups ?? org.groupOrder { rubrics[g] = Fact(value: rubric, entry: -1) }
        rubricHashes[-1] = sha256
        changes.everything()
    }

    private mutating func warn(_ entry: Int, _ finding: Finding) {
        warnings.append(Warning(entry: entry, finding))
    }

    /// Parts that do not add up to their total (the seed letter's 170,690 + 3,697,370 ≠ 3,868,370).
    private mutating func checkParts(_ m: MovementLaunched, _ i: Int) {
        let all = m.targets.flatMap(\.indicators)
        for ind in all where !ind.parts.isEmpty {
            let parts = ind.parts.compactMap { c in all.first { $0.code == c } }
            guard parts.count == ind.parts.count else {
                warn(i, .partsUndefined(code: ind.code))
                continue
            }
            guard let sum = try? parts.reduce(Fraction.zero, { (acc, p) throws(ArithmeticError) in try acc + p.value }),
                (try? ind.value - sum) != nil
            else { continue }
            if sum != ind.value {
                warn(
                    i,
                    .partsDoNotAddUp(
                        code: ind.code, name: ind.name, unitOfMeasure: ind.unit, parts: parts.map(\.value),
                        sum: sum, total: ind.value))
            }
        }
        for ind in all where ind.unit == "%" && Fraction(100) < ind.value {
            warn(i, .targetOverHundredPercent(code: ind.code, value: ind.value))
        }
    }

    /// The target a unit pledged for an indicator, else the movement's.
    public func target(of unit: String, _ code: String) -> (
        value: Fraction, direction: Indicator.Direction, unitName: String, name: String, entry: Int
    )? {
        if let (t, entry) = pledged(unit, code) {
            let ind = org.indicator(code)?.0
            return (
                t.value, t.direction ?? ind?.direction ?? .higher, t.unit ?? ind?.unit ?? "",
                t.name ?? ind?.name ?? code, entry
            )
        }
        if let (ind, _, entry) = org.indicator(code) { return (ind.value, ind.direction, ind.unit, ind.name, entry) }
        return nil
    }

    /// `target(of:_:)` without the names (what scoring reads for every unit).
    func targetValue(of unit: String, _ code: String) -> (
        value: Fraction, direction: Indicator.Direction, entry: Int
    )? {
        if let (t, entry) = pledged(unit, code) {
            return (t.value, t.direction ?? org.indicator(code)?.0.direction ?? .higher, entry)
        }
        if let (ind, _, entry) = org.indicator(code) { return (ind.value, ind.direction, entry) }
        return nil
    }

    /// The pledged target for an indicator of the unit, or of the nearest unit whose
    /// pledge it carries (the last in lineage order that has one), with the pledge's entry.
    private func pledged(_ unit: String, _ code: String) -> (PledgedTarget, entry: Int)? {
        var nearest: (PledgedTarget, entry: Int)? = nil
        org.forEachInLineage(of: unit, .pledge) { u in
            if let p = pledges[u], let t = p.value.targets.first(where: { $0.code == code }) { nearest = (t, p.entry) }
        }
        return nearest
    }

    /// Values far outside their target (a likely unit error: triệu vs tỷ đồng), or over 100%.
    private mutating func checkValue(_ r: IndicatorReported, _ i: Int) {
        guard let t = target(of: r.unit, r.code) else {
            warn(i, .reportedIndicatorUndefined(unit: r.unit, code: r.code))
            return
        }
        if t.unitName == "%" && Fraction(100) < r.value {
            warn(i, .reportedOverHundredPercent(unit: r.unit, code: r.code, value: r.value))
        } else if !t.value.isZero, !r.value.isZero {
            guard let ratio = try? r.value / t.value else { return }
            if Fraction(10) < ratio || ratio < Fraction(hundredths: 10) {
                warn(
                    i,
                    .reportedFarFromTarget(
                        unit: r.unit, code: r.code, value: r.value, unitOfMeasure: t.unitName,
                        ratio: ratio, target: t.value))
            }
        }
    }
}

extension Ledger: JSONTapeDecodable {
    /// The state, written as canonical JSON (the members of every object in the order of
    /// their names' UTF-8 bytes, as `JSONValueEncoder` orders them): each rubric once (by
    /// the entry that published it), not once per group it scores. The tables of facts,
    /// most of a state, are written by functions of their concrete types (through the
    /// generic `Encodable` path, writing the bench's state took 573 M instructions; this
    /// way 306 M, most of them the organisation's, still written the generic way).
    func write(_ w: inout JSONWriter) throws {
        var files: [Int: Rubric] = [:]
        for f in rubrics.values { files[f.entry] = f.value }
        var members: [(String, (inout JSONWriter) throws -> Void)] = [
            ("org", { try $0.encoded(org) }),
            ("size", { $0.number(size) }),
            ("origin", { $0.string(origin) }),
            ("rubrics", { $0.table(rubrics) { $0.number($1.entry) } }),
            ("rubricFiles", { try $0.encoded(files) }),
            ("rubricHashes", { try $0.encoded(rubricHashes) }),
            ("pledges", { try $0.table(pledges) { try $0.fact($1) { try $0.encoded($1) } } }),
            (
                "values",
                { $0.table(values) { $0.table($1) { $0.list($1) { $0.fact($1) { $0.string($1.savedText) } } } } }
            ),
            ("tasks", { $0.table(tasks) { $0.table($1) { $0.list($1) { $0.fact($1) { $0.number($1) } } } } }),
            ("selfScores", { $0.table(selfScores) { $0.table($1) { $0.fact($1) { $0.string($1.savedText) } } } }),
            (
                "appraisals",
                {
                    try $0.table(appraisals) {
                        try $0.table($1) { try $0.list($1) { try $0.fact($1) { try $0.encoded($1) } } }
                    }
                }
            ),
            (
                "explanations",
                { $0.table(explanations) { $0.table($1) { $0.list($1) { $0.fact($1) { $0.string($1) } } } } }
            ),
            ("bonuses", { try $0.factLists(bonuses) }),
            ("deductions", { try $0.factLists(deductions) }),
            ("violations", { try $0.factLists(violations) }),
            ("ballots", { try $0.factLists(ballots) }),
            ("warnings", { try $0.encoded(warnings) }),
            ("attestations", { try $0.list(attestations) { try $0.fact($1) { try $0.encoded($1) } } }),
            ("attached", { try $0.factLists(attached) }),
            ("days", { try $0.encoded(days) }),
        ]
        if let lastReceivedAt { members.append(("lastReceivedAt", { try $0.encoded(lastReceivedAt) })) }
        if let title { members.append(("title", { $0.string(title) })) }
        try w.object(members)
    }

    /// Reads what `write` wrote (`Ledger(state:)`). The tables of facts, most of a state,
    /// are read by functions of their concrete types: through the generic `Decodable`
    /// path every array and dictionary looked its type and conformances up at run time
    /// (reading the bench's state took 273 M instructions that way, 159 M this way).
    public init(_ v: TapeValue) throws {
        org = try Organisation(v.member("org"))
        size = try v.member("size").int()
        lastReceivedAt = try v.decodeIfPresent(Timestamp.self, member: "lastReceivedAt")
        origin = try v.member("origin").string()
        title = try v.decodeIfPresent(String.self, member: "title")
        let files = try v.decode([Int: Rubric].self, member: "rubricFiles")
        try v.member("rubrics").forEachMember { group, entry in
            let e = try entry.int()
            guard let r = files[e] else { throw entry.corrupted("no rubric file for entry \(e)") }
            rubrics[group] = Fact(value: r, entry: e)
        }
        rubricHashes = try v.decode([Int: String].self, member: "rubricHashes")
        pledges = try v.member("pledges").table { try $0.fact(PledgeSigned.self) }
        values = try v.member("values").table { try $0.table { try $0.list { try $0.fact(Fraction.init) } } }
        tasks = try v.member("tasks").table { try $0.table { try $0.list { try $0.fact { try $0.int() } } } }
        selfScores = try v.member("selfScores").table { try $0.table { try $0.fact(Fraction.init) } }
        appraisals = try v.member("appraisals").table {
            try $0.table { try $0.list { try $0.fact(ScoreAppraised.self) } }
        }
        explanations = try v.member("explanations").table {
            try $0.table { try $0.list { try $0.fact { try $0.string() } } }
        }
        bonuses = try v.member("bonuses").factLists(Adjustment.self)
        deductions = try v.member("deductions").factLists(Adjustment.self)
        violations = try v.member("violations").factLists(ViolationReported.self)
        ballots = try v.member("ballots").factLists(BallotHeld.self)
        warnings = try v.decode([Warning].self, member: "warnings")
        attestations = try v.member("attestations").list { try $0.fact(RankingPublished.self) }
        attached = try v.member("attached").factLists(EvidenceAttached.self)
        days = try v.decode([DayRun].self, member: "days")
    }
}
