import ThiduaLog

/// The canonical result of a ranking, whose SHA-256 a `RankingPublished` attests.
///
/// Canonical form (`thidua-ranking/1`): one JSON object written without white space,
/// members in this order, numbers as written here, strings as UTF-8 with only `"` `\\`
/// and control characters escaped:
///
///     {"format":"thidua-ranking/1","size":N,"groups":[{"group":ID,"rubricSha256":HEX,
///      "date":"YYYY-MM-DD","leader":ID|null,"provinceFlag":ID|null,
///      "units":[{"rank":R,"unit":ID,"total":"12.34","band":ID,"disqualified":BOOL},…]},…],
///      "governmentFlag":[ID,…]}
///
/// Groups in the order they were formed (only the scope's group, if one is named),
/// units in rank order, totals with two decimals. Names and wording are left out, so a
/// translation or a report change never changes the digest; a score, rank, band or
/// rubric change always does.
public enum CanonicalRanking {
    public static let format = "thidua-ranking/1"

    public static func json(_ s: Standings, scope: String) -> JSON {
        let groups: [JSON] = s.groups.filter { scope == "all" || $0.group == scope }.map { g in
            [
                "group": g.group.json, "rubricSha256": g.rubricHash.json, "date": g.date.json,
                "leader": g.leader.json ?? nil,
                "provinceFlag": g.provinceFlag.json ?? nil,
                "units": .array(
                    g.units.map { u in
                        [
                            "rank": u.rank.json, "unit": u.unit.json, "total": u.total.description.json,
                            "band": u.band.id.json, "disqualified": u.disqualified.json,
                        ]
                    }),
            ]
        }
        return [
            "format": format.json, "size": s.size.json, "groups": .array(groups),
            "governmentFlag": scope == "all" ? s.governmentFlagPool.json : [],
        ]
    }

    public static func bytes(_ s: Standings, scope: String) -> [UInt8] { JSONWriter.write(json(s, scope: scope)) }

    public static func sha256(_ s: Standings, scope: String) -> String {
        Hex.encode(SHA256.hash(bytes(s, scope: scope)).bytes)
    }

    /// The rubric hashes the groups in scope were scored with, in group order.
    public static func rubricHashes(_ s: Standings, scope: String) -> [String] {
        s.groups.filter { scope == "all" || $0.group == scope }.map(\.rubricHash)
    }
}

extension RankingPublished {
    /// The council's attestation of `standings` (a replay of the log's first `size`
    /// entries): the digest of its canonical result and the rubrics it used.
    public init(attesting standings: Standings, scope: String, movement: String) {
        self.init(
            movement: movement, scope: scope, size: standings.size,
            rubricSha256: CanonicalRanking.rubricHashes(standings, scope: scope),
            resultSha256: CanonicalRanking.sha256(standings, scope: scope))
    }
}

/// The outcome of checking one `RankingPublished` against a replay of its prefix.
public struct AttestationCheck: Sendable, Equatable {
    public let entry: Int
    public let attested: RankingPublished
    public let recomputed: String
    public let recomputedRubrics: [String]
    public var matches: Bool { attested.resultSha256 == recomputed && attested.rubricSha256 == recomputedRubrics }
}

extension Ledger {
    /// Folds entries in order (an export's lines, or a store's), their payloads read on
    /// every core first (`apply(_:)` of a list), leaving out those at `excluding`.
    public static func replay<S: Sequence>(_ events: S, excluding: Set<Int> = []) -> Ledger
    where S.Element == SignedEvent {
        var l = Ledger()
        l.apply(excluding.isEmpty ? Array(events) : events.filter { !excluding.contains($0.index) })
        return l
    }

    /// Checks every ranking attestation of a log against a replay of the prefix it names.
    /// - Parameter events: all entries of the log, in order.
    public static func checkAttestations(_ events: [SignedEvent]) -> [AttestationCheck] {
        let all = replay(events)
        return all.attestations.map { a in
            let st = Standings(replay(events.prefix(a.value.size)))
            return AttestationCheck(
                entry: a.entry, attested: a.value, recomputed: CanonicalRanking.sha256(st, scope: a.value.scope),
                recomputedRubrics: CanonicalRanking.rubricHashes(st, scope: a.value.scope))
        }
    }
}
