import ThiduaLog

/// Report formats of `thidua rank`.
public enum ReportFormat: String, Sendable, CaseIterable { case text, json, csv, html }

/// Renders standings. Pure: the same standings give the same bytes.
public struct Report: Sendable {
    public let standings: Standings
    public let lang: Language
    /// Only these groups (nil: all).
    public let groups: [String]?

    public init(_ standings: Standings, lang: Language = .vi, groups: [String]? = nil) {
        self.standings = standings
        self.lang = lang
        self.groups = groups
    }

    var shown: [GroupStanding] { standings.groups.filter { groups?.contains($0.group) ?? true } }

    var words: Wording { Wording(lang) }
    func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
    func pts(_ p: Points) -> String { lang.points(p) }
    func band(_ b: Rubric.Band) -> String { lang == .vi ? b.vi : b.en }
    func kind(_ k: GroupFormed.Kind) -> String { k == .cluster ? t("Cụm", "Cluster") : t("Khối", "Bloc") }
    func date(_ d: String) -> String {
        let p = d.split(separator: "-")
        return lang == .vi && p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : d
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .text: return text()
        case .json: return JSONWriter.string(json()) + "\n"
        case .csv: return csv()
        case .html: return html()
        }
    }

    // MARK: text

    func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let w = s.count
        if w >= n { return s }
        let fill = String(repeating: " ", count: n - w)
        return right ? fill + s : s + fill
    }

    /// Where a group's rubric came from: an entry, or a file (a counterfactual).
    func rubricSource(_ g: GroupStanding) -> String {
        g.rubricEntry < 0
            ? t("từ tệp, giả định", "from a file, counterfactual") : t("bản ghi", "entry") + " \(g.rubricEntry)"
    }

    public func text() -> String {
        var out = ""
        let asOf = standings.lastReceivedAt.map { "\($0.receivedAtText)" } ?? "—"
        out += t("BẢNG XẾP HẠNG THI ĐUA", "EMULATION RANKING") + " — \(standings.origin)\n"
        out += t(
            "Tính từ \(standings.size) bản ghi của sổ, bản ghi cuối nhận lúc \(asOf)\n",
            "Replayed from \(standings.size) log entries, the last received at \(asOf)\n")
        for g in shown {
            out +=
                "\n\(g.name) [\(g.group), \(kind(g.kind).lowercased())] — \(t("ngày", "on")) \(date(g.date)); "
                + "\(t("bảng điểm", "rubric")) \(g.rubric) "
                + "(\(rubricSource(g)))\n"
            out +=
                pad(t("Hạng", "Rank"), 5) + pad(t("Đơn vị", "Unit"), 46) + pad(t("Tổng điểm", "Total"), 11, right: true)
                + "  " + t("Xếp loại", "Band") + "\n"
            for u in g.units {
                var notes: [String] = []
                if u.disqualified {
                    notes.append(
                        t(
                            "không xét danh hiệu: vi phạm (bản ghi "
                                + "\(u.violations.map { String($0.entry) }.joined(separator: ", ")))",
                            "no title: violation (entry "
                                + "\(u.violations.map { String($0.entry) }.joined(separator: ", ")))"
                        ))
                }
                if u.lineage.count > 1 {
                    notes.append(
                        t(
                            "kế thừa \(u.lineage.dropLast().map { standings.name($0) }.joined(separator: ", "))",
                            "carries \(u.lineage.dropLast().map { standings.name($0) }.joined(separator: ", "))"))
                }
                if u.unresolvedTie { notes.append(t("bằng điểm, chưa phân định", "tie not resolved")) }
                out += pad("\(u.rank)", 5) + pad(u.name, 46) + pad(pts(u.total), 11, right: true) + "  " + band(u.band)
                out += notes.isEmpty ? "\n" : "  (" + notes.joined(separator: "; ") + ")\n"
            }
            if let l = g.leader {
                out += "  " + t("Dẫn đầu: ", "Leader: ") + standings.name(l)
                out +=
                    g.provinceFlag != nil
                    ? t(" — đề nghị Cờ thi đua của UBND tỉnh\n", " — proposed for the province emulation flag\n")
                    : t(
                        " — chưa đạt mức xếp loại để đề nghị Cờ thi đua\n",
                        " — below the band required for the province flag\n")
            }
        }
        if groups == nil {
            let n = standings.groups.compactMap(\.provinceFlag).count
            out +=
                "\n"
                + t(
                    "Cờ thi đua của Chính phủ: tối đa \(lang.value(standings.governmentFlagQuotaPercent))% của \(n) "
                        + "đơn vị dẫn đầu = \(standings.governmentFlagQuota) (làm tròn xuống)",
                    "Government emulation flag: at most \(lang.value(standings.governmentFlagQuotaPercent))% of \(n) "
                        + "leaders = \(standings.governmentFlagQuota) (rounded down)"
                )
            out +=
                standings.governmentFlagPool.isEmpty
                ? "\n" : ": " + standings.governmentFlagPool.map { standings.name($0) }.joined(separator: ", ") + "\n"
            if !standings.progress.isEmpty {
                out += "\n" + t("TIẾN ĐỘ CHỈ TIÊU PHONG TRÀO", "MOVEMENT TARGET PROGRESS") + "\n"
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
            }
            if !standings.awards.isEmpty {
                out += "\n" + t("KHEN THƯỞNG", "COMMENDATIONS") + "\n"
                for (id, a) in standings.awards {
                    out +=
                        "  \(standings.name(a.unit)): \(a.title) — \(a.decision) [\(t("bản ghi", "entry")) "
                        + "\(a.entry), \(id)]"
                    out +=
                        a.revoked.map {
                            t(
                                " — ĐÃ THU HỒI (bản ghi \($0.entry)): \($0.reason)",
                                " — REVOKED (entry \($0.entry)): \($0.reason)")
                        } ?? ""
                    out += "\n"
                }
            }
        }
        if !standings.warnings.isEmpty {
            out += "\n" + t("CẢNH BÁO CHẤT LƯỢNG DỮ LIỆU", "DATA-QUALITY WARNINGS") + "\n"
            for w in standings.warnings {
                out += "  [\(t("bản ghi", "entry")) \(w.entry)] \(words.finding(w.finding))\n"
            }
        }
        return out
    }

    /// Every point of one unit's score, with the entries behind it.
    public func explain(unit: String) -> String? {
        let hits = shown.compactMap { g in g.units.first { $0.unit == unit }.map { (g, $0) } }
        guard !hits.isEmpty else { return nil }
        var out = ""
        for (g, u) in hits {
            out += "\(u.name) [\(u.unit)] — \(g.name), \(t("ngày", "on")) \(date(g.date))\n"
            out += t(
                "Bảng điểm \(g.rubric), công bố tại bản ghi \(g.rubricEntry), SHA-256 \(g.rubricHash)\n",
                "Rubric \(g.rubric), published at entry \(g.rubricEntry), SHA-256 \(g.rubricHash)\n")
            if u.lineage.count > 1 {
                out +=
                    t("Kế thừa lịch sử của: ", "Carries the history of: ")
                    + u.lineage.dropLast().map { "\(standings.name($0)) [\($0)]" }.joined(separator: ", ") + "\n"
            }
            for c in u.criteria {
                out +=
                    "  \(pad(c.criterion, 5)) \(pad(c.name, 48)) \(pad(pts(c.points), 6, right: true)) / "
                    + "\(pad(pts(c.max), 6, right: true))"
                out +=
                    "  \(words.basis(c.basis))\(c.appraised ? t(" (đã thẩm định)", " (appraised)") : "")  "
                    + "[\(t("bản ghi", "entries")) \(c.entries.map(String.init).joined(separator: ", "))]\n"
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
            for a in u.attachedEvidence {
                let names = a.value.evidence.map { $0.name ?? String($0.sha256.prefix(12)) }.joined(separator: ", ")
                out += "  " + t("Minh chứng bổ sung cho", "Evidence added to") + " \(a.value.entry): \(names) "
                out += "[\(t("bản ghi", "entry")) \(a.entry)]\n"
            }
            for v in u.violations {
                out +=
                    "  " + t("Vi phạm", "Violation")
                    + " (\(v.value.level)): \(v.value.description) [\(t("bản ghi", "entry")) \(v.entry)] — "
                    + t("không xét danh hiệu\n", "no title\n")
            }
        }
        return out
    }

    // MARK: json

    func num(_ p: Points) -> JSON { .number(p.description) }
    func entries(_ list: [Int]) -> JSON { list.json }

    func json(_ u: UnitStanding) -> JSON {
        [
            "rank": u.rank.json, "unit": u.unit.json, "name": u.name.json, "total": num(u.total),
            "criteriaTotal": num(u.criteriaTotal),
            "band": u.band.id.json, "bandName": band(u.band).json, "disqualified": u.disqualified.json,
            "unresolvedTie": u.unresolvedTie.json,
            "lineage": u.lineage.json,
            "criteria": .array(
                u.criteria.map { c in
                    [
                        "criterion": c.criterion.json, "points": num(c.points), "max": num(c.max),
                        "appraised": c.appraised.json,
                        "basis": words.basis(c.basis).json, "entries": entries(c.entries),
                    ]
                }),
            "bonuses": .array(
                u.bonuses.map { ["item": $0.item.json, "points": num($0.points), "entries": entries($0.entries)] }),
            "deductions": .array(
                u.deductions.map { ["item": $0.item.json, "points": num($0.points), "entries": entries($0.entries)] }),
            "violations": u.violations.map(\.entry).json,
        ]
    }

    public func json() -> JSON {
        let groups: [JSON] = shown.map { g in
            [
                "group": g.group.json, "kind": g.kind.rawValue.json, "name": g.name.json, "date": g.date.json,
                "rubric": g.rubric.json,
                "rubricEntry": g.rubricEntry.json, "rubricSha256": g.rubricHash.json, "leader": g.leader.json ?? nil,
                "provinceFlag": g.provinceFlag.json ?? nil, "units": .array(g.units.map(json)),
            ]
        }
        let progress: [JSON] = standings.progress.filter { !$0.rows.isEmpty }.map { p in
            [
                "movement": p.movement.json, "number": p.number.json, "code": p.indicator.code.json,
                "name": p.indicator.name.json,
                "unitOfMeasure": p.indicator.unit.json, "target": .number(p.indicator.value.decimalText()),
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
            "origin": standings.origin.json, "size": standings.size.json,
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

    // MARK: csv

    /// A CSV cell (RFC 4180, read on bytes, not on what a font shows): text is quoted when
    /// it holds a comma, a quote, CR or LF; text that a spreadsheet would run as a formula
    /// (starting with `=`, `+`, `-`, `@`, TAB or CR) gets a leading `'`. Numbers we write
    /// ourselves are left as numbers, negative ones too.
    enum CSVCell {
        case text(String)
        case number(String)

        var field: String {
            switch self {
            case .number(let n): return n
            case .text(var s):
                if let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { s = "'" + s }
                let special = s.utf8.contains {
                    $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A
                }
                return special ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
        }
    }

    /// One row per unit and group, CRLF line ends (RFC 4180); numbers with a dot, for
    /// programs (people get the spreadsheet).
    public func csv() -> String {
        var out = "group,kind,rank,unit,name,total,band,disqualified,leader,province_flag\r\n"
        for g in shown {
            for u in g.units {
                let cells: [CSVCell] = [
                    .text(g.group), .text(g.kind.rawValue), .number(String(u.rank)), .text(u.unit), .text(u.name),
                    .number(u.total.description), .text(band(u.band)), .text(u.disqualified ? "yes" : "no"),
                    .text(g.leader == u.unit ? "yes" : "no"), .text(g.provinceFlag == u.unit ? "yes" : "no"),
                ]
                out += cells.map(\.field).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }

    // MARK: html

    func esc(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(ch)
            }
        }
        return o
    }

    public func html() -> String {
        var out = """
            <!doctype html>
            <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
            <title>\(esc(t("Bảng xếp hạng thi đua", "Emulation ranking")))</title>
            <style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}
            td,th{border:1px solid #999;padding:.3em .6em}td.n{text-align:right}tr.dq td{color:#a00}</style>
            </head><body>
            <h1>\(esc(t("Bảng xếp hạng thi đua", "Emulation ranking")))</h1>
            <p>\(esc(standings.origin)) — \(esc(t("\(standings.size) bản ghi", "\(standings.size) entries")))</p>

            """
        for g in shown {
            out +=
                "<h2>\(esc(g.name))</h2>\n<table><tr>"
                + [t("Hạng", "Rank"), t("Đơn vị", "Unit"), t("Tổng điểm", "Total"), t("Xếp loại", "Band")].map {
                    "<th>\(esc($0))</th>"
                }.joined()
                + "</tr>\n"
            for u in g.units {
                out +=
                    "<tr\(u.disqualified ? " class=\"dq\"" : "")><td "
                    + "class=\"n\">\(u.rank)</td><td>\(esc(u.name))</td><td "
                    + "class=\"n\">\(esc(pts(u.total)))</td><td>\(esc(band(u.band)))</td></tr>\n"
            }
            out += "</table>\n"
        }
        if !standings.warnings.isEmpty {
            out += "<h2>\(esc(t("Cảnh báo chất lượng dữ liệu", "Data-quality warnings")))</h2><ul>\n"
            for w in standings.warnings { out += "<li>[\(w.entry)] \(esc(words.finding(w.finding)))</li>\n" }
            out += "</ul>\n"
        }
        return out + "</body></html>\n"
    }
}
