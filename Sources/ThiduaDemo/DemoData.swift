import ThiduaDomain
import ThiduaLog

/// The units, groups and figures of the demo year. Names and compositions of units are
/// those of the published documents (SOURCES.md lists them, and marks what the demo
/// fills in); every figure a unit reports is illustrative.
enum DemoData {
    struct Unit {
        let id: String
        let name: String
    }

    struct Group {
        let id: String
        let kind: GroupFormed.Kind
        let name: String
        let members: [Unit]
        let head: String
        let deputy: String
    }

    // MARK: until 30/06/2025: district level, the city's wards and communes

    static let lowland = Group(
        id: "cum-vung-thap", kind: .cluster, name: "Cụm thi đua vùng thấp",
        members: [
            Unit(id: "tp-dien-bien-phu", name: "Thành phố Điện Biên Phủ"),
            Unit(id: "h-dien-bien", name: "Huyện Điện Biên"),
            Unit(id: "tx-muong-lay", name: "Thị xã Mường Lay"),
            Unit(id: "h-muong-ang", name: "Huyện Mường Ảng"),
            Unit(id: "h-tuan-giao", name: "Huyện Tuần Giáo"),
        ], head: "tp-dien-bien-phu", deputy: "h-dien-bien")

    static let highland = Group(
        id: "cum-vung-cao", kind: .cluster, name: "Cụm thi đua vùng cao",
        members: [
            Unit(id: "h-tua-chua", name: "Huyện Tủa Chùa"),
            Unit(id: "h-dien-bien-dong", name: "Huyện Điện Biên Đông"),
            Unit(id: "h-muong-cha", name: "Huyện Mường Chà"),
            Unit(id: "h-muong-nhe", name: "Huyện Mường Nhé"),
            Unit(id: "h-nam-po", name: "Huyện Nậm Pồ"),
        ], head: "h-tua-chua", deputy: "h-muong-cha")

    static let colleges = Group(
        id: "khoi-truong", kind: .bloc, name: "Khối Trường Chuyên nghiệp tỉnh",
        members: [
            Unit(id: "cd-y-te", name: "Trường Cao đẳng Y tế Điện Biên"),
            Unit(id: "cd-kinh-te-ky-thuat", name: "Trường Cao đẳng Kinh tế - Kỹ thuật Điện Biên"),
            Unit(id: "truong-chinh-tri", name: "Trường Chính trị tỉnh Điện Biên"),
        ], head: "cd-y-te", deputy: "truong-chinh-tri")

    /// The city's 7 wards and 5 communes (the city's own movement and cluster).
    static let city = Group(
        id: "cum-phuong-xa-tp", kind: .cluster, name: "Cụm thi đua các phường, xã thành phố Điện Biên Phủ",
        members: [
            Unit(id: "p-him-lam", name: "Phường Him Lam"),
            Unit(id: "p-muong-thanh", name: "Phường Mường Thanh"),
            Unit(id: "p-tan-thanh", name: "Phường Tân Thanh"),
            Unit(id: "p-thanh-binh", name: "Phường Thanh Bình"),
            Unit(id: "p-thanh-truong", name: "Phường Thanh Trường"),
            Unit(id: "p-noong-bua", name: "Phường Noong Bua"),
            Unit(id: "p-nam-thanh", name: "Phường Nam Thanh"),
            Unit(id: "x-thanh-minh", name: "Xã Thanh Minh"),
            Unit(id: "x-na-tau", name: "Xã Nà Tấu"),
            Unit(id: "x-na-nhan", name: "Xã Nà Nhạn"),
            Unit(id: "x-muong-phang", name: "Xã Mường Phăng"),
            Unit(id: "x-pa-khoang", name: "Xã Pá Khoang"),
        ], head: "p-him-lam", deputy: "x-thanh-minh")

    // MARK: from 01/07/2025: the new wards and communes (Resolution 1661/NQ-UBTVQH15)

    /// A new unit and the units merged into it; `tracked` are units of this log (they
    /// carry `carried`), `others` are merged units the log never tracked (named only).
    struct Merge {
        let into: Unit
        let tracked: [String]
        let others: [Unit]
        let carried: Set<FactKind>
    }

    static let merges: [Merge] = [
        Merge(
            into: Unit(id: "phuong-dien-bien-phu", name: "Phường Điện Biên Phủ"),
            tracked: ["p-him-lam", "p-muong-thanh", "p-tan-thanh", "p-thanh-binh", "p-thanh-truong", "x-thanh-minh"],
            others: [], carried: [.violations]),
        Merge(
            into: Unit(id: "phuong-muong-thanh", name: "Phường Mường Thanh"),
            tracked: ["p-noong-bua", "p-nam-thanh"],
            others: [Unit(id: "x-thanh-xuong", name: "Xã Thanh Xương (huyện Điện Biên)")], carried: [.violations]),
        Merge(
            into: Unit(id: "phuong-muong-lay", name: "Phường Mường Lay"), tracked: [],
            others: [
                Unit(id: "p-na-lay", name: "Phường Na Lay (thị xã Mường Lay)"),
                Unit(id: "p-song-da", name: "Phường Sông Đà (thị xã Mường Lay)"),
                Unit(id: "x-lay-nua", name: "Xã Lay Nưa (thị xã Mường Lay)"),
            ], carried: []),
        Merge(
            into: Unit(id: "xa-muong-phang", name: "Xã Mường Phăng"),
            tracked: ["x-muong-phang", "x-na-nhan", "x-pa-khoang"], others: [], carried: [.violations]),
        Merge(
            into: Unit(id: "xa-na-tau", name: "Xã Nà Tấu"), tracked: ["x-na-tau"], others: [], carried: [.violations]),
        Merge(
            into: Unit(id: "xa-muong-nhe", name: "Xã Mường Nhé"), tracked: [],
            others: [
                Unit(id: "x-muong-nhe", name: "Xã Mường Nhé (huyện Mường Nhé)"),
                Unit(id: "x-nam-vi", name: "Xã Nậm Vì (huyện Mường Nhé)"),
                Unit(id: "x-chung-chai", name: "Xã Chung Chải (huyện Mường Nhé)"),
            ], carried: []),
        Merge(
            into: Unit(id: "xa-sin-thau", name: "Xã Sín Thầu"), tracked: [],
            others: [
                Unit(id: "x-sin-thau", name: "Xã Sín Thầu (huyện Mường Nhé)"),
                Unit(id: "x-sen-thuong", name: "Xã Sen Thượng (huyện Mường Nhé)"),
                Unit(id: "x-leng-su-sin", name: "Xã Leng Su Sìn (huyện Mường Nhé)"),
            ], carried: []),
        Merge(
            into: Unit(id: "xa-muong-toong", name: "Xã Mường Toong"), tracked: [],
            others: [
                Unit(id: "x-muong-toong", name: "Xã Mường Toong (huyện Mường Nhé)"),
                Unit(id: "x-huoi-lech", name: "Xã Huổi Lếch (huyện Mường Nhé)"),
            ], carried: []),
        Merge(
            into: Unit(id: "xa-nam-ke", name: "Xã Nậm Kè"), tracked: [],
            others: [
                Unit(id: "x-nam-ke", name: "Xã Nậm Kè (huyện Mường Nhé)"),
                Unit(id: "x-pa-my", name: "Xã Pá Mỳ (huyện Mường Nhé)"),
            ], carried: []),
        Merge(
            into: Unit(id: "xa-quang-lam", name: "Xã Quảng Lâm"), tracked: [],
            others: [
                Unit(id: "x-quang-lam", name: "Xã Quảng Lâm (huyện Mường Nhé)"),
                Unit(id: "x-na-co-sa", name: "Xã Na Cô Sa (huyện Nậm Pồ)"),
            ], carried: []),
        Merge(
            into: Unit(id: "xa-na-hy", name: "Xã Nà Hỳ"), tracked: [],
            others: [
                Unit(id: "x-na-hy", name: "Xã Nà Hỳ (huyện Nậm Pồ)"),
                Unit(id: "x-na-khoa", name: "Xã Nà Khoa (huyện Nậm Pồ)"),
                Unit(id: "x-nam-nhu", name: "Xã Nậm Nhừ (huyện Nậm Pồ)"),
                Unit(id: "x-nam-chua", name: "Xã Nậm Chua (huyện Nậm Pồ)"),
            ], carried: []),
    ]

    static func newUnit(_ id: String) -> Unit { merges.first { $0.into.id == id }!.into }

    static let communesLow = Group(
        id: "cum-xa-vung-thap", kind: .cluster, name: "Cụm thi đua các phường, xã vùng thấp",
        members: ["phuong-dien-bien-phu", "phuong-muong-thanh", "phuong-muong-lay", "xa-muong-phang", "xa-na-tau"]
            .map(newUnit), head: "phuong-dien-bien-phu", deputy: "phuong-muong-thanh")

    static let communesHigh = Group(
        id: "cum-xa-bien-gioi", kind: .cluster, name: "Cụm thi đua các xã biên giới Mường Nhé - Nậm Pồ",
        members: ["xa-muong-nhe", "xa-sin-thau", "xa-muong-toong", "xa-nam-ke", "xa-quang-lam", "xa-na-hy"]
            .map(newUnit), head: "xa-muong-nhe", deputy: "xa-na-hy")

    // MARK: targets and figures

    /// A target a unit pledges: a movement's code, or one the pledge defines.
    struct Code {
        let code: String
        let name: String?
        let unit: String?
        var lower = false

        func target(_ value: String) -> PledgedTarget {
            PledgedTarget(
                code: code, value: Fraction(decimal: value)!, name: name, unit: unit,
                direction: lower ? .lower : nil)
        }
    }

    static let ns6 = Code(code: "NS6", name: "Thu ngân sách nhà nước 6 tháng so với dự toán năm", unit: "%")
    static let vl6 = Code(code: "VL6", name: "Giải quyết việc làm mới 6 tháng so với kế hoạch năm", unit: "%")
    static let p02b = Code(code: "P02b", name: nil, unit: nil)
    static let tngt6 = Code(code: "TNGT6", name: "Số vụ tai nạn giao thông 6 tháng đầu năm", unit: "vụ", lower: true)
    static let ct11 = Code(code: "CT11", name: nil, unit: nil)
    static let ct12b = Code(code: "CT12b", name: nil, unit: nil)
    static let ct14 = Code(code: "CT14", name: "Số hộ nghèo trên địa bàn", unit: "hộ", lower: true)
    static let ns = Code(code: "NS", name: "Thu ngân sách nhà nước trên địa bàn 6 tháng cuối năm", unit: "tỷ đồng")
    static let vl = Code(code: "VL", name: "Giải quyết việc làm mới 6 tháng cuối năm", unit: "lao động")
    static let p02c = Code(code: "P02c", name: nil, unit: nil)
    static let p01a = Code(code: "P01a", name: "Giảm tỷ lệ hộ nghèo trên địa bàn", unit: "điểm %")
    static let ts01 = Code(code: "TS01", name: "Tuyển sinh", unit: "người")
    static let ts02 = Code(code: "TS02", name: "Tỷ lệ học sinh, sinh viên tốt nghiệp", unit: "%")
    static let ts03 = Code(code: "TS03", name: "Tỷ lệ người học có việc làm sau tốt nghiệp", unit: "%")

    /// The codes each group's members pledge, and (per unit) the values pledged and the
    /// values reported, in the same order.
    static let districtCodes = [ns6, vl6, p02b, tngt6]
    static let cityCodes = [ct11, ct12b, ct14, ns6]
    static let communeCodes = [ns, vl, p02c, p01a]
    static let collegeCodes = [ts01, ts02, ts03]

    static let pledged: [String: [String]] = [
        "tp-dien-bien-phu": ["55", "50", "85", "12"], "h-dien-bien": ["50", "50", "80", "10"],
        "tx-muong-lay": ["50", "50", "80", "3"], "h-muong-ang": ["50", "50", "80", "5"],
        "h-tuan-giao": ["50", "50", "80", "8"], "h-tua-chua": ["50", "50", "80", "4"],
        "h-dien-bien-dong": ["50", "50", "80", "5"], "h-muong-cha": ["50", "50", "80", "5"],
        "h-muong-nhe": ["50", "50", "80", "5"], "h-nam-po": ["50", "50", "80", "5"],
        "p-him-lam": ["98", "96", "0", "52"], "p-muong-thanh": ["98", "95", "0", "50"],
        "p-tan-thanh": ["97", "95", "0", "50"], "p-thanh-binh": ["97", "96", "0", "50"],
        "p-thanh-truong": ["97", "95", "0", "50"], "p-noong-bua": ["97", "94", "2", "50"],
        "p-nam-thanh": ["97", "94", "1", "50"], "x-thanh-minh": ["96", "92", "6", "45"],
        "x-na-tau": ["95", "90", "25", "45"], "x-na-nhan": ["95", "90", "20", "45"],
        "x-muong-phang": ["95", "90", "30", "45"], "x-pa-khoang": ["95", "90", "18", "45"],
        "cd-y-te": ["450", "95", "85"], "cd-kinh-te-ky-thuat": ["600", "92", "80"],
        "truong-chinh-tri": ["300", "98", "90"],
        "phuong-dien-bien-phu": ["210", "900", "75", "0"], "phuong-muong-thanh": ["95", "600", "75", "0"],
        "phuong-muong-lay": ["28", "250", "70", "1.5"], "xa-muong-phang": ["9", "300", "65", "4"],
        "xa-na-tau": ["7", "280", "65", "4"], "xa-muong-nhe": ["14", "400", "62", "5.5"],
        "xa-sin-thau": ["3", "150", "60", "5.5"], "xa-muong-toong": ["4", "180", "60", "5.5"],
        "xa-nam-ke": ["3.5", "160", "60", "5.5"], "xa-quang-lam": ["4.5", "200", "60", "5.5"],
        "xa-na-hy": ["5", "220", "60", "5.5"],
    ]

    /// Figures reported at the mid-year review (30/06) or the year-end review.
    static let reported: [String: [String]] = [
        // h-dien-bien's 5630 is 56.3 typed without its comma: it waits for appraisal.
        "tp-dien-bien-phu": ["61.2", "54", "91.5", "9"], "h-dien-bien": ["5630", "48.5", "83.2", "11"],
        "tx-muong-lay": ["47", "45", "71", "2"], "h-muong-ang": ["52", "51", "79", "5"],
        "h-tuan-giao": ["44", "40", "62", "10"], "h-tua-chua": ["58", "56", "86", "2"],
        "h-dien-bien-dong": ["49", "46", "78", "6"], "h-muong-cha": ["51", "50", "81", "5"],
        "h-muong-nhe": ["60", "58", "88", "3"], "h-nam-po": ["42", "55", "70", "5"],
        "p-him-lam": ["99.1", "96.8", "0", "58.4"], "p-muong-thanh": ["98.6", "94.8", "0", "55.1"],
        "p-tan-thanh": ["97.4", "94.2", "0", "49"], "p-thanh-binh": ["97.8", "96.4", "0", "53.3"],
        "p-thanh-truong": ["96.9", "94.1", "0", "48.7"], "p-noong-bua": ["96.8", "94.5", "1", "49.5"],
        "p-nam-thanh": ["97.2", "93.6", "1", "50.5"], "x-thanh-minh": ["96.5", "91.5", "5", "44.8"],
        "x-na-tau": ["95.3", "89", "21", "46"], "x-na-nhan": ["94", "88.5", "22", "41"],
        "x-muong-phang": ["95.6", "91", "24", "48.3"], "x-pa-khoang": ["93", "86", "19", "40.5"],
        "cd-y-te": ["482", "97.2", "88.6"], "cd-kinh-te-ky-thuat": ["615", "93.5", "86.4"],
        "truong-chinh-tri": ["286", "96.1", "84"],
        // xa-sin-thau's 3200 is in triệu đồng against a target in tỷ đồng: appraised in January.
        "phuong-dien-bien-phu": ["231.5", "968", "75", "0"], "phuong-muong-thanh": ["103.2", "655", "80.1", "0"],
        "phuong-muong-lay": ["29.4", "240", "72.5", "1.6"], "xa-muong-phang": ["9.8", "301", "66", "4.2"],
        "xa-na-tau": ["6.6", "275", "61", "3.8"], "xa-muong-nhe": ["15.8", "436", "68.2", "6.1"],
        "xa-sin-thau": ["3200", "151", "61.5", "5.8"], "xa-muong-toong": ["4.3", "181", "60.4", "5.6"],
        "xa-nam-ke": ["3.2", "150", "58", "5"], "xa-quang-lam": ["5.1", "226", "66", "6"],
        "xa-na-hy": ["5.4", "231", "63", "5.7"],
    ]

    /// Tasks done (criterion, count, what), by unit.
    static let tasks: [String: [(String, Int, String)]] = [
        "tp-dien-bien-phu": [
            ("A3", 4, "4 mô hình dân vận khéo được nhân rộng"), ("B2", 1, "Biên bản bàn giao ngày 27/6/2025"),
            ("C2", 1, "Xóa 37 nhà tạm"), ("C3", 1, "Không có điểm nóng"),
        ],
        "h-dien-bien": [
            ("A3", 2, "2 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 26/6/2025"), ("C2", 1, "Xóa 412 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "tx-muong-lay": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 28/6/2025"), ("C2", 1, "Xóa 58 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "h-muong-ang": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 25/6/2025"), ("C2", 1, "Xóa 390 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "h-tuan-giao": [("A3", 1, "1 mô hình"), ("C2", 1, "Xóa 505 nhà tạm"), ("C3", 1, "Không có điểm nóng")],
        "h-tua-chua": [
            ("A3", 3, "3 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 26/6/2025"), ("C2", 1, "Xóa 530 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "h-dien-bien-dong": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 29/6/2025"), ("C2", 1, "Xóa 615 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "h-muong-cha": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 27/6/2025"), ("C2", 1, "Xóa 480 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "h-muong-nhe": [
            ("A3", 5, "5 mô hình"), ("B2", 1, "Biên bản bàn giao ngày 26/6/2025"), ("C2", 1, "Xóa 702 nhà tạm"),
            ("C3", 1, "Không có điểm nóng"),
        ],
        "h-nam-po": [("B2", 1, "Biên bản bàn giao ngày 28/6/2025"), ("C3", 1, "Không có điểm nóng")],
        "p-him-lam": [("A5", 3, "3 mô hình"), ("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 4 nhà tạm")],
        "p-muong-thanh": [("A5", 1, "1 mô hình"), ("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 3 nhà tạm")],
        "p-tan-thanh": [("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 2 nhà tạm")],
        "p-thanh-binh": [("A5", 2, "2 mô hình"), ("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 2 nhà tạm")],
        "p-thanh-truong": [("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 5 nhà tạm")],
        "p-noong-bua": [("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 6 nhà tạm")],
        "p-nam-thanh": [("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 3 nhà tạm")],
        "x-thanh-minh": [("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 9 nhà tạm")],
        "x-na-tau": [("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 21 nhà tạm")],
        "x-na-nhan": [("B1", 1, "Biên bản kiểm kê")],
        "x-muong-phang": [("A5", 2, "2 mô hình"), ("B1", 1, "Biên bản kiểm kê"), ("B2", 1, "Xóa 26 nhà tạm")],
        "x-pa-khoang": [("B2", 1, "Xóa 12 nhà tạm")],
        "cd-y-te": [
            ("A4", 3, "3 đề tài cấp cơ sở nghiệm thu"), ("B1", 1, "Phần mềm quản lý đào tạo vận hành toàn trường"),
            ("B2", 1, "Đạt cơ quan văn hóa"),
        ],
        "cd-kinh-te-ky-thuat": [
            ("A4", 4, "4 đề tài"), ("B1", 1, "Số hóa hồ sơ người học"), ("B2", 1, "Đạt cơ quan văn hóa"),
        ],
        "truong-chinh-tri": [("A4", 2, "2 đề tài"), ("B2", 1, "Đạt cơ quan văn hóa")],
        "phuong-dien-bien-phu": [
            ("A3", 4, "4 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 11 nhà tạm"),
        ],
        "phuong-muong-thanh": [
            ("A3", 3, "3 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 9 nhà tạm"),
        ],
        "phuong-muong-lay": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 14 nhà tạm"),
        ],
        "xa-muong-phang": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 30 nhà tạm"),
        ],
        "xa-na-tau": [("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng")],
        "xa-muong-nhe": [
            ("A3", 4, "4 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 120 nhà tạm"),
        ],
        "xa-sin-thau": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 64 nhà tạm"),
        ],
        "xa-muong-toong": [
            ("A3", 1, "1 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 58 nhà tạm"),
        ],
        "xa-nam-ke": [("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng")],
        "xa-quang-lam": [
            ("A3", 5, "5 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 77 nhà tạm"),
        ],
        "xa-na-hy": [
            ("A3", 2, "2 mô hình"), ("B2", 1, "Vận hành thông suốt"), ("C2", 1, "Không có điểm nóng"),
            ("C3", 1, "Xóa 81 nhà tạm"),
        ],
    ]

    /// Self scores of assessed criteria, by unit.
    static let selfScores: [String: [String: String]] = [
        "tp-dien-bien-phu": ["B3": "5"], "h-dien-bien": ["B3": "4"], "tx-muong-lay": ["B3": "3"],
        "h-muong-ang": ["B3": "3"], "h-tuan-giao": ["B3": "3"], "h-tua-chua": ["B3": "5"],
        "h-dien-bien-dong": ["B3": "4"], "h-muong-cha": ["B3": "4"], "h-muong-nhe": ["B3": "5"],
        "h-nam-po": ["B3": "3"],
        "p-him-lam": ["A6": "5", "B3": "5"], "p-muong-thanh": ["A6": "4.5", "B3": "5"],
        "p-tan-thanh": ["A6": "3.5", "B3": "4"], "p-thanh-binh": ["A6": "4.5", "B3": "4.5"],
        "p-thanh-truong": ["A6": "3.5", "B3": "4"], "p-noong-bua": ["A6": "3.5", "B3": "4"],
        "p-nam-thanh": ["A6": "3", "B3": "4"], "x-thanh-minh": ["A6": "3.5", "B3": "4"],
        "x-na-tau": ["A6": "3", "B3": "4.5"], "x-na-nhan": ["A6": "3", "B3": "3"],
        "x-muong-phang": ["A6": "4.5", "B3": "4.5"], "x-pa-khoang": ["A6": "3", "B3": "3"],
        "cd-y-te": ["B3": "9"], "cd-kinh-te-ky-thuat": ["B3": "9"], "truong-chinh-tri": ["B3": "9"],
        "phuong-dien-bien-phu": ["A4": "5", "B3": "5"], "phuong-muong-thanh": ["A4": "4.5", "B3": "5"],
        "phuong-muong-lay": ["A4": "4", "B3": "4"], "xa-muong-phang": ["A4": "3.5", "B3": "4"],
        "xa-na-tau": ["A4": "3.5", "B3": "3.5"], "xa-muong-nhe": ["A4": "5", "B3": "5"],
        "xa-sin-thau": ["A4": "3", "B3": "4"], "xa-muong-toong": ["A4": "3.5", "B3": "4"],
        "xa-nam-ke": ["A4": "3.5", "B3": "3"], "xa-quang-lam": ["A4": "5", "B3": "5"],
        "xa-na-hy": ["A4": "4.5", "B3": "4.5"],
    ]
}
