import Foundation
import ThiduaDomain
import ThiduaLog

/// A rubric checked before it is published: read strictly, and what it would change in
/// the current ranking; then published as a `RubricPublished` (file and SHA-256 filled in).
enum RubricCommands {
    static var all: [Command] { [check, publish] }

    static let groupOption = Option(
        name: "group", value: "ID",
        help: "a cluster or bloc it would score (default: those scored by a rubric of the same id, else all)",
        repeatable: true,
        vi:
            "cụm, khối mà bảng điểm sẽ chấm (mặc định: những cụm, khối đang chấm bằng bảng điểm cùng mã, nếu không "
            + "thì tất cả)"
    )

    static func read(_ path: String) throws -> (bytes: [UInt8], rubric: Rubric) {
        let bytes = try IO.readFile(path, what: "rubric file")
        do { return (bytes, try Rubric(bytes: bytes, mode: .strict, path: path)) } catch {
            throw Failure(Failure.dataError, Messages.t(error.vi ?? error.message, error.message))
        }
    }

    static let check = Command(
        ["rubric", "check"], summary: "Check a rubric file, and show what it would change in the current ranking.",
        usage: "thidua rubric check FILE [--db DB] [--group ID ...] [--lang vi|en]",
        options: [LogCommands.db, groupOption], positionals: "FILE",
        details:
            "Reads the file as the log will (unknown fields, numbers as strings, sums and ranges are refused) and,\n"
            + "with --db, replays the log with it for those groups and prints who would change, by how much and why.",
        summaryVI: "Kiểm tra tệp bảng điểm và cho biết nó sẽ thay đổi bảng xếp hạng hiện tại thế nào.",
        detailsVI:
            "Đọc tệp như sổ sẽ đọc (từ chối trường lạ, số viết thành chuỗi, tổng và giới hạn sai) và, với --db,\n"
            + "tính lại sổ với bảng điểm này cho các cụm, khối đó và in đơn vị nào thay đổi, bao nhiêu, vì sao."
    ) { p in
        guard let path = p.positionals.first, p.positionals.count == 1 else {
            throw UsageError(Messages.t("cho một tệp bảng điểm", "give one rubric file"), command: "rubric check")
        }
        let (bytes, rubric) = try read(path)
        IO.out(
            Messages.t(
                "ĐẠT: \(path) là bảng điểm \(rubric.id) phiên bản \(rubric.version), \(rubric.criteria.count) tiêu "
                    + "chí, "
                    + "áp dụng \(rubric.inForce.text); SHA-256 \(Hex.encode(SHA256.hash(bytes).bytes))\n",
                "OK: \(path) is rubric \(rubric.id) version \(rubric.version), \(rubric.criteria.count) criteria, in "
                    + "force \(rubric.inForce.text); SHA-256 \(Hex.encode(SHA256.hash(bytes).bytes))\n"))
        guard let db = p.value("db") else { return 0 }
        let log = try App.openLog(db)
        let progress = Progress.start(p, Messages.t("tính lại", "replaying"), total: try log.size())
        let before = try Ledger.replay(log, progress: progress.tick)
        progress.done()
        let groups = try scope(p, before, rubric)
        var after = before
        after.override(rubric: rubric, sha256: Hex.encode(SHA256.hash(bytes).bytes), groups: groups)
        let lang = Messages.lang
        IO.out(
            Messages.t(
                "Nếu chấm \(groups.joined(separator: ", ")) bằng bảng điểm này:\n",
                "Scoring \(groups.joined(separator: ", ")) with this rubric:\n"))
        let a = Standings(before)
        IO.out(RankingDiff(before: a, after: Standings(after)).text(lang, names: a.name))
        return 0
    }

    /// The groups the rubric would score: `--group`, else those scored by a rubric with its id, else all.
    static func scope(_ p: Parsed, _ ledger: Ledger, _ rubric: Rubric) throws -> [String] {
        let given = p.all("group").flatMap { $0.split(separator: ",").map(String.init) }
        for g in given where ledger.org.groups[g] == nil {
            throw UsageError(
                Messages.t(
                    "không có cụm, khối \"\(g)\"\(Suggest.hintVI(g, among: ledger.org.groupOrder))",
                    "there is no group \"\(g)\"\(Suggest.hint(g, among: ledger.org.groupOrder))"))
        }
        if !given.isEmpty { return given }
        let same = ledger.org.groupOrder.filter { ledger.rubrics[$0]?.value.id == rubric.id }
        return same.isEmpty ? ledger.org.groupOrder : same
    }

    static let publish = Command(
        ["rubric", "publish"],
        summary: "Publish a rubric for clusters or blocs: a RubricPublished, signed by the council.",
        usage:
            "thidua rubric publish FILE --group ID [--group ID ...] --key COUNCIL.pem (--db DB [--append] | --server "
            + "URL)",
        options: [
            groupOption, Option(name: "key", value: "KEY.pem", help: "a council key", repeatable: true),
            LogCommands.db,
            Option(name: "server", value: "URL", help: "the log server"),
            Option(name: "append", value: nil, help: "with --db: append it"),
        ],
        positionals: "FILE",
        details: "The same as `thidua event RubricPublished --file FILE --groups ID …`: prints the signed envelope.",
        summaryVI: "Công bố bảng điểm cho cụm, khối: một RubricPublished do Hội đồng ký.",
        detailsVI: "Giống `thidua event RubricPublished --file TỆP --groups MÃ …`: in phong bì đã ký."
    ) { p in
        guard let path = p.positionals.first, p.positionals.count == 1 else {
            throw UsageError(Messages.t("cho một tệp bảng điểm", "give one rubric file"), command: "rubric publish")
        }
        _ = try read(path)
        guard let kind = DomainEvent.catalogue.first(where: { $0.type == RubricPublished.type }) else { return 1 }
        var args = ["--file", path]
        for g in p.all("group") { args += ["--groups", g] }
        guard !p.all("group").isEmpty else {
            throw UsageError(Messages.t("thiếu --group MÃ", "--group ID is required"), command: "rubric publish")
        }
        for k in p.all("key") { args += ["--key", k] }
        if let db = p.value("db") { args += ["--db", db] }
        if let s = p.value("server") { args += ["--server", s] }
        if p.has("append") { args.append("--append") }
        let cmd = EventCommands.command(kind)
        return try EventCommands.run(kind, try Parsed(command: cmd, args: args))
    }
}
