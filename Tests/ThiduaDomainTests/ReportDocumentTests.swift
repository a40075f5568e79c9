import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaSQLite

@testable import ThiduaDomain
@testable import ThiduaLog

/// The printed report and the spreadsheet as values (issue 16): what the council signs
/// must say everything the ranking says, with its reasons, and nothing a reader could
/// misread.
@Suite struct ReportDocumentTests {
    static let standings: Standings = {
        let dir = TempDir()
        return Standings(try! Ledger.replay(try! buildDemo(dir, "r.db")))
    }()

    func html(_ lang: Language = .vi, groups: [String]? = nil, evidence: ReportEvidence? = nil) -> String {
        Report(
            Self.standings, lang: lang, groups: groups,
            letterhead: Letterhead(superior: "UBND TỈNH ĐIỆN BIÊN", place: "Điện Biên"), evidence: evidence
        ).html()
    }

    @Test func theDocumentHasTheAdministrativeHeadingAndSignature() {
        let doc = html()
        for part in [
            "UBND TỈNH ĐIỆN BIÊN", "Hội đồng Thi đua – Khen thưởng", "Cộng hòa xã hội chủ nghĩa Việt Nam",
            "Độc lập - Tự do - Hạnh phúc", "Số: ……/BC-HĐTĐKT", "Điện Biên, ngày …… tháng …… năm ……",
            "<h1>BÁO CÁO</h1>", "Kết quả chấm điểm, xếp hạng thi đua của các cụm, khối thi đua",
            "Sổ thi đua tỉnh Điện Biên năm 2025 (số liệu minh họa)", "Nơi nhận:", "TM. HỘI ĐỒNG", "CHỦ TỊCH",
            "@page{size:A4", "counter(page)",
        ] {
            #expect(doc.contains(part), "missing: \(part)")
        }
        let en = html(.en)
        #expect(en.contains("Socialist Republic of Viet Nam") && en.contains("Independence - Freedom - Happiness"))
        #expect(en.contains("<html lang=\"en\">") && en.contains("ON BEHALF OF THE COUNCIL"))
    }

    /// Every group, unit, band reason, violation, lineage, leader and flag sentence of the
    /// ranking is in the document, as the text report words it; the revoked award is marked.
    @Test func everyReasonOfTheRankingIsInTheDocument() {
        let doc = html()
        let st = Self.standings
        let words = Wording(.vi, units: st.unitNames, groups: st.groupNames)
        let report = Report(st)
        let esc = { (s: String) in report.esc(s) }
        for g in st.groups {
            #expect(doc.contains(esc(g.name)))
            #expect(doc.contains(esc(words.leader(g))), "leader of \(g.group)")
            #expect(doc.contains(esc("Cờ thi đua của UBND tỉnh: " + words.flag(g))), "flag of \(g.group)")
            for u in g.units {
                for note in report.notes(u, in: g) {
                    #expect(doc.contains(esc(note.uppercasedFirst)), "\(u.unit): \(note)")
                }
            }
        }
        let lineage = st.groups.flatMap(\.units).flatMap { words.carries($0.carries, of: $0.unit) }
        #expect(lineage.count >= 10)
        let revoked = st.awards.filter { $0.award.revoked != nil }
        #expect(revoked.count == 1 && doc.contains("ĐÃ THU HỒI</span> bản ghi \(revoked[0].award.revoked!.entry): "))
        #expect(doc.contains("Cờ thi đua của Chính phủ: tối đa 20% của"))
        #expect(doc.contains("CẢNH BÁO CHẤT LƯỢNG DỮ LIỆU"))
    }

    /// A unit barred from titles keeps its rank and score; the document says so with a
    /// badge (never a strike-through, which reads as "deleted").
    @Test func aDisqualifiedUnitIsBadgedNotStruckThrough() {
        let doc = html(groups: ["cum-vung-cao"])
        #expect(!doc.contains("line-through") && !doc.contains("<s>") && !doc.contains("<del>"))
        #expect(doc.contains("Huyện Mường Nhé<span class=\"badge\">không xét danh hiệu</span>"))
        #expect(doc.contains("103,50 · không xét danh hiệu"))  // its bar in the chart, hollow and labelled
        #expect(doc.contains("Kết quả chấm điểm, xếp hạng thi đua của Cụm thi đua vùng cao"))
        #expect(!doc.contains("Cụm thi đua vùng thấp"))
    }

    /// The chart: one bar per unit, as long as its total on a scale from 0, and a dashed
    /// line at each band's minimum total (bands from 0 have none).
    @Test func theChartDrawsEveryTotalAgainstTheThresholds() throws {
        let doc = html(groups: ["cum-vung-cao"])
        let svg = try #require(doc.components(separatedBy: "<svg").dropFirst().first)
        let g = try #require(Self.standings.groups.first { $0.group == "cum-vung-cao" })
        let bars = svg.components(separatedBy: "<rect ").dropFirst()
        #expect(bars.count == g.units.count)
        let lines = svg.components(separatedBy: "stroke-dasharray=\"4 3\"").count - 1
        #expect(lines == g.bands.filter { !$0.minTotal.isZero }.count)
        // Widths are proportional to the totals: Nậm Pồ's 78,43 to Tủa Chùa's 101,08.
        let width = { (unit: String) throws -> Double in
            let bar = try #require(bars.first { $0.contains("<title>\(unit):") })
            let w = try #require(
                bar.components(separatedBy: "width=\"").dropFirst().first?.split(separator: "\"").first)
            return try #require(Double(w))
        }
        let ratio = try width("Huyện Nậm Pồ") / width("Huyện Tủa Chùa")
        #expect(abs(ratio - 78.43 / 101.08) < 0.002, "\(ratio)")
        #expect(svg.contains("≥ 90") && svg.contains("≥ 80") && svg.contains("≥ 65"))
    }

    @Test func theEvidenceLineNamesTheRootAndTheCheckpoint() {
        let n = Self.standings.size
        let matched = html(
            evidence: ReportEvidence(source: "demo.db", root: "ROOT=", checkpoint: (n, "ROOT=")))
        #expect(matched.contains("Gốc cây Merkle (RFC 9162) của \(n) bản ghi đầu: <code>ROOT=</code>"))
        #expect(matched.contains("Khớp điểm kiểm tra do khóa sổ ký (C2SP checkpoint) ở kích thước \(n)."))
        let later = html(evidence: ReportEvidence(source: "demo.db", root: "ROOT=", checkpoint: (n + 5, "LATER=")))
        #expect(later.contains("thidua prove consistency --from \(n) --to \(n + 5)"))
        let none = html(evidence: ReportEvidence(source: "demo.db", root: "ROOT=", checkpoint: nil))
        #expect(none.contains("Chưa có điểm kiểm tra đã ký"))
        let cf = html(evidence: ReportEvidence(source: "x.jsonl", root: "R", checkpoint: nil, excluded: [72]))
        #expect(cf.contains("GIẢ ĐỊNH (bỏ bản ghi 72): không phải kết quả chính thức"))
        let unverified = html(evidence: ReportEvidence(source: "x.jsonl", root: "R", checkpoint: nil, verified: false))
        #expect(unverified.contains("CHƯA KIỂM CHỨNG"))
    }

    /// Hostile names cannot break out of the document: every text is escaped.
    @Test func namesAreEscaped() {
        let r = Report(Self.standings, letterhead: Letterhead(superior: "<script>alert(1)</script>", place: "\"'&"))
        let doc = r.html()
        #expect(!doc.contains("<script>") && doc.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(doc.contains("&quot;&#39;&amp;, ngày"))
    }

    @Test func sheetsHaveOneTabPerGroupAndValidNames() {
        let sheets = Report(Self.standings).sheets()
        #expect(sheets.count == Self.standings.groups.count + 1 && sheets.last?.name == "Tiêu chí")
        #expect(Set(sheets.map { $0.name.lowercased() }).count == sheets.count)
        for s in sheets {
            #expect(s.name.count <= 31 && !s.name.contains(where: { "[]:*?/\\'".contains($0) }), "\(s.name)")
            #expect(s.rows.allSatisfy { $0.count == s.header.count }, "\(s.name)")
        }
        var used: Set<String> = []
        #expect(
            Report.sheetName("Cụm thi đua các phường, xã thành phố Điện Biên Phủ", used: &used)
                == "Cụm các phường, xã thành phố…")
        #expect(Report.sheetName("a/b[c]", used: &used) == "a-b-c-")
        #expect(Report.sheetName("A/B[C]", used: &used) == "A-B-C- (2)")
    }
}
