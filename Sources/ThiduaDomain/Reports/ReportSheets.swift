import ThiduaLog

/// A table of a spreadsheet, as values: what `thidua rank --format xlsx` writes (the
/// Office Open XML file itself is written by `ThiduaOffice`). Numbers stay numbers
/// (exact, with the places they are shown with), dates stay dates.
public struct Sheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// A number shown with `places` decimals.
        case number(Fraction, places: Int)
        case integer(Int)
        /// A calendar date, `yyyy-mm-dd`.
        case date(String)
        case empty
    }

    /// The sheet's tab name (at most 31 characters, unique in the workbook).
    public var name: String
    /// Lines above the table (the first is the title).
    public var heading: [String]
    public var header: [String]
    public var rows: [[Cell]]
    /// Lines under the table (leader, flag).
    public var footer: [String]
    /// Column widths, in characters.
    public var widths: [Int]
}

extension Report {
    /// One sheet per cluster and bloc (the ranking with every band's reason), then one
    /// sheet of every criterion's points (`Tiêu chí`).
    public func sheets() -> [Sheet] {
        var used: Set<String> = []
        var out = shown.map { g in groupSheet(g, name: Report.sheetName(g.name, used: &used)) }
        out.append(criteriaSheet(name: Report.sheetName(t("Tiêu chí", "Criteria"), used: &used)))
        return out
    }

    static let sheetHeaderVI = [
        "Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Điểm tiêu chí", "Điểm cộng", "Điểm trừ", "Xếp loại",
        "Lý do xếp loại", "Không xét danh hiệu", "Vi phạm", "Hình thành từ", "Hòa điểm",
    ]
    static let sheetHeaderEN = [
        "Rank", "Unit id", "Unit", "Total", "Criteria points", "Bonuses", "Deductions", "Band", "Band reason",
        "Not eligible for titles", "Violations", "Formed from", "Tie",
    ]

    func groupSheet(_ g: GroupStanding, name: String) -> Sheet {
        var heading = [
            "\(g.name) — \(t("ngày", "on")) \(date(g.date))",
            "\(kind(g.kind)) \(g.group); \(t("bảng điểm", "rubric")) \(g.rubric) (\(rubricSource(g))); "
                + dating(),
        ]
        if let p = words.provisional(g) { heading.append(p.uppercasedFirst) }
        let rows: [[Sheet.Cell]] = g.units.map { u in
            let bonus = u.bonuses.reduce(Points.zero) { $0 + $1.points }
            return [
                .integer(u.rank), .text(u.unit), .text(u.name), .number(u.total.fraction, places: 2),
                .number(u.criteriaTotal.fraction, places: 2), .number(bonus.fraction, places: 2),
                .number(u.deductionTotal.fraction, places: 2), .text(band(u.band)),
                .text(words.bandReason(u.bandDecision, in: g)), .text(u.disqualified ? t("có", "yes") : ""),
                .text(words.violations(u).joined(separator: "; ")),
                .text(words.carries(u.carries, of: u.unit).joined(separator: "; ")),
                .text(u.unresolvedTie ? words.tie(u) : ""),
            ]
        }
        return Sheet(
            name: name, heading: heading, header: lang == .vi ? Report.sheetHeaderVI : Report.sheetHeaderEN,
            rows: rows,
            footer: [words.leader(g), t("Cờ thi đua của UBND tỉnh: ", "Province emulation flag: ") + words.flag(g)],
            widths: [6, 18, 34, 11, 11, 10, 10, 26, 60, 12, 40, 60, 30])
    }

    func criteriaSheet(name: String) -> Sheet {
        var rows: [[Sheet.Cell]] = []
        for g in shown {
            for u in g.units {
                for c in u.criteria {
                    rows.append([
                        .text(g.group), .date(g.date), .text(u.unit), .text(u.name), .text(c.criterion),
                        .text(c.name), .number(c.points.fraction, places: 2), .number(c.max.fraction, places: 2),
                        .text(words.basis(c.basis)), .text(c.appraised ? t("có", "yes") : ""),
                        .text(c.entries.map(String.init).joined(separator: ", ")),
                    ])
                }
            }
        }
        let header =
            lang == .vi
            ? [
                "Cụm, khối", "Ngày", "Mã đơn vị", "Đơn vị", "Tiêu chí", "Tên tiêu chí", "Điểm", "Điểm tối đa",
                "Cách tính", "Đã thẩm định", "Bản ghi",
            ]
            : [
                "Group", "Date", "Unit id", "Unit", "Criterion", "Criterion name", "Points", "Max", "How computed",
                "Appraised", "Entries",
            ]
        return Sheet(
            name: name,
            heading: [t("Điểm từng tiêu chí", "Points of every criterion"), dating()],
            header: header, rows: rows, footer: [], widths: [18, 11, 18, 30, 8, 44, 8, 10, 60, 10, 16])
    }

    /// A tab name Excel accepts: none of `[]:*?/\'`, at most 31 characters (a long
    /// `Cụm thi đua …` becomes `Cụm …`), unique.
    static func sheetName(_ wanted: String, used: inout Set<String>) -> String {
        let bad: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\", "'"]
        var short = wanted
        for (long, brief) in [("Cụm thi đua ", "Cụm "), ("Khối thi đua ", "Khối ")] where short.count > 31 {
            if short.hasPrefix(long) { short = brief + short.dropFirst(long.count) }
        }
        short = String(short.map { bad.contains($0) ? "-" : $0 })
        if short.count > 31 {
            // Cut at a word and mark the cut: `Cụm các phường, xã thành phố…`.
            let head = short.prefix(30)
            short = String(head.lastIndex(of: " ").map { head[..<$0] } ?? head) + "…"
        }
        var base = short.trimmingTrailingSpaces
        if base.isEmpty { base = "Sheet" }
        if base.count > 31 { base = String(base.prefix(31)) }
        var name = base
        var n = 2
        while used.contains(name.lowercased()) {
            let suffix = " (\(n))"
            name = String(base.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        used.insert(name.lowercased())
        return name
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
