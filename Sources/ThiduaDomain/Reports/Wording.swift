import ThiduaLog

/// Every sentence the projections say, in Vietnamese or English: findings, how each score
/// was reached, why a band, a leader, a flag, a tie. The fold and the scoring return
/// values; only this layer words them, so a translation never changes a score and tests
/// assert on values. Sentences name units and groups by name (ids are for programs), dates
/// as `30/06/2025` and times in Vietnam's time zone.
public struct Wording: Sendable {
    public let lang: Language
    let units: [String: String]
    let groups: [String: String]

    /// Names two units share (an old ward and the new one named after it): such a name is
    /// followed by the unit's id.
    let sharedNames: Set<String>

    public init(_ lang: Language, units: [String: String] = [:], groups: [String: String] = [:]) {
        self.lang = lang
        self.units = units
        self.groups = groups
        var seen: Set<String> = []
        var shared: Set<String> = []
        for name in units.values where !seen.insert(name).inserted { shared.insert(name) }
        sharedNames = shared
    }

    func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
    func v(_ f: Fraction, places: Int = 4) -> String { lang.value(f, places: places) }
    func unit(_ id: String) -> String {
        guard let name = units[id] else { return id }
        return sharedNames.contains(name) ? "\(name) [\(id)]" : name
    }
    func group(_ id: String) -> String { groups[id] ?? id }

    /// `30/06/2025` in Vietnamese, `2025-06-30` in English.
    public func date(_ d: String) -> String {
        let p = d.split(separator: "-")
        return lang == .vi && p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : d
    }

    /// A moment in Vietnam's time (UTC+7): `09:00 ngày 20/12/2025 (giờ Việt Nam)`.
    public func moment(_ t: Timestamp) -> String {
        let local = Timestamp(millis: t.millis + 7 * 3_600_000).receivedAtText
        let day = String(local.prefix(10))
        let time = String(local.dropFirst(11).prefix(5))
        return self.t("\(time) ngày \(date(day)) (giờ Việt Nam)", "\(day) \(time) Vietnam time (UTC+7)")
    }

    /// `12,5 %`: a share, cut (not rounded) to one decimal.
    func percent(_ got: Fraction, of max: Fraction) -> String {
        guard let p = try? got * Fraction(100) / max else { return "?" }
        return lang.number(p.truncatedText(places: 1)) + " %"
    }

    /// A part of a unit's history.
    public func fact(_ k: FactKind) -> String {
        switch k {
        case .pledge: return t("giao ước", "pledge")
        case .indicators: return t("số liệu chỉ tiêu", "indicator figures")
        case .tasks: return t("nhiệm vụ", "tasks")
        case .scores: return t("điểm tự chấm, thẩm định", "self and appraised scores")
        case .adjustments: return t("điểm cộng, trừ", "bonuses and deductions")
        case .violations: return t("vi phạm", "violations")
        }
    }

    /// The reorganisations behind a unit, one sentence per reorganisation: `hình thành từ
    /// Phường Noong Bua, Phường Nam Thanh, Xã Thanh Xương từ 01/07/2025 (bản ghi 273); kế
    /// thừa vi phạm của Phường Noong Bua, Phường Nam Thanh`.
    public func carries(_ cs: [Organisation.Carry], of unit: String) -> [String] {
        var order: [Int] = []
        var byEntry: [Int: [Organisation.Carry]] = [:]
        for c in cs {
            if byEntry[c.entry] == nil { order.append(c.entry) }
            byEntry[c.entry, default: []].append(c)
        }
        var out: [String] = []
        for entry in order {
            let group = byEntry[entry]!
            var targets: [String] = []
            for c in group where !targets.contains(c.to) { targets.append(c.to) }
            for to in targets {
                let edges = group.filter { $0.to == to }
                let from = edges.map { self.unit($0.from) }.joined(separator: ", ")
                let head = to == unit ? "" : self.unit(to) + " "
                var s = t(
                    "\(head)hình thành từ \(from) từ \(date(edges[0].effective)) (bản ghi \(entry))",
                    "\(head)formed from \(from) on \(date(edges[0].effective)) (entry \(entry))")
                var kinds: [(Set<FactKind>, [String])] = []
                for e in edges where !e.facts.isEmpty {
                    if let k = kinds.firstIndex(where: { $0.0 == e.facts }) {
                        kinds[k].1.append(e.from)
                    } else {
                        kinds.append((e.facts, [e.from]))
                    }
                }
                if kinds.isEmpty {
                    s += t("; không kế thừa lịch sử", "; carries none of their history")
                } else {
                    s +=
                        t("; kế thừa ", "; carries ")
                        + kinds.map { facts, units in
                            let what =
                                facts == Set(FactKind.allCases)
                                ? t("toàn bộ lịch sử", "all the history")
                                : facts.sorted().map(fact).joined(separator: ", ")
                            if units.count == edges.count && edges.count > 1 {
                                return what + t(" của các đơn vị này", " of them all")
                            }
                            return what + t(" của ", " of ") + units.map(self.unit).joined(separator: ", ")
                        }.joined(separator: "; ")
                }
                out.append(s)
            }
        }
        return out
    }

    /// A data-quality finding, as one sentence.
    public func finding(_ f: Finding) -> String {
        switch f {
        case .unreadable(let type, let reason):
            return t("không đọc được sự kiện \(type): \(reason)", "cannot read \(type): \(reason)")
        case .partsDoNotAddUp(let code, let name, let unit, let parts, let sum, let total):
            let list = parts.map { v($0) }.joined(separator: " + ")
            let off = (try? total - sum).map { v($0) } ?? "?"
            return t(
                "chỉ tiêu \(code) (\(name)): \(list) = \(v(sum)), không bằng tổng \(v(total)) \(unit) (lệch \(off))",
                "indicator \(code) (\(name)): \(list) = \(v(sum)), not the total \(v(total)) \(unit) (off by \(off))")
        case .partsUndefined(let code):
            return t(
                "chỉ tiêu \(code) nêu thành phần không có trong phong trào",
                "indicator \(code) names parts the movement does not define")
        case .targetOverHundredPercent(let code, let value):
            return t("chỉ tiêu \(code) là \(v(value))%, quá 100%", "indicator \(code) is \(v(value))%, over 100%")
        case .pledgeTargetUndefined(let u, let code):
            return t(
                "giao ước của \(unit(u)) có chỉ tiêu \(code) không có trong phong trào và thiếu tên, đơn vị tính",
                "\(unit(u))'s pledge has target \(code), which no movement defines, without a name and unit")
        case .reportedIndicatorUndefined(let u, let code):
            return t(
                "\(unit(u)) báo cáo chỉ tiêu \(code), không có trong phong trào hay giao ước của đơn vị",
                "\(unit(u)) reported indicator \(code), which neither a movement nor its pledge defines")
        case .reportedOverHundredPercent(let u, let code, let value):
            return t(
                "\(unit(u)) báo cáo \(code) = \(v(value))%, quá 100%",
                "\(unit(u)) reported \(code) = \(v(value))%, over 100%")
        case .reportedFarFromTarget(let u, let code, let value, let uom, let ratio, let target):
            return t(
                "\(unit(u)) báo cáo \(code) = \(v(value)) \(uom), gấp \(v(ratio, places: 2)) lần chỉ tiêu "
                    + "\(v(target)): kiểm tra đơn vị tính",
                "\(unit(u)) reported \(code) = \(v(value)) \(uom), \(v(ratio, places: 2))× its target \(v(target)): "
                    + "check the unit of measure"
            )
        case .awaitingAppraisal(let u, let c, let code, let value, let target, let limit):
            return t(
                "số liệu \(code) = \(v(value)) của \(unit(u)) lệch quá \(v(limit)) lần so với chỉ tiêu \(v(target)): "
                    + "tiêu chí \(c) chưa tính điểm và không ảnh hưởng điểm đơn vị khác cho đến khi được thẩm định",
                "\(unit(u))'s \(code) = \(v(value)) is more than \(v(limit))× off its target \(v(target)): criterion "
                    + "\(c) is not scored, and moves no other unit's score, until it is appraised"
            )
        case .ballotWithoutQuorum(let g, let round, let present, let eligible, let q):
            return t(
                "bỏ phiếu vòng \(round) của \(group(g)) không đủ \(q.num)/\(q.den) số thành viên (có mặt "
                    + "\(present)/\(eligible)): không dùng kết quả",
                "ballot round \(round) of \(group(g)) had fewer than \(q.num)/\(q.den) of the members present "
                    + "(\(present)/\(eligible)): its result is not used"
            )
        case .ballotBeyondRounds(let g, let round, let maxRounds):
            return t(
                "bỏ phiếu vòng \(round) của \(group(g)) vượt quá \(maxRounds) vòng: trưởng, phó cụm/khối quyết định; "
                    + "không dùng kết quả",
                "ballot round \(round) of \(group(g)) is beyond \(maxRounds) rounds: the head and deputy decide; its "
                    + "result is not used"
            )
        case .selfScoreOutOfRange(let u, let c, let given, let max, let counted):
            return t(
                "\(unit(u)) tự chấm \(c) = \(v(given)), ngoài khoảng 0–\(v(max)): tính \(v(counted))",
                "\(unit(u)) self-scored \(c) = \(v(given)), outside 0–\(v(max)): counted as \(v(counted))")
        case .itemNotInRubric(let item, let u, let rubric):
            return t(
                "khoản \(item) của \(unit(u)) không có trong bảng điểm \(rubric): không tính",
                "item \(item) for \(unit(u)) is not in rubric \(rubric): not counted")
        case .violationLevelUnknown(let u, let level, let levels):
            return t(
                "vi phạm của \(unit(u)) ở mức \"\(level)\", không có trong các mức của bảng điểm "
                    + "(\(levels.joined(separator: ", "))): tính là bị loại khỏi xét danh hiệu",
                "\(unit(u))'s violation is at level \"\(level)\", which the rubric does not list "
                    + "(\(levels.joined(separator: ", "))): it bars a title"
            )
        case .indicatorDefinedTwice(let code, let movement, let first):
            return t(
                "phong trào \(movement) định nghĩa lại chỉ tiêu \(code) của phong trào \(first): dùng định nghĩa "
                    + "đầu tiên",
                "movement \(movement) defines indicator \(code) again (first defined by \(first)): the first is used")
        case .notComputable(let u, let c):
            return t(
                "không tính được chính xác tiêu chí \(c) của \(unit(u)) (số liệu quá lớn): tính 0 điểm cho đến khi "
                    + "số liệu được sửa",
                "criterion \(c) of \(unit(u)) cannot be computed exactly (values too large): it counts 0 until the "
                    + "values are corrected"
            )
        }
    }

    /// How a criterion's score was reached, e.g. "A1: thực hiện 25.100, chỉ tiêu 23.270,32, …".
    public func basis(_ b: ScoreBasis) -> String {
        switch b {
        case .quantitative(let code, let actual, let target, let direction, let ratio, let best):
            let dir = direction == .lower ? t(" (thấp hơn là tốt)", " (lower is better)") : ""
            return t(
                "\(code): thực hiện \(v(actual)), chỉ tiêu \(v(target))\(dir), tỷ lệ \(v(ratio)), cao nhất cụm/khối "
                    + "\(v(best))",
                "\(code): actual \(v(actual)), target \(v(target))\(dir), ratio \(v(ratio)), best in group \(v(best))")
        case .target(let code, let actual, let target, let direction, let ratio, let excess):
            let dir = direction == .lower ? t(" (thấp hơn là tốt)", " (lower is better)") : ""
            let head = t(
                "\(code): thực hiện \(v(actual)), chỉ tiêu \(v(target))\(dir)",
                "\(code): actual \(v(actual)), target \(v(target))\(dir)")
            if target.isZero && direction == .higher { return head + t(": đạt", ": met") }
            let rest =
                ratio < .one
                ? t(", đạt \(percent(ratio, of: .one)) chỉ tiêu", ", \(percent(ratio, of: .one)) of the target")
                : excess.isZero
                    ? t(", đạt chỉ tiêu", ", target met")
                    : t(
                        ", vượt chỉ tiêu: thưởng \(v(excess, places: 2))",
                        ", target beaten: bonus \(v(excess, places: 2))")
            return head + rest
        case .awaitingAppraisal(let code, let actual, let target, let limit):
            return t(
                "\(code): \(v(actual)) lệch quá \(v(limit)) lần so với chỉ tiêu \(v(target)), chờ thẩm định",
                "\(code): \(v(actual)) is more than \(v(limit))× off the target \(v(target)); awaiting appraisal")
        case .notReported(let code): return t("\(code): chưa báo cáo", "\(code): not reported")
        case .zeroTarget(let code):
            return t("\(code): chỉ tiêu bằng 0, không tính được tỷ lệ", "\(code): target is 0, no ratio")
        case .passFail(let done): return done ? t("đã hoàn thành", "done") : t("chưa hoàn thành", "not done")
        case .count(let items, let per, let max):
            return t(
                "\(v(items)) × \(v(per)) điểm, tối đa \(v(max))", "\(v(items)) × \(v(per)) points, at most \(v(max))")
        case .assessed(.none): return t("chưa tự chấm", "no self score")
        case .assessed(.selfScore): return t("điểm tự chấm", "self score")
        case .assessed(.appraised): return t("điểm thẩm định", "appraised points")
        case .notComputable:
            return t("không tính được chính xác (số liệu quá lớn)", "cannot be computed exactly (values too large)")
        }
    }

    func bandName(_ b: Rubric.Band) -> String { lang == .vi ? b.vi : b.en }

    /// Why a unit is in its band: the rule it met, or what it missed of the band just above
    /// (`chưa đạt Hoàn thành nhiệm vụ: nhóm C đạt 66,2 % < sàn 70 %`).
    public func bandReason(_ d: BandDecision, in g: GroupStanding) -> String {
        guard let last = d.missed.last else {
            let floor =
                d.band.floorPercent.isZero
                ? ""
                : t(
                    ", mọi \(floorsOnGroups(d, g) ? "nhóm" : "tiêu chí") ≥ "
                        + "\(v(d.band.floorPercent, places: 2)) %",
                    ", every \(floorsOnGroups(d, g) ? "group" : "criterion") ≥ \(v(d.band.floorPercent, places: 2)) %")
            return t("tổng ≥ \(v(d.band.minTotal, places: 2))", "total ≥ \(v(d.band.minTotal, places: 2))") + floor
        }
        return miss(last, in: g)
    }

    /// Whether the rubric's floors were read on groups (known from any floor miss; else
    /// from the group count, for the sentence only).
    private func floorsOnGroups(_ d: BandDecision, _ g: GroupStanding) -> Bool {
        for m in d.missed { if case .floor(_, _, _, let isGroup, _, _, _) = m { return isGroup } }
        return g.floorsOnGroups
    }

    public func miss(_ m: BandDecision.Miss, in g: GroupStanding) -> String {
        switch m {
        case .total(let band, let total, let minTotal):
            let name = g.band(band).map(bandName) ?? band
            return t(
                "chưa đạt \(name): tổng \(lang.points(total)) < \(v(minTotal, places: 2))",
                "not \(name): total \(lang.points(total)) < \(v(minTotal, places: 2))")
        case .floor(let band, let part, let partName, let isGroup, let got, let max, let floor):
            let name = g.band(band).map(bandName) ?? band
            let what =
                isGroup
                ? t("nhóm \(part) (\(partName))", "group \(part) (\(partName))")
                : t(
                    "tiêu chí \(part) (\(partName))", "criterion \(part) (\(partName))")
            return t(
                "chưa đạt \(name): \(what) đạt \(percent(got.fraction, of: max)) < sàn \(v(floor, places: 2)) %",
                "not \(name): \(what) at \(percent(got.fraction, of: max)) < floor \(v(floor, places: 2)) %")
        }
    }

    /// Violations of a unit: which bar a title and which do not.
    public func violations(_ u: UnitStanding) -> [String] {
        u.violations.map { f in
            let bars = u.disqualifyingEntries.contains(f.entry)
            let whose = f.value.unit == u.unit ? "" : t(" của \(unit(f.value.unit))", " of \(unit(f.value.unit))")
            return t(
                "vi phạm mức \(f.value.level)\(whose) (bản ghi \(f.entry)): "
                    + (bars ? "không xét danh hiệu" : "không ảnh hưởng xét danh hiệu"),
                "violation\(whose), level \(f.value.level) (entry \(f.entry)): "
                    + (bars ? "no title" : "does not bar a title"))
        }
    }

    /// A tie the rubric's tie-breaks left: every unit of it says so.
    public func tie(_ u: UnitStanding) -> String {
        t(
            "bằng điểm với \(u.tiedWith.map(unit).joined(separator: ", ")) sau mọi tiêu chí phụ: chưa phân định "
                + "(tạm xếp theo mã đơn vị)",
            "equal with \(u.tiedWith.map(unit).joined(separator: ", ")) after every tie-break: tie not resolved "
                + "(ordered by unit id for now)")
    }

    /// Who leads the group and why.
    public func leader(_ g: GroupStanding) -> String {
        guard let l = g.leader, let u = g.units.first(where: { $0.unit == l }) else {
            return t("Không có đơn vị dẫn đầu: mọi đơn vị bị loại do vi phạm", "No leader: every unit is barred")
        }
        var s = t("Dẫn đầu: \(unit(l)) (hạng \(u.rank)", "Leader: \(unit(l)) (rank \(u.rank)")
        if g.leaderDecision.passedOver.isEmpty {
            s += t(", đứng đầu bảng)", ", first)")
        } else {
            let over = g.leaderDecision.passedOver.map { p in
                "\(unit(p.unit)) (\(t("bản ghi", "entry")) \(p.entries.map(String.init).joined(separator: ", ")))"
            }.joined(separator: "; ")
            s += t(
                "; xếp trên nhưng không được xét do vi phạm: \(over))",
                "; ranked above it but barred by violations: \(over))")
        }
        return s
    }

    /// The province-flag decision for the group's leader, after "Cờ thi đua của UBND tỉnh: ".
    public func flag(_ g: GroupStanding) -> String {
        switch g.flagDecision {
        case .proposed:
            return t(
                "đề nghị \(g.leader.map(unit) ?? "") (dẫn đầu, xếp loại và chỉ tiêu đạt yêu cầu của bảng điểm)",
                "\(g.leader.map(unit) ?? "") proposed (it leads; its band and targets are as the rubric requires)")
        case .notByThisRubric:
            return t("bảng điểm này không xét đề nghị", "this rubric proposes no flag")
        case .noLeader: return t("không có đơn vị để đề nghị", "no unit to propose")
        case .bandBelow(let band, let minBand):
            return t(
                "chưa đề nghị: xếp loại \(g.band(band).map(bandName) ?? band), cần từ "
                    + "\(g.band(minBand).map(bandName) ?? minBand)",
                "not proposed: band \(g.band(band).map(bandName) ?? band), needs "
                    + "\(g.band(minBand).map(bandName) ?? minBand) or better")
        case .target(let c, let code, let actual, let target, let needed):
            let verb = needed == .exceeded ? t("vượt", "beaten") : t("đạt", "met")
            guard let actual, let target else {
                return t(
                    "chưa đề nghị: chỉ tiêu \(code) (tiêu chí \(c)) chưa được tính điểm; cần \(verb) mọi chỉ tiêu",
                    "not proposed: target \(code) (criterion \(c)) is not scored; every target must be \(verb)")
            }
            return t(
                "chưa đề nghị: chỉ tiêu \(code) (tiêu chí \(c)) thực hiện \(v(actual)) / \(v(target)), chưa \(verb); "
                    + "cần \(verb) mọi chỉ tiêu",
                "not proposed: target \(code) (criterion \(c)) is \(v(actual)) of \(v(target)), not \(verb); every "
                    + "target must be \(verb)")
        }
    }

    /// `tạm tính đến ngày 30/06/2025` for a ranking before the end of its period.
    public func provisional(_ g: GroupStanding) -> String? {
        guard g.provisional else { return nil }
        return t(
            "tạm tính đến ngày \(date(g.date)) (kỳ đánh giá đến \(date(g.periodEnd)))",
            "provisional, as of \(date(g.date)) (the period ends \(date(g.periodEnd)))")
    }
}
