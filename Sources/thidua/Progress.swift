import Foundation
import ThiduaDomain
import ThiduaLog

/// One line of progress on standard error while a command reads a whole log: how far, of
/// how many, how fast, how long still. Only on a terminal: piped or redirected standard
/// error (scripts, CI, `2>file`), `--quiet` or `--json` show nothing. The line is
/// redrawn at most every `THIDUA_PROGRESS_INTERVAL` seconds (default 0.25; the first
/// after that long too, so a quick command shows none) and erased at the end.
final class Progress: @unchecked Sendable {
    static let off = Progress(label: "", total: 0, enabled: false)

    let label: String
    let total: Int
    let enabled: Bool
    let interval: Double
    let started = Date()
    var last: Date
    var shown = false

    init(label: String, total: Int, enabled: Bool) {
        self.label = label
        self.total = total
        self.enabled = enabled
        interval = ProcessInfo.processInfo.environment["THIDUA_PROGRESS_INTERVAL"].flatMap(Double.init) ?? 0.25
        last = started
    }

    /// Progress for a command, if its standard error is a terminal and it was not told
    /// to be quiet.
    static func start(_ p: Parsed, _ label: String, total: Int) -> Progress {
        Progress(label: label, total: total, enabled: !p.has("quiet") && !p.has("json") && isatty(2) == 1)
    }

    /// `done` entries of `total` are through.
    func tick(_ done: Int) {
        guard enabled, done & 255 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= interval else { return }
        last = now
        shown = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(done, elapsed: now.timeIntervalSince(started))).utf8))
    }

    /// `đọc sổ: 412.000 / 1.031.223 bản ghi (39 %), 55.021 bản ghi/giây, còn khoảng 11 giây`.
    func line(_ done: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let percent = total > 0 ? done * 100 / total : 100
        let left = rate > 0 ? Int((Double(max(total - done, 0)) / rate).rounded(.up)) : nil
        let vi = Messages.lang == .vi
        let n = { (x: Int) in vi ? Language.vi.number(String(x)) : Language.en.number(String(x)) }
        let eta = left.map { s in
            s >= 120
                ? (vi ? "còn khoảng \(s / 60) phút" : "about \(s / 60) min left")
                : (vi ? "còn khoảng \(s) giây" : "about \(s) s left")
        }
        return "  \(label): \(n(done)) / \(n(total)) \(vi ? "bản ghi" : "entries") (\(percent)\(vi ? " %" : "%")), "
            + "\(n(Int(rate))) \(vi ? "bản ghi/giây" : "entries/s")" + (eta.map { ", " + $0 } ?? "")
    }

    func done() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
