import ThiduaLog

/// What the printed report's heading and signature block say: who issues it and where.
/// The number and the date stay blank (`Số: ……`, `ngày …… tháng …… năm ……`): the office
/// fills them in when the paper is signed.
public struct Letterhead: Sendable {
    /// The body the issuer belongs to (cơ quan chủ quản), e.g. `UBND TỈNH ĐIỆN BIÊN`.
    public var superior: String?
    /// The issuing body (cơ quan ban hành).
    public var body: String
    /// The place in the date line (địa danh), e.g. `Điện Biên`.
    public var place: String?
    /// The letters after the number: `BC` (báo cáo) and the issuer's abbreviation.
    public var symbol: String

    public init(
        superior: String? = nil, body: String = "Hội đồng Thi đua – Khen thưởng", place: String? = nil,
        symbol: String = "BC-HĐTĐKT"
    ) {
        self.superior = superior
        self.body = body
        self.place = place
        self.symbol = symbol
    }
}

/// Where a report's figures come from, for its evidence line: the log's Merkle root at the
/// size replayed and the signed checkpoint that root can be checked against.
public struct ReportEvidence: Sendable {
    /// The database or export the entries were read from (passwords removed).
    public var source: String
    /// The RFC 9162 root of the entries replayed, base64.
    public var root: String
    /// The latest signed checkpoint known (a stored one, or the largest given).
    public var checkpoint: (size: Int, root: String)?
    /// False when the export was read with `--no-verify`.
    public var verified: Bool
    /// Entries left out (`--exclude`): the report is a counterfactual.
    public var excluded: [Int]

    public init(
        source: String, root: String, checkpoint: (size: Int, root: String)?, verified: Bool = true,
        excluded: [Int] = []
    ) {
        self.source = source
        self.root = root
        self.checkpoint = checkpoint
        self.verified = verified
        self.excluded = excluded
    }
}

/// The ranking as a printable A4 document in the administrative style of Decree
/// 30/2020/NĐ-CP: the issuer and the national title (Quốc hiệu, tiêu ngữ) side by side,
/// number and date to fill in, the title, then per cluster and bloc the ranking with every
/// band's reason, the leader and flag and why, a chart of the scores against the band
/// thresholds; the government flag, awards (revoked ones marked), data-quality warnings,
/// and the evidence line (the log's root and checkpoint); recipients and signature.
extension Report {
    func esc(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            default: o.append(ch)
            }
        }
        return o
    }

    public func html() -> String {
        var sections: [(title: String, body: String)] = [
            (t("Kết quả chấm điểm, xếp hạng", "Scores and rankings"), htmlGroups())
        ]
        if groups == nil {
            sections.append((t("Đề nghị Cờ thi đua của Chính phủ", "Government emulation flag"), htmlGovernmentFlag()))
            if standings.progress.contains(where: { !$0.rows.isEmpty }) {
                sections.append((t("Tiến độ chỉ tiêu phong trào", "Movement target progress"), htmlProgress()))
            }
            if !standings.awards.isEmpty { sections.append((t("Khen thưởng", "Commendations"), htmlAwards())) }
        }
        if !standings.warnings.isEmpty {
            sections.append((t("Cảnh báo chất lượng dữ liệu", "Data-quality warnings"), htmlWarnings()))
        }
        sections.append((t("Căn cứ kiểm chứng", "Evidence"), htmlEvidence()))
        var out = htmlHead() + htmlLetterhead() + htmlTitle()
        let roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
        for (i, s) in sections.enumerated() {
            out += "<h2>\(roman[i]). \(esc(s.title.uppercased()))</h2>\n" + s.body
        }
        return out + htmlSignature() + "</body></html>\n"
    }

    func htmlHead() -> String {
        """
        <!doctype html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(documentTitle))</title>
        <style>
        @page{size:A4;margin:20mm 15mm 20mm 30mm;@top-center{content:counter(page);font:13pt "Times New Roman",\
        "Liberation Serif","DejaVu Serif",serif}}
        @page:first{@top-center{content:none}}
        body{font-family:"Times New Roman","Liberation Serif","DejaVu Serif",serif;font-size:13pt;line-height:1.3;
        color:#000;margin:0}
        @media screen{body{max-width:165mm;margin:12mm auto;padding:0 12mm}}
        table.head{width:100%;border-collapse:collapse}table.head td{vertical-align:top;text-align:center;padding:0;
        border:0}
        .up{text-transform:uppercase;font-size:12pt}.nw{white-space:nowrap}.b{font-weight:bold}
        .tn{font-weight:bold;font-size:13.5pt}
        .rule{border-top:1px solid #000;margin:2pt auto 8pt;height:0}.i{font-style:italic}
        h1{text-align:center;font-size:14pt;margin:18pt 0 0}.sub{text-align:center;font-weight:bold;font-size:14pt;
        margin:0}.sub2{text-align:center;font-style:italic;margin:2pt 0 0}
        h2{font-size:13pt;margin:14pt 0 4pt;break-after:avoid}h3{font-size:13pt;margin:12pt 0 2pt;break-after:avoid}
        p{margin:3pt 0;text-align:justify}.meta{font-size:11.5pt;margin:0 0 4pt}
        table.rank{width:100%;border-collapse:collapse;font-size:11.5pt;margin:4pt 0}
        table.rank th,table.rank td{border:.5pt solid #000;padding:2pt 4pt;vertical-align:top}
        table.rank thead{display:table-header-group}table.rank tr{break-inside:avoid}
        td.n{text-align:right;white-space:nowrap}td.c{text-align:center}.why{font-size:10.5pt}
        .badge{display:inline-block;border:.75pt solid #000;border-radius:2pt;font-size:9pt;font-weight:bold;
        padding:0 3pt;margin-left:3pt;white-space:nowrap}
        .prov{font-weight:bold}.cf{font-weight:bold;border:1pt solid #000;padding:3pt 6pt;margin:6pt 0}
        figure{margin:6pt 0 10pt;break-inside:avoid}figcaption{font-size:11pt;font-style:italic;text-align:center}
        svg{width:100%;height:auto}
        .evidence{font-size:11pt}.evidence code{font-family:"DejaVu Sans Mono",monospace;font-size:9.5pt;
        word-break:break-all}
        table.sign{width:100%;margin-top:18pt;break-inside:avoid}table.sign td{vertical-align:top;width:50%}
        .recip{font-size:11pt}.recip .h{font-size:12pt;font-weight:bold;font-style:italic}
        </style>
        </head><body>

        """
    }

    public var documentTitle: String {
        shown.count == 1
            ? t("Kết quả chấm điểm, xếp hạng thi đua", "Emulation scores and ranking") + " — " + shown[0].name
            : t(
                "Kết quả chấm điểm, xếp hạng thi đua các cụm, khối",
                "Emulation scores and rankings of the clusters and blocs")
    }

    func htmlLetterhead() -> String {
        let lh = letterhead
        let superior = lh.superior.map { "<div class=\"up\">\(esc($0))</div>" } ?? ""
        let place = lh.place.map(esc) ?? "……"
        return """
            <table class="head"><tr>
            <td style="width:40%">\(superior)<div class="up b">\(esc(lh.body))</div>
            <div class="rule" style="width:40%"></div>
            <div>\(t("Số", "No.")): ……/\(esc(lh.symbol))</div></td>
            <td><div class="up b nw">\(t("Cộng hòa xã hội chủ nghĩa Việt Nam", "Socialist Republic of Viet Nam"))</div>
            <div class="tn">\(t("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"))</div>
            <div class="rule" style="width:62%"></div>
            <div class="i">\(t("\(place), ngày …… tháng …… năm ……", "\(place), (day) …… (month) …… (year) ……"))</div>
            </td>
            </tr></table>

            """
    }

    func htmlTitle() -> String {
        let scope =
            shown.count == 1
            ? shown[0].name
            : t("các cụm, khối thi đua", "the emulation clusters and blocs")
        var out = "<h1>\(t("BÁO CÁO", "REPORT"))</h1>\n"
        out +=
            "<p class=\"sub\">\(esc(t("Kết quả chấm điểm, xếp hạng thi đua của ", "Emulation scores and ranking of ")))"
        out += "\(esc(scope))</p>\n<div class=\"rule\" style=\"width:30%\"></div>\n"
        let title = standings.title.map { esc($0) + "; " } ?? ""
        out += "<p class=\"sub2\">\(title)\(esc(dating()))</p>\n"
        if let e = evidence, !e.excluded.isEmpty || shown.contains(where: { $0.rubricEntry < 0 }) {
            out += "<p class=\"cf\">\(esc(counterfactualNote(e)))</p>\n"
        }
        if let e = evidence, !e.verified {
            out += "<p class=\"cf\">\(esc(t("CHƯA KIỂM CHỨNG", "NOT VERIFIED"))): \(esc(unverifiedNote(e)))</p>\n"
        }
        return out
    }

    func counterfactualNote(_ e: ReportEvidence) -> String {
        var parts: [String] = []
        if !e.excluded.isEmpty {
            let list = e.excluded.map(String.init).joined(separator: ", ")
            parts.append(t("bỏ bản ghi \(list)", "without entries \(list)"))
        }
        if shown.contains(where: { $0.rubricEntry < 0 }) {
            parts.append(t("chấm bằng bảng điểm từ tệp", "scored with a rubric from a file"))
        }
        return t("GIẢ ĐỊNH", "COUNTERFACTUAL") + " (" + parts.joined(separator: "; ") + "): "
            + t("không phải kết quả chính thức", "not the official result")
    }

    func unverifiedNote(_ e: ReportEvidence) -> String {
        t(
            "\(e.source) được đọc không kiểm tra chữ ký và thẩm quyền (--no-verify); kết quả chỉ đáng tin như tệp đó",
            "\(e.source) was read without checking signatures or authority (--no-verify); the result is only as good "
                + "as the file")
    }

    // MARK: the ranking of each group

    func htmlGroups() -> String {
        var out = ""
        for (i, g) in shown.enumerated() {
            out += "<h3>\(i + 1). \(esc(g.name))</h3>\n"
            out +=
                "<p class=\"meta\">\(esc(kind(g.kind))) <code>\(esc(g.group))</code>; \(t("ngày", "on")) "
                + "\(esc(date(g.date))); \(t("bảng điểm", "rubric")) <code>\(esc(g.rubric))</code> "
                + "(\(esc(rubricSource(g))), SHA-256 <code>\(esc(String(g.rubricHash.prefix(16))))…</code>)</p>\n"
            if let p = words.provisional(g) { out += "<p class=\"prov\">\(esc(p.uppercasedFirst))</p>\n" }
            if g.units.isEmpty {
                out += "<p>\(t("(không có thành viên vào ngày này)", "(no members on this date)"))</p>\n"
            } else {
                out += htmlTable(g)
            }
            out += "<p>\(esc(words.leader(g)))</p>\n"
            out += "<p>\(esc(t("Cờ thi đua của UBND tỉnh: ", "Province emulation flag: ") + words.flag(g)))</p>\n"
            if !g.units.isEmpty {
                out += "<figure>\(chart(g))<figcaption>\(t("Hình", "Figure")) \(i + 1). "
                out += esc(t("Tổng điểm so với ngưỡng xếp loại — ", "Totals against the band thresholds — ") + g.name)
                out += "<br>" + legend(g) + "</figcaption></figure>\n"
            }
        }
        return out
    }

    func htmlTable(_ g: GroupStanding) -> String {
        let heads = [t("Hạng", "Rank"), t("Đơn vị", "Unit"), t("Tổng điểm", "Total"), t("Xếp loại", "Band")]
        var out =
            "<table class=\"rank\"><colgroup><col style=\"width:7%\"><col style=\"width:25%\"><col style=\"width:10%\">"
            + "<col style=\"width:17%\"><col></colgroup><thead><tr>" + heads.map { "<th>\(esc($0))</th>" }.joined()
            + "<th>\(esc(t("Căn cứ xếp loại, ghi chú", "Why: band, violations, lineage")))</th></tr></thead><tbody>\n"
        for u in g.units {
            let badge =
                u.disqualified
                ? "<span class=\"badge\">\(esc(t("không xét danh hiệu", "not eligible for titles")))</span>" : ""
            let leader = g.leader == u.unit ? " ★" : ""
            out +=
                "<tr><td class=\"c\">\(u.rank)</td><td>\(esc(u.name))\(leader)\(badge)</td>"
                + "<td class=\"n\">\(esc(pts(u.total)))</td><td>\(esc(band(u.band)))</td><td class=\"why\">"
                + notes(u, in: g).map { esc($0.uppercasedFirst) }.joined(separator: "<br>") + "</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    // MARK: the chart

    /// Horizontal bars of each unit's total on a scale from 0, coloured by band, with a
    /// dashed line at each band's minimum total; a unit not eligible for titles is drawn
    /// hollow and labelled. Every bar and line has a `<title>` (shown on hover).
    func chart(_ g: GroupStanding) -> String {
        let labelW = 200.0
        let plotW = 330.0
        let rowH = 20.0
        let top = 24.0
        let height = top + Double(g.units.count) * rowH + 26
        let most = g.units.map(\.total.hundredths).max() ?? 0
        let axisMax = max(10_000, (most + 999) / 1000 * 1000)  // hundredths, a multiple of 10 points
        let x = { (h: Int64) in labelW + plotW * Double(max(h, 0)) / Double(axisMax) }
        let palette = Report.palette
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(labelW + plotW + 150)) \(Int(height))\" "
            + "role=\"img\" font-family=\"Times New Roman, Liberation Serif, serif\" font-size=\"11\"><title>"
            + esc(t("Tổng điểm so với ngưỡng xếp loại — ", "Totals against the band thresholds — ") + g.name)
            + "</title>\n"
        let step: Int64 = axisMax > 15_000 ? 2000 : 1000
        for tick in stride(from: Int64(0), through: axisMax, by: Int(step)) {
            svg +=
                "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(tick)))\" y2=\"\(f(height - 22))\" "
                + "stroke=\"#ccc\" stroke-width=\"0.5\"/>"
                + "<text x=\"\(f(x(tick)))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(tick / 100)</text>\n"
        }
        for (i, u) in g.units.enumerated() {
            let y = top + Double(i) * rowH
            let colour = palette[min(g.bands.firstIndex(of: u.band) ?? 4, 4)]
            let name = u.name.count > 36 ? String(u.name.prefix(35)) + "…" : u.name
            let label = "\(u.name): \(pts(u.total)) — \(band(u.band))"
            svg +=
                "<text x=\"\(f(labelW - 6))\" y=\"\(f(y + 12))\" text-anchor=\"end\">\(u.rank). \(esc(name))</text>"
            let fill = u.disqualified ? "fill=\"#fff\" stroke-dasharray=\"3 2\"" : "fill=\"\(colour)\""
            svg +=
                "<rect x=\"\(f(labelW))\" y=\"\(f(y + 3))\" width=\"\(f(x(u.total.hundredths) - labelW))\" "
                + "height=\"12\" \(fill) stroke=\"\(colour)\"><title>\(esc(label))</title></rect>"
            let note = u.disqualified ? " · " + t("không xét danh hiệu", "not eligible") : ""
            svg +=
                "<text x=\"\(f(x(u.total.hundredths) + 4))\" y=\"\(f(y + 12))\">\(esc(pts(u.total) + note))</text>\n"
        }
        for b in g.bands {
            guard let h = try? b.minTotal.rounded(places: 2), h > 0, h <= Int128(axisMax) else { continue }
            let bx = x(Int64(h))
            let colour = palette[min(g.bands.firstIndex(of: b) ?? 4, 4)]
            let floor = b.floorPercent.isZero ? "" : t(", sàn ", ", floor ") + lang.value(b.floorPercent) + " %"
            svg +=
                "<line x1=\"\(f(bx))\" y1=\"\(f(top - 8))\" x2=\"\(f(bx))\" y2=\"\(f(height - 22))\" "
                + "stroke=\"\(colour)\" "
                + "stroke-width=\"1\" stroke-dasharray=\"4 3\"><title>\(esc(band(b))): \(t("tổng", "total")) ≥ "
                + "\(esc(lang.value(b.minTotal)))\(esc(floor))</title></line>"
                + "<text x=\"\(f(bx))\" y=\"\(f(top - 11))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(colour)\">"
                + "≥ \(esc(lang.value(b.minTotal)))</text>\n"
        }
        return svg + "</svg>"
    }

    static let palette = ["#1b5e20", "#1565c0", "#e65100", "#b71c1c", "#424242"]

    /// The chart's legend: each band's colour, name and thresholds.
    func legend(_ g: GroupStanding) -> String {
        g.bands.enumerated().map { i, b in
            let floor = b.floorPercent.isZero ? "" : t(", sàn ", ", floor ") + lang.value(b.floorPercent) + " %"
            return "<span style=\"color:\(Report.palette[min(i, 4)])\">■</span> \(esc(band(b)))"
                + " (≥ \(esc(lang.value(b.minTotal) + floor)))"
        }.joined(separator: "; ")
    }

    /// A coordinate with one decimal.
    func f(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    // MARK: the other sections

    func htmlGovernmentFlag() -> String { "<p>\(esc(governmentFlag()))</p>\n" }

    func htmlProgress() -> String {
        var out = ""
        for p in standings.progress where !p.rows.isEmpty {
            out +=
                "<p><b>(\(p.number)) \(esc(p.indicator.code))</b> \(esc(p.indicator.name)): \(t("chỉ tiêu", "target")) "
                + "\(esc(lang.value(p.indicator.value))) \(esc(p.indicator.unit))</p>\n"
            out +=
                "<table class=\"rank\"><thead><tr><th>\(t("Đơn vị", "Unit"))</th><th>\(t("Thực hiện", "Done"))</th>"
                + "<th>\(t("Chỉ tiêu", "Target"))</th><th>\(t("Kết quả", "Result"))</th><th>\(t("Bản ghi", "Entry"))"
                + "</th></tr></thead><tbody>\n"
            for r in p.rows {
                out +=
                    "<tr><td>\(esc(standings.name(r.unit)))</td><td class=\"n\">\(esc(lang.value(r.value)))</td>"
                    + "<td class=\"n\">\(esc(lang.value(r.target)))</td>"
                    + "<td>\(r.met ? t("đạt", "met") : t("chưa đạt", "not met"))</td><td "
                    + "class=\"c\">\(r.entry)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }

    func htmlAwards() -> String {
        var out =
            "<table class=\"rank\"><thead><tr><th>\(t("Đơn vị", "Unit"))</th><th>\(t("Danh hiệu, hình thức", "Award"))"
            + "</th><th>\(t("Quyết định", "Decision"))</th><th>\(t("Bản ghi", "Entry"))</th></tr></thead><tbody>\n"
        for (id, a) in standings.awards {
            let revoked =
                a.revoked.map {
                    "<br><span class=\"badge\">\(t("ĐÃ THU HỒI", "REVOKED"))</span> "
                        + esc(t("bản ghi \($0.entry): ", "entry \($0.entry): ") + $0.reason)
                } ?? ""
            out +=
                "<tr><td>\(esc(standings.name(a.unit)))</td><td>\(esc(a.title))\(revoked)</td>"
                + "<td>\(esc(a.decision))</td><td class=\"c\">\(a.entry)<br><span class=\"why\">\(esc(id))</span></td>"
                + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    func htmlWarnings() -> String {
        var out = "<ul>\n"
        for w in standings.warnings {
            out += "<li>[\(t("bản ghi", "entry")) \(w.entry)] \(esc(words.finding(w.finding)))</li>\n"
        }
        return out + "</ul>\n"
    }

    /// The evidence line: where the figures come from and how anyone can check them.
    func htmlEvidence() -> String {
        var out = "<div class=\"evidence\"><p>" + esc(dating()) + ".</p>\n"
        guard let e = evidence else { return out + "</div>\n" }
        let n = standings.size
        out += "<p>"
        out += t(
            "Sổ <code>\(esc(standings.origin))</code>, đọc từ \(esc(e.source)). Gốc cây Merkle (RFC 9162) của \(n) "
                + "bản ghi đầu: <code>\(e.root)</code>.",
            "Log <code>\(esc(standings.origin))</code>, read from \(esc(e.source)). Merkle root (RFC 9162) of its "
                + "first \(n) entries: <code>\(e.root)</code>.")
        out += " "
        if let cp = e.checkpoint {
            if cp.size == n && cp.root == e.root {
                out += t(
                    "Khớp điểm kiểm tra do khóa sổ ký (C2SP checkpoint) ở kích thước \(n).",
                    "It matches the checkpoint the log key signed (C2SP) at size \(n).")
            } else {
                out += t(
                    "Điểm kiểm tra đã ký gần nhất: kích thước \(cp.size), gốc <code>\(cp.root)</code>; "
                        + "<code>thidua prove consistency --from \(n) --to \(cp.size)</code> chứng minh \(n) bản ghi "
                        + "trên là phần đầu của nó.",
                    "The latest signed checkpoint: size \(cp.size), root <code>\(cp.root)</code>; <code>thidua prove "
                        + "consistency --from \(n) --to \(cp.size)</code> proves these \(n) entries are its beginning.")
            }
        } else {
            out += t(
                "Chưa có điểm kiểm tra đã ký cho sổ này (<code>thidua checkpoint</code> ký một điểm).",
                "No signed checkpoint is known for this log (<code>thidua checkpoint</code> signs one).")
        }
        out += "</p>\n<p>"
        out += t(
            "Mọi điểm số, xếp loại và lý do trên tính lại được từ sổ bằng <code>thidua rank</code>, "
                + "<code>thidua explain</code> và kiểm tra bằng <code>thidua verify</code> hoặc một công cụ độc lập "
                + "theo chuẩn công khai (DSSE, Ed25519, RFC 9162, C2SP).",
            "Every score, band and reason above can be recomputed from the log with <code>thidua rank</code> and "
                + "<code>thidua explain</code>, and checked with <code>thidua verify</code> or any independent tool "
                + "of the public standards (DSSE, Ed25519, RFC 9162, C2SP).")
        return out + "</p></div>\n"
    }

    func htmlSignature() -> String {
        """
        <table class="sign"><tr><td class="recip"><div class="h">\(t("Nơi nhận:", "Recipients:"))</div>
        <div>- \(t("Như trên;", "As above;"))</div><div>- \(t("Lưu: VT.", "File: VT."))</div></td>
        <td style="text-align:center"><div class="b">\(t("TM. HỘI ĐỒNG", "ON BEHALF OF THE COUNCIL"))</div>
        <div class="b">\(t("CHỦ TỊCH", "CHAIR"))</div><div class="i" style="margin-top:48pt">\(t(
            "(Ký, ghi rõ họ tên, đóng dấu)", "(Signature, full name, seal)"))</div></td></tr></table>

        """
    }
}
