import Foundation
import ThiduaDomain
import ThiduaLog

/// One option a command takes.
struct Option: Sendable {
    let name: String
    let value: String?  // placeholder for the value, nil for a flag
    let help: String
    var repeatable = false
    /// The help in Vietnamese (else `HelpVI`'s translation of `help`).
    var vi: String? = nil

    init(name: String, value: String?, help: String, repeatable: Bool = false, vi: String? = nil) {
        self.name = name
        self.value = value
        self.help = help
        self.repeatable = repeatable
        self.vi = vi
    }

    func help(_ lang: Language) -> String { lang == .vi ? (vi ?? HelpVI.text[help] ?? help) : help }
}

/// A command of the `thidua` binary: its words, options and what it does.
struct Command: Sendable {
    let words: [String]
    let summary: String
    let usage: String
    let options: [Option]
    let positionals: String?
    let details: String
    let summaryVI: String?
    let detailsVI: String?
    let run: @Sendable (Parsed) throws -> Int32

    init(
        _ words: [String], summary: String, usage: String, options: [Option], positionals: String? = nil,
        details: String = "", summaryVI: String? = nil, detailsVI: String? = nil,
        run: @escaping @Sendable (Parsed) throws -> Int32
    ) {
        self.words = words
        self.summary = summary
        self.usage = usage
        self.options = options
        self.positionals = positionals
        self.details = details
        self.summaryVI = summaryVI
        self.detailsVI = detailsVI
        self.run = run
    }

    var name: String { words.joined(separator: " ") }

    func summary(_ lang: Language) -> String { lang == .vi ? (summaryVI ?? HelpVI.text[summary] ?? summary) : summary }
    func details(_ lang: Language) -> String { lang == .vi ? (detailsVI ?? HelpVI.text[details] ?? details) : details }

    /// `--help`, in the language of messages.
    func help(_ lang: Language) -> String {
        let vi = lang == .vi
        var s = "\(summary(lang))\n\n\(vi ? "Cách dùng" : "Usage"): \(usage)\n"
        if !options.isEmpty {
            s += vi ? "\nTùy chọn:\n" : "\nOptions:\n"
            let rows = options.map { o in
                (
                    "--\(o.name)\(o.value.map { " \($0)" } ?? "")",
                    o.help(lang) + (o.repeatable ? (vi ? " (dùng nhiều lần được)" : " (repeatable)") : "")
                )
            }
            let w = rows.map { $0.0.count }.max() ?? 0
            for r in rows { s += "  \(r.0.padding(toLength: w, withPad: " ", startingAt: 0))  \(r.1)\n" }
            s +=
                "  \("--lang".padding(toLength: w, withPad: " ", startingAt: 0))  "
                + (vi ? "vi hoặc en: ngôn ngữ của thông báo\n" : "vi or en: the language of messages\n")
            s +=
                "  \("--help".padding(toLength: w, withPad: " ", startingAt: 0))  "
                + (vi ? "hiện hướng dẫn này\n" : "show this help\n")
        }
        let d = details(lang)
        if !d.isEmpty { s += "\n\(d)\n" }
        return s
    }
}

/// Bad usage: exit 64 with a message that says how to call the command.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    let command: String?
    init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }
    var description: String {
        message + "\n"
            + Messages.t(
                "Xem `thidua \(command ?? "") --help`.".replacingOccurrences(of: "  ", with: " "),
                command.map { "See `thidua \($0) --help`." } ?? "See `thidua --help`.")
    }
}

/// A failure that is not bad usage, with its exit code (sysexits.h where one fits).
struct Failure: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    init(_ code: Int32, _ message: String) {
        self.code = code
        self.message = message
    }
    var description: String { message }

    static let verification: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let cantCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let tempFail: Int32 = 75
}

/// Parsed options of one command.
struct Parsed {
    let command: Command
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    init(command: Command, args: [String]) throws {
        self.command = command
        var known = Dictionary(uniqueKeysWithValues: command.options.map { ($0.name, $0) })
        // Every command takes --lang (the language of its messages; reports use it too).
        if known["lang"] == nil { known["lang"] = Option(name: "lang", value: "LANG", help: "vi or en") }
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" {
                positionals.append(contentsOf: args[(i + 1)...])
                break
            }
            if a.hasPrefix("--") {
                var name = String(a.dropFirst(2))
                var inline: String? = nil
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let opt = known[name] else {
                    let options = known.keys.sorted().map { "--" + $0 }
                    throw UsageError(
                        Messages.t(
                            "`thidua \(command.name)` không có tùy chọn "
                                + "--\(name)\(Suggest.hintVI("--" + name, among: options))",
                            "unknown option --\(name) for `thidua "
                                + "\(command.name)`\(Suggest.hint("--" + name, among: options))"
                        ),
                        command: command.name)
                }
                if opt.value == nil {
                    guard inline == nil else { throw UsageError("--\(name) takes no value", command: command.name) }
                    flags.insert(name)
                } else {
                    let v: String
                    if let inline {
                        v = inline
                    } else {
                        guard i + 1 < args.count else {
                            throw UsageError("--\(name) needs a value (\(opt.value!))", command: command.name)
                        }
                        i += 1
                        v = args[i]
                    }
                    if values[name] != nil && !opt.repeatable {
                        throw UsageError("--\(name) is given twice", command: command.name)
                    }
                    values[name, default: []].append(v)
                }
            } else {
                guard command.positionals != nil else {
                    throw UsageError("unexpected argument \"\(a)\" for `thidua \(command.name)`", command: command.name)
                }
                positionals.append(a)
            }
            i += 1
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws -> String {
        guard let v = value(name) else {
            let o = command.options.first { $0.name == name }
            throw UsageError("--\(name) \(o?.value ?? "VALUE") is required", command: command.name)
        }
        return v
    }

    func int(_ name: String) throws -> Int? {
        guard let v = value(name) else { return nil }
        guard let n = Int(v), n >= 0 else {
            throw UsageError("--\(name) must be a non-negative integer, got \"\(v)\"", command: command.name)
        }
        return n
    }

    func requiredInt(_ name: String) throws -> Int {
        guard let n = try int(name) else {
            _ = try required(name)
            return 0
        }
        return n
    }
}
