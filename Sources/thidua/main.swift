import Foundation
import ThiduaLog

let commands: [Command] =
    LogCommands.all + DomainCommands.all + StoreCommands.all + EventCommands.all + RubricCommands.all

func topHelp() -> String {
    let l = Messages.lang
    var s = Messages.t(
        "thidua — sổ thi đua có chữ ký, kiểm chứng được (phong trào thi đua)\n\nCác lệnh:\n",
        "thidua — a signed, verifiable log for emulation movements (phong trào thi đua)\n\nCommands:\n")
    // One line for the typed events: `thidua event` lists them.
    let shown = commands.filter { !($0.words.count == 2 && $0.words[0] == "event") }
    let w = shown.map { $0.name.count }.max() ?? 0
    for c in shown { s += "  \(c.name.padding(toLength: w, withPad: " ", startingAt: 0))  \(c.summary(l))\n" }
    s += Messages.t(
        "\nChạy `thidua LỆNH --help` để xem các tùy chọn của một lệnh; `--lang vi|en` chọn ngôn ngữ thông báo.\n",
        "\nRun `thidua COMMAND --help` for a command's options; `--lang vi|en` chooses the language of messages.\n")
    s += Messages.t(
        "Mã thoát: 0 thành công, 1 lỗi kiểm chứng, 64 dùng sai lệnh, 65 dữ liệu bị từ chối,\n66 thiếu tệp đầu vào, "
            + "69 thiếu chương trình cần dùng, 73 không tạo được, 74 lỗi đọc ghi hoặc kho, 75 kho đang bận.\n",
        "Exit codes: 0 success, 1 verification fault, 64 bad usage, 65 rejected input,\n66 missing input, 69 a "
            + "program it needs is missing, 73 cannot create, 74 I/O or store error, 75 store busy.\n")
    return s
}

/// The commands of a group (`thidua witness`, `thidua rubric`), one line each.
func groupHelp(_ word: String, _ group: [Command]) -> String {
    let l = Messages.lang
    var s = Messages.t("Các lệnh của `thidua \(word)`:\n", "The commands of `thidua \(word)`:\n")
    let w = group.map { $0.name.count }.max() ?? 0
    for c in group { s += "  \(c.name.padding(toLength: w, withPad: " ", startingAt: 0))  \(c.summary(l))\n" }
    return s
        + Messages.t(
            "\nChạy `thidua \(word) LỆNH --help` để xem các tùy chọn của một lệnh.\n",
            "\nRun `thidua \(word) COMMAND --help` for a command's options.\n")
}

func main() -> Int32 {
    let all = Array(CommandLine.arguments.dropFirst())
    Messages.lang = Messages.detect(all, environment: ProcessInfo.processInfo.environment)
    // --lang may stand anywhere, even before the command: set it aside to find the command.
    var args: [String] = []
    var langArgs: [String] = []
    var k = 0
    while k < all.count {
        if all[k] == "--lang", k + 1 < all.count {
            langArgs += [all[k], all[k + 1]]
            k += 2
            continue
        }
        if all[k].hasPrefix("--lang=") { langArgs.append(all[k]) } else { args.append(all[k]) }
        k += 1
    }
    if args.isEmpty || args == ["--help"] || args == ["-h"] || args == ["help"] {
        IO.out(topHelp())
        return args.isEmpty ? Failure.usage : 0
    }
    // The longest command whose words prefix the arguments.
    guard
        let cmd = commands.filter({ Array(args.prefix($0.words.count)) == $0.words }).max(by: {
            $0.words.count < $1.words.count
        })
    else {
        let group = commands.filter { $0.words.first == args[0] }
        let names = Array(Set(commands.map { $0.words[0] })).sorted()
        if !group.isEmpty {
            // `thidua witness --help`: the group's commands; without a command, the same list as an error.
            let asked = args.count == 2 && ["--help", "-h"].contains(args[1])
            let text = groupHelp(args[0], group)
            if asked {
                IO.out(text)
                return 0
            }
            IO.err(
                Messages.t("`thidua \(args[0])` cần một lệnh con.\n", "`thidua \(args[0])` needs a subcommand.\n")
                    + text)
        } else {
            let hint = Suggest.hint(args[0], among: names)
            IO.err(
                Messages.t(
                    "không có lệnh \"\(args[0])\"\(hint); chạy `thidua --help` để xem danh sách",
                    "unknown command \"\(args[0])\"\(hint); run `thidua --help` for the list"))
        }
        return Failure.usage
    }
    let rest = Array(args.dropFirst(cmd.words.count)) + langArgs
    if rest.contains("--help") || rest.contains("-h") {
        // `thidua bundle --help` also names `bundle verify` (`thidua event` lists its own types).
        let subs = commands.filter {
            $0.words.count > cmd.words.count && Array($0.words.prefix(cmd.words.count)) == cmd.words
        }
        let more = subs.isEmpty || cmd.words == ["event"] ? "" : "\n" + groupHelp(cmd.name, [cmd] + subs)
        IO.out(cmd.help(Messages.lang) + more)
        return 0
    }
    do {
        let parsed = try Parsed(command: cmd, args: rest)
        return try cmd.run(parsed)
    } catch let e as UsageError {
        IO.err("thidua \(cmd.name): \(e)")
        return Failure.usage
    } catch let e as Failure {
        IO.err("thidua \(cmd.name): \(e)")
        return e.code
    } catch let e as AppendError {
        IO.err("thidua \(cmd.name): \(Messages.fault(e))")
        return e.category.exitCode
    } catch let e as CategorizedError {
        IO.err("thidua \(cmd.name): \(e)")
        return e.category.exitCode
    } catch {
        IO.err("thidua \(cmd.name): \(error)")
        return Failure.dataError
    }
}

let code = main()
IO.flush()
exit(code)
