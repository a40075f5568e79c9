import Foundation
import ThiduaLog

let commands: [Command] = LogCommands.all + DomainCommands.all + StoreCommands.all

func topHelp() -> String {
    var s = "thidua — a signed, verifiable log for emulation movements (phong trào thi đua)\n\nCommands:\n"
    let w = commands.map { $0.name.count }.max() ?? 0
    for c in commands { s += "  \(c.name.padding(toLength: w, withPad: " ", startingAt: 0))  \(c.summary)\n" }
    s += "\nRun `thidua COMMAND --help` for a command's options.\n"
    s +=
        "Exit codes: 0 success, 1 verification fault, 64 bad usage, 65 rejected input,\n66 missing input, 73 cannot "
        + "create, 74 I/O or store error, 75 store busy.\n"
    return s
}

func main() -> Int32 {
    let args = Array(CommandLine.arguments.dropFirst())
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
        if !group.isEmpty {
            IO.err(
                "`thidua \(args[0])` needs one of: "
                    + "\(group.map { $0.words.dropFirst().joined(separator: " ") }.joined(separator: ", "))"
            )
        } else {
            IO.err("unknown command \"\(args[0])\"; run `thidua --help` for the list")
        }
        return Failure.usage
    }
    let rest = Array(args.dropFirst(cmd.words.count))
    if rest.contains("--help") || rest.contains("-h") {
        IO.out(cmd.help)
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
