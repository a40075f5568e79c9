import ThiduaLog

/// Report formats of `thidua rank`.
public enum ReportFormat: String, Sendable, CaseIterable { case text, json, csv, html }

/// Renders standings. Pure: the same standings give the same bytes. Every band, leader,
/// flag, tie and disqualification is printed with its reason (`Wording`), in every format.
public struct Report: Sendable {
    public let standings: Standings
    public let lang: Language
    /// Only these groups (nil: all).
    public let groups: [String]?
    /// Who issues the printed report (HTML, PDF).
    public var letterhead = Letterhead()
    /// Where the figures come from: the log's root and checkpoint (printed reports).
    public var evidence: ReportEvidence? = nil

    public init(
        _ standings: Standings, lang: Language = .vi, groups: [String]? = nil, letterhead: Letterhead = Letterhead(),
        evidence: ReportEvidence? = nil
    ) {
        self.standings = standings
        self.lang = lang
        self.groups = groups
        self.letterhead = letterhead
        self.evidence = evidence
        words = Wording(lang, units: standings.unitNames, groups: standings.groupNames)
    }

    var shown: [GroupStanding] { standings.groups.filter { groups?.contains($0.group) ?? true } }

    /// Names and phrases, built once per report (it indexes every unit's name).
    let words: Wording
    func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
    func pts(_ p: Points) -> String { lang.points(p) }
    func band(_ b: Rubric.Band) -> String { lang == .vi ? b.vi : b.en }
    func kind(_ k: GroupFormed.Kind) -> String { k == .cluster ? t("Cụm", "Cluster") : t("Khối", "Bloc") }
    func date(_ d: String) -> String { words.date(d) }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .text: return text()
        case .json: return JSONWriter.string(json()) + "\n"
        case .csv: return csv()
        case .html: return html()
        }
    }

    /// Where a group's rubric came from: an entry, or a file (a counterfactual).
    func rubricSource(_ g: GroupStanding) -> String {
        g.rubricEntry < 0
            ? t("từ tệp, giả định", "from a file, counterfactual") : t("bản ghi", "entry") + " \(g.rubricEntry)"
    }

    /// The notes under a unit's line: its band's reason, then violations, lineage and ties.
    func notes(_ u: UnitStanding, in g: GroupStanding) -> [String] {
        var out = [t("xếp loại: ", "band: ") + words.bandReason(u.bandDecision, in: g)]
        out += words.violations(u)
        out += words.carries(u.carries, of: u.unit)
        if u.unresolvedTie { out.append(words.tie(u)) }
        return out
    }

    /// The heading's dating line: the standings' date and the last entry, in Vietnam's time.
    func dating() -> String {
        let last = standings.lastReceivedAt.map(words.moment) ?? "—"
        let asOf = standings.asOf.map { t("tính đến hết ngày \(date($0))", "as of the end of \(date($0))") }
        return t(
            "Tính từ \(standings.size) bản ghi của sổ\(asOf.map { ", \($0)" } ?? ""); bản ghi cuối nhận lúc \(last)",
            "Replayed from \(standings.size) log entries\(asOf.map { ", \($0)" } ?? ""); the last received at \(last)")
    }

    // MARK: text

    func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let w = s.count
        if w >= n { return s }
        let fill = String(repeating: " ", count: n - w)
        return right ? fill + s : s + fill
    }

    public func text() -> String {
        var out = t("BẢNG XẾP HẠNG THI ĐUA", "EMULATION RANKING") + " — \(standings.origin)\n" + dating() + "\n"
        for g in shown {
            out +=
                "\n\(g.name) [\(g.group), \(kind(g.kind).lowercased())] — \(t("ngày", "on")) \(date(g.date)); "
                + "\(t("bảng điểm", "rubric")) \(g.rubric) (\(rubricSource(g)))\n"
            if let p = words.provisional(g) { out += "  " + p.uppercasedFirst + "\n" }
            out +=
                pad(t("Hạng", "Rank"), 5) + pad(t("Đơn vị", "Unit"), 46) + pad(t("Tổng điểm", "Total"), 11, right: true)
                + "  " + t("Xếp loại", "Band") + "\n"
            for u in g.units {
                out += pad("\(u.rank)", 5) + pad(u.name, 46) + pad(pts(u.total), 11, right: true) + "  " + band(u.band)
                out += "\n"
                for n in notes(u, in: g) { out += "       " + n + "\n" }
            }
            if g.units.isEmpty {
                out += "  " + t("(không có thành viên vào ngày này)", "(no members on this date)") + "\n"
            }
            out += "  " + words.leader(g) + "\n"
            out += "  " + t("Cờ thi đua của UBND tỉnh: ", "Province emulation flag: ") + words.flag(g) + "\n"
        }
        if groups == nil {
            out += "\n" + governmentFlag() + "\n"
            out += progressText()
            out += awardsText()
        }
        if !standings.warnings.isEmpty {
            out += "\n" + t("CẢNH BÁO CHẤT LƯỢNG DỮ LIỆU", "DATA-QUALITY WARNINGS") + "\n"
            for w in standings.warnings {
                out += "  [\(t("bản ghi", "entry")) \(w.entry)] \(words.finding(w.finding))\n"
            }
        }
        return out
    }

    func governmentFlag() -> String {
        let n = standings.groups.compactMap(\.provinceFlag).count
        var out = t(
            "Cờ thi đua của Chính phủ: tối đa \(lang.value(standings.governmentFlagQuotaPercent))% của \(n) "
                + "đơn vị được đề nghị Cờ thi đua của UBND tỉnh = \(standings.governmentFlagQuota) (làm tròn xuống)",
            "Government emulation flag: at most \(lang.value(standings.governmentFlagQuotaPercent))% of the \(n) "
                + "units proposed for the province flag = \(standings.governmentFlagQuota) (rounded down)"
        )
        if !standings.governmentFlagPool.isEmpty {
            out += ": " + standings.governmentFlagPool.map { standings.name($0) }.joined(separator: ", ")
        }
        return out
    }

    func progressText() -> String {
        guard standings.progress.contains(where: { !$0.rows.isEmpty }) else { return "" }
        var out = "\n" + t("TIẾN ĐỘ CHỈ TIÊU PHONG TRÀO", "MOVEMENT TARGET PROGRESS") + "\n"
        for p in standings.progress where !p.rows.isEmpty {
            out +=
                "  (\(p.number)) \(p.indicator.code) \(p.indicator.name): \(t("chỉ tiêu", "target")) "
                + "\(lang.value(p.indicator.value)) \(p.indicator.unit)\n"
            for r in p.rows {
                out +=
                    "      \(pad(standings.name(r.unit), 44)) \(pad(lang.value(r.value), 14, right: true)) / "
                    + "\(lang.value(r.target))  \(r.met ? t("đạt", "met") : t("chưa đạt", "not met"))  "
                    + "[\(t("bản ghi", "entry")) \(r.entry)]\n"
            }
        }
        return out
    }

    func awardsText() -> String {
        guard !standings.awards.isEmpty else { return "" }
        var out = "\n" + t("KHEN THƯỞNG", "COMMENDATIONS") + "\n"
        for (id, a) in standings.awards {
            out +=
                "  \(standings.name(a.unit)): \(a.title) — \(a.decision) [\(t("bản ghi", "entry")) \(a.entry), \(id)]"
            out +=
                a.revoked.map {
                    t(
                        " — ĐÃ THU HỒI (bản ghi \($0.entry)): \($0.reason)",
                        " — REVOKED (entry \($0.entry)): \($0.reason)")
                } ?? ""
            out += "\n"
        }
        return out
    }

    /// Every point of one unit's score, with the entries behind it, the subtotal of each
    /// criterion group and the reasons for its band, rank and title.
    public func explain(unit: String) -> String? {
        let hits = shown.compactMap { g in g.units.first { $0.unit == unit }.map { (g, $0) } }
        guard !hits.isEmpty else { return nil }
        var out = ""
        for (g, u) in hits {
            out += "\(u.name) [\(u.unit)] — \(g.name), \(t("ngày", "on")) \(date(g.date))"
            out += words.provisional(g).map { " (\($0))" } ?? ""
            out += "\n"
            out += t(
                "Bảng điểm \(g.rubric), công bố tại bản ghi \(g.rubricEntry), SHA-256 \(g.rubricHash)\n",
                "Rubric \(g.rubric), published at entry \(g.rubricEntry), SHA-256 \(g.rubricHash)\n")
            for c in words.carries(u.carries, of: u.unit) { out += c.uppercasedFirst + "\n" }
            for part in g.parts {
                out += "  \(t("Nhóm", "Group")) \(part.id). \(part.name)\n"
                for c in u.criteria where c.rubricGroup == part.id {
                    out +=
                        "    \(pad(c.criterion, 5)) \(pad(c.name, 46)) \(pad(pts(c.points), 6, right: true)) / "
                        + "\(pad(pts(c.max), 6, right: true))"
                    out +=
                        "  \(words.basis(c.basis))\(c.appraised ? t(" (đã thẩm định)", " (appraised)") : "")  "
                        + "[\(t("bản ghi", "entries")) \(c.entries.map(String.init).joined(separator: ", "))]\n"
                }
                let sub = g.subtotal(u, part)
                out +=
                    "    " + pad(t("Cộng nhóm \(part.id)", "Group \(part.id) subtotal"), 52) + " "
                    + pad(pts(sub), 6, right: true) + " / "
                    + pad((try? Points(part.max)).map(pts) ?? "?", 6, right: true)
                    + "  (\(words.percent(sub.fraction, of: part.max)))\n"
            }
            out +=
                "  " + pad(t("Cộng điểm tiêu chí", "Criteria total"), 54) + " "
                + pad(pts(u.criteriaTotal), 6, right: true) + "\n"
            for b in u.bonuses {
                out +=
                    "  + \(pad(b.name, 51)) "
                    + "\(pad(pts(b.points), 6, right: true))\(b.capped ? t(" (đã giới hạn)", " (capped)") : "")  "
                    + "[\(t("bản ghi", "entries")) \(b.entries.map(String.init).joined(separator: ", "))]\n"
            }
            for d in u.deductions {
                out +=
                    "  − \(pad(d.name, 51)) "
                    + "\(pad(pts(d.points), 6, right: true))\(d.capped ? t(" (đã giới hạn)", " (capped)") : "")  "
                    + "[\(t("bản ghi", "entries")) \(d.entries.map(String.init).joined(separator: ", "))]\n"
            }
            out +=
                "  " + pad(t("TỔNG ĐIỂM", "TOTAL"), 54) + " " + pad(pts(u.total), 6, right: true)
                + "  — \(band(u.band)), \(t("hạng", "rank")) \(u.rank)/\(g.units.count)\n"
            out += "  " + t("Xếp loại: ", "Band: ") + words.bandReason(u.bandDecision, in: g) + "\n"
            if u.unresolvedTie { out += "  " + words.tie(u).uppercasedFirst + "\n" }
            for a in u.attachedEvidence {
                let names = a.value.evidence.map { $0.name ?? String($0.sha256.prefix(12)) }.joined(separator: ", ")
                out += "  " + t("Minh chứng bổ sung cho", "Evidence added to") + " \(a.value.entry): \(names) "
                out += "[\(t("bản ghi", "entry")) \(a.entry)]\n"
            }
            for (f, line) in zip(u.violations, words.violations(u)) {
                out += "  " + line.uppercasedFirst + ": \(f.value.description)\n"
            }
            out += "  " + words.leader(g) + "\n"
            if g.leader == u.unit {
                out += "  " + t("Cờ thi đua của UBND tỉnh: ", "Province emulation flag: ") + words.flag(g) + "\n"
            }
        }
        return out
    }
}

extension String {
    /// The sentence with its first letter in capitals (Vietnamese letters too).
    var uppercasedFirst: String { prefix(1).uppercased() + dropFirst() }
}
