/// Why a unit is in its band: the first band whose minimum total and floors hold, and for
/// each higher band, what it missed (Projections/README.md, "band").
public struct BandDecision: Sendable, Equatable {
    /// What kept a unit out of a higher band.
    public enum Miss: Sendable, Equatable {
        /// The total is under the band's minimum.
        case total(band: String, total: Points, minTotal: Fraction)
        /// A criterion (or criterion group, per `floorsApplyTo`) is under the band's floor:
        /// it got `got` of `max`, under `floorPercent` % of it.
        case floor(band: String, part: String, partName: String, got: Points, max: Fraction, floorPercent: Fraction)
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
            if total.fraction < band.minTotal {
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
            if p.got.fraction < floor {
                return .floor(
                    band: band.id, part: p.id, partName: p.name, got: p.got, max: p.max, floorPercent: band.floorPercent
                )
            }
        }
        return nil
    }
}

/// Ranking within a group: by total, then the rubric's tie-breaks in order, then by unit
/// id, where the units left equal are marked "tie not resolved".
struct RankingPolicy {
    let rubric: Rubric

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

    func rank(_ units: [UnitStanding]) -> [UnitStanding] {
        var out = units.sorted { a, b in
            let ka = key(a)
            let kb = key(b)
            return ka != kb ? ka.lexicographicallyPrecedes(kb, by: >) : a.unit < b.unit
        }
        for k in out.indices {
            out[k].rank = k + 1
            if k > 0 && key(out[k]) == key(out[k - 1]) { out[k].unresolvedTie = true }
        }
        return out
    }
}

/// The leader of a group and its province-flag proposal: the first ranked unit without a
/// reported violation, proposed when its band is at least `provinceFlag.minBand`.
struct FlagPolicy {
    let rubric: Rubric

    func leader(_ ranked: [UnitStanding]) -> UnitStanding? { ranked.first { !$0.disqualified } }

    func provinceFlag(_ leader: UnitStanding?) -> String? {
        guard let leader,
            let minBand = rubric.bands.firstIndex(where: { $0.id == rubric.provinceFlagMinBand }),
            let band = rubric.bands.firstIndex(of: leader.band)
        else { return nil }
        return band <= minBand ? leader.unit : nil
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
