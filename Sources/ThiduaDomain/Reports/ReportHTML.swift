extension Report {
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
            <style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:.5em}
            td,th{border:1px solid #999;padding:.3em .6em;vertical-align:top}td.n{text-align:right}tr.dq td{color:#a00}
            .why{font-size:.9em;color:#333}.prov{font-weight:bold;color:#8a5a00}</style>
            </head><body>
            <h1>\(esc(t("Bảng xếp hạng thi đua", "Emulation ranking")))</h1>
            <p>\(esc(standings.origin)) — \(esc(dating()))</p>

            """
        for g in shown {
            out += "<h2>\(esc(g.name)) — \(esc(t("ngày", "on"))) \(esc(date(g.date)))</h2>\n"
            if let p = words.provisional(g) { out += "<p class=\"prov\">\(esc(p.uppercasedFirst))</p>\n" }
            out +=
                "<table><tr>"
                + [
                    t("Hạng", "Rank"), t("Đơn vị", "Unit"), t("Tổng điểm", "Total"), t("Xếp loại", "Band"),
                    t("Lý do", "Why"),
                ]
                .map { "<th>\(esc($0))</th>" }.joined() + "</tr>\n"
            for u in g.units {
                out +=
                    "<tr\(u.disqualified ? " class=\"dq\"" : "")><td class=\"n\">\(u.rank)</td><td>\(esc(u.name))</td>"
                    + "<td class=\"n\">\(esc(pts(u.total)))</td><td>\(esc(band(u.band)))</td><td class=\"why\">"
                    + notes(u, in: g).map(esc).joined(separator: "<br>") + "</td></tr>\n"
            }
            let flag = t("Cờ thi đua của UBND tỉnh: ", "Province emulation flag: ") + words.flag(g)
            out += "</table>\n<p>\(esc(words.leader(g)))<br>\(esc(flag))</p>\n"
        }
        if groups == nil { out += "<p>\(esc(governmentFlag()))</p>\n" }
        if !standings.warnings.isEmpty {
            out += "<h2>\(esc(t("Cảnh báo chất lượng dữ liệu", "Data-quality warnings")))</h2><ul>\n"
            for w in standings.warnings { out += "<li>[\(w.entry)] \(esc(words.finding(w.finding)))</li>\n" }
            out += "</ul>\n"
        }
        return out + "</body></html>\n"
    }
}
