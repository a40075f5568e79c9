import Foundation
import ThiduaDomain
import ThiduaLog
import ThiduaServer

/// `thidua event TYPE --field value …`: every event of the catalogue as a typed command,
/// its options generated from the same registration (`DomainEvent.catalogue`) that decodes
/// it. The command fills `v`, `type`, a fresh `id`, `issuedAt` and the log binding, reads
/// the values as the event's decoder does, checks the result against the log when given
/// one, and prints the payload, or with `--key` the signed envelope.
enum EventCommands {
    static var all: [Command] {
        [list] + DomainEvent.catalogue.filter { $0.type != LogOpened.type }.map(command)
    }

    // MARK: options

    /// `asOf` → `as-of`: a field's option name.
    static func optionName(_ field: String) -> String {
        var out = ""
        for ch in field {
            if ch.isUppercase {
                out += "-" + ch.lowercased()
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// What the value of a field looks like on the command line.
    static func placeholder(_ k: FieldSpec.Kind) -> String {
        switch k {
        case .text: return "TEXT"
        case .id: return "ID"
        case .date: return "YYYY-MM-DD"
        case .decimal: return "NUMBER"
        case .integer: return "N"
        case .choice(let words): return words.joined(separator: "|")
        case .sha256: return "SHA256"
        case .publicKey: return "BASE64|KEY.pub.pem"
        case .keyID: return "KEYID"
        case .file: return "FILE"
        case .list(let k): return placeholder(k)
        case .objects(let fs): return fs.map { "\($0.name)=…" }.joined(separator: ",") + "|@FILE.json|@-"
        case .object: return "@FILE.json"
        }
    }

    static let common: [Option] = [
        Option(
            name: "db", value: "DB", help: "check against this log (its origin, rules, keys and units)",
            vi: "kiểm tra theo sổ này (nguồn gốc, quy tắc, khóa, đơn vị)"),
        Option(
            name: "server", value: "URL", help: "check against the log of this server (POST /v1/check)",
            vi: "kiểm tra theo sổ của máy chủ này (POST /v1/check)"),
        Option(
            name: "key", value: "KEY.pem", help: "sign with this private key and print the envelope", repeatable: true,
            vi: "ký bằng khóa riêng này và in phong bì đã ký"),
        Option(
            name: "signer", value: "PUB.pem", help: "without --key: check as if this key signed it", repeatable: true,
            vi: "khi không có --key: kiểm tra như thể khóa này ký"),
        Option(
            name: "append", value: nil, help: "with --db and --key: append the signed envelope to the log",
            vi: "với --db và --key: ghi phong bì đã ký vào sổ"),
        Option(
            name: "id", value: "ID", help: "the event's id (default: a fresh one)",
            vi: "mã sự kiện (mặc định: một mã mới)"),
        Option(
            name: "issued-at", value: "TIME", help: "when it is signed, RFC 3339 (default: now, Vietnam time)",
            vi: "thời điểm ký (mặc định: bây giờ, giờ Việt Nam)"),
        Option(
            name: "log", value: "ORIGIN", help: "the log it is for, when neither --db nor --server is given",
            vi: "sổ mà sự kiện thuộc về, khi không có --db hay --server"),
    ]

    /// The options of one event type: one per field (an object's fields flattened as
    /// `--field-sub`), then the common ones.
    static func fieldOptions(_ kind: EventKind) -> [Option] {
        var out: [Option] = []
        for f in kind.fields {
            switch f.kind {
            case .object(let subs):
                out.append(
                    Option(
                        name: optionName(f.name), value: "@FILE.json",
                        help: f.en + " (or give each part below)", vi: f.vi + " (hoặc từng phần dưới đây)"))
                for s in subs {
                    out.append(
                        Option(
                            name: optionName(f.name) + "-" + optionName(s.name), value: placeholder(s.kind),
                            help: "\(f.en): \(s.en)\(s.required ? "" : " (optional)")",
                            vi: "\(f.vi): \(s.vi)\(s.required ? "" : " (không bắt buộc)")"))
                }
            default:
                let list: Bool
                switch f.kind {
                case .list, .objects: list = true
                default: list = false
                }
                var value = placeholder(f.kind)
                var en = f.en
                var vi = f.vi
                if f.name == "evidence" {
                    value = "FILE|sha256=…,name=…"
                    en += " (a file: its SHA-256 and name are taken)"
                    vi += " (một tệp: lấy SHA-256 và tên của tệp)"
                }
                if case .file = f.kind {
                    en += " (read, and its SHA-256 filled in)"
                    vi += " (đọc tệp và tự điền SHA-256)"
                }
                if !f.required {
                    en += " (optional)"
                    vi += " (không bắt buộc)"
                }
                out.append(Option(name: optionName(f.name), value: value, help: en, repeatable: list, vi: vi))
            }
        }
        return out
    }

    static func command(_ kind: EventKind) -> Command {
        let fields = fieldOptions(kind)
        let example = kind.fields.filter(\.required).map { "--\(optionName($0.name)) \(placeholder($0.kind))" }
            .joined(separator: " ")
        let en = kind.signers.map { Messages.role($0, .en) }.joined(separator: ", ")
        let vi = kind.signers.map { Messages.role($0, .vi) }.joined(separator: ", ")
        return Command(
            ["event", kind.type], summary: kind.en.prefix(1).uppercased() + kind.en.dropFirst() + ".",
            usage: "thidua event \(kind.type) \(example) [--db DB | --server URL] [--key KEY.pem]",
            options: fields + common,
            details: """
                Signed by: \(en). Prints the payload (JSON), or with --key the signed envelope, ready for
                `thidua append`, `thidua submit` or another signer's `thidua sign --add`.
                Numbers may be written 2001, 56.3 or 56,3. A list field is given once per item.
                """,
            summaryVI: kind.vi.prefix(1).uppercased() + kind.vi.dropFirst() + ".",
            detailsVI: """
                Người ký: \(vi). In nội dung sự kiện (JSON), hoặc với --key là phong bì đã ký, dùng được
                ngay với `thidua append`, `thidua submit` hay `thidua sign --add` của người ký khác.
                Số viết 2001, 56.3 hoặc 56,3. Trường danh sách: mỗi mục một lần.
                """
        ) { p in try run(kind, p) }
    }

    static let list = Command(
        ["event"], summary: "List the event types, and who signs each; `thidua event TYPE --help` for its fields.",
        usage: "thidua event [TYPE --help]", options: [], positionals: "TYPE",
        summaryVI: "Liệt kê các loại sự kiện và người ký; `thidua event LOẠI --help` để xem các trường."
    ) { p in
        let l = Messages.lang
        if let t = p.positionals.first {
            throw UsageError(
                Messages.t(
                    "không có loại sự kiện \"\(t)\"\(Suggest.hint(t, among: DomainEvent.types))",
                    "there is no event type \"\(t)\"\(Suggest.hint(t, among: DomainEvent.types))"),
                command: "event")
        }
        IO.out(Messages.t("Các loại sự kiện (người ký):\n", "Event types (who signs):\n"))
        let kinds = DomainEvent.catalogue.filter { $0.type != LogOpened.type }
        let w = kinds.map(\.type.count).max() ?? 0
        for k in kinds {
            IO.out(
                "  \(k.type.padding(toLength: w, withPad: " ", startingAt: 0))  \(k.summary(l)) "
                    + "(\(k.signers.map { Messages.role($0, l) }.joined(separator: ", ")))\n")
        }
        IO.out(
            Messages.t(
                "\n`thidua event LOẠI --help` liệt kê các trường của một loại, với ý nghĩa của từng trường.\n",
                "\n`thidua event TYPE --help` lists a type's fields, with what each means.\n"))
        return 0
    }

    // MARK: building the payload

    /// Reads a decimal as people type it: `2001`, `56.3`, or `56,3` (one comma, no dot).
    static func decimal(_ v: String, _ option: String) throws -> JSON {
        var text = v.trimmingCharacters(in: .whitespaces)
        if text.contains(","), !text.contains("."), text.filter({ $0 == "," }).count == 1 {
            text = text.replacingOccurrences(of: ",", with: ".")
        }
        guard DecimalText.isPlain(text) else {
            throw UsageError(
                Messages.t(
                    "--\(option) \"\(v)\" không phải là số; viết ví dụ 2001, 56.3 hoặc 56,3 (không dùng dấu phân cách "
                        + "hàng nghìn)",
                    "--\(option) \"\(v)\" is not a number; write e.g. 2001, 56.3 or 56,3 (no thousands separators)"))
        }
        return .number(text)
    }

    /// One value of a field, as JSON.
    static func value(_ v: String, _ kind: FieldSpec.Kind, _ option: String) throws -> JSON {
        switch kind {
        case .decimal: return try decimal(v, option)
        case .integer:
            guard let n = Int(v.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError(
                    Messages.t(
                        "--\(option) \"\(v)\" không phải là số nguyên", "--\(option) \"\(v)\" is not a whole number"))
            }
            return .number(String(n))
        case .publicKey:
            if FileManager.default.fileExists(atPath: v) {
                let text = try IO.readText(v, what: "key file")
                do { return .string(try PublicKey(pem: text, source: v).base64) } catch {
                    do { return .string(try PrivateKey(pem: text, source: v).publicKey.base64) } catch {
                        throw Failure(Failure.dataError, error.description)
                    }
                }
            }
            return .string(v)
        case .file:
            return .string(Base64.encode(try IO.readFile(v, what: "file")))
        case .objects(let subs):
            return try object(v, subs, option)
        case .list(let k):
            return .array(try v.split(separator: ",").map { try value(String($0), k, option) })
        default:
            return .string(v)
        }
    }

    /// `code=CT01,value=2001` (a comma inside a value as `\,`), or a file's JSON.
    static func object(_ v: String, _ subs: [FieldSpec], _ option: String) throws -> JSON {
        if v.hasPrefix("@") { return try jsonFile(String(v.dropFirst()), option) }
        if option == "evidence", FileManager.default.fileExists(atPath: v) {
            let bytes = try IO.readFile(v, what: "evidence file")
            return [
                "sha256": Hex.encode(SHA256.hash(bytes).bytes).json,
                "name": URL(fileURLWithPath: v).lastPathComponent.json,
            ]
        }
        var members: [JSON.Member] = []
        var parts: [String] = []
        var cur = ""
        var escaped = false
        for ch in v {
            if escaped {
                cur.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "," {
                parts.append(cur)
                cur = ""
            } else {
                cur.append(ch)
            }
        }
        parts.append(cur)
        for part in parts where !part.isEmpty {
            guard let eq = part.firstIndex(of: "=") else {
                throw UsageError(
                    Messages.t(
                        "--\(option): \"\(part)\" phải có dạng tên=giá trị (các tên: "
                            + "\(subs.map(\.name).joined(separator: ", ")))",
                        "--\(option): \"\(part)\" must be name=value (names: "
                            + "\(subs.map(\.name).joined(separator: ", ")))"
                    ))
            }
            let key = String(part[..<eq]).trimmingCharacters(in: .whitespaces)
            let raw = String(part[part.index(after: eq)...])
            guard let sub = subs.first(where: { $0.name == key || optionName($0.name) == key }) else {
                throw UsageError(
                    Messages.t(
                        "--\(option): không có trường \"\(key)\"\(Suggest.hint(key, among: subs.map(\.name))) (các "
                            + "trường: \(subs.map(\.name).joined(separator: ", ")))",
                        "--\(option): there is no field \"\(key)\"\(Suggest.hint(key, among: subs.map(\.name))) "
                            + "(fields: \(subs.map(\.name).joined(separator: ", ")))"))
            }
            let json: JSON
            if case .list(let k) = sub.kind {
                json = .array(try raw.split(separator: "+").map { try value(String($0), k, option) })
            } else {
                json = try value(raw, sub.kind, option)
            }
            members.append(.init(sub.name, json))
        }
        return .object(members)
    }

    static func jsonFile(_ path: String, _ option: String) throws -> JSON {
        let bytes = path == "-" ? try IO.readStdin() : try IO.readFile(path, what: "JSON file")
        do { return try JSON.parse(IO.droppingBOM(bytes)) } catch {
            throw Failure(Failure.dataError, "--\(option) @\(path): \(error)")
        }
    }

    /// The payload's own fields from the options, in the registration's order.
    static func fields(_ kind: EventKind, _ p: Parsed) throws -> [JSON.Member] {
        var out: [JSON.Member] = []
        for f in kind.fields {
            let name = optionName(f.name)
            var json: JSON? = nil
            switch f.kind {
            case .object(let subs):
                if let v = p.value(name) {
                    json = v.hasPrefix("@") ? try jsonFile(String(v.dropFirst()), name) : try object(v, subs, name)
                } else {
                    var members: [JSON.Member] = []
                    for s in subs {
                        if let v = p.value(name + "-" + optionName(s.name)) {
                            members.append(.init(s.name, try value(v, s.kind, name + "-" + optionName(s.name))))
                        }
                    }
                    if !members.isEmpty { json = .object(members) }
                }
            case .list(let k):
                let vs = p.all(name)
                if vs.count == 1, vs[0].hasPrefix("@") {
                    json = try jsonFile(String(vs[0].dropFirst()), name)
                } else if !vs.isEmpty {
                    json = .array(
                        try vs.flatMap { v -> [JSON] in
                            switch k {
                            case .id, .choice: return try v.split(separator: ",").map { try value(String($0), k, name) }
                            default: return [try value(v, k, name)]
                            }
                        })
                }
            case .objects(let subs):
                let vs = p.all(name)
                if vs.count == 1, vs[0].hasPrefix("@") {
                    json = try jsonFile(String(vs[0].dropFirst()), name)
                } else if !vs.isEmpty {
                    json = .array(try vs.map { try object($0, subs, name) })
                }
            default:
                if let v = p.value(name) { json = try value(v, f.kind, name) }
            }
            // A file's SHA-256 beside it is filled in from the file.
            if json == nil, f.name == "sha256", case .file = kind.fields.first?.kind,
                let file = p.value(optionName(kind.fields[0].name))
            {
                json = .string(Hex.encode(SHA256.hash(try IO.readFile(file, what: "file")).bytes))
            }
            if let json {
                out.append(.init(f.name, json))
            } else if f.required {
                throw UsageError(
                    Messages.t(
                        "thiếu --\(name) \(placeholder(f.kind)): \(f.vi)",
                        "--\(name) \(placeholder(f.kind)) is required: \(f.en)"),
                    command: "event \(kind.type)")
            }
        }
        return out
    }

    /// A fresh id: the type's initials, the unit, the time, 4 random hex digits.
    static func freshID(_ kind: EventKind, _ fields: [JSON.Member], _ now: Timestamp) -> String {
        let initials = String(kind.type.filter(\.isUppercase)).lowercased()
        let unit = fields.first { $0.key == "unit" }?.value.stringValue.map { "-" + $0.prefix(24) } ?? ""
        let stamp = Timestamp(millis: now.millis + 7 * 3_600_000).receivedAtText.filter(\.isNumber).prefix(14)
        var rnd = [UInt8](repeating: 0, count: 2)
        for k in rnd.indices { rnd[k] = UInt8.random(in: 0...255) }
        return "\(initials)\(unit)-\(stamp)-\(Hex.encode(rnd))"
    }

    /// Now, written in Vietnam's time zone: `2025-12-15T08:30:12+07:00`.
    static func nowInVietnam() -> String {
        let t = Timestamp(millis: SystemClock().now().millis + 7 * 3_600_000).receivedAtText
        return String(t.prefix(19)) + "+07:00"
    }

    static func run(_ kind: EventKind, _ p: Parsed) throws -> Int32 {
        let members = try fields(kind, p)
        let keys = try p.all("key").map(IO.privateKey)
        let log = try p.value("db").map { try App.openLog($0) }
        let server = p.value("server").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
        // The log it is for: the one given, else none under the first rules.
        var binding: String? = p.value("log")
        if let log {
            binding = log.bindsPayloads ? log.origin : nil
        } else if let server {
            let status = try JSON.parse(try HTTPClient.request("GET", url: server + "/v1/status").body)
            binding = status["bindsPayloads"]?.boolValue == false ? nil : status["origin"]?.stringValue
        } else if binding == nil {
            throw UsageError(
                Messages.t(
                    "cho biết sổ: --db DB, --server URL hoặc --log NGUỒN-GỐC (ví dụ thidua.dienbien.gov.vn/2025)",
                    "say which log: --db DB, --server URL or --log ORIGIN (e.g. thidua.dienbien.gov.vn/2025)"),
                command: "event \(kind.type)")
        }
        let issuedAt = p.value("issued-at") ?? nowInVietnam()
        let id = p.value("id") ?? freshID(kind, members, SystemClock().now())
        guard Payload.isValidID(id) else {
            throw UsageError(
                Messages.t(
                    "--id \"\(id)\" phải gồm 1–64 ký tự A–Z a–z 0–9 . _ : -",
                    "--id \"\(id)\" must be 1–64 characters of A–Z a–z 0–9 . _ : -"))
        }
        guard Timestamp(rfc3339: issuedAt) != nil else {
            throw UsageError(
                Messages.t(
                    "--issued-at \"\(issuedAt)\" không phải thời điểm RFC 3339 (ví dụ 2025-12-15T08:30:00+07:00)",
                    "--issued-at \"\(issuedAt)\" is not an RFC 3339 time (e.g. 2025-12-15T08:30:00+07:00)"))
        }
        // Read as the log will read it: strictly, with the field named as an option.
        let event: DomainEvent
        do { event = try DomainEvent(type: kind.type, fields: members) } catch {
            throw Failure(Failure.dataError, optionWording(Messages.t(error.vi ?? error.message, error.message), kind))
        }
        let payload = event.payload(id: id, issuedAt: issuedAt, log: binding)
        let envelope = keys.isEmpty ? nil : try Envelope.sign(payload: payload, keys: keys)
        // Checked against the log, when given one.
        if let log {
            do {
                let outcome: Log.CheckOutcome
                if let envelope {
                    outcome = try log.check(envelope)
                } else if !p.all("signer").isEmpty {
                    outcome = try log.check(unsigned: payload, signers: try p.all("signer").map(IO.publicKey))
                } else {
                    outcome = try log.check(unsigned: payload, signers: [])
                }
                if p.has("append"), let envelope {
                    let o = try log.append([envelope])[0]
                    IO.out("\(o.index)\n")
                    IO.err(Messages.t("đã ghi vào sổ: bản ghi \(o.index)\n", "appended as entry \(o.index)\n"))
                    return 0
                }
                IO.err(
                    Messages.t(
                        "ĐẠT: sẽ được ghi là bản ghi \(outcome.index)\n", "OK: would be entry \(outcome.index)\n"))
            } catch let e as AppendError {
                // Without a signer, only "who signs" cannot be checked: say so, keep the rest.
                if envelope == nil, p.all("signer").isEmpty, e.fault?.rule == .authority || e.fault?.rule == .signature
                {
                    IO.err(Messages.notChecked)
                } else if countersigned(kind), e.fault?.rule == .authority, !p.has("append") {
                    IO.err(countersignNote(Messages.fault(e)))
                } else {
                    throw Failure(e.category.exitCode, optionWording(Messages.fault(e), kind))
                }
            }
        } else if let server {
            let body: [UInt8]
            if let envelope {
                body = envelope.canonicalJSON
            } else {
                let signers = try p.all("signer").map(IO.publicKey)
                body = JSONWriter.write(
                    ["payload": Base64.encode(payload).json, "signers": signers.map(\.base64).json])
            }
            let reply = try HTTPClient.request("POST", url: server + "/v1/check", body: body)
            let answer = (try? JSON.parse(reply.body)) ?? .null
            if reply.status != 200 {
                let message = answer["error"]?.stringValue ?? String(decoding: reply.body, as: UTF8.self)
                if envelope == nil, p.all("signer").isEmpty, reply.status == 403 {
                    IO.err(Messages.notChecked)
                } else if countersigned(kind), reply.status == 403 {
                    IO.err(countersignNote(Messages.lang == .vi ? answer["errorVi"]?.stringValue ?? message : message))
                } else {
                    throw Failure(
                        Failure.dataError,
                        Messages.t(
                            "máy chủ không nhận (HTTP \(reply.status)): ",
                            "the server refuses it (HTTP \(reply.status)): ")
                            + message)
                }
            } else {
                IO.err(
                    Messages.t(
                        "ĐẠT: sẽ được ghi là bản ghi \(answer["index"]?.intValue ?? 0)\n",
                        "OK: would be entry \(answer["index"]?.intValue ?? 0)\n"))
            }
        }
        IO.outBytes((envelope?.canonicalJSON ?? payload) + [0x0A])
        return 0
    }

    /// Whether the type is signed by two (the unit, then its group's head).
    static func countersigned(_ kind: EventKind) -> Bool { kind.signers.contains("head") }

    /// An envelope that still needs another signer is printed all the same, with whom.
    static func countersignNote(_ message: String) -> String {
        let why = message.replacingOccurrences(of: " — nothing was appended", with: "")
            .replacingOccurrences(of: " — chưa ghi gì vào sổ", with: "")
        return Messages.t(
            "CHƯA ĐỦ CHỮ KÝ: \(why)\nĐã in phong bì: gửi cho người còn thiếu để ký thêm (thidua sign --add) rồi nộp.\n",
            "NOT YET FULLY SIGNED: \(why)\nThe envelope is printed: send it to the missing signer to add theirs "
                + "(thidua sign --add), then submit it.\n")
    }

    /// `IndicatorReported.value …` → `--value …`: a decoder's message in the command's words.
    static func optionWording(_ message: String, _ kind: EventKind) -> String {
        var m = message
        for f in kind.fields.sorted(by: { $0.name.count > $1.name.count }) {
            m = m.replacingOccurrences(of: "\(kind.type).\(f.name)", with: "--\(optionName(f.name))")
        }
        return m
    }
}
