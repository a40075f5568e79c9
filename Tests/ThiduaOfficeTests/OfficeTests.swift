import Foundation
import TestSupport
import Testing

@testable import ThiduaOffice

/// The zip container of the spreadsheets, against published values and a reader that is
/// not ours (Python's zipfile).
@Suite struct ZipTests {
    /// The CRC-32 check value of "123456789" (the catalogue of CRC algorithms: CRC-32/ISO-HDLC).
    @Test func crc32HasItsPublishedCheckValue() {
        #expect(ZipWriter.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipWriter.crc32([]) == 0)
        #expect(ZipWriter.crc32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func pythonsZipfileReadsWhatWeWrite() throws {
        var z = ZipWriter()
        let text = Array("Xã Mường Nhé — 103,50\n".utf8)
        try z.add("a.txt", text)
        try z.add("thư mục/b.bin", (0..<1000).map { UInt8($0 % 251) })
        let dir = TempDir()
        try Data(z.finish()).write(to: URL(fileURLWithPath: dir.path("t.zip")))
        guard let python = Tools.find("python3") else {
            try Tools.skip(
                "reading our zip with Python's zipfile", needs: "python3", install: "apt-get install python3")
            return
        }
        let script = """
            import zipfile, sys
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None, "a CRC does not match"
            print("|".join(i.filename + ":" + str(i.file_size) + ":" + str(i.compress_type) for i in z.infolist()))
            print(z.read("a.txt").decode("utf-8"), end="")
            """
        let r = try run(python, ["-c", script, dir.path("t.zip")])
        let out = String(decoding: r.out, as: UTF8.self)
        #expect(r.status == 0, "\(out) \(r.err)")
        #expect(out == "a.txt:\(text.count):0|thư mục/b.bin:1000:0\nXã Mường Nhé — 103,50\n", "\(out)")
    }
}

/// `thidua rank --format html|pdf|xlsx` on the demo, read as their readers would: the HTML
/// in Chromium (a screenshot), the PDF by poppler (its pages, size and text; a picture of
/// the first page), the workbook by openpyxl, every cell compared with the JSON report.
@Suite(.serialized) struct OfficeFilesTests {
    static let shots = Tools.screenshots

    func demo() throws -> TempDir {
        let dir = TempDir()
        #expect(try thidua(["demo", "--db", "demo.db"], in: dir).status == 0)
        return dir
    }

    static let letterhead = ["--issuer", "UBND TỈNH ĐIỆN BIÊN", "--place", "Điện Biên"]

    @Test func theHTMLReportNamesItsEvidenceAndRendersInABrowser() throws {
        let dir = try demo()
        let r = try thidua(["rank", "--db", "demo.db", "--format", "html"] + Self.letterhead, in: dir)
        #expect(r.status == 0, "\(r.err)")
        let root = try #require(
            try JSON.root(thidua(["verify", "--db", "demo.db", "--json"], in: dir).out))
        #expect(r.out.contains("bản ghi đầu: <code>\(root)</code>"))
        #expect(r.out.contains("Khớp điểm kiểm tra do khóa sổ ký (C2SP checkpoint) ở kích thước 431."))  // the demo's
        // The export with its signed checkpoint: the same root, and the checkpoint matches.
        try thidua(["export", "--db", "demo.db"], in: dir).out.write(
            toFile: dir.path("log.jsonl"), atomically: true, encoding: .utf8)
        try thidua(["checkpoint", "--db", "demo.db", "--log-key", "demo.log-key.pem"], in: dir).out.write(
            toFile: dir.path("cp.txt"), atomically: true, encoding: .utf8)
        try thidua(["log-key", "--db", "demo.db"], in: dir).out.write(
            toFile: dir.path("key.txt"), atomically: true, encoding: .utf8)
        let fromExport = try thidua(
            ["rank", "--log", "log.jsonl", "--checkpoint", "cp.txt", "--key", "key.txt", "--format", "html"], in: dir)
        #expect(fromExport.status == 0, "\(fromExport.err)")
        #expect(fromExport.out.contains("bản ghi đầu: <code>\(root)</code>. Khớp điểm kiểm tra do khóa sổ ký"))
        // A prefix: its own root, and the way to prove it is the beginning of the checkpoint's.
        let early = try thidua(["rank", "--db", "demo.db", "--format", "html", "--size", "257"], in: dir)
        #expect(early.out.contains("thidua prove consistency --from 257 --to 431"), "\(early.out.suffix(2000))")
        // A counterfactual says it is one.
        let cf = try thidua(["rank", "--db", "demo.db", "--format", "html", "--exclude", "72"], in: dir)
        #expect(cf.out.contains("GIẢ ĐỊNH (bỏ bản ghi 72): không phải kết quả chính thức"))

        try r.out.write(toFile: dir.path("bao-cao.html"), atomically: true, encoding: .utf8)
        guard let chromium = try Tools.chromium(for: "a screenshot of the HTML report") else { return }
        let png = try screenshot(chromium, URL(fileURLWithPath: dir.path("bao-cao.html")).absoluteString, 900, 2400)
        try png.write(to: URL(fileURLWithPath: Self.shots + "/bao-cao.png"))
    }

    @Test func thePDFIsA4WithTheVietnameseTextIntact() throws {
        let dir = try demo()
        guard try Tools.chromium(for: "printing the report to PDF") != nil else {
            // Without Chromium the command says what to install (exit 69).
            let r = try thidua(["rank", "--db", "demo.db", "--format", "pdf"], in: dir)
            #expect(r.status == 69 && r.err.contains("apt-get install chromium"))
            return
        }
        let r = try run(thiduaExe, ["rank", "--db", "demo.db", "--format", "pdf"] + Self.letterhead, cwd: dir.url.path)
        #expect(r.status == 0 && r.out.starts(with: Array("%PDF-".utf8)), "\(r.err)")
        try Data(r.out).write(to: URL(fileURLWithPath: dir.path("bao-cao.pdf")))
        guard let pdfinfo = Tools.find("pdfinfo"), let pdftotext = Tools.find("pdftotext"),
            let pdftoppm = Tools.find("pdftoppm")
        else {
            try Tools.skip("reading the PDF back", needs: "poppler", install: "apt-get install poppler-utils")
            return
        }
        let info = String(decoding: try run(pdfinfo, [dir.path("bao-cao.pdf")]).out, as: UTF8.self)
        #expect(info.contains("Page size:       594.96 x 841.92 pts (A4)"), "\(info)")
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "")
        #expect((pages ?? 0) >= 3, "\(info)")
        let text = String(decoding: try run(pdftotext, ["-layout", dir.path("bao-cao.pdf"), "-"]).out, as: UTF8.self)
        for part in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND TỈNH ĐIỆN BIÊN",
            "Điện Biên, ngày …… tháng …… năm ……", "BÁO CÁO", "Huyện Mường Nhé", "không xét danh hiệu",
            "Hoàn thành xuất sắc nhiệm vụ", "ĐÃ THU HỒI", "CĂN CỨ KIỂM CHỨNG", "TM. HỘI ĐỒNG",
        ] {
            #expect(text.contains(part), "the PDF's text lacks \(part)")
        }
        // Page numbers from the second page on.
        let second = String(
            decoding: try run(pdftotext, ["-f", "2", "-l", "2", dir.path("bao-cao.pdf"), "-"]).out, as: UTF8.self)
        #expect(second.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("2"), "\(second.prefix(80))")
        let png = try run(
            pdftoppm,
            [
                "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", dir.path("bao-cao.pdf"),
                Self.shots + "/bao-cao-pdf-trang-1",
            ])
        #expect(png.status == 0, "\(png.err)")
    }

    @Test func theWorkbookReadsBackCellForCellAsTheJSONReport() throws {
        let dir = try demo()
        let x = try run(thiduaExe, ["rank", "--db", "demo.db", "--format", "xlsx"], cwd: dir.url.path)
        #expect(x.status == 0 && x.out.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(x.err)")
        try Data(x.out).write(to: URL(fileURLWithPath: dir.path("bang-diem.xlsx")))
        // The same replay gives the same bytes (entries carry a fixed date).
        #expect(try run(thiduaExe, ["rank", "--db", "demo.db", "--format", "xlsx"], cwd: dir.url.path).out == x.out)
        try thidua(["rank", "--db", "demo.db", "--format", "json"], in: dir).out.write(
            toFile: dir.path("r.json"), atomically: true, encoding: .utf8)
        guard let python = try Tools.python(for: "reading the workbook back with openpyxl") else { return }
        let check = Package.tests.appendingPathComponent("Office/check_xlsx.py").path
        let r = try run(python, [check, "bang-diem.xlsx", "r.json"], cwd: dir.url.path)
        let out = String(decoding: r.out, as: UTF8.self)
        #expect(r.status == 0, "\(out) \(r.err)")
        #expect(out.hasPrefix("OK 7 sheets, ") && out.contains("Tiêu chí"), "\(out)")
        let cells = Int(out.split(separator: " ")[3]) ?? 0
        #expect(cells > 3000, "\(out)")
        #expect(out.contains("number formats: [$-42A]#,##0.00"), "\(out)")
        // The checker is not a formality: the workbook against another replay's JSON differs.
        try thidua(["rank", "--db", "demo.db", "--format", "json", "--as-of", "2025-09-30"], in: dir).out.write(
            toFile: dir.path("old.json"), atomically: true, encoding: .utf8)
        let wrong = try run(python, [check, "bang-diem.xlsx", "old.json"], cwd: dir.url.path)
        #expect(wrong.status == 1 && String(decoding: wrong.out, as: UTF8.self).contains("differences"))
        // A terminal gets no binary: the command asks for a redirection instead.
        if let script = Tools.find("script") {
            let tty = try run(
                script, ["-qec", "'\(thiduaExe)' rank --db demo.db --format xlsx", "/dev/null"],
                cwd: dir.url.path)
            #expect(String(decoding: tty.out, as: UTF8.self).contains("redirect standard output"))
        }
    }

    /// A PNG of `url` taken by headless Chromium.
    func screenshot(_ chromium: String, _ url: String, _ width: Int, _ height: Int) throws -> Data {
        let dir = TempDir()
        let out = dir.path("shot.png")
        let r = try run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir.path("p"))",
                "--window-size=\(width),\(height)", "--screenshot=\(out)", url,
            ])
        #expect(r.status == 0, "\(r.err)")
        let png = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        return png
    }
}

enum JSON {
    static func parse(_ bytes: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }
    /// The root `thidua verify --json` prints.
    static func root(_ text: String) throws -> String? { try parse(Array(text.utf8))["root"] as? String }
}
