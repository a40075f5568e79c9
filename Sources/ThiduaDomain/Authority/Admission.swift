import ThiduaLog

/// The authority check of one entry under `thidua-emulation`: who signed it, against the
/// keys and the organisation the log holds before it (the rules' own, read in place: an
/// entry's check copies neither). Every refusal names the key, the rule and the entry that
/// granted or revoked the authority.
extension EmulationRules {
    /// The entry being checked, and its date in Vietnam, where terms and effective dates
    /// are read.
    struct Candidate {
        let event: SignedEvent
        let date: String

        func deny(_ m: String, vi: String? = nil) -> EntryFault {
            EntryFault(index: event.index, rule: .authority, m, vi: vi)
        }
        func bad(_ m: String, vi: String? = nil) -> EntryFault {
            EntryFault(index: event.index, rule: .payload, m, vi: vi)
        }
    }

    /// The signers in Vietnamese.
    func ai(_ x: Candidate) -> String {
        x.event.signers.map { id in
            guard let r = keys.record(id) else { return id.short }
            return "\(id.short) (\(r.role)\(r.scope.map { " của \($0)" } ?? ""), bản ghi \(r.registeredAt))"
        }.joined(separator: ", ")
    }

    /// The signers, as messages name them: keyid, role, scope and the entry that registered them.
    func who(_ x: Candidate) -> String {
        x.event.signers.map { id in
            guard let r = keys.record(id) else { return id.short }
            return "\(id.short) (\(r.role)\(r.scope.map { " of \($0)" } ?? ""), entry \(r.registeredAt))"
        }.joined(separator: ", ")
    }

    /// The signers' unrevoked keys with one of these roles.
    func signers(_ x: Candidate, _ roles: Set<String>) -> [KeyRecord] {
        x.event.signers.compactMap { keys.record($0) }.filter { roles.contains($0.role) && $0.revokedAt == nil }
    }

    func requireCouncil(_ x: Candidate) throws(EntryFault) {
        guard !signers(x, ["root", "council"]).isEmpty else {
            throw x.deny(
                "\(x.event.type) must be signed by a council key (role root or council); signed by \(who(x))",
                vi: "\(x.event.type) phải do khóa của Hội đồng ký (vai trò root hoặc council); người ký: \(ai(x))")
        }
    }

    func requireAny(_ x: Candidate, _ roles: Set<String>, _ what: String) throws(EntryFault) {
        guard !signers(x, roles).isEmpty else {
            throw x.deny(
                "\(x.event.type) must be signed by \(what); signed by \(who(x))",
                vi: "\(x.event.type) phải do \(roles.sorted().joined(separator: ", ")) ký; người ký: \(ai(x))")
        }
    }

    /// The unit `u`, which the log must know.
    @discardableResult
    func unitKnown(_ x: Candidate, _ u: String) throws(EntryFault) -> Organisation.UnitInfo {
        guard let info = org.units[u] else {
            throw x.bad(
                "\(x.event.type) names unit \"\(u)\", which no GroupFormed, MembershipChanged or reorganisation "
                    + "before this entry introduced; \(Suggest.listing(u, among: org.units.keys.sorted()))",
                vi:
                    "\(x.event.type) nêu đơn vị \"\(u)\", nhưng sổ chưa có đơn vị "
                    + "này; \(Suggest.listing(u, among: org.units.keys.sorted(), vi: true))"
            )
        }
        return info
    }

    func groupKnown(_ x: Candidate, _ g: String) throws(EntryFault) -> Organisation.GroupInfo {
        guard let info = org.groups[g] else {
            throw x.bad(
                "\(x.event.type) names group \"\(g)\", which no GroupFormed before this entry formed; "
                    + Suggest.listing(g, among: org.groupOrder))
        }
        return info
    }

    func active(_ x: Candidate, _ u: String) throws(EntryFault) {
        let info = try unitKnown(x, u)
        if !info.isActive(on: x.date), let end = info.ended {
            let next =
                end.successors.isEmpty
                ? "it has no successor"
                : "sign for \(end.successors.count == 1 ? "its successor" : "one of its successors") "
                    + "\(end.successors.joined(separator: ", ")) instead"
            let tiep =
                end.successors.isEmpty
                ? "đơn vị không có đơn vị kế tiếp"
                : "hãy ký cho đơn vị kế tiếp \(end.successors.joined(separator: ", "))"
            throw x.deny(
                "unit \(u) ended on \(end.date) (entry \(end.entry), \(end.type)); \(next)",
                vi: "đơn vị \(u) đã kết thúc hoạt động từ \(end.date) (bản ghi \(end.entry), \(end.type)); \(tiep)")
        }
    }

    /// A unit a reorganisation ends: known, and not ended already (whatever the date).
    func endable(_ x: Candidate, _ u: String) throws(EntryFault) {
        if let end = try unitKnown(x, u).ended {
            throw x.bad("unit \(u) already ended on \(end.date) (entry \(end.entry), \(end.type))")
        }
    }

    /// A unit merged: one the log knows and that has not ended (no name), or one it has not
    /// tracked, with its name (it is introduced and ends at once).
    func source(_ x: Candidate, _ m: Member, _ path: String) throws(EntryFault) {
        if let info = org.units[m.unit] {
            if m.name != nil {
                throw x.bad(
                    "\(path): \(m.unit) exists (\(info.name)); give a name only for a unit the log has not tracked")
            }
            try endable(x, m.unit)
        } else if m.name == nil {
            throw x.bad(
                "\(path): \(m.unit) is a unit the log has not tracked; give its name (or fix the "
                    + "id\(Suggest.hint(m.unit, among: Array(org.units.keys).sorted())))"
            )
        }
    }

    /// A unit a reorganisation goes into: an existing unit that has not ended, or a new
    /// one with its name.
    func successor(_ x: Candidate, _ m: Member, _ path: String) throws(EntryFault) {
        if let info = org.units[m.unit] {
            if let end = info.ended {
                throw x.bad(
                    "\(path): unit \(m.unit) ended on \(end.date) (entry \(end.entry)); it cannot take in others")
            }
            if m.name != nil {
                throw x.bad(
                    "\(path): \(m.unit) exists (\(info.name)); give a name only for a new unit, and rename with "
                        + "UnitRenamed")
            }
        } else if m.name == nil {
            throw x.bad("\(path): \(m.unit) is a new unit; give its name")
        }
    }

    /// A representative of `unit` signed it: a key with role unit and scope = unit.
    func requireRepresentative(_ x: Candidate, _ unit: String) throws(EntryFault) {
        try active(x, unit)
        guard keys.representative(of: unit, among: x.event.signers) else {
            let reps = x.event.signers.compactMap { keys.record($0) }.filter { $0.role == "unit" }
            let detail = reps.map { r in
                "key \(r.publicKey.keyID.short) represents \(r.scope ?? "no unit") since entry "
                    + "\(r.registeredAt)\(r.revokedAt.map { ", revoked at entry \($0)" } ?? "")"
            }.joined(separator: "; ")
            throw x.deny(
                "\(x.event.type) for unit \(unit) must be signed by a representative of \(unit) (a key registered with "
                    + "role unit, scope \(unit)); signed by \(who(x))\(detail.isEmpty ? "" : " — \(detail)")",
                vi:
                    "\(x.event.type) của đơn vị \(unit) phải do người đại diện của \(unit) ký (khóa đăng ký vai trò "
                    + "unit, "
                    + "phạm vi \(unit)); người ký: \(ai(x))")
        }
    }

    /// A `KeyRegistered` role is one of the rules' roles; a unit's key names an active unit.
    func keyRole(_ x: Candidate) throws(EntryFault) {
        guard let role = x.event.field("role")?.stringValue, EmulationRules.roles.contains(role) else {
            throw x.bad(
                "KeyRegistered role is \(x.event.field("role").map { JSONWriter.string($0) } ?? "missing"); use one of "
                    + "\(EmulationRules.roles.joined(separator: ", "))")
        }
        if role == "unit" {
            guard let scope = x.event.field("scope")?.stringValue else {
                throw x.bad("a unit key needs \"scope\": the unit it represents")
            }
            try active(x, scope)
        }
    }

    /// Who may sign `e`, and what it may name, for each type of the catalogue.
    func authority(_ x: Candidate, _ e: DomainEvent) throws(EntryFault) {
        switch e {
        case .logOpened, .keyRegistered, .keyRevoked, .logKeyRotated: return
        case .movementLaunched(let m): try movement(x, m)
        case .groupFormed(let g): try group(x, g)
        case .membershipChanged(let c): try membership(x, c)
        case .headElected(let h): try head(x, h)
        case .unitSucceeded(let s): try succession(x, s)
        case .unitsMerged(let m):
            try requireCouncil(x)
            for (k, u) in m.units.enumerated() { try source(x, u, "UnitsMerged.units[\(k)]") }
            try successor(x, m.into, "UnitsMerged.into")
        case .unitSplit(let split):
            try requireCouncil(x)
            try endable(x, split.unit)
            for (k, m) in split.into.enumerated() { try successor(x, m, "UnitSplit.into[\(k)]") }
        case .unitRenamed(let r):
            try requireCouncil(x)
            try endable(x, r.unit)
        case .unitEnded(let ended):
            try requireCouncil(x)
            try endable(x, ended.unit)
        case .rubricPublished(let r):
            try requireCouncil(x)
            for g in r.groups { _ = try groupKnown(x, g) }
        case .pledgeSigned(let p): try pledge(x, p)
        // A unit's own reports: its representative signs them.
        case .indicatorReported(let r): try requireRepresentative(x, r.unit)
        case .taskCompleted(let t): try requireRepresentative(x, t.unit)
        case .selfScoreSubmitted(let s): try requireRepresentative(x, s.unit)
        case .explanationSubmitted(let e): try requireRepresentative(x, e.unit)
        case .evidenceAttached(let e): try requireRepresentative(x, e.unit)
        case .scoreAppraised(let a):
            try requireAny(x, ["appraiser"], "the appraising body (a key with role appraiser: Sở/Phòng Nội vụ)")
            try unitKnown(x, a.unit)
        case .bonusAwarded(let b): try adjustment(x, b.adjustment)
        case .deductionApplied(let d): try adjustment(x, d.adjustment)
        case .violationReported(let v):
            try requireAny(
                x,
                ["root", "council", "appraiser", "agency"], "the council, the appraising body or an agency key")
            try unitKnown(x, v.unit)
        case .commendationAwarded(let a):
            try requireCouncil(x)
            try unitKnown(x, a.unit)
        case .commendationRevoked(let r): try revocation(x, r)
        case .ballotHeld(let b):
            try requireCouncil(x)
            _ = try groupKnown(x, b.group)
        case .rankingPublished(let r): try ranking(x, r)
        }
    }

    func movement(_ x: Candidate, _ m: MovementLaunched) throws(EntryFault) {
        try requireCouncil(x)
        if let (_, at) = org.movements[m.movement] {
            throw x.bad("movement \(m.movement) was launched at entry \(at); use a new id")
        }
    }

    func group(_ x: Candidate, _ g: GroupFormed) throws(EntryFault) {
        try requireCouncil(x)
        if let old = org.groups[g.group] {
            throw x.bad("group \(g.group) was formed at entry \(old.formed); use a new id")
        }
    }

    func membership(_ x: Candidate, _ c: MembershipChanged) throws(EntryFault) {
        try requireCouncil(x)
        if c.joined, let end = org.units[c.unit]?.ended, end.date <= c.effective {
            let next = end.successors.isEmpty ? "" : " (its successors: \(end.successors.joined(separator: ", ")))"
            throw x.bad(
                "unit \(c.unit) ended on \(end.date) (entry \(end.entry), \(end.type)); it cannot join \(c.group) "
                    + "on \(c.effective)\(next)")
        }
        let member = try groupKnown(x, c.group).isMember(c.unit, on: c.effective)
        if c.joined && member { throw x.bad("unit \(c.unit) is already a member of \(c.group) on \(c.effective)") }
        if !c.joined && !member { throw x.bad("unit \(c.unit) is not a member of \(c.group) on \(c.effective)") }
    }

    func head(_ x: Candidate, _ h: HeadElected) throws(EntryFault) {
        try requireCouncil(x)
        guard try groupKnown(x, h.group).isMember(h.unit, on: h.term.from) else {
            throw x.bad("unit \(h.unit) is not a member of \(h.group) on \(h.term.from), the start of the term")
        }
    }

    func succession(_ x: Candidate, _ s: UnitSucceeded) throws(EntryFault) {
        try requireCouncil(x)
        try active(x, s.unit)
        for m in s.successors where org.units[m.unit] != nil {
            throw x.bad("successor \(m.unit) already exists; successors are new units")
        }
    }

    /// The unit's representative and, countersigning, the head of its group during its
    /// term (for the head's own pledge: the deputy).
    func pledge(_ x: Candidate, _ p: PledgeSigned) throws(EntryFault) {
        try requireRepresentative(x, p.unit)
        guard org.movements[p.movement] != nil else {
            throw x.bad(
                "PledgeSigned names movement \(p.movement), which no MovementLaunched before this entry launched")
        }
        guard try groupKnown(x, p.group).isMember(p.unit, on: x.date) else {
            throw x.bad(
                "unit \(p.unit) is not a member of \(p.group) on \(x.date)",
                vi: "đơn vị \(p.unit) không phải thành viên của \(p.group) vào ngày \(x.date)")
        }
        let headUnit = org.head(of: p.group, on: x.date)
        let countersigner = headUnit?.unit == p.unit ? org.head(of: p.group, on: x.date, deputy: true) : headUnit
        guard let countersigner else {
            throw x.deny(
                "PledgeSigned needs the countersignature of the \(headUnit == nil ? "head" : "deputy") of "
                    + "\(p.group), but none is elected for \(x.date) (HeadElected)",
                vi:
                    "giao ước cần chữ ký của \(headUnit == nil ? "trưởng" : "phó") cụm/khối \(p.group), nhưng chưa "
                    + "có ai "
                    + "được bầu cho ngày \(x.date) (HeadElected)")
        }
        guard keys.representative(of: countersigner.unit, among: x.event.signers) else {
            throw x.deny(
                "PledgeSigned for \(p.unit) needs the countersignature of \(countersigner.unit), "
                    + "\(countersigner.deputy ? "deputy" : "head") of \(p.group) for \(countersigner.term.text) "
                    + "(entry \(countersigner.entry)); signed by \(who(x)) — the "
                    + "\(countersigner.deputy ? "deputy" : "head") "
                    + "adds it with `thidua sign --add --key KEY.pem < envelope.json`",
                vi: "giao ước của \(p.unit) cần chữ ký của \(countersigner.unit), "
                    + "\(countersigner.deputy ? "phó" : "trưởng") cụm/khối \(p.group) nhiệm kỳ "
                    + "\(countersigner.term.text) "
                    + "(bản ghi \(countersigner.entry)); người ký: \(ai(x)) — người đó ký thêm bằng "
                    + "`thidua sign --add --key KHÓA.pem < phong-bì.json`")
        }
    }

    func adjustment(_ x: Candidate, _ a: Adjustment) throws(EntryFault) {
        try requireAny(x, ["root", "council", "appraiser"], "the council or the appraising body")
        try unitKnown(x, a.unit)
    }

    func revocation(_ x: Candidate, _ r: CommendationRevoked) throws(EntryFault) {
        try requireCouncil(x)
        guard let award = org.awards[r.award] else {
            throw x.bad(
                "CommendationRevoked names award \(r.award), which no CommendationAwarded before this entry made")
        }
        if let rev = award.revoked { throw x.bad("award \(r.award) was already revoked at entry \(rev.entry)") }
    }

    func ranking(_ x: Candidate, _ r: RankingPublished) throws(EntryFault) {
        try requireCouncil(x)
        guard org.movements[r.movement] != nil else {
            throw x.bad(
                "RankingPublished names movement \(r.movement), which no MovementLaunched before this entry launched")
        }
        if r.scope != "all" { _ = try groupKnown(x, r.scope) }
        guard r.size <= x.event.index else {
            throw x.bad("RankingPublished attests the first \(r.size) entries, but only \(x.event.index) precede it")
        }
    }
}

extension KeyRing {
    /// Whether an unrevoked key among `signers` has role unit and scope `unit`.
    func representative(of unit: String, among signers: [KeyID]) -> Bool {
        signers.contains { id in
            guard let r = record(id) else { return false }
            return r.revokedAt == nil && r.role == "unit" && r.scope == unit
        }
    }
}
