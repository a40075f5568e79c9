import Foundation
import ThiduaDomain
import ThiduaLog

/// The language of messages and help: `--lang vi|en` on any command, else the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: Vietnamese for `vi_*`), else English. Reports keep
/// their own default (Vietnamese unless `--lang en`), so outputs never change with the
/// machine's locale.
enum Messages {
    nonisolated(unsafe) static var lang: Language = .en

    static func detect(_ args: [String], environment env: [String: String]) -> Language {
        for (k, a) in args.enumerated() {
            if a == "--lang", k + 1 < args.count, let l = Language(rawValue: args[k + 1]) { return l }
            if a.hasPrefix("--lang="), let l = Language(rawValue: String(a.dropFirst(7))) { return l }
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = env[name], !v.isEmpty { return v.lowercased().hasPrefix("vi") ? .vi : .en }
        }
        return .en
    }

    static func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }

    /// Said when a payload was checked without a signer.
    static var notChecked: String {
        t(
            "ĐẠT về hình thức; chưa kiểm tra với khóa, đơn vị và bảng điểm của sổ (cho --key hoặc --signer để kiểm tra "
                + "đầy đủ)\n",
            "well-formed; not checked against the log's keys, units and rubrics (give --key or --signer for that)\n")
    }

    /// Who signs, in words: the roles of the catalogue.
    static func role(_ r: String, _ l: Language) -> String {
        let vi = [
            "root": "khóa gốc của Hội đồng", "council": "Hội đồng Thi đua – Khen thưởng", "unit": "đại diện đơn vị",
            "head": "trưởng cụm/khối ký thêm", "appraiser": "cơ quan thẩm định (Sở/Phòng Nội vụ)",
            "agency": "cơ quan báo cáo vi phạm",
        ]
        let en = [
            "root": "a root key of the council", "council": "the council", "unit": "the unit's representative",
            "head": "the group's head, countersigning", "appraiser": "the appraising body",
            "agency": "an agency reporting violations",
        ]
        return (l == .vi ? vi[r] : en[r]) ?? r
    }

    /// A refusal of the log, in the language of messages.
    static func fault(_ e: AppendError) -> String { lang == .vi ? e.vietnamese : e.description }

    /// A fault found by a verifier or a check.
    static func fault(_ f: EntryFault) -> String { lang == .vi ? f.vietnamese : f.description }
}
