/// Why a unit is in its band: the first band whose minimum total and floors hold, and for
/// each higher band, what it missed (Projections/README.md, "band").
public struct BandDecision: Sendable, Equatable {
    /// What kept a unit out of a higher band.
    public enum Miss: Sendable, Equatable {
        /// The total is under the band's minimum.
        case total(band: String, total: Points, minTotal: Fraction)
        /// A criterion (or criterion group, per `floorsApplyTo`) is under the band's floor:
        /// it got `got` of `max`, under `floorPercent` % of it.
        indirect case floor(
            band: String, part: String, partName: String, isGroup: Bool, got: Points, max: Fraction,
            floorPercent: Fraction)
    }

    public let band: Rubric.Band
    /// One miss for each band above `band`, highest first.
    public let missed: [Miss]
}

/// The bands of a rubric: the first whose `minTotal` the total reaches and whose floor
/// holds for every criterion (or every criterion group) is the unit's.
struct BandPolicy {
    let rubric: Rubric

    func decide(total: Points, scores: [CriterionScore]) -> BandDecision {
        var missed: [BandDecision.Miss] = []
        for band in rubric.bands {
            if total.isBelow(band.minTotal) {
                missed.append(.total(band: band.id, total: total, minTotal: band.minTotal))
                continue
            }
            if let miss = floorMiss(band, scores) {
                missed.append(miss)
                continue
            }
            return BandDecision(band: band, missed: missed)
        }
        // The last band has minTotal 0 and no floor, so a unit always lands in one; a
        // negative total (deductions) lands in the last.
        return BandDecision(band: rubric.bands[rubric.bands.count - 1], missed: missed)
    }

    /// The first part under the band's floor, if any.
    private func floorMiss(_ band: Rubric.Band, _ scores: [CriterionScore]) -> BandDecision.Miss? {
        guard !band.floorPercent.isZero else { return nil }
        let parts: [(id: String, name: String, got: Points, max: Fraction)]
        if rubric.floorsApplyToGroups {
            parts = rubric.groups.map { rg in
                (
                    rg.id, rg.name, scores.filter { $0.rubricGroup == rg.id }.reduce(Points.zero) { $0 + $1.points },
                    rg.max
                )
            }
        } else {
            parts = scores.map { ($0.criterion, $0.name, $0.points, $0.max.fraction) }
        }
        for p in parts {
            // got < max · floor / 100, exactly (both sides are small: points and percents).
            guard let floor = try? p.max * band.floorPercent / Fraction(100) else { continue }
            if p.got.isBelow(floor) {
                return .floor(
                    band: band.id, part: p.id, partName: p.name, isGroup: rubric.floorsApplyToGroups, got: p.got,
                    max: p.max, floorPercent: band.floorPercent)
            }
        }
        return nil
    }
}

/// Ranking within a group: by total, then the rubric's tie-breaks in order, then by unit
/// id, where every unit left equal with another is marked "tie not resolved" (the first
/// of them too: its place came from its id, not from the rubric).
struct RankingPolicy {
    let rubric: Rubric

    /// Sorted by key (highest first), then by unit id; units with the same key are tied.
    /// The positions are sorted, not the standings (a standing is large to copy); the
    /// keys are one array, a unit's at its position times the key's width, and `compare`
    /// orders two positions by key alone (−1: the first ranks higher, 0: tied). Ranks and
    /// ties are set in place, then the standings are swapped into their order. Returns
    /// them with `order`: the ranked standing at k was `units[order[k]]`.
    func rank(_ units: consuming [UnitStanding]) -> (ranked: [UnitStanding], order: [Int]) {
        let width = 1 + rubric.tieBreak.count
        // A unit's key: its total, then each tie-break of the rubric (higher first); its
        // fields are read in place (a standing is not copied).
        var k: [Int64] = []
        k.reserveCapacity(units.count * width)
        for i in units.indices {
            k.append(units[i].total.hundredths)
            for t in rubric.tieBreak {
                switch t {
                case .criteriaAtMax: k.append(Int64(units[i].criteriaAtMax))
                case .fewerDeductions: k.append(-units[i].deductionTotal.hundredths)
                case .ballot: k.append(Int64(units[i].ballotVotes ?? 0))
                }
            }
        }
        let keys = k
        let ids = units.map(\.unit)
        func compare(_ a: Int, _ b: Int) -> Int {
            for i in 0..<width where keys[a * width + i] != keys[b * width + i] {
                return keys[a * width + i] > keys[b * width + i] ? -1 : 1
            }
            return 0
        }
        let order = units.indices.sorted { a, b in
            let o = compare(a, b)
            return o != 0 ? o < 0 : ids[a] < ids[b]
        }
        // Equal keys are next to each other in that order: each run is a tie.
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, compare(order[end], order[start]) == 0 { end += 1 }
            let run = end - start > 1 ? order[start..<end].map { ids[$0] } : []
            for k in start..<end {
                let i = order[k]
                units[i].rank = k + 1
                if !run.isEmpty { units[i].tiedWith = run.filter { $0 != ids[i] } }
            }
            start = end
        }
        // Position k takes the standing first at order[k]: following `order` from there
        // finds where an earlier swap moved it.
        units.withUnsafeMutableBufferPointer { standings in
            for k in standings.indices {
                var from = order[k]
                while from < k { from = order[from] }
                if from != k { standings.swapAt(k, from) }
            }
        }
        return (units, order)
    }
}

/// Who leads a group, and why: the first ranked unit whose violations do not bar a title
/// (units above it that are barred are listed with the entries that barred them).
public struct LeaderDecision: Sendable, Equatable {
    public let leader: String?
    /// Units ranked above the leader, barred by violations (their entries).
    public let passedOver: [(unit: String, entries: [Int])]

    public static func == (a: LeaderDecision, b: LeaderDecision) -> Bool {
        a.leader == b.leader && a.passedOver.map(\.unit) == b.passedOver.map(\.unit)
            && a.passedOver.map(\.entries) == b.passedOver.map(\.entries)
    }
}

/// Whether the leader is proposed for the province flag, and if not, why.
public enum FlagDecision: Sendable, Equatable {
    case proposed
    /// The rubric proposes no flag (e.g. a closing review).
    case notByThisRubric
    /// No unit can lead (every unit is barred, or the group is empty).
    case noLeader
    /// The leader's band is below the rubric's `provinceFlag.minBand`.
    case bandBelow(band: String, minBand: String)
    /// An indicator the rubric scores is not met (or not exceeded) by the leader.
    case target(criterion: String, code: String, actual: Fraction?, target: Fraction?, needed: Rubric.TargetCondition)
}

/// The leader of a group and its province-flag proposal (Law art. 26): the first ranked
/// unit not barred by a violation, proposed when the rubric proposes flags, its band is
/// at least `provinceFlag.minBand`, and its targets are met or exceeded as the rubric says.
struct FlagPolicy {
    let rubric: Rubric

    func leader(_ ranked: [UnitStanding]) -> LeaderDecision {
        var passed: [(String, [Int])] = []
        for u in ranked {
            if !u.disqualified { return LeaderDecision(leader: u.unit, passedOver: passed) }
            passed.append((u.unit, u.disqualifyingEntries))
        }
        return LeaderDecision(leader: nil, passedOver: passed)
    }

    func provinceFlag(_ leader: UnitStanding?) -> FlagDecision {
        guard rubric.provinceFlag.propose else { return .notByThisRubric }
        guard let leader else { return .noLeader }
        let minBand = rubric.bands.firstIndex { $0.id == rubric.provinceFlag.minBand } ?? 0
        let band = rubric.bands.firstIndex(of: leader.band) ?? rubric.bands.count
        guard band <= minBand else { return .bandBelow(band: leader.band.id, minBand: rubric.provinceFlag.minBand) }
        let needed = rubric.provinceFlag.targets
        guard needed != .any else { return .proposed }
        for c in leader.criteria {
            guard let code = rubric.criterion(c.criterion)?.kind.indicator else { continue }
            guard let v = c.basis.counted else {
                return .target(criterion: c.criterion, code: code, actual: nil, target: nil, needed: needed)
            }
            if !FlagPolicy.holds(needed, v.actual, v.target, v.direction) {
                return .target(criterion: c.criterion, code: code, actual: v.actual, target: v.target, needed: needed)
            }
        }
        return .proposed
    }

    /// met: at or better than the target; exceeded: better than it. A target of 0 is
    /// exceeded once met (nothing is better than no poor household; a reduction target
    /// of 0 asks for none).
    static func holds(
        _ c: Rubric.TargetCondition, _ a: Fraction, _ t: Fraction, _ d: Indicator.Direction
    ) -> Bool {
        let met = d == .higher ? !(a < t) : !(t < a)
        switch c {
        case .any: return true
        case .met: return met
        case .exceeded: return met && (t.isZero || a != t)
        }
    }
}

/// Which violations bar a unit from a title: those at or above the rubric's
/// `discipline.disqualifyFrom` level, or at a level the rubric does not list.
struct DisciplinePolicy {
    let rubric: Rubric

    func barring(_ v: [Fact<ViolationReported>], unit: String) -> (barring: [Int], findings: [Warning]) {
        var out: [Int] = []
        var findings: [Warning] = []
        for f in v {
            switch rubric.discipline.disqualifies(f.value.level) {
            case true?: out.append(f.entry)
            case false?: break
            case nil:
                out.append(f.entry)
                findings.append(
                    Warning(
                        entry: f.entry,
                        .violationLevelUnknown(unit: unit, level: f.value.level, levels: rubric.discipline.levels)))
            }
        }
        return (out, findings)
    }
}

/// The ballot of a group that counts: the latest with the rubric's quorum, within its rounds.
struct BallotPolicy {
    let rubric: Rubric

    func counted(_ ballots: [Fact<BallotHeld>], group: String) -> (Fact<BallotHeld>?, [Warning]) {
        var counted: Fact<BallotHeld>? = nil
        var findings: [Warning] = []
        for b in ballots {
            let v = b.value
            // present/eligible < quorum, exactly (cross products of small integers).
            let short =
                (try? Fraction.ratio(Int128(v.present), Int128(v.eligible))).map { $0 < rubric.ballotQuorum } ?? true
            if short {
                findings.append(
                    Warning(
                        entry: b.entry,
                        .ballotWithoutQuorum(
                            group: group, round: v.round, present: v.present,
                            eligible: v.eligible, quorum: rubric.ballotQuorum)))
            } else if v.round > rubric.ballotMaxRounds {
                findings.append(
                    Warning(
                        entry: b.entry,
                        .ballotBeyondRounds(group: group, round: v.round, maxRounds: rubric.ballotMaxRounds)))
            } else {
                counted = b
            }
        }
        return (counted, findings)
    }
}
