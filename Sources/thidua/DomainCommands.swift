import Foundation
import ThiduaDemo
import ThiduaDomain
import ThiduaLog
import ThiduaOffice
import ThiduaPostgres

/// Where the rubric files live: $THIDUA_PROJECTIONS, ./Projections, or the package's own.
enum Projections {
    static func dir() -> String {
        if let d = ProcessInfo.processInfo.environment["THIDUA_PROJECTIONS"] { return d }
        if FileManager.default.fileExists(atPath: "Projections/" + DemoLog.rubricFiles[0]) {
            return "Projections"
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Projections").path
    }

    static func file(_ name: String) throws -> [UInt8] {
        let path = dir() + "/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(
                Failure.noInput,
                "rubric file \(path) is missing; run from the thidua checkout or set THIDUA_PROJECTIONS to its "
                    + "Projections folder"
            )
        }
        return try IO.readFile(path, what: "rubric file")
    }
}

enum DomainCommands {
    static let all: [Command] =
        [rank, explain, demo] + AuditCommands.all + SnapshotCommands.all + WitnessCommands.all
        + ServerCommands.all

    static let asOfOptions = [
        Option(
            name: "as-of", value: "TIME",
            help: "replay entries received up to this time (2025-06-30 = end of that day, Vietnam time)"),
        Option(name: "size", value: "N", help: "replay the first N entries"),
    ]

    /// `--as-of`: an RFC 3339 time, or a date (the end of that day in Vietnam).
    static func asOfTime(_ text: String) throws -> Timestamp {
        guard let t = ReplayScope.moment(text) else {
            throw UsageError(
                "--as-of \"\(text)\" is neither a date (2025-06-30) nor an RFC 3339 time (2025-06-30T17:00:00+07:00)")
        }
        return t
    }

    static func ledger(_ p: Parsed) throws -> Ledger {
        let log = try App.openLog(p.value("db"))
        let size = try p.int("size")
        let n = try log.size()
        if let size, size > n { throw UsageError("--size \(size) is larger than the log (\(n) entries)") }
        let progress = Progress.start(p, Messages.t("tính lại", "replaying"), total: size ?? n)
        defer { progress.done() }
        return try Ledger.replay(
            log, size: size, until: try p.value("as-of").map(asOfTime), progress: progress.tick,
            snapshots: !p.has("no-snapshot"), skipped: LogSource.noteSkipped)
    }

    static func lang(_ p: Parsed) throws -> Language {
        let v = p.value("lang") ?? "vi"
        guard let l = Language(rawValue: v) else { throw UsageError("--lang must be vi or en, got \"\(v)\"") }
        return l
    }

    static func groupFilter(_ p: Parsed, _ s: Standings) throws -> [String]? {
        guard let g = p.value("cluster") ?? p.value("bloc") else { return nil }
        let kind: GroupFormed.Kind = p.value("cluster") != nil ? .cluster : .bloc
        guard s.groups.contains(where: { $0.group == g && $0.kind == kind }) else {
            let known = s.groups.filter { $0.kind == kind }.map(\.group)
            throw Failure(
                Failure.noInput,
                "no \(kind.rawValue) \"\(g)\" with a rubric in this "
                    + "log\(p.value("size") != nil || p.value("as-of") != nil ? " at that point" : ""); "
                    + Suggest.listing(g, among: known)
            )
        }
        return [g]
    }

    /// The ranked units nearest to what was typed (an id or a name), at most five, as
    /// `h-nam-po (Huyện Nậm Pồ)`.
    static func nearestUnits(_ typed: String, _ s: Standings) -> String {
        var names: [String: String] = [:]
        var byName: [String: String] = [:]
        for g in s.groups {
            for u in g.units {
                names[u.unit] = u.name
                byName[u.name] = byName[u.name] ?? u.unit
            }
        }
        guard !names.isEmpty else { return "no unit is ranked yet" }
        var ids: [String] = []
        for c in Suggest.nearest(typed, among: Array(names.keys) + Array(byName.keys), limit: 10) {
            let id = names[c] != nil ? c : byName[c]!
            if !ids.contains(id) { ids.append(id) }
        }
        let shown = ids.prefix(5).map { "\($0) (\(names[$0]!))" }.joined(separator: ", ")
        return "the nearest of \(names.count) ranked units: \(shown)"
    }

    static let rank = Command(
        ["rank"], summary: "Replay the log into scores and the ranking of every cluster and bloc.",
        usage:
            "thidua rank --db DB|--log FILE [--cluster ID | --bloc ID] [--as-of TIME | --size N] [--exclude INDEX "
            + "...] [--rubric FILE] [--format text|json|csv|html|pdf|xlsx] [--issuer TEXT] [--place TEXT] [--lang "
            + "vi|en]",
        options: LogSource.options + [
            LogSource.noSnapshot,
            Option(name: "cluster", value: "ID", help: "only this cluster (cụm)"),
            Option(name: "bloc", value: "ID", help: "only this bloc (khối)"),
        ] + asOfOptions + AuditCommands.counterfactual + [
            Option(
                name: "format", value: "FORMAT",
                help: "text (default), json, csv (for programs), html (the printable report), pdf or xlsx",
                vi: "text (mặc định), json, csv (cho chương trình), html (báo cáo để in), pdf hoặc xlsx"),
            Option(
                name: "issuer", value: "TEXT",
                help: "html/pdf: the issuing body's superior, e.g. \"UBND TỈNH ĐIỆN BIÊN\" (cơ quan chủ quản)",
                vi: "html/pdf: cơ quan chủ quản, ví dụ \"UBND TỈNH ĐIỆN BIÊN\""),
            Option(
                name: "body", value: "TEXT",
                help: "html/pdf: the issuing body (default: Hội đồng Thi đua – Khen thưởng)",
                vi: "html/pdf: cơ quan ban hành (mặc định: Hội đồng Thi đua – Khen thưởng)"),
            Option(
                name: "place", value: "TEXT", help: "html/pdf: the place in the date line, e.g. Điện Biên",
                vi: "html/pdf: địa danh ở dòng ngày tháng, ví dụ Điện Biên"),
            Option(name: "lang", value: "LANG", help: "vi (default) or en"),
        ],
        details: """
            Scores are exact: each criterion is rounded once to 0.01 point (half away from zero) and totals add those.
            html is an A4 document in the administrative style (Decree 30/2020/NĐ-CP): issuer, national title,
            number and date left blank to fill in, every band's reason, leader and flag, lineage, awards and
            revocations, a chart of the totals against the band thresholds, and the log's root and checkpoint as
            evidence. pdf prints that document with headless Chromium (THIDUA_CHROMIUM, or chromium on the path).
            xlsx is a workbook: a sheet per cluster and bloc and a sheet of every criterion, numbers as numbers.
            pdf and xlsx are written to standard output: redirect it to a file.
            """,
        detailsVI: """
            Điểm tính chính xác: mỗi tiêu chí được làm tròn một lần đến 0,01 điểm (nửa làm tròn ra xa số 0), tổng
            cộng các điểm đó. html là văn bản khổ A4 theo thể thức hành chính (Nghị định 30/2020/NĐ-CP): cơ quan
            ban hành, Quốc hiệu, tiêu ngữ, số và ngày để trống cho văn thư điền, lý do của mọi xếp loại, đơn vị dẫn
            đầu và đề nghị Cờ, quá trình hình thành, khen thưởng và thu hồi, biểu đồ tổng điểm so với ngưỡng xếp
            loại, gốc Merkle và điểm kiểm tra của sổ làm căn cứ. pdf in văn bản đó bằng Chromium chạy ẩn
            (THIDUA_CHROMIUM, hoặc chromium trong PATH). xlsx là sổ tính: mỗi cụm, khối một trang và một trang
            điểm từng tiêu chí, số để ở dạng số. pdf và xlsx ghi ra đầu ra chuẩn: chuyển hướng vào tệp.
            """
    ) { p in
        let format = p.value("format") ?? "text"
        let formats = ["text", "json", "csv", "html", "pdf", "xlsx"]
        guard formats.contains(format) else {
            throw UsageError(
                "--format must be \(formats.joined(separator: ", ")), got "
                    + "\"\(format)\"\(Suggest.hint(format, among: formats))",
                command: "rank")
        }
        if format == "pdf" || format == "xlsx", isatty(1) == 1 {
            throw UsageError(
                "--format \(format) writes a binary file: redirect standard output, e.g. > bao-cao.\(format)",
                command: "rank")
        }
        if p.value("cluster") != nil && p.value("bloc") != nil {
            throw UsageError("give --cluster or --bloc, not both", command: "rank")
        }
        if p.value("as-of") != nil && p.value("size") != nil {
            throw UsageError("give --as-of or --size, not both", command: "rank")
        }
        let chromium = format == "pdf" ? try chromiumPath() : nil
        // Streamed: each entry is folded as it is read (and, from an export, verified).
        var scope = ReplayScope()
        var ledger = Ledger()
        let loaded = try LogSource.load(
            p, start: { n in scope = try AuditCommands.scope(p, entries: n, counterfactual: true) },
            resume: { log in
                guard let saved = try LogSource.resumeLedger(p, log, scope) else { return 0 }
                ledger = saved
                return saved.size
            },
            each: { scope.apply($0, to: &ledger) })
        scope.finish(&ledger)
        let standings = Standings(ledger)
        var report = Report(standings, lang: try lang(p), groups: try groupFilter(p, standings))
        switch format {
        case "html", "pdf", "xlsx":
            report.letterhead = Letterhead(
                superior: p.value("issuer"), body: p.value("body") ?? Letterhead().body, place: p.value("place"))
            report.evidence = try loaded.evidence(
                size: standings.size, excluded: p.all("exclude").compactMap { Int($0) }.sorted())
        default: break
        }
        switch format {
        case "pdf":
            do {
                IO.outBytes(try Chromium.printPDF(html: report.html(), chromium: chromium!))
            } catch let e as Chromium.Failure {
                throw Failure(Failure.ioError, e.description)
            }
        case "xlsx":
            IO.outBytes(try XLSX.workbook(report.sheets(), title: report.documentTitle))
        default:
            IO.out(report.render(ReportFormat(rawValue: format)!))
        }
        return 0
    }

    /// Headless Chromium for `--format pdf`, or an error that says how to get it.
    static func chromiumPath() throws -> String {
        guard let c = Chromium.find() else {
            throw Failure(
                Failure.unavailable,
                "--format pdf prints the html report with headless Chromium, which is not installed: apt-get install "
                    + "chromium (or set THIDUA_CHROMIUM to a Chromium or Chrome binary); --format html writes the same "
                    + "document for a browser to print"
            )
        }
        return c
    }

    static let explain = Command(
        ["explain"], summary: "Every point of a unit's score, with the log entries behind it.",
        usage: "thidua explain --db DB --unit ID [--as-of TIME | --size N] [--lang vi|en]",
        options: [
            Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
            Option(name: "unit", value: "ID", help: "the unit, e.g. h-tua-chua"),
            LogSource.noSnapshot,
        ] + asOfOptions + [
            Option(name: "lang", value: "LANG", help: "vi (default) or en"),
            Option(
                name: "proofs", value: nil,
                help: "print JSON: the explanation and, for every entry behind the score, an offline proof bundle"),
            App.logKeyOption,
        ]
    ) { p in
        let unit = try p.required("unit")
        let standings = Standings(try ledger(p))
        guard let text = Report(standings, lang: try lang(p)).explain(unit: unit) else {
            throw Failure(
                Failure.noInput,
                "unit \"\(unit)\" is not ranked in any cluster or bloc of this log; " + nearestUnits(unit, standings))
        }
        guard p.has("proofs") else {
            IO.out(text)
            return 0
        }
        // Every entry behind the unit's points, each with its inclusion proof.
        let log = try App.openLog(p.value("db"), logKey: p.value("log-key"))
        var entries = Set<Int>()
        for g in standings.groups {
            for u in g.units where u.unit == unit {
                entries.insert(g.rubricEntry)
                for c in u.criteria { entries.formUnion(c.entries) }
                for b in u.bonuses + u.deductions { entries.formUnion(b.entries) }
                entries.formUnion(u.violations.map(\.entry))
            }
        }
        let bundles = try entries.filter { $0 >= 0 }.sorted().map { try log.bundle(index: $0).json }
        IO.out(
            JSONWriter.string([
                "format": "thidua-score-proofs/1", "unit": unit.json, "explanation": text.json,
                "bundles": .array(bundles),
            ]) + "\n")
        return 0
    }

    static let demo = Command(
        ["demo"], summary: "Build Điện Biên's 2025 emulation year as a signed log, rank it, and verify it.",
        usage: "thidua demo [--db DB] [--keys DIR] [--lang vi|en]",
        options: [
            Option(
                name: "db", value: "DB",
                help: "where to write the demo log (a new file; default: a new temporary folder)"),
            Option(
                name: "keys", value: "DIR",
                help: "also write the demo's signing keys there (DIR/<label>.pem), to try `thidua submit`"),
            Option(name: "lang", value: "LANG", help: "vi (default) or en"),
        ],
        details: """
            Điện Biên's 2025 as it went: closing reviews at 30/06/2025, the district level ended and the wards
            and communes merged on 01/07/2025, new clusters to 31/12/2025. Targets are the seed documents' (the
            city's 2025 directive; the province's letter 1908/UBND-KSTT); names and compositions the published
            ones (Sources/ThiduaDemo/SOURCES.md); reported values, appraisals and violations are illustrative.
            Keys are demo keys derived from fixed labels: never use them for a real log.
            """
    ) { p in
        let l = try lang(p)
        let path: String
        if let db = p.value("db") {
            if App.exists(db) {
                throw Failure(
                    Failure.cantCreate,
                    "\(PostgresStore.redact(db)) already holds a log; the demo writes a new log: choose another --db "
                        + "(a new file or an empty PostgreSQL schema)"
                )
            }
            path = db
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "thidua-demo-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            path = dir.appendingPathComponent("demo.db").path
        }
        if let dir = p.value("keys") {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for label in DemoLog.keyLabels {
                try IO.createFile(dir + "/\(label).pem", DemoLog.key(label).pem, mode: 0o600)
            }
        }
        var rubrics: [String: [UInt8]] = [:]
        for name in DemoLog.rubricFiles { rubrics[name] = try Projections.file(name) }
        let store = try App.store(path, create: true)
        let log = try DemoLog.build(store: store, rubrics: rubrics)
        let note = try log.checkpoint()
        // The checkpoint key lives in a file of its own, never in the database.
        let keyPath: String
        if !PostgresStore.isURL(path) {
            keyPath = (path.hasSuffix(".db") ? String(path.dropLast(3)) : path) + ".log-key.pem"
        } else if let dir = p.value("keys") {
            keyPath = dir + "/log.pem"
        } else {
            keyPath =
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "thidua-demo-\(UUID().uuidString.prefix(8))-log-key.pem"
                ).path
        }
        try IO.createFile(keyPath, DemoLog.key("log").pem, mode: 0o600)
        let t = { (vi: String, en: String) in l == .vi ? vi : en }
        let shown = store.location
        IO.out(
            t(
                "Đã ghi sổ minh họa \(shown): \(try log.size()) bản ghi đã ký.\n",
                "Wrote the demo log \(shown): \(try log.size()) signed entries.\n"))
        IO.out(
            t(
                "Năm 2025 như đã diễn ra: các cụm cấp huyện và các phường, xã của thành phố tổng kết ngày 30/6/2025; "
                    + "từ 01/7/2025 không còn cấp huyện (Luật 72/2025/QH15), các phường, xã sáp nhập theo Nghị quyết "
                    + "1661/NQ-UBTVQH15 và thi đua trong cụm mới. Chỉ tiêu lấy từ văn bản gốc (Chỉ thị 2025 của UBND "
                    + "TP Điện Biên Phủ; Công văn 1908/UBND-KSTT); số liệu thực hiện là minh họa "
                    + "(Sources/ThiduaDemo/SOURCES.md).\n\n",
                "The 2025 year as it went: district-level clusters and the city's wards close on 30/06/2025; from "
                    + "01/07/2025 there is no district level (Law 72/2025/QH15), wards and communes merge by "
                    + "Resolution 1661/NQ-UBTVQH15 and compete in new clusters. Targets are the seed documents' (the "
                    + "city's 2025 directive; letter 1908/UBND-KSTT); reported values are illustrative "
                    + "(Sources/ThiduaDemo/SOURCES.md).\n\n"
            ))
        IO.out(Report(Standings(try Ledger.replay(log)), lang: l).text())
        let report = try LogAudit.verify(store: log.store, key: log.verifierKey, catalog: App.catalog)
        IO.out(
            "\n" + t("KIỂM TRA TOÀN VẸN: ĐẠT", "INTEGRITY CHECK: OK")
                + " — \(report.entries) \(t("bản ghi", "entries")), \(report.signatures) "
                + "\(t("chữ ký", "signatures")), root \(report.root.base64)\n"
        )
        IO.out(
            t("  checkpoint đã ký (C2SP):\n", "  signed checkpoint (C2SP):\n")
                + note.text.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n")
        IO.out(
            t(
                "  khóa ký checkpoint (không lưu trong cơ sở dữ liệu): \(keyPath)\n",
                "  checkpoint signing key (never kept in the database): \(keyPath)\n"))
        IO.out(t("Tiếp theo:\n", "Next:\n"))
        IO.out("  thidua explain --db \(shown) --unit phuong-dien-bien-phu\n")
        IO.out("  thidua rank --db \(shown) --as-of 2025-06-30\n")
        IO.out("  thidua verify --db \(shown)\n")
        return 0
    }
}
