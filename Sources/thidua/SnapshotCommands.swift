import Foundation
import ThiduaDomain
import ThiduaLog

/// Projection snapshots: the council saves the ranking state at the sizes it chooses
/// (`checkpoint` and the server also save one every `Ledger.snapshotEvery` entries), and
/// lists what the store holds.
enum SnapshotCommands {
    static let all: [Command] = [save, list]

    static let save = Command(
        ["snapshot", "save"], summary: "Save the ranking state at a size the council chooses (a projection snapshot).",
        usage: "thidua snapshot save --db DB --log-key LOG.pem [--size N | --as-of TIME]",
        options: [
            Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
            App.logKeyOption,
        ] + DomainCommands.asOfOptions,
        details: """
            rank, explain, diff, the dashboard and /v1/rankings then replay only the entries after the newest
            snapshot they may use. A snapshot is signed with the log's checkpoint key, so whoever can write to the
            database without that key cannot change a result through it; `thidua verify --db` compares every
            snapshot with the replay from entry 0. Snapshots the council saves are kept; automatic ones (every
            10,000 entries, by `checkpoint` and the server) are thinned to the newest 4.
            """,
        summaryVI: "Lưu trạng thái xếp hạng ở cỡ sổ do Hội đồng chọn (ảnh chụp trạng thái).",
        detailsVI: """
            Sau đó rank, explain, diff, bảng điều khiển và /v1/rankings chỉ tính lại các bản ghi sau ảnh chụp mới
            nhất dùng được. Ảnh chụp được ký bằng khóa điểm kiểm tra của sổ, nên người ghi được vào cơ sở dữ liệu mà
            không có khóa đó không thể đổi kết quả qua nó; `thidua verify --db` so mọi ảnh chụp với kết quả tính lại
            từ bản ghi 0. Ảnh chụp Hội đồng lưu được giữ lại; ảnh chụp tự động (mỗi 10.000 bản ghi, do `checkpoint`
            và máy chủ lưu) chỉ giữ 4 cái mới nhất.
            """
    ) { p in
        if p.value("as-of") != nil && p.value("size") != nil {
            throw UsageError("give --as-of or --size, not both", command: "snapshot save")
        }
        let keyFile = p.value("log-key") ?? ProcessInfo.processInfo.environment["THIDUA_LOG_KEY"]
        guard let keyFile, !keyFile.isEmpty else {
            throw UsageError(
                "a snapshot is signed with the log's checkpoint key, which is never kept in the database: give "
                    + "--log-key FILE (or set THIDUA_LOG_KEY=FILE)", command: "snapshot save")
        }
        let log = try App.openLog(p.value("db"), logKey: keyFile)
        let ledger = try DomainCommands.ledger(p)
        guard ledger.size > 0 else { throw UsageError("no entry was received by then: nothing to save") }
        let name = try ledger.saveSnapshot(to: log, chosen: true)
        IO.out(
            Messages.t(
                "đã lưu ảnh chụp trạng thái \(name): \(ledger.size) bản ghi đầu, gốc "
                    + "\(try log.root(size: ledger.size).root.base64)\n",
                "saved projection snapshot \(name): the first \(ledger.size) entries, root "
                    + "\(try log.root(size: ledger.size).root.base64)\n"))
        return 0
    }

    static let list = Command(
        ["snapshot", "list"], summary: "List the projection snapshots in the store and whether each may be used.",
        usage: "thidua snapshot list [--db DB]",
        options: [Option(name: "db", value: "DB", help: "the log database (default: thidua.db)")],
        summaryVI: "Liệt kê các ảnh chụp trạng thái trong cơ sở dữ liệu và cho biết cái nào dùng được."
    ) { p in
        let log = try App.openLog(p.value("db"))
        let all = try log.snapshots(projection: Ledger.projection)
        if all.isEmpty { IO.out(Messages.t("chưa có ảnh chụp trạng thái nào\n", "no projection snapshot yet\n")) }
        for s in all {
            let kept =
                s.snapshot.map { $0.chosen ? Messages.t("Hội đồng chọn", "chosen") : Messages.t("tự động", "auto") }
                ?? "—"
            let status = s.reason.map {
                (s.stale ? Messages.t("cũ: ", "stale: ") : Messages.t("LỖI: ", "FAULT: ")) + $0
            }
            IO.out("\(s.name)  \(s.size)  \(kept)  \(status ?? Messages.t("dùng được", "usable"))\n")
        }
        return 0
    }
}
