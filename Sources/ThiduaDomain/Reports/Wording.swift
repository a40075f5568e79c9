/// Every sentence the projections say, in Vietnamese or English: findings, how each score
/// was reached, why a band. The fold and the scoring return values; only this layer words
/// them, so a translation never changes a score and tests assert on values.
public struct Wording: Sendable {
    public let lang: Language

    public init(_ lang: Language) { self.lang = lang }

    func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
    func v(_ f: Fraction, places: Int = 4) -> String { lang.value(f, places: places) }

    /// A data-quality finding, as one sentence.
    public func finding(_ f: Finding) -> String {
        switch f {
        case .unreadable(let type, let reason):
            return t("không đọc được sự kiện \(type): \(reason)", "cannot read \(type): \(reason)")
        case .partsDoNotAddUp(let code, let name, let unit, let parts, let sum, let total):
            let list = parts.map { v($0) }.joined(separator: " + ")
            let off = (try? total - sum).map { v($0) } ?? "?"
            return t(
                "chỉ tiêu \(code) (\(name)): \(list) = \(v(sum)), không bằng tổng \(v(total)) \(unit) (lệch \(off))",
                "indicator \(code) (\(name)): \(list) = \(v(sum)), not the total \(v(total)) \(unit) (off by \(off))")
        case .partsUndefined(let code):
            return t(
                "chỉ tiêu \(code) nêu thành phần không có trong phong trào",
                "indicator \(code) names parts the movement does not define")
        case .targetOverHundredPercent(let code, let value):
            return t("chỉ tiêu \(code) là \(v(value))%, quá 100%", "indicator \(code) is \(v(value))%, over 100%")
        case .pledgeTargetUndefined(let unit, let code):
            return t(
                "cam kết của \(unit) có chỉ tiêu \(code) không có trong phong trào và thiếu tên/đơn vị tính",
                "\(unit)'s pledge has target \(code), which no movement defines, without a name and unit")
        case .reportedIndicatorUndefined(let unit, let code):
            return t(
                "\(unit) báo cáo chỉ tiêu \(code), không có trong phong trào hay cam kết của đơn vị",
                "\(unit) reported indicator \(code), which neither a movement nor its pledge defines")
        case .reportedOverHundredPercent(let unit, let code, let value):
            return t(
                "\(unit) báo cáo \(code) = \(v(value))%, quá 100%", "\(unit) reported \(code) = \(v(value))%, over 100%"
            )
        case .reportedFarFromTarget(let unit, let code, let value, let uom, let ratio, let target):
            return t(
                "\(unit) báo cáo \(code) = \(v(value)) \(uom), gấp \(v(ratio, places: 2)) lần chỉ tiêu \(v(target)): "
                    + "kiểm tra đơn vị tính",
                "\(unit) reported \(code) = \(v(value)) \(uom), \(v(ratio, places: 2))× its target \(v(target)): "
                    + "check the unit of measure"
            )
        case .ballotWithoutQuorum(let group, let round, let present, let eligible, let q):
            return t(
                "bỏ phiếu vòng \(round) của \(group) không đủ số lượng (\(present)/\(eligible) < \(q.num)/\(q.den)): "
                    + "không dùng kết quả",
                "ballot round \(round) of \(group) lacks a quorum (\(present)/\(eligible) < \(q.num)/\(q.den)): its "
                    + "result is not used"
            )
        case .ballotBeyondRounds(let group, let round, let maxRounds):
            return t(
                "bỏ phiếu vòng \(round) của \(group) vượt quá \(maxRounds) vòng: trưởng, phó cụm/khối quyết định; "
                    + "không dùng kết quả",
                "ballot round \(round) of \(group) is beyond \(maxRounds) rounds: the head and deputy decide; its "
                    + "result is not used"
            )
        case .selfScoreOutOfRange(let unit, let c, let given, let max, let counted):
            return t(
                "\(unit) tự chấm \(c) = \(v(given)), ngoài khoảng 0–\(v(max)): tính \(v(counted))",
                "\(unit) self-scored \(c) = \(v(given)), outside 0–\(v(max)): counted as \(v(counted))")
        case .itemNotInRubric(let item, let unit, let rubric):
            return t(
                "khoản \(item) của \(unit) không có trong bảng điểm \(rubric): không tính",
                "item \(item) for \(unit) is not in rubric \(rubric): not counted")
        case .notComputable(let unit, let c):
            return t(
                "không tính được chính xác tiêu chí \(c) của \(unit) (số liệu quá lớn): tính 0 điểm cho đến khi số "
                    + "liệu được sửa",
                "criterion \(c) of \(unit) cannot be computed exactly (values too large): it counts 0 until the "
                    + "values are corrected"
            )
        }
    }

    /// How a criterion's score was reached, e.g. "A1: thực hiện 25.100, chỉ tiêu 23.270,32, …".
    public func basis(_ b: ScoreBasis) -> String {
        switch b {
        case .quantitative(let code, let actual, let target, let direction, let ratio, let best):
            let dir = direction == .lower ? t(" (thấp hơn là tốt)", " (lower is better)") : ""
            return t(
                "\(code): thực hiện \(v(actual)), chỉ tiêu \(v(target))\(dir), tỷ lệ \(v(ratio)), cao nhất cụm/khối "
                    + "\(v(best))",
                "\(code): actual \(v(actual)), target \(v(target))\(dir), ratio \(v(ratio)), best in group \(v(best))")
        case .notReported(let code): return t("\(code): chưa báo cáo", "\(code): not reported")
        case .zeroTarget(let code):
            return t("\(code): chỉ tiêu bằng 0, không tính được tỷ lệ", "\(code): target is 0, no ratio")
        case .passFail(let done): return done ? t("đã hoàn thành", "done") : t("chưa hoàn thành", "not done")
        case .count(let items, let per, let max):
            return t(
                "\(v(items)) × \(v(per)) điểm, tối đa \(v(max))", "\(v(items)) × \(v(per)) points, at most \(v(max))")
        case .assessed(.none): return t("chưa tự chấm", "no self score")
        case .assessed(.selfScore): return t("điểm tự chấm", "self score")
        case .assessed(.appraised): return t("điểm thẩm định", "appraised points")
        case .notComputable:
            return t("không tính được chính xác (số liệu quá lớn)", "cannot be computed exactly (values too large)")
        }
    }
}
