import ThiduaLog

extension RankingDiff {
    /// A readable account, one unit per paragraph.
    public func text(_ lang: Language, names: (String) -> String) -> String {
        let t = { (vi: String, en: String) in lang == .vi ? vi : en }
        if changes.isEmpty { return t("Không có thay đổi.\n", "Nothing changed.\n") }
        var out = ""
        for c in changes {
            let d = c.delta
            let sign = d.hundredths > 0 ? "+" : ""
            out += "\(names(c.unit)) [\(c.unit)], \(groupNames[c.group] ?? c.group): "
            out +=
                "\(c.totalBefore.map(lang.points) ?? "—") → \(c.totalAfter.map(lang.points) ?? "—") "
                + "(\(sign)\(lang.points(d)))"
            out +=
                t(", hạng ", ", rank ")
                + "\(c.rankBefore.map(String.init) ?? "—") → \(c.rankAfter.map(String.init) ?? "—")"
            if c.bandBefore != c.bandAfter {
                let name = { (b: Rubric.Band?) in b.map { lang == .vi ? $0.vi : $0.en } ?? "—" }
                out += t(", xếp loại ", ", band ") + "\(name(c.bandNameBefore)) → \(name(c.bandNameAfter))"
            }
            if let a = c.disqualifiedBefore, let b = c.disqualifiedAfter, a != b {
                out +=
                    b
                    ? t(", bị loại khỏi xét danh hiệu", ", disqualified from titles")
                    : t(", không còn bị loại khỏi xét danh hiệu", ", no longer disqualified from titles")
            }
            out += "\n"
            for k in c.criteria {
                out += "    \(k.criterion): \(lang.points(k.before)) → \(lang.points(k.after))"
                if !k.entriesGone.isEmpty {
                    out +=
                        t("; không còn bản ghi ", "; no longer entries ")
                        + k.entriesGone.map(String.init).joined(separator: ", ")
                }
                if !k.entriesNew.isEmpty {
                    out +=
                        t("; thêm bản ghi ", "; now entries ") + k.entriesNew.map(String.init).joined(separator: ", ")
                }
                out += "\n"
            }
        }
        for (g, l) in leadersBefore.sorted(by: { $0.key < $1.key }) where leadersAfter[g] != l {
            out += t(
                "Dẫn đầu \(groupNames[g] ?? g): \(names(l)) → \(leadersAfter[g].map(names) ?? "—")\n",
                "Leader of \(groupNames[g] ?? g): \(names(l)) → \(leadersAfter[g].map(names) ?? "—")\n")
        }
        return out
    }
}
