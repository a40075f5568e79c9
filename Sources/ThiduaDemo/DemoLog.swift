import ThiduaDomain
import ThiduaLog

/// Builds the demo log: Điện Biên's 2025 emulation year, signed event by event.
///
/// Targets come from the seed documents (`SeedTargets`); clusters and units are Điện
/// Biên's; the values units report, the appraisals and the violation are illustrative
/// (made up for the demo, and the output says so). Keys are derived from fixed labels and
/// the clock is set to each event's date, so the same build gives a byte-identical log.
public struct DemoLog {
    public static let origin = "thidua.dienbien.gov.vn/2025"
    public let log: Log
    private let clock: SteppingClock
    private var keys: [String: PrivateKey] = [:]

    /// A demo key: Ed25519 from SHA-256 of a fixed label. Never use such keys for real.
    public static func key(_ label: String) -> PrivateKey {
        try! PrivateKey(seed: SHA256.hash(Array("thidua-demo/\(label)".utf8)).bytes)
    }

    /// The labels of every demo signing key (not the log's checkpoint key).
    public static var keyLabels: [String] { ["council", "noi-vu", "thanh-tra", "p-dien-bien-phu"] + units.map(\.id) }

    public struct UnitInfo: Sendable {
        public let id: String, name: String, group: String
    }

    public static let lowland = "cum-vung-thap", highland = "cum-vung-cao", bloc = "khoi-truong"
    public static let units: [UnitInfo] = [
        .init(id: "tp-dien-bien-phu", name: "Thành phố Điện Biên Phủ", group: lowland),
        .init(id: "h-dien-bien", name: "Huyện Điện Biên", group: lowland),
        .init(id: "tx-muong-lay", name: "Thị xã Mường Lay", group: lowland),
        .init(id: "h-tua-chua", name: "Huyện Tủa Chùa", group: highland),
        .init(id: "h-dien-bien-dong", name: "Huyện Điện Biên Đông", group: highland),
        .init(id: "h-muong-cha", name: "Huyện Mường Chà", group: highland),
        .init(id: "h-muong-nhe", name: "Huyện Mường Nhé", group: highland),
        .init(id: "h-nam-po", name: "Huyện Nậm Pồ", group: highland),
        .init(id: "cd-y-te", name: "Trường Cao đẳng Y tế Điện Biên", group: bloc),
        .init(id: "cd-kinh-te-ky-thuat", name: "Trường Cao đẳng Kinh tế - Kỹ thuật Điện Biên", group: bloc),
        .init(id: "truong-chinh-tri", name: "Trường Chính trị tỉnh Điện Biên", group: bloc),
    ]

    /// Builds the whole demo into an empty store.
    /// - Parameter rubrics: the bytes of Projections/rubric-cum-dia-phuong-2025.json and
    ///   Projections/rubric-khoi-truong-2025.json.
    public static func build(store: any LogStore, clusterRubric: [UInt8], blocRubric: [UInt8]) throws -> Log {
        let clock = SteppingClock(start: Timestamp(rfc3339: "2025-01-02T08:00:00+07:00")!, stepMillis: 1)
        let log = try Log.create(
            store: store, origin: origin, logKey: key("log"), rootKeys: [key("council")],
            fields: [
                .init("rules", .string(EmulationRules.current)),
                .init("title", .string("Sổ thi đua tỉnh Điện Biên năm 2025 (dữ liệu minh họa)")),
            ],
            clock: clock, catalog: EmulationRules.catalog)
        var d = DemoLog(log: log, clock: clock)
        try d.year(clusterRubric: clusterRubric, blocRubric: blocRubric)
        return log
    }

    // MARK: building blocks

    private mutating func emit(
        _ at: String, _ type: String, _ id: String, by signers: [String], _ fields: [JSON.Member]
    ) throws {
        let time = "2025-\(at):00+07:00"
        clock.set(Timestamp(rfc3339: time)!)
        let payload = Payload.make(type: type, id: id, issuedAt: time, log: DemoLog.origin, fields: fields)
        let env = try Envelope.sign(payload: payload, keys: signers.map { label in keys[label] ?? DemoLog.key(label) })
        _ = try log.append([env])
    }

    private mutating func register(_ at: String, _ label: String, role: String, scope: String? = nil, name: String)
        throws
    {
        let k = DemoLog.key(label)
        keys[label] = k
        var f: [JSON.Member] = [
            .init("publicKey", .string(k.publicKey.base64)), .init("role", .string(role)), .init("name", .string(name)),
        ]
        if let scope { f.append(.init("scope", .string(scope))) }
        try emit(at, "KeyRegistered", "key-\(label)", by: ["council"], f)
    }

    private mutating func report(_ at: String, _ unit: String, _ code: String, _ value: String, evidence: String? = nil)
        throws
    {
        var f: [JSON.Member] = [
            .init("unit", .string(unit)), .init("code", .string(code)), .init("value", .number(value)),
        ]
        if let evidence {
            f.append(
                .init(
                    "evidence",
                    .array([
                        .object([
                            .init("sha256", .string(Hex.encode(SHA256.hash(Array(evidence.utf8)).bytes))),
                            .init("name", .string(evidence)),
                        ])
                    ])))
        }
        try emit(at, "IndicatorReported", "r-\(unit)-\(code)-\(at.prefix(5))", by: [unit], f)
    }

    private mutating func task(_ at: String, _ unit: String, _ criterion: String, count: Int = 1, note: String) throws {
        try emit(
            at, "TaskCompleted", "t-\(unit)-\(criterion)-\(at.prefix(5))", by: [unit],
            [
                .init("unit", .string(unit)), .init("criterion", .string(criterion)),
                .init("count", .number(String(count))), .init("note", .string(note)),
            ])
    }

    private static func target(_ code: String, _ value: String) -> JSON {
        if code == "TNGT" {
            return .object([
                .init("code", .string(code)), .init("value", .number(value)),
                .init("name", .string("Số vụ tai nạn giao thông")),
                .init("unit", .string("vụ")), .init("direction", .string("lower")),
            ])
        }
        if code.hasPrefix("TS") {
            let (name, unit) =
                code == "TS01"
                ? ("Tuyển sinh", "người")
                : code == "TS02"
                    ? ("Tỷ lệ học sinh, sinh viên tốt nghiệp", "%")
                    : ("Tỷ lệ người học có việc làm sau tốt nghiệp", "%")
            return .object([
                .init("code", .string(code)), .init("value", .number(value)), .init("name", .string(name)),
                .init("unit", .string(unit)),
            ])
        }
        return .object([.init("code", .string(code)), .init("value", .number(value))])
    }

    // MARK: the year

    static let clusterCodes = ["CT01", "CT02", "CT07a", "CT08a", "CT13", "CT11", "TNGT", "P02b"]
    /// Pledged targets (CT codes of the city are the directive's own; the rest illustrative).
    static let pledged: [String: [String]] = [
        "tp-dien-bien-phu": ["23270.32", "70", "471", "700000", "2630", "97", "20", "80"],
        "h-dien-bien": ["8450", "42", "95", "120000", "1500", "97", "15", "80"],
        "tx-muong-lay": ["1250", "38", "28", "90000", "400", "97", "5", "80"],
        "h-tua-chua": ["2150", "31", "32", "30000", "900", "96", "8", "80"],
        "h-dien-bien-dong": ["2310", "30", "30", "25000", "950", "96", "9", "80"],
        "h-muong-cha": ["2480", "32", "35", "28000", "1000", "96", "10", "80"],
        "h-muong-nhe": ["2600", "29", "40", "15000", "1100", "95", "10", "80"],
        "h-nam-po": ["2050", "28", "25", "12000", "1250", "95", "9", "80"],
        "cd-y-te": ["450", "95", "85"],
        "cd-kinh-te-ky-thuat": ["600", "92", "80"],
        "truong-chinh-tri": ["300", "98", "90"],
    ]
    /// Year-end values (illustrative).
    static let yearEnd: [String: [String]] = [
        "p-dien-bien-phu": ["23512.6", "71.2", "486.3", "735420", "2701", "97.8", "17", "86.5"],
        "h-dien-bien": ["8612000", "43.1", "97.2", "118500", "1560", "97.2", "13", "88"],
        "tx-muong-lay": ["1262", "38.5", "29.1", "104000", "410", "96.5", "4", "82"],
        "h-tua-chua": ["2262", "33.1", "35.8", "33500", "1012", "98.1", "5", "91"],
        "h-dien-bien-dong": ["2340", "30.6", "31.2", "26100", "985", "96.4", "8", "84"],
        "h-muong-cha": ["2540", "32.9", "36.1", "31800", "1060", "97", "9", "85"],
        "h-muong-nhe": ["2690", "29.5", "41.5", "15600", "1150", "95.2", "9", "83"],
        "h-nam-po": ["2001", "28.4", "24.1", "12900", "1250", "94.8", "11", "78"],
        "cd-y-te": ["482", "97.2", "88.6"],
        "cd-kinh-te-ky-thuat": ["615", "93.5", "86.4"],
        "truong-chinh-tri": ["301", "99.1", "89"],
    ]

    private mutating func year(clusterRubric: [UInt8], blocRubric: [UInt8]) throws {
        let high = DemoLog.highland
        let low = DemoLog.lowland
        let bloc = DemoLog.bloc
        // January: the council's keys.
        try register(
            "01-03T08:00", "noi-vu", role: "appraiser",
            name: "Sở Nội vụ tỉnh Điện Biên (cơ quan thường trực Hội đồng TĐKT)")
        try register("01-03T08:05", "thanh-tra", role: "agency", name: "Thanh tra tỉnh Điện Biên")
        // February: the movements, with the seed documents' targets.
        try emit(
            "02-10T08:00", "MovementLaunched", "pt-2025-tp-dien-bien-phu", by: ["council"],
            [
                .init("movement", .string("pt-2025-tp-dien-bien-phu")),
                .init("name", .string("Phong trào thi đua trên địa bàn thành phố Điện Biên Phủ năm 2025")),
                .init(
                    "theme", .string("Kỷ cương, trách nhiệm; tinh gọn, hiệu quả; chủ động, kịp thời; tăng tốc, bứt phá")
                ),
                .init(
                    "document",
                    .string(
                        "Chỉ thị phát động phong trào thi đua năm 2025, UBND thành phố Điện Biên Phủ, tháng 02/2025")),
                .init("period", .object([.init("from", .string("2025-01-01")), .init("to", .string("2025-12-31"))])),
                .init("targets", SeedTargets.targetsJSON(SeedTargets.city)),
            ])
        try emit(
            "02-10T08:10", "MovementLaunched", "cv-1908-ubnd-tinh-2024", by: ["council"],
            [
                .init("movement", .string("cv-1908-ubnd-tinh-2024")),
                .init("name", .string("Đẩy mạnh các phong trào thi đua yêu nước (Công văn 1908/UBND-KSTT)")),
                .init("document", .string("Công văn số 1908/UBND-KSTT ngày 24/4/2024 của UBND tỉnh Điện Biên")),
                .init("period", .object([.init("from", .string("2024-04-24")), .init("to", .string("2025-12-31"))])),
                .init("targets", SeedTargets.targetsJSON(SeedTargets.province)),
            ])
        // The clusters and the bloc.
        func members(_ g: String) -> JSON {
            .array(
                DemoLog.units.filter { $0.group == g }.map {
                    .object([.init("unit", .string($0.id)), .init("name", .string($0.name))])
                })
        }
        try emit(
            "02-12T08:00", "GroupFormed", "g-\(low)", by: ["council"],
            [
                .init("group", .string(low)), .init("kind", .string("cluster")),
                .init("name", .string("Cụm thi đua vùng thấp")), .init("effective", .string("2025-01-01")),
                .init("members", members(low)),
            ])
        try emit(
            "02-12T08:01", "GroupFormed", "g-\(high)", by: ["council"],
            [
                .init("group", .string(high)), .init("kind", .string("cluster")),
                .init("name", .string("Cụm thi đua vùng cao")), .init("effective", .string("2025-01-01")),
                .init("members", members(high)),
            ])
        try emit(
            "02-12T08:02", "GroupFormed", "g-\(bloc)", by: ["council"],
            [
                .init("group", .string(bloc)), .init("kind", .string("bloc")),
                .init("name", .string("Khối Trường Chuyên nghiệp tỉnh")), .init("effective", .string("2025-01-01")),
                .init("members", members(bloc)),
            ])
        for (k, u) in DemoLog.units.enumerated() {
            try register(
                "02-13T08:\(k < 10 ? "0" : "")\(k)", u.id, role: "unit", scope: u.id, name: "Đại diện \(u.name)")
        }
        func elect(_ at: String, _ g: String, _ unit: String, deputy: Bool, from: String = "2025-01-01") throws {
            try emit(
                at, "HeadElected", "e-\(g)-\(unit)-\(from)", by: ["council"],
                [
                    .init("group", .string(g)), .init("unit", .string(unit)),
                    .init("role", .string(deputy ? "deputy" : "head")),
                    .init("term", .object([.init("from", .string(from)), .init("to", .string("2025-12-31"))])),
                ])
        }
        try elect("02-14T08:00", low, "tp-dien-bien-phu", deputy: false)
        try elect("02-14T08:01", low, "h-dien-bien", deputy: true)
        try elect("02-14T08:02", high, "h-tua-chua", deputy: false)
        try elect("02-14T08:03", high, "h-muong-cha", deputy: true)
        try elect("02-14T08:04", bloc, "cd-y-te", deputy: false)
        try elect("02-14T08:05", bloc, "truong-chinh-tri", deputy: true)
        // The rubrics, published with their files' SHA-256.
        for (id, bytes, groups) in [("rb-cum-2025", clusterRubric, [low, high]), ("rb-khoi-2025", blocRubric, [bloc])] {
            try emit(
                "02-15T08:00", "RubricPublished", id, by: ["council"],
                [
                    .init("file", .string(Base64.encode(bytes))),
                    .init("sha256", .string(Hex.encode(SHA256.hash(bytes).bytes))),
                    .init("groups", .array(groups.map { .string($0) })),
                ])
        }
        // March: pledges, countersigned by the head (the head's own by the deputy).
        let heads = [
            low: ("tp-dien-bien-phu", "h-dien-bien"), high: ("h-tua-chua", "h-muong-cha"),
            bloc: ("cd-y-te", "truong-chinh-tri"),
        ]
        for (k, u) in DemoLog.units.enumerated() {
            let (head, deputy) = heads[u.group]!
            let codes = u.group == bloc ? ["TS01", "TS02", "TS03"] : DemoLog.clusterCodes
            let titles: [JSON] =
                u.group == bloc
                ? [.string("Tập thể lao động xuất sắc")]
                : [.string("Cờ thi đua của UBND tỉnh"), .string("Tập thể lao động xuất sắc")]
            try emit(
                "03-0\(1 + k / 4)T09:\(10 + k)", "PledgeSigned", "pledge-\(u.id)",
                by: [u.id, u.id == head ? deputy : head],
                [
                    .init("movement", .string("pt-2025-tp-dien-bien-phu")), .init("unit", .string(u.id)),
                    .init("group", .string(u.group)),
                    .init("targets", .array(zip(codes, DemoLog.pledged[u.id]!).map { DemoLog.target($0, $1) })),
                    .init("titles", .array(titles)),
                ])
        }
        // Mid-year (sơ kết): half-year values of three indicators.
        let midYear: [String: [String]] = [
            "tp-dien-bien-phu": ["11240.5", "231.2", "1302"], "h-dien-bien": ["4105", "46.3", "702"],
            "tx-muong-lay": ["601", "13.2", "188"],
            "h-tua-chua": ["1090", "17.9", "515"], "h-dien-bien-dong": ["1101", "14.1", "460"],
            "h-muong-cha": ["1180", "16.2", "498"],
            "h-muong-nhe": ["1300", "20.3", "560"], "h-nam-po": ["940", "10.8", "520"],
        ]
        for (k, u) in DemoLog.units.enumerated() where u.group != bloc {
            for (code, v) in zip(["CT01", "CT07a", "CT13"], midYear[u.id]!) {
                try report(
                    "06-2\(k % 8 + 1)T10:00", u.id, code, v, evidence: "Báo cáo sơ kết 6 tháng đầu năm 2025 — \(u.name)"
                )
            }
        }
        try task("06-28T10:00", "tp-dien-bien-phu", "C2", count: 3, note: "3 mô hình dân vận khéo được nhân rộng")
        try emit(
            "06-30T15:00", "DeductionApplied", "d-ddb-1", by: ["noi-vu"],
            [
                .init("unit", .string("h-dien-bien-dong")), .init("item", .string("bao-cao-cham")),
                .init("points", .number("1")), .init("reason", .string("Gửi báo cáo sơ kết 6 tháng chậm 5 ngày")),
            ])
        // 1 July 2025: no more district level; Điện Biên Phủ city becomes wards. Its history
        // and pledge carry over to Phường Điện Biên Phủ, explicitly.
        try emit(
            "07-01T08:00", "UnitSucceeded", "s-tp-dien-bien-phu", by: ["council"],
            [
                .init("unit", .string("tp-dien-bien-phu")),
                .init(
                    "successors",
                    .array([
                        .object([
                            .init("unit", .string("p-dien-bien-phu")), .init("name", .string("Phường Điện Biên Phủ")),
                        ]),
                        .object([.init("unit", .string("p-muong-thanh")), .init("name", .string("Phường Mường Thanh"))]
                        ),
                    ])),
                .init("carryTo", .string("p-dien-bien-phu")), .init("effective", .string("2025-07-01")),
                .init(
                    "reason", .string("Sắp xếp đơn vị hành chính, tổ chức chính quyền địa phương 2 cấp từ 01/7/2025")),
            ])
        try emit(
            "07-01T08:10", "KeyRevoked", "rev-tp-dien-bien-phu", by: ["council"],
            [
                .init("keyid", .string(DemoLog.key("tp-dien-bien-phu").keyID.hex)),
                .init("reason", .string("Thành phố Điện Biên Phủ kết thúc hoạt động từ 01/7/2025")),
            ])
        try register(
            "07-01T08:20", "p-dien-bien-phu", role: "unit", scope: "p-dien-bien-phu",
            name: "Đại diện Phường Điện Biên Phủ")
        try elect("07-01T08:30", low, "p-dien-bien-phu", deputy: false, from: "2025-07-01")
        // September: a certificate of merit (revoked in December, Law art. 93).
        try emit(
            "09-05T09:00", "CommendationAwarded", "award-bk-muong-nhe", by: ["council"],
            [
                .init("unit", .string("h-muong-nhe")),
                .init("title", .string("Bằng khen của Chủ tịch UBND tỉnh")),
                .init("decision", .string("Quyết định khen thưởng (minh họa) ngày 05/9/2025")),
            ])
        // Year end (tổng kết): values, tasks, self scores.
        for (k, u)
            in (DemoLog.units.filter { $0.id != "tp-dien-bien-phu" } + [
                UnitInfo(id: "p-dien-bien-phu", name: "Phường Điện Biên Phủ", group: low)
            ]).enumerated()
        {
            let codes = u.group == bloc ? ["TS01", "TS02", "TS03"] : DemoLog.clusterCodes
            for (code, v) in zip(codes, DemoLog.yearEnd[u.id]!) {
                try report("11-\(10 + k)T10:00", u.id, code, v, evidence: "Báo cáo tổng kết năm 2025 — \(u.name)")
            }
        }
        let tasks: [(String, String, Int, String)] = [
            ("p-dien-bien-phu", "B4", 1, "Hoàn thành xóa 37 nhà tạm, nhà dột nát"),
            ("p-dien-bien-phu", "C2", 2, "2 mô hình mới"), ("p-dien-bien-phu", "C3", 1, "Báo cáo đúng hạn"),
            ("h-dien-bien", "B4", 1, "Hoàn thành xóa 412 nhà tạm"), ("h-dien-bien", "C2", 3, "3 mô hình"),
            ("h-dien-bien", "C3", 1, "Báo cáo đúng hạn"),
            ("tx-muong-lay", "B4", 1, "Hoàn thành xóa 58 nhà tạm"), ("tx-muong-lay", "C2", 2, "2 mô hình"),
            ("tx-muong-lay", "C3", 1, "Báo cáo đúng hạn"),
            ("h-tua-chua", "B4", 1, "Hoàn thành xóa 530 nhà tạm"), ("h-tua-chua", "C2", 4, "4 mô hình"),
            ("h-tua-chua", "C3", 1, "Báo cáo đúng hạn"),
            ("h-dien-bien-dong", "B4", 1, "Hoàn thành xóa 615 nhà tạm"), ("h-dien-bien-dong", "C2", 2, "2 mô hình"),
            ("h-muong-cha", "B4", 1, "Hoàn thành xóa 480 nhà tạm"), ("h-muong-cha", "C2", 3, "3 mô hình"),
            ("h-muong-cha", "C3", 1, "Báo cáo đúng hạn"),
            ("h-muong-nhe", "B4", 1, "Hoàn thành xóa 702 nhà tạm"), ("h-muong-nhe", "C2", 3, "3 mô hình"),
            ("h-muong-nhe", "C3", 1, "Báo cáo đúng hạn"),
            ("h-nam-po", "C2", 1, "1 mô hình"), ("h-nam-po", "C3", 1, "Báo cáo đúng hạn"),
            ("cd-y-te", "B1", 1, "Phần mềm quản lý đào tạo vận hành toàn trường"),
            ("cd-y-te", "B2", 3, "3 đề tài cấp cơ sở nghiệm thu"),
            ("cd-kinh-te-ky-thuat", "B1", 1, "Số hóa hồ sơ người học"), ("cd-kinh-te-ky-thuat", "B2", 4, "4 đề tài"),
            ("truong-chinh-tri", "B1", 1, "Lớp học trực tuyến"), ("truong-chinh-tri", "B2", 2, "2 đề tài"),
        ]
        for (k, t) in tasks.enumerated() { try task("11-2\(k / 4)T14:\(10 + k)", t.0, t.1, count: t.2, note: t.3) }
        let selfScores: [(String, [(String, String)])] = [
            ("p-dien-bien-phu", [("D1", "9")]), ("h-dien-bien", [("D1", "8.5")]), ("tx-muong-lay", [("D1", "8")]),
            ("h-tua-chua", [("D1", "9.5")]), ("h-dien-bien-dong", [("D1", "8.5")]), ("h-muong-cha", [("D1", "9")]),
            ("h-muong-nhe", [("D1", "9")]), ("h-nam-po", [("D1", "8")]),
            ("cd-y-te", [("B3", "9"), ("C1", "9")]), ("cd-kinh-te-ky-thuat", [("B3", "8.5"), ("C1", "9")]),
            ("truong-chinh-tri", [("B3", "9"), ("C1", "8.5")]),
        ]
        for (k, s) in selfScores.enumerated() {
            try emit(
                "12-0\(1 + k / 3)T09:00", "SelfScoreSubmitted", "self-\(s.0)", by: [s.0],
                [
                    .init("unit", .string(s.0)),
                    .init(
                        "scores",
                        .array(
                            s.1.map { .object([.init("criterion", .string($0.0)), .init("points", .number($0.1))]) })),
                ])
        }
        try emit(
            "12-06T10:00", "DeductionApplied", "d-ddb-2", by: ["noi-vu"],
            [
                .init("unit", .string("h-dien-bien-dong")), .init("item", .string("bao-cao-cham")),
                .init("points", .number("1")),
                .init("reason", .string("Chưa gửi báo cáo tổng kết đúng hạn 05/12/2025")),
            ])
        try emit(
            "12-06T10:05", "BonusAwarded", "b-tua-chua", by: ["noi-vu"],
            [
                .init("unit", .string("h-tua-chua")), .init("item", .string("sang-kien")),
                .init("points", .number("2")),
                .init("reason", .string("Mô hình \"Bản không ma túy\" được UBND tỉnh công nhận")),
            ])
        try emit(
            "12-06T10:06", "BonusAwarded", "b-p-dbp", by: ["noi-vu"],
            [
                .init("unit", .string("p-dien-bien-phu")), .init("item", .string("vuot-kho")),
                .init("points", .number("1")),
                .init("reason", .string("Hoàn thành sắp xếp bộ máy phường đúng tiến độ")),
            ])
        // A violation (deadline 10/12) reported by an agency.
        try emit(
            "12-09T16:00", "ViolationReported", "v-muong-nhe", by: ["thanh-tra"],
            [
                .init("unit", .string("h-muong-nhe")), .init("level", .string("cảnh cáo")),
                .init("description", .string("Một lãnh đạo UBND huyện bị kỷ luật cảnh cáo (minh họa)")),
            ])
        // Appraisal (thẩm định), explanation (giải trình), re-appraisal.
        try emit(
            "12-10T09:00", "ScoreAppraised", "a-dien-bien-A1", by: ["noi-vu"],
            [
                .init("unit", .string("h-dien-bien")), .init("criterion", .string("A1")),
                .init("field", .string("value")), .init("from", .number("8612000")), .init("to", .number("8612")),
                .init("reason", .string("Đơn vị báo cáo theo triệu đồng; quy đổi sang tỷ đồng theo chỉ tiêu")),
            ])
        try emit(
            "12-10T09:10", "ScoreAppraised", "a-nam-po-B1", by: ["noi-vu"],
            [
                .init("unit", .string("h-nam-po")), .init("criterion", .string("B1")),
                .init("field", .string("value")), .init("from", .number("1250")), .init("to", .number("1100")),
                .init("reason", .string("150 lao động đã được tính trong kết quả năm 2024")),
            ])
        try emit(
            "12-10T09:20", "ScoreAppraised", "a-tua-chua-D1", by: ["noi-vu"],
            [
                .init("unit", .string("h-tua-chua")), .init("criterion", .string("D1")),
                .init("field", .string("points")), .init("from", .number("9.5")), .init("to", .number("9")),
                .init("reason", .string("Hồ sơ điển hình tiên tiến thiếu biên bản bình xét cấp xã")),
            ])
        try emit(
            "12-12T15:00", "ExplanationSubmitted", "x-nam-po-B1", by: ["h-nam-po"],
            [
                .init("unit", .string("h-nam-po")), .init("criterion", .string("B1")),
                .init(
                    "text",
                    .string("80 lao động có hợp đồng mới ký năm 2025 với doanh nghiệp khác; gửi kèm danh " + "sách")),
            ])
        try emit(
            "12-15T09:00", "ScoreAppraised", "a-nam-po-B1-2", by: ["noi-vu"],
            [
                .init("unit", .string("h-nam-po")), .init("criterion", .string("B1")),
                .init("field", .string("value")), .init("from", .number("1100")), .init("to", .number("1180")),
                .init("reason", .string("Chấp nhận một phần giải trình: 80 lao động có hợp đồng mới năm 2025")),
            ])
        try emit(
            "12-16T09:00", "CommendationRevoked", "rv-bk-muong-nhe", by: ["council"],
            [
                .init("award", .string("award-bk-muong-nhe")),
                .init(
                    "reason",
                    .string("Luật Thi đua, khen thưởng điều 93: kê khai không trung thực về kỷ luật (minh họa)")),
                .init("decision", .string("Quyết định thu hồi (minh họa) ngày 16/12/2025")),
            ])
        // The award made in September is revoked: a new event, nothing edited.
        // Ballots: the highland cluster acclaims its leader; the lowland ballot lacks a quorum.
        try emit(
            "12-18T14:00", "BallotHeld", "ballot-\(high)-1", by: ["council"],
            [
                .init("group", .string(high)), .init("round", .number("1")),
                .init("eligible", .number("5")), .init("present", .number("5")),
                .init(
                    "votes",
                    .array([
                        .object([.init("unit", .string("h-tua-chua")), .init("votes", .number("4"))]),
                        .object([.init("unit", .string("h-muong-cha")), .init("votes", .number("1"))]),
                    ])),
            ])
        try emit(
            "12-18T15:00", "BallotHeld", "ballot-\(low)-1", by: ["council"],
            [
                .init("group", .string(low)), .init("round", .number("1")),
                .init("eligible", .number("3")), .init("present", .number("1")),
                .init(
                    "votes",
                    .array([.object([.init("unit", .string("p-dien-bien-phu")), .init("votes", .number("1"))])])),
            ])
        // The council attests the year-end ranking: the digest of the canonical result of
        // replaying every entry so far (`thidua attest verify` recomputes it).
        let size = try log.size()
        let standings = Standings(try Ledger.replay(log))
        try emit(
            "12-20T09:00", RankingPublished.type, "ranking-2025", by: ["council"],
            [
                .init("movement", .string("pt-2025-tp-dien-bien-phu")), .init("scope", .string("all")),
                .init("size", .number(String(size))),
                .init(
                    "rubricSha256", .array(CanonicalRanking.rubricHashes(standings, scope: "all").map { .string($0) })),
                .init("resultSha256", .string(CanonicalRanking.sha256(standings, scope: "all"))),
            ])
    }
}
