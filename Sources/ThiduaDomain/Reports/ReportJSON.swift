import ThiduaLog

extension Report {
    func num(_ p: Points) -> JSON { .number(p.description) }

    func json(_ m: BandDecision.Miss) -> JSON {
        switch m {
        case .total(let band, let total, let minTotal):
            return ["band": band.json, "rule": "minTotal", "total": num(total), "minTotal": minTotal.json]
        case .floor(let band, let part, _, let isGroup, let got, let max, let floor):
            return [
                "band": band.json, "rule": "floorPercent", (isGroup ? "group" : "criterion"): part.json,
                "points": num(got), "max": max.json, "floorPercent": floor.json,
            ]
        }
    }

    func json(_ u: UnitStanding, in g: GroupStanding) -> JSON {
        [
            "rank": u.rank.json, "unit": u.unit.json, "name": u.name.json, "total": num(u.total),
            "criteriaTotal": num(u.criteriaTotal),
            "band": u.band.id.json, "bandName": band(u.band).json,
            "bandReason": words.bandReason(u.bandDecision, in: g).json,
            "bandMissed": .array(u.bandDecision.missed.map(json)),
            "disqualified": u.disqualified.json, "unresolvedTie": u.unresolvedTie.json, "tiedWith": u.tiedWith.json,
            "tieReason": u.unresolvedTie ? words.tie(u).json : nil,
            "lineage": u.lineage.json, "lineageReasons": words.carries(u.carries, of: u.unit).json,
            "carries": .array(
                u.carries.map { c in
                    [
                        "from": c.from.json, "facts": c.facts.sorted().map(\.rawValue).json, "entry": c.entry.json,
                        "to": c.to.json, "effective": c.effective.json,
                    ]
                }),
            "groups": .array(
                g.parts.map { p in ["group": p.id.json, "points": num(g.subtotal(u, p)), "max": p.max.json] }),
            "criteria": .array(
                u.criteria.map { c in
                    [
                        "criterion": c.criterion.json, "group": c.rubricGroup.json, "points": num(c.points),
                        "max": num(c.max), "appraised": c.appraised.json, "basis": words.basis(c.basis).json,
                        "entries": c.entries.json,
                    ]
                }),
            "bonuses": .array(
                u.bonuses.map { ["item": $0.item.json, "points": num($0.points), "entries": $0.entries.json] }),
            "deductions": .array(
                u.deductions.map { ["item": $0.item.json, "points": num($0.points), "entries": $0.entries.json] }),
            "violations": u.violations.map(\.entry).json,
            "disqualifyingViolations": u.disqualifyingEntries.json,
            "violationReasons": words.violations(u).json,
        ]
    }

    func flagCode(_ d: FlagDecision) -> String {
        switch d {
        case .proposed: return "proposed"
        case .notByThisRubric: return "notByThisRubric"
        case .noLeader: return "noLeader"
        case .bandBelow: return "bandBelow"
        case .target: return "target"
        }
    }

    public func json() -> JSON {
        let groups: [JSON] = shown.map { g in
            [
                "group": g.group.json, "kind": g.kind.rawValue.json, "name": g.name.json, "date": g.date.json,
                "periodEnd": g.periodEnd.json, "provisional": g.provisional.json,
                "provisionalNote": words.provisional(g).json ?? nil,
                "rubric": g.rubric.json, "rubricEntry": g.rubricEntry.json, "rubricSha256": g.rubricHash.json,
                "leader": g.leader.json ?? nil, "leaderReason": words.leader(g).json,
                "provinceFlag": g.provinceFlag.json ?? nil, "provinceFlagDecision": flagCode(g.flagDecision).json,
                "provinceFlagReason": words.flag(g).json,
                "bands": .array(
                    g.bands.map { b in
                        [
                            "id": b.id.json, "name": band(b).json, "minTotal": .number(b.minTotal.decimalText()),
                            "floorPercent": .number(b.floorPercent.decimalText()),
                        ]
                    }),
                "units": .array(g.units.map { json($0, in: g) }),
            ]
        }
        let progress: [JSON] = standings.progress.filter { !$0.rows.isEmpty }.map { p in
            [
                "movement": p.movement.json, "number": p.number.json, "code": p.indicator.code.json,
                "name": p.indicator.name.json,
                "unitOfMeasure": p.indicator.unit.json, "target": .number(p.indicator.value.decimalText()),
                "direction": (p.indicator.direction == .lower ? "lower" : "higher").json,
                "units": .array(
                    p.rows.map { r in
                        [
                            "unit": r.unit.json, "name": standings.name(r.unit).json,
                            "value": .number(r.value.decimalText()),
                            "target": .number(r.target.decimalText()), "met": r.met.json, "entry": r.entry.json,
                        ]
                    }),
            ]
        }
        return [
            "origin": standings.origin.json, "size": standings.size.json, "date": standings.date.json,
            "asOf": standings.asOf.json ?? nil,
            "lastReceivedAt": standings.lastReceivedAt?.receivedAtText.json ?? nil,
            "groups": .array(groups),
            "governmentFlag": [
                "quotaPercent": .number(standings.governmentFlagQuotaPercent.decimalText()),
                "quota": standings.governmentFlagQuota.json,
                "proposed": standings.governmentFlagPool.json,
            ],
            "progress": .array(progress),
            "warnings": .array(
                standings.warnings.map { ["entry": $0.entry.json, "message": words.finding($0.finding).json] }),
        ]
    }
}
