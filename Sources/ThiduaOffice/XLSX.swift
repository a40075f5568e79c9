import ThiduaDomain

/// An Office Open XML workbook (ECMA-376, SpreadsheetML) written from `Sheet` values: a
/// zip of XML parts with stored entries. Text is inline (never a formula, whatever it
/// starts with), numbers are numbers with a `#,##0.00`-style format marked Vietnamese
/// (`[$-42A]`: Excel shows them with the reader's separators, `103,50` in a Vietnamese
/// locale), dates are dates (`dd/mm/yyyy`). Each sheet has its title above the table, the
/// header row frozen and filtered and repeated on every printed page, A4 landscape.
public enum XLSX {
    public static func workbook(_ sheets: [Sheet], title: String) throws -> [UInt8] {
        var zip = ZipWriter()
        try zip.add("[Content_Types].xml", Array(contentTypes(sheets.count).utf8))
        try zip.add("_rels/.rels", Array(rootRels.utf8))
        try zip.add("docProps/core.xml", Array(core(title).utf8))
        try zip.add("docProps/app.xml", Array(app.utf8))
        try zip.add("xl/workbook.xml", Array(workbookXML(sheets).utf8))
        try zip.add("xl/_rels/workbook.xml.rels", Array(workbookRels(sheets.count).utf8))
        try zip.add("xl/styles.xml", Array(styles.utf8))
        for (i, s) in sheets.enumerated() {
            try zip.add("xl/worksheets/sheet\(i + 1).xml", Array(sheetXML(s).utf8))
        }
        return zip.finish()
    }

    static let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func contentTypes(_ n: Int) -> String {
        let ct = "application/vnd.openxmlformats-officedocument"
        var s =
            head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(ct).spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(ct).spreadsheetml.styles+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(ct).extended-properties+xml\"/>"
        for i in 0..<n {
            s +=
                "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" "
                + "ContentType=\"\(ct).spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    static let rootRels =
        head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(rels)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
        + "core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(rels)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    static func core(_ title: String) -> String {
        head + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>\(esc(title))</dc:title>"
            + "<dc:creator>thidua</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"
    }

    static let app =
        head + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Application>thidua</Application></Properties>"

    static func workbookXML(_ sheets: [Sheet]) -> String {
        var s = head + "<workbook xmlns=\"\(ns)\" xmlns:r=\"\(rels)\"><bookViews><workbookView/></bookViews><sheets>"
        for (i, sh) in sheets.enumerated() {
            s += "<sheet name=\"\(esc(sh.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        s += "</sheets><definedNames>"
        for (i, sh) in sheets.enumerated() {
            let quoted = "'" + sh.name.replacingOccurrences(of: "'", with: "''") + "'"
            let h = sh.heading.count + 2  // the header row (a blank line under the heading)
            if !sh.rows.isEmpty {
                s +=
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">"
                    + "\(esc(quoted))!$A$\(h):$\(column(sh.header.count - 1))$\(h + sh.rows.count)</definedName>"
            }
            s +=
                "<definedName name=\"_xlnm.Print_Titles\" "
                + "localSheetId=\"\(i)\">\(esc(quoted))!$\(h):$\(h)</definedName>"
        }
        return s + "</definedNames></workbook>"
    }

    static func workbookRels(_ n: Int) -> String {
        var s = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 0..<n {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rels)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        return s + "<Relationship Id=\"rId\(n + 1)\" Type=\"\(rels)/styles\" Target=\"styles.xml\"/></Relationships>"
    }

    /// Cell formats, by index: 0 plain, 1 header, 2 title, 3 text in the table, 4 integer,
    /// 5 date, 6…10 numbers with 0…4 decimals, 11 italic notes.
    static let styles: String = {
        let places = (0...4).map { p in
            "<numFmt numFmtId=\"\(164 + p)\" "
                + "formatCode=\"[$-42A]#,##0\(p > 0 ? "." + String(repeating: "0", count: p) : "")\"/>"
        }
        let numbers = (0...4).map { p in
            "<xf numFmtId=\"\(164 + p)\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" "
                + "applyBorder=\"1\"><alignment vertical=\"top\"/></xf>"
        }
        return head + "<styleSheet xmlns=\"\(ns)\"><numFmts count=\"7\">" + places.joined()
            + "<numFmt numFmtId=\"169\" formatCode=\"dd/mm/yyyy\"/><numFmt numFmtId=\"170\" "
            + "formatCode=\"@\"/></numFmts>"
            + "<fonts count=\"4\"><font><sz val=\"12\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>"
            + "<font><b/><sz val=\"12\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>"
            + "<font><b/><sz val=\"14\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>"
            + "<font><i/><sz val=\"12\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font></fonts>"
            + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill "
            + "patternType=\"gray125\"/></fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE7E6E6\"/>"
            + "</patternFill></fill></fills>"
            + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border>"
            + "<left style=\"thin\"/><right style=\"thin\"/><top style=\"thin\"/><bottom style=\"thin\"/><diagonal/>"
            + "</border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"12\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
            + "applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\" "
            + "wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"170\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" "
            + "applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" "
            + "applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"top\"/></xf>"
            + "<xf numFmtId=\"169\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" "
            + "applyBorder=\"1\"><alignment vertical=\"top\"/></xf>"
            + numbers.joined()
            + "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "</styleSheet>"
    }()

    static func sheetXML(_ sh: Sheet) -> String {
        let cols = max(sh.header.count, 1)
        let last = column(cols - 1)
        let headerRow = sh.heading.count + 2
        let lastRow = headerRow + sh.rows.count + (sh.footer.isEmpty ? 0 : 1 + sh.footer.count)
        var s =
            head + "<worksheet xmlns=\"\(ns)\" xmlns:r=\"\(rels)\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
            + "<dimension ref=\"A1:\(last)\(lastRow)\"/><sheetViews><sheetView workbookViewId=\"0\">"
            + "<pane ySplit=\"\(headerRow)\" topLeftCell=\"A\(headerRow + 1)\" activePane=\"bottomLeft\" "
            + "state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15.75\"/><cols>"
        for (i, w) in sh.widths.prefix(cols).enumerated() {
            s += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
        }
        s += "</cols><sheetData>"
        var r = 1
        for (i, line) in sh.heading.enumerated() {
            s += "<row r=\"\(r)\">" + textCell("A\(r)", line, style: i == 0 ? 2 : 11) + "</row>"
            r += 1
        }
        r += 1
        s += "<row r=\"\(r)\">"
        for (i, h) in sh.header.enumerated() { s += textCell("\(column(i))\(r)", h, style: 1) }
        s += "</row>"
        for row in sh.rows {
            r += 1
            s += "<row r=\"\(r)\">"
            for (i, cell) in row.enumerated() { s += cellXML("\(column(i))\(r)", cell) }
            s += "</row>"
        }
        if !sh.footer.isEmpty { r += 1 }
        for line in sh.footer {
            r += 1
            s += "<row r=\"\(r)\">" + textCell("A\(r)", line, style: 0) + "</row>"
        }
        s += "</sheetData>"
        if !sh.rows.isEmpty { s += "<autoFilter ref=\"A\(headerRow):\(last)\(headerRow + sh.rows.count)\"/>" }
        return s + "<pageMargins left=\"0.6\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"
    }

    static func cellXML(_ ref: String, _ cell: Sheet.Cell) -> String {
        switch cell {
        case .text(let t): return textCell(ref, t, style: 3)
        case .integer(let n): return "<c r=\"\(ref)\" s=\"4\"><v>\(n)</v></c>"
        case .number(let f, let places):
            return "<c r=\"\(ref)\" s=\"\(6 + min(max(places, 0), 4))\"><v>\(f.decimalText(maxPlaces: 10))</v></c>"
        case .date(let d):
            guard let serial = serial(d) else { return textCell(ref, d, style: 3) }
            return "<c r=\"\(ref)\" s=\"5\"><v>\(serial)</v></c>"
        case .empty: return "<c r=\"\(ref)\" s=\"3\"/>"
        }
    }

    static func textCell(_ ref: String, _ text: String, style: Int) -> String {
        let space = text.first == " " || text.last == " " ? " xml:space=\"preserve\"" : ""
        return "<c r=\"\(ref)\" t=\"inlineStr\" s=\"\(style)\"><is><t\(space)>\(esc(text))</t></is></c>"
    }

    /// `A`, …, `Z`, `AA`, … for columns 0, 1, …
    static func column(_ i: Int) -> String {
        var n = i + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Excel's day number of `yyyy-mm-dd` (days since 1899-12-30).
    static func serial(_ d: String) -> Int? {
        let p = d.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, (1...12).contains(p[1]), (1...31).contains(p[2]), p[0] >= 1900 else { return nil }
        // Days from 1970-01-01 (Howard Hinnant's days_from_civil), plus 25569.
        let y = p[1] <= 2 ? p[0] - 1 : p[0]
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * (p[1] + (p[1] > 2 ? -3 : 9)) + 2) / 5 + p[2] - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + 25_569
    }

    /// XML text: `&`, `<`, `>`, `"` escaped; characters XML 1.0 forbids become U+FFFD.
    static func esc(_ s: String) -> String {
        var o = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "\t", "\n", "\r": o.unicodeScalars.append(u)
            default:
                let v = u.value
                o.unicodeScalars.append(v < 0x20 || v == 0xFFFE || v == 0xFFFF ? "\u{FFFD}" : u)
            }
        }
        return o
    }
}
