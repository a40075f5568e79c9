extension Report {
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

    static let csvHeader = [
        "group", "kind", "date", "provisional", "rank", "unit", "name", "total", "band", "band_reason", "disqualified",
        "violations", "tie", "leader", "province_flag", "province_flag_reason",
    ]

    /// One row per unit and group, CRLF line ends (RFC 4180); numbers with a dot, for
    /// programs (people get the spreadsheet). Reasons are the report's sentences.
    public func csv() -> String {
        var out = Report.csvHeader.joined(separator: ",") + "\r\n"
        for g in shown {
            for u in g.units {
                let cells: [CSVCell] = [
                    .text(g.group), .text(g.kind.rawValue), .text(g.date), .text(g.provisional ? "yes" : "no"),
                    .number(String(u.rank)), .text(u.unit), .text(u.name), .number(u.total.description),
                    .text(band(u.band)), .text(words.bandReason(u.bandDecision, in: g)),
                    .text(u.disqualified ? "yes" : "no"), .text(words.violations(u).joined(separator: "; ")),
                    .text(u.unresolvedTie ? words.tie(u) : ""), .text(g.leader == u.unit ? "yes" : "no"),
                    .text(g.provinceFlag == u.unit ? "yes" : "no"), .text(g.leader == u.unit ? words.flag(g) : ""),
                ]
                out += cells.map(\.field).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }
}
