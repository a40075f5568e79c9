import ThiduaDomain
import ThiduaLog

/// Builds the demo log: Điện Biên's 2025 emulation year as it really went, signed event
/// by event.
///
/// Until 30/06/2025 the province's district-level units compete in two clusters and the
/// city of Điện Biên Phủ runs its own movement (the seed directive's targets) for its 7
/// wards and 5 communes; both hold a closing review at 30/06, ranked and attested. On
/// 01/07/2025 the district level ends (Law 72/2025/QH15) and the commune-level units merge
/// into new ones (Resolution 1661/NQ-UBTVQH15), with what history each carries stated;
/// the new units compete in new clusters until 31/12/2025, and the council ranks and
/// attests the year in January 2026. The colleges' bloc runs all year.
///
/// Names, compositions and dates are the published ones (`SOURCES.md` cites them and
/// marks what the demo fills in); the figures units report, the appraisals, violations
/// and awards are illustrative, and the output says so. Keys are derived from fixed labels
/// and the clock is set to each event's date, so the same build gives a byte-identical log.
public struct DemoLog {
    public static let origin = "thidua.dienbien.gov.vn/2025"
    public let log: Log
    private let clock: SteppingClock
    private var count = 0

    /// A demo key: Ed25519 from SHA-256 of a fixed label. Never use such keys for real.
    public static func key(_ label: String) -> PrivateKey {
        try! PrivateKey(seed: SHA256.hash(Array("thidua-demo/\(label)".utf8)).bytes)
    }

    /// The rubric files the demo publishes (in `Projections/`).
    public static let rubricFiles = [
        "rubric-khoi-truong-2025.json", "rubric-cum-huyen-2025-ket-thuc.json",
        "rubric-phuong-xa-tp-2025-ket-thuc.json", "rubric-cum-xa-2025.json",
    ]

    static let beforeGroups = [DemoData.lowland, DemoData.highland, DemoData.colleges, DemoData.city]
    static let afterGroups = [DemoData.communesLow, DemoData.communesHigh]

    /// The labels of every demo signing key (not the log's checkpoint key).
    public static var keyLabels: [String] {
        ["council", "hd-tp", "noi-vu", "thanh-tra"] + (beforeGroups + afterGroups).flatMap { $0.members.map(\.id) }
    }

    /// The 10 district-level units (all end on 01/07/2025).
    public static var districtLevelUnits: [String] { (DemoData.lowland.members + DemoData.highland.members).map(\.id) }
    /// The city's 7 wards and 5 communes (merged into new units on 01/07/2025).
    public static var cityUnits: [String] { DemoData.city.members.map(\.id) }

    /// Movements: the province's letter 1908/UBND-KSTT and the city's 2025 directive.
    static let province = "cv-1908-ubnd-tinh-2024"
    static let cityMovement = "pt-2025-tp-dien-bien-phu"

    /// Builds the whole demo into an empty store.
    /// - Parameter rubrics: the bytes of each file of `rubricFiles`, by name.
    public static func build(store: any LogStore, rubrics: [String: [UInt8]]) throws -> Log {
        let clock = SteppingClock(start: Timestamp(rfc3339: "2025-01-02T08:00:00+07:00")!, stepMillis: 1)
        let log = try Log.create(
            store: store, origin: origin, logKey: key("log"), rootKeys: [key("council")],
            fields: [
                .init("rules", .string(EmulationRules.current)),
                .init("title", .string("Sổ thi đua tỉnh Điện Biên năm 2025 (số liệu minh họa)")),
            ],
            clock: clock, catalog: EmulationRules.catalog)
        var d = DemoLog(log: log, clock: clock)
        func file(_ name: String) throws -> [UInt8] {
            guard let b = rubrics[name] else { throw DomainError(.missingField, name, "the demo needs \(name)") }
            return b
        }
        try d.firstHalf(
            bloc: try file(rubricFiles[0]), districts: try file(rubricFiles[1]), city: try file(rubricFiles[2]))
        try d.reorganisation(communes: try file(rubricFiles[3]))
        try d.secondHalf()
        return log
    }

    // MARK: building blocks

    /// Appends `event` signed by the keys of `by`, received at `at` (Vietnam time; a bare
    /// `MM-DDTHH:MM` is in 2025).
    private mutating func emit(_ at: String, _ event: DomainEvent, id: String? = nil, by signers: [String]) throws {
        let time = (at.count == 11 ? "2025-\(at)" : at) + ":00+07:00"
        clock.set(Timestamp(rfc3339: time)!)
        count += 1
        let payload = event.payload(id: id ?? "e\(count)", issuedAt: time, log: DemoLog.origin)
        _ = try log.append([try Envelope.sign(payload: payload, keys: signers.map(DemoLog.key))])
    }

    private mutating func register(_ at: String, _ label: String, role: String, scope: String? = nil, name: String)
        throws
    {
        try emit(
            at,
            .keyRegistered(
                KeyRegistered(publicKey: DemoLog.key(label).publicKey.base64, role: role, scope: scope, name: name)),
            id: "key-\(label)", by: ["council"])
    }

    private static func value(_ s: String) -> Fraction { Fraction(decimal: s)! }

    private static func evidence(_ name: String) -> [Evidence] {
        [Evidence(sha256: Hex.encode(SHA256.hash(Array(name.utf8)).bytes), name: name)]
    }

    /// A group formed, its head and deputy elected for `term`, and its members' keys.
    private mutating func form(_ g: DemoData.Group, at: String, effective: String, term: DateSpan, by council: String)
        throws
    {
        try emit(
            at,
            .groupFormed(
                GroupFormed(
                    group: g.id, kind: g.kind, name: g.name, effective: effective,
                    members: g.members.map { Member(unit: $0.id, name: $0.name) })), id: "g-\(g.id)", by: [council])
        for u in g.members {
            try register(at, u.id, role: "unit", scope: u.id, name: "Đại diện \(u.name)")
        }
        for (unit, deputy) in [(g.head, false), (g.deputy, true)] {
            try emit(
                at, .headElected(HeadElected(group: g.id, unit: unit, deputy: deputy, term: term)),
                id: "e-\(g.id)-\(deputy ? "pho" : "truong")-\(term.from)", by: [council])
        }
    }

    /// Each member's pledge, countersigned by the head (the head's own by the deputy).
    private mutating func pledges(
        _ g: DemoData.Group, at: String, movement: String, codes: [DemoData.Code], titles: [String]
    ) throws {
        for u in g.members {
            let targets = zip(codes, DemoData.pledged[u.id]!).map { $0.target($1) }
            try emit(
                at,
                .pledgeSigned(
                    PledgeSigned(movement: movement, unit: u.id, group: g.id, targets: targets, titles: titles)),
                id: "pledge-\(u.id)", by: [u.id, u.id == g.head ? g.deputy : g.head])
        }
    }

    /// Each member's figures, tasks and self scores, with their evidence.
    private mutating func results(_ g: DemoData.Group, at: String, codes: [DemoData.Code], review: String) throws {
        for u in g.members {
            let doc = "\(review) — \(u.name)"
            for (c, v) in zip(codes, DemoData.reported[u.id]!) {
                try emit(
                    at,
                    .indicatorReported(
                        IndicatorReported(
                            unit: u.id, code: c.code, value: DemoLog.value(v), evidence: DemoLog.evidence(doc))),
                    id: "r-\(u.id)-\(c.code)", by: [u.id])
            }
            for (criterion, n, note) in DemoData.tasks[u.id] ?? [] {
                try emit(
                    at, .taskCompleted(TaskCompleted(unit: u.id, criterion: criterion, count: n, note: note)),
                    id: "t-\(u.id)-\(criterion)", by: [u.id])
            }
            if let s = DemoData.selfScores[u.id] {
                try emit(
                    at, .selfScoreSubmitted(SelfScoreSubmitted(unit: u.id, scores: s.mapValues(DemoLog.value))),
                    id: "s-\(u.id)", by: [u.id])
            }
        }
    }

    /// An appraisal by the appraising body (Sở Nội vụ).
    private mutating func appraise(_ at: String, _ id: String, _ a: ScoreAppraised) throws {
        try emit(at, .scoreAppraised(a), id: id, by: ["noi-vu"])
    }

    /// A bonus or a deduction by the appraising body.
    private mutating func adjust(_ at: String, _ id: String, bonus: Bool, _ a: Adjustment) throws {
        try emit(
            at, bonus ? .bonusAwarded(BonusAwarded(a)) : .deductionApplied(DeductionApplied(a)), id: id, by: ["noi-vu"])
    }

    /// A violation reported by the inspectorate (Thanh tra tỉnh).
    private mutating func violation(_ at: String, _ id: String, _ v: ViolationReported) throws {
        try emit(at, .violationReported(v), id: id, by: ["thanh-tra"])
    }

    private mutating func publish(_ at: String, _ file: [UInt8], _ groups: [String], id: String, by: String) throws {
        try emit(at, .rubricPublished(try RubricPublished(file: file, groups: groups)), id: id, by: [by])
    }

    /// The council's attestation of the ranking the log gives so far (`thidua attest
    /// verify` recomputes it).
    private mutating func attest(_ at: String, scope: String, movement: String, id: String, by: String) throws {
        let time = (at.count == 11 ? "2025-\(at)" : at) + ":00+07:00"
        clock.set(Timestamp(rfc3339: time)!)
        let standings = Standings(try Ledger.replay(log))
        try emit(
            at, .rankingPublished(RankingPublished(attesting: standings, scope: scope, movement: movement)), id: id,
            by: [by])
    }

    // MARK: 1 January – 30 June 2025

    private mutating func firstHalf(bloc: [UInt8], districts: [UInt8], city: [UInt8]) throws {
        try opening(bloc: bloc)
        try closingReviews(districts: districts, city: city)
        try appraisals()
        // 30 June: the closing reviews, ranked and attested before the units end.
        for g in [DemoData.lowland, DemoData.highland] {
            try attest(
                "06-30T17:00", scope: g.id, movement: DemoLog.province, id: "ranking-\(g.id)-2025-06-30",
                by: "council")
        }
        try attest(
            "06-30T17:10", scope: DemoData.city.id, movement: DemoLog.cityMovement,
            id: "ranking-\(DemoData.city.id)-2025-06-30", by: "hd-tp")
    }

    /// January–March: the keys, the movements, the groups and their rubric, the pledges.
    private mutating func opening(bloc: [UInt8]) throws {
        try register(
            "01-03T08:00", "noi-vu", role: "appraiser",
            name: "Sở Nội vụ tỉnh Điện Biên (cơ quan thường trực Hội đồng Thi đua – Khen thưởng tỉnh)")
        try register("01-03T08:05", "thanh-tra", role: "agency", name: "Thanh tra tỉnh Điện Biên")
        try register(
            "01-03T08:10", "hd-tp", role: "council", name: "Hội đồng Thi đua – Khen thưởng thành phố Điện Biên Phủ")
        // February: the movements, with the seed documents' targets.
        try emit(
            "02-10T08:00",
            .movementLaunched(
                MovementLaunched(
                    movement: DemoLog.cityMovement,
                    name: "Phong trào thi đua trên địa bàn thành phố Điện Biên Phủ năm 2025",
                    theme: "Kỷ cương, trách nhiệm; tinh gọn, hiệu quả; chủ động, kịp thời; tăng tốc, bứt phá",
                    document:
                        "Chỉ thị phát động phong trào thi đua năm 2025, UBND thành phố Điện Biên Phủ, tháng 02/2025",
                    period: DateSpan(from: "2025-01-01", to: "2025-12-31"),
                    targets: SeedTargets.targets(SeedTargets.city))), id: DemoLog.cityMovement, by: ["hd-tp"])
        try emit(
            "02-10T08:10",
            .movementLaunched(
                MovementLaunched(
                    movement: DemoLog.province,
                    name: "Đẩy mạnh các phong trào thi đua yêu nước (Công văn 1908/UBND-KSTT)",
                    document: "Công văn số 1908/UBND-KSTT ngày 24/4/2024 của UBND tỉnh Điện Biên",
                    period: DateSpan(from: "2024-04-24", to: "2025-12-31"),
                    targets: SeedTargets.targets(SeedTargets.province))), id: DemoLog.province, by: ["council"])
        let year = DateSpan(from: "2025-01-01", to: "2025-12-31")
        for g in [DemoData.lowland, DemoData.highland, DemoData.colleges] {
            try form(g, at: "02-12T08:00", effective: "2025-01-01", term: year, by: "council")
        }
        try form(DemoData.city, at: "02-12T09:00", effective: "2025-01-01", term: year, by: "hd-tp")
        try publish("02-15T08:00", bloc, [DemoData.colleges.id], id: "rb-khoi-truong-2025", by: "council")
        // March: the pledges (giao ước thi đua).
        let provinceTitles = ["Cờ thi đua của UBND tỉnh", "Tập thể lao động xuất sắc"]
        try pledges(
            DemoData.lowland, at: "03-03T09:00", movement: DemoLog.province, codes: DemoData.districtCodes,
            titles: provinceTitles)
        try pledges(
            DemoData.highland, at: "03-03T10:00", movement: DemoLog.province, codes: DemoData.districtCodes,
            titles: provinceTitles)
        try pledges(
            DemoData.colleges, at: "03-04T09:00", movement: DemoLog.province, codes: DemoData.collegeCodes,
            titles: ["Tập thể lao động xuất sắc"])
        try pledges(
            DemoData.city, at: "03-05T09:00", movement: DemoLog.cityMovement, codes: DemoData.cityCodes,
            titles: ["Tập thể lao động tiên tiến"])
        try violation(
            "05-15T16:00", "v-thanh-binh",
            ViolationReported(
                unit: "p-thanh-binh", level: "khiển trách",
                description: "Một công chức phường bị kỷ luật khiển trách do chậm giải quyết hồ sơ (minh họa)"))
    }

    /// April–June: the reorganisation is decided, the closing reviews are held.
    private mutating func closingReviews(districts: [UInt8], city: [UInt8]) throws {
        // April–May: the reorganisation is decided (Resolution 60-NQ/TW, 12/4/2025); the
        // councils publish closing-review rubrics for units that end on 01/07/2025.
        try publish(
            "05-20T08:00", districts, [DemoData.lowland.id, DemoData.highland.id], id: "rb-cum-huyen-2025-ket-thuc",
            by: "council")
        try publish("05-20T08:30", city, [DemoData.city.id], id: "rb-phuong-xa-tp-2025-ket-thuc", by: "hd-tp")
        try violation(
            "06-20T16:00", "v-muong-nhe",
            ViolationReported(
                unit: "h-muong-nhe", level: "cảnh cáo",
                description: "Một lãnh đạo UBND huyện bị kỷ luật cảnh cáo (minh họa)"))
        // June: the mid-year and closing reviews (sơ kết, tổng kết kết thúc hoạt động).
        try results(
            DemoData.lowland, at: "06-23T10:00", codes: DemoData.districtCodes,
            review: "Báo cáo tổng kết đến khi kết thúc hoạt động cấp huyện")
        try results(
            DemoData.highland, at: "06-24T10:00", codes: DemoData.districtCodes,
            review: "Báo cáo tổng kết đến khi kết thúc hoạt động cấp huyện")
        try results(
            DemoData.city, at: "06-24T14:00", codes: DemoData.cityCodes,
            review: "Báo cáo tổng kết trước khi sắp xếp đơn vị hành chính")
        try emit(
            "06-25T09:00",
            .commendationAwarded(
                CommendationAwarded(
                    unit: "h-muong-nhe", title: "Bằng khen của Chủ tịch UBND tỉnh",
                    decision: "Quyết định khen thưởng (minh họa) ngày 25/6/2025")), id: "award-bk-muong-nhe",
            by: ["council"])
        try adjust(
            "06-26T15:00", "d-dien-bien-dong", bonus: false,
            Adjustment(
                unit: "h-dien-bien-dong", item: "bao-cao-cham", points: 1,
                reason: "Gửi báo cáo tổng kết chậm 3 ngày"))
        try adjust(
            "06-26T15:10", "b-muong-phang", bonus: true,
            Adjustment(
                unit: "x-muong-phang", item: "dot-xuat", points: 1,
                reason: "Hoàn thành sớm bàn giao hồ sơ địa chính"))
    }

    /// Late June: appraisal (thẩm định), explanation (giải trình), re-appraisal; an award
    /// revoked.
    private mutating func appraisals() throws {
        try appraise(
            "06-27T09:00", "a-dien-bien-A1",
            ScoreAppraised(
                unit: "h-dien-bien", criterion: "A1", field: .value, from: 5630, to: DemoLog.value("56.3"),
                reason: "Đơn vị nhập thiếu dấu thập phân: 56,3 % dự toán"))
        try appraise(
            "06-27T09:10", "a-nam-po-A2",
            ScoreAppraised(
                unit: "h-nam-po", criterion: "A2", field: .value, from: 55, to: 47,
                reason: "Số lao động đã tính trong kết quả năm 2024"))
        try emit(
            "06-28T15:00",
            .explanationSubmitted(
                ExplanationSubmitted(
                    unit: "h-nam-po", criterion: "A2",
                    text: "Hợp đồng lao động mới ký năm 2025 với doanh nghiệp khác; gửi kèm danh sách")),
            id: "x-nam-po-A2", by: ["h-nam-po"])
        try appraise(
            "06-29T09:00", "a-nam-po-A2-2",
            ScoreAppraised(
                unit: "h-nam-po", criterion: "A2", field: .value, from: 47, to: 49,
                reason: "Chấp nhận một phần giải trình"))
        try emit(
            "06-29T10:00",
            .commendationRevoked(
                CommendationRevoked(
                    award: "award-bk-muong-nhe",
                    reason: "Luật Thi đua, khen thưởng điều 93: kê khai không trung thực về kỷ luật (minh họa)",
                    decision: "Quyết định thu hồi (minh họa) ngày 29/6/2025")), id: "rv-bk-muong-nhe",
            by: ["council"])
    }

    // MARK: 1 July 2025

    private mutating func reorganisation(communes: [UInt8]) throws {
        let law = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15: không tổ chức cấp huyện từ 01/7/2025"
        for u in (DemoData.lowland.members + DemoData.highland.members) {
            try emit(
                "07-01T08:00", .unitEnded(UnitEnded(unit: u.id, effective: "2025-07-01", reason: law)),
                id: "end-\(u.id)", by: ["council"])
        }
        let resolution = "Nghị quyết 1661/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
        for m in DemoData.merges {
            try emit(
                "07-01T08:20",
                .unitsMerged(
                    UnitsMerged(
                        units: m.tracked.map { Member(unit: $0) } + m.others.map { Member(unit: $0.id, name: $0.name) },
                        into: Member(unit: m.into.id, name: m.into.name),
                        carry: m.carried.isEmpty
                            ? [:] : Dictionary(uniqueKeysWithValues: m.tracked.map { ($0, m.carried) }),
                        effective: "2025-07-01", reason: resolution)), id: "merge-\(m.into.id)", by: ["council"])
        }
        try emit(
            "07-01T08:40",
            .keyRevoked(
                KeyRevoked(
                    keyid: DemoLog.key("hd-tp").keyID.hex,
                    reason: "Thành phố Điện Biên Phủ kết thúc hoạt động từ 01/7/2025")), id: "rev-hd-tp",
            by: ["council"])
        let half = DateSpan(from: "2025-07-01", to: "2025-12-31")
        for g in DemoLog.afterGroups {
            try form(g, at: "07-01T09:00", effective: "2025-07-01", term: half, by: "council")
        }
        try publish(
            "07-02T08:00", communes, DemoLog.afterGroups.map(\.id), id: "rb-cum-xa-2025", by: "council")
        for (k, g) in DemoLog.afterGroups.enumerated() {
            try pledges(
                g, at: "07-0\(3 + k)T09:00", movement: DemoLog.province, codes: DemoData.communeCodes,
                titles: ["Cờ thi đua của UBND tỉnh", "Tập thể lao động xuất sắc"])
        }
    }

    // MARK: 1 July 2025 – January 2026

    private mutating func secondHalf() throws {
        try results(
            DemoData.colleges, at: "11-20T10:00", codes: DemoData.collegeCodes, review: "Báo cáo tổng kết năm học")
        try results(
            DemoData.communesLow, at: "12-03T10:00", codes: DemoData.communeCodes,
            review: "Báo cáo tổng kết 6 tháng cuối năm 2025")
        try results(
            DemoData.communesHigh, at: "12-04T10:00", codes: DemoData.communeCodes,
            review: "Báo cáo tổng kết 6 tháng cuối năm 2025")
        try violation(
            "12-09T16:00", "v-quang-lam",
            ViolationReported(
                unit: "xa-quang-lam", level: "cảnh cáo",
                description: "Một lãnh đạo UBND xã bị kỷ luật cảnh cáo do sai phạm trong quản lý đất đai (minh họa)"
            ))
        try adjust(
            "12-10T09:00", "b-muong-nhe", bonus: true,
            Adjustment(
                unit: "xa-muong-nhe", item: "sang-kien", points: 2,
                reason: "Mô hình \"Bản không ma túy\" được UBND tỉnh công nhận"))
        try adjust(
            "12-10T09:05", "d-na-tau", bonus: false,
            Adjustment(
                unit: "xa-na-tau", item: "bao-cao-cham", points: 1,
                reason: "Chưa gửi báo cáo tổng kết đúng hạn 05/12/2025"))
        // January 2026: appraisal, ballots and the council's ranking of the year.
        try appraise(
            "2026-01-05T09:00", "a-sin-thau-A1",
            ScoreAppraised(
                unit: "xa-sin-thau", criterion: "A1", field: .value, from: 3200, to: DemoLog.value("3.2"),
                reason: "Đơn vị báo cáo theo triệu đồng; quy đổi sang tỷ đồng theo chỉ tiêu"))
        try appraise(
            "2026-01-05T09:10", "a-muong-lay-A4",
            ScoreAppraised(
                unit: "phuong-muong-lay", criterion: "A4", field: .points, from: 4, to: 3,
                reason: "Hồ sơ điển hình tiên tiến thiếu biên bản bình xét"))
        try emit(
            "2026-01-08T14:00",
            .ballotHeld(
                BallotHeld(
                    group: DemoData.communesHigh.id, round: 1, eligible: 6, present: 6,
                    votes: ["xa-muong-nhe": 5, "xa-quang-lam": 1])), id: "ballot-\(DemoData.communesHigh.id)-1",
            by: ["council"])
        try emit(
            "2026-01-08T15:00",
            .ballotHeld(
                BallotHeld(
                    group: DemoData.communesLow.id, round: 1, eligible: 5, present: 3,
                    votes: ["phuong-dien-bien-phu": 3])), id: "ballot-\(DemoData.communesLow.id)-1", by: ["council"])
        try attest("2026-01-12T09:00", scope: "all", movement: DemoLog.province, id: "ranking-2025", by: "council")
    }
}
