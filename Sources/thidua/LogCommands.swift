import Foundation
import ThiduaDomain
import ThiduaLog

/// The log layer's commands: keys, init, sign, append, export, checkpoints, proofs, verify.
enum LogCommands {
    static let db = Option(name: "db", value: "DB", help: "the log database (default: thidua.db in this folder)")

    static var all: [Command] {
        [
            keygen, KeyCommands.show, KeyCommands.protect, initLog, sign, append, check, export, checkpoint, logKey,
            rotateLogKey,
            proveInclusion, proveConsistency, verify,
        ]
    }

    static let keygen = Command(
        ["keygen"], summary: "Make an Ed25519 key pair (PEM files interchangeable with openssl).",
        usage: "thidua keygen --out KEY.pem [--passphrase] [--role ROLE --scope UNIT --name NAME]",
        options: [
            Option(
                name: "out", value: "KEY.pem",
                help: "private key file to write (PKCS#8); the public key goes to KEY.pub.pem",
                vi: "tệp khóa riêng sẽ ghi (PKCS#8); khóa công khai ghi vào KEY.pub.pem"),
            Option(
                name: "passphrase", value: nil,
                help: "encrypt the private key with a passphrase (THIDUA_PASSPHRASE, or typed twice)",
                vi: "mã hóa khóa riêng bằng mật khẩu (THIDUA_PASSPHRASE, hoặc gõ hai lần)"),
            Option(
                name: "role", value: "ROLE", help: "for the KeyRegistered line: unit, appraiser, agency, council, root",
                vi: "cho dòng KeyRegistered: unit, appraiser, agency, council, root"),
            Option(
                name: "scope", value: "UNIT", help: "for the KeyRegistered line: the unit the key represents",
                vi: "cho dòng KeyRegistered: đơn vị mà khóa đại diện"),
            Option(
                name: "name", value: "NAME", help: "for the KeyRegistered line: who holds the key",
                vi: "cho dòng KeyRegistered: người, cơ quan giữ khóa"),
        ],
        details:
            "Prints the keyid, the public key as base64 of its 32 raw bytes, its fingerprint and the command the\n"
            + "council runs to register it. Same files as: openssl genpkey -algorithm ed25519 -out KEY.pem\n"
            + "(with --passphrase: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC; openssl pkey -in KEY.pem reads it).",
        detailsVI:
            "In mã khóa (keyid), khóa công khai dạng base64 của 32 byte, dấu vân tay và lệnh mà Hội đồng chạy để\n"
            + "đăng ký khóa. Tệp giống như của: openssl genpkey -algorithm ed25519 -out KEY.pem\n"
            + "(với --passphrase: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC; openssl pkey -in KEY.pem đọc được)."
    ) { p in
        let out = try p.required("out")
        let key = try PrivateKey.generate()
        let pub = out.hasSuffix(".pem") ? String(out.dropLast(4)) + ".pub.pem" : out + ".pub.pem"
        var pem = key.pem
        if p.has("passphrase") {
            let first = try IO.passphrase(Messages.t("Mật khẩu mới: ", "New passphrase: "), source: out)
            if ProcessInfo.processInfo.environment["THIDUA_PASSPHRASE"] == nil {
                let again = try IO.passphrase(Messages.t("Gõ lại mật khẩu: ", "Passphrase again: "), source: out)
                guard again == first else {
                    throw Failure(Failure.usage, Messages.t("hai mật khẩu không khớp", "the two passphrases differ"))
                }
            }
            guard first.count >= 8 else {
                throw Failure(
                    Failure.usage,
                    Messages.t("mật khẩu cần ít nhất 8 ký tự", "a passphrase needs at least 8 characters"))
            }
            pem = try key.encryptedPEM(passphrase: first)
        }
        try IO.createFile(out, pem, mode: 0o600)
        try IO.createFile(pub, key.publicKey.pem)
        IO.out(KeyCommands.describe(key.publicKey))
        let role = p.value("role") ?? "unit"
        let scope = p.value("scope") ?? (role == "unit" ? Messages.t("MÃ-ĐƠN-VỊ", "UNIT-ID") : nil)
        IO.out(
            Messages.t(
                "Để đăng ký khóa, người giữ khóa gốc của Hội đồng chạy:\n",
                "To register it, a holder of a council root key runs:\n"))
        IO.out(
            "  thidua event KeyRegistered --public-key \(key.publicKey.base64) --role \(role)"
                + (scope.map { " --scope \($0)" } ?? "") + " --name \"\(p.value("name") ?? "…")\""
                + " --key ROOT.pem --db DB --append\n")
        return 0
    }

    static let initLog = Command(
        ["init"], summary: "Create a log: write its genesis entry, signed by the council's root key(s).",
        usage:
            "thidua init --db DB --origin ORIGIN --log-key LOG.pem --root-key ROOT.pem [--root-key ROOT2.pem] "
            + "[--rules NAME] [--title TEXT]",
        options: [
            db,
            Option(
                name: "origin", value: "ORIGIN", help: "the log's name in checkpoints, e.g. dienbien.gov.vn/thidua/2025"
            ),
            Option(
                name: "log-key", value: "LOG.pem",
                help: "the key that signs checkpoints; only its public half goes into DB, keep the file safe"),
            Option(
                name: "root-key", value: "ROOT.pem", help: "a council root key; all given sign the genesis",
                repeatable: true),
            Option(name: "rules", value: "NAME", help: "who may sign what (default: \(App.defaultRules); see below)"),
            Option(name: "title", value: "TEXT", help: "a human title for the log, kept in the genesis"),
        ],
        details: """
            Rules (Events/README.md):
              \(EmulationRules.v2)  an emulation movement: councils, units, appraisers, agencies; every payload
                                  names its log; unknown fields and out-of-range numbers are refused (default)
              \(KeyRules.v2)       the log layer alone: root keys manage keys, any known key signs anything
              \(EmulationRules.v1), \(KeyRules.v1)  earlier versions, for logs started before 2026-11
            The checkpoint key never goes into the database: give it as --log-key LOG.pem (or
            THIDUA_LOG_KEY) to the commands that sign checkpoints.
            """
    ) { p in
        let path = p.value("db") ?? "thidua.db"
        let origin = try p.required("origin")
        let logKey = try IO.privateKey(try p.required("log-key"))
        let roots = try p.all("root-key").map(IO.privateKey)
        guard !roots.isEmpty else {
            throw UsageError(
                Messages.t("thiếu --root-key ROOT.pem", "--root-key ROOT.pem is required"), command: "init")
        }
        let rules = p.value("rules") ?? App.defaultRules
        guard App.catalog.names.contains(rules) else {
            throw UsageError(
                Messages.t(
                    "không có quy tắc \"\(rules)\"\(Suggest.hintVI(rules, among: App.catalog.names)); các quy tắc: "
                        + "\(App.catalog.names.joined(separator: ", "))",
                    "unknown rules \"\(rules)\"\(Suggest.hint(rules, among: App.catalog.names)); known: "
                        + "\(App.catalog.names.joined(separator: ", "))"), command: "init")
        }
        let fields = JSON.members(["rules": rules.json, "title": p.value("title")?.json])
        if App.exists(path) {
            throw Failure(
                Failure.cantCreate,
                Messages.t(
                    "\(App.shown(path)) đã có; không thay đổi gì (dùng --db khác để lập sổ mới)",
                    "\(App.shown(path)) already exists; nothing was changed (use another --db to start a new log)"))
        }
        let store = try App.store(path, create: true)
        let log = try Log.create(
            store: store, origin: origin, logKey: logKey, rootKeys: roots, fields: fields,
            clock: SystemClock(), catalog: App.catalog)
        let signers = roots.map { $0.keyID.short }.joined(separator: ", ")
        IO.out(
            Messages.t(
                "đã lập \(App.shown(path)): sổ \(origin) theo quy tắc \(rules), bản ghi khởi tạo do \(signers) ký\n",
                "created \(App.shown(path)): log \(origin) under rules \(rules), genesis signed by \(signers)\n"))
        IO.out(
            Messages.t(
                "khóa checkpoint: \(log.verifierKey) (khóa riêng ở \(try p.required("log-key")), không ở trong cơ sở "
                    + "dữ "
                    + "liệu)\n",
                "checkpoint key: \(log.verifierKey) (the private key stays in \(try p.required("log-key")), not in the "
                    + "database)\n"))
        return 0
    }

    static let sign = Command(
        ["sign"], summary: "Sign a payload into a DSSE envelope (the payload bytes are signed exactly as read).",
        usage:
            "thidua sign --key KEY.pem [--key KEY2.pem ...] < payload.json > envelope.json\n"
            + "       thidua sign --add --key HEAD.pem < envelope.json > envelope2.json",
        options: [
            Option(name: "key", value: "KEY.pem", help: "a private key to sign with", repeatable: true),
            Option(
                name: "add", value: nil,
                help:
                    "the input is a signed envelope: add this key's signature (a countersignature), payload untouched",
                vi: "đầu vào là phong bì đã ký: thêm chữ ký của khóa này (ký thêm), không đụng đến nội dung"),
        ],
        details:
            "The payload must be a JSON object with \"v\": 1, \"type\", \"id\" and \"issuedAt\"; see "
            + "Events/README.md.\n"
            + "`thidua event TYPE … --key KEY.pem` writes and signs one without JSON by hand."
    ) { p in
        let keys = try p.all("key").map(IO.privateKey)
        guard !keys.isEmpty else {
            throw UsageError(Messages.t("thiếu --key KHÓA.pem", "--key KEY.pem is required"), command: "sign")
        }
        let input = IO.droppingBOM(try IO.readStdin())
        if p.has("add") {
            let env: Envelope
            do { env = try Envelope(json: input) } catch {
                throw Failure(
                    Failure.dataError,
                    Messages.t(
                        "đầu vào chuẩn không phải phong bì đã ký (\(error)); --add thêm chữ ký vào một phong bì",
                        "standard input is not a signed envelope (\(error)); --add adds a signature to one"))
            }
            for k in keys where env.keyIDs.contains(k.keyID) {
                throw Failure(
                    Failure.dataError,
                    Messages.t(
                        "khóa \(k.keyID.short) đã ký phong bì này rồi",
                        "key \(k.keyID.short) has signed this envelope already"))
            }
            IO.outBytes(try env.adding(keys).canonicalJSON + [0x0A])
            return 0
        }
        do { _ = try Payload(bytes: input) } catch {
            if (try? Envelope(json: input)) != nil {
                throw Failure(
                    Failure.dataError,
                    Messages.t(
                        "đầu vào chuẩn là phong bì đã ký; để ký thêm vào đó dùng `thidua sign --add --key KHÓA.pem`",
                        "standard input is a signed envelope; to add a signature to it use `thidua sign --add --key "
                            + "KEY.pem`"))
            }
            throw Failure(Failure.dataError, "standard input: \(error)")
        }
        let env = try Envelope.sign(payload: input, keys: keys)
        IO.outBytes(env.canonicalJSON + [0x0A])
        return 0
    }

    static let append = Command(
        ["append"], summary: "Append DSSE envelopes to the log, all or nothing; prints the index of each.",
        usage: "thidua append [--db DB] [FILE...] (or envelopes on standard input)",
        options: [db], positionals: "FILE...",
        details:
            "A file holds one envelope, or several one per line. A repeated payload id with the same\npayload is not "
            + "appended again: its existing index is printed."
    ) { p in
        var inputs: [(String, [UInt8])] = []
        if p.positionals.isEmpty { inputs.append(("standard input", try IO.readStdin())) }
        for f in p.positionals { inputs.append((f, try IO.readFile(f, what: "envelope file"))) }
        var envelopes: [Envelope] = []
        for (name, bytes) in inputs {
            for (k, line) in splitEnvelopes(IO.droppingBOM(bytes)).enumerated() {
                do { envelopes.append(try Envelope(json: line)) } catch {
                    throw Failure(Failure.dataError, "\(name)\(k > 0 ? " envelope \(k + 1)" : ""): \(error)")
                }
            }
        }
        guard !envelopes.isEmpty else {
            throw Failure(
                Failure.dataError, "no envelope given; sign one with `thidua sign --key KEY.pem < payload.json`")
        }
        let log = try App.openLog(p.value("db"))
        do {
            for o in try log.append(envelopes) {
                IO.out("\(o.index)\n")
                if !o.created {
                    IO.err(
                        Messages.t(
                            "bản ghi \(o.index) đã có trong sổ (cùng mã và nội dung); không ghi lại",
                            "entry \(o.index) was already in the log (same id and payload); not appended again"))
                }
            }
        } catch let e as AppendError {
            throw Failure(e.category.exitCode, Messages.fault(e))
        }
        return 0
    }

    /// One envelope per non-empty line, or the whole input if it is one JSON value over several lines.
    static func splitEnvelopes(_ bytes: [UInt8]) -> [[UInt8]] {
        let lines = bytes.split(separator: 0x0A).map { Array($0) }.filter {
            !$0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        }
        if lines.count > 1, (try? JSON.parse(lines[0])) == nil { return [bytes] }
        return lines
    }

    static let export = Command(
        ["export"], summary: "Write the log as JSON Lines: every entry's line, in order, each followed by \\n.",
        usage: "thidua export [--db DB] [--size N] > log.jsonl",
        options: [db, Option(name: "size", value: "N", help: "export the first N entries only")]
    ) { p in
        let log = try App.openLog(p.value("db"))
        let n = try p.int("size")
        let total = try log.size()
        if let n, n > total {
            throw UsageError("--size \(n) is larger than the log (\(total) entries)", command: "export")
        }
        var buf = [UInt8]()
        buf.reserveCapacity(1 << 20)
        let progress = Progress.start(p, Messages.t("xuất", "exporting"), total: n ?? total)
        defer { progress.done() }
        try log.forEachEntry(to: n) { e in
            progress.tick(e.index)
            buf.append(contentsOf: e.line)
            buf.append(0x0A)
            if buf.count >= 1 << 20 {
                IO.outBytes(buf)
                buf.removeAll(keepingCapacity: true)
            }
        }
        IO.outBytes(buf)
        return 0
    }

    static let checkpoint = Command(
        ["checkpoint"], summary: "Sign (or reprint) a C2SP checkpoint for the log's current size.",
        usage: "thidua checkpoint [--db DB] [--log-key LOG.pem]", options: [db, App.logKeyOption],
        details:
            "Reprinting the checkpoint of the current size needs no key; signing a new one needs the log's key. With "
            + "the key, it also saves a projection snapshot every \(Ledger.snapshotEvery) entries."
    ) { p in
        let log = try App.openLog(p.value("db"), logKey: p.value("log-key"))
        IO.out(try log.checkpoint().text)
        // With the key, an automatic projection snapshot when one is due (a reprint without
        // the key saves none).
        do {
            if let name = try Ledger.saveSnapshotIfDue(log, every: App.snapshotEvery) {
                IO.err(
                    Messages.t(
                        "đã lưu ảnh chụp trạng thái tự động \(name)", "saved automatic projection snapshot \(name)"))
            }
        } catch is CheckpointKeyError {}
        return 0
    }

    static let logKey = Command(
        ["log-key"], summary: "Print the verifier key of the log's checkpoints (C2SP signed-note key string).",
        usage: "thidua log-key [--db DB] [--all]",
        options: [
            db,
            Option(name: "all", value: nil, help: "every checkpoint key the log has had, with the entry that named it"),
        ],
        details: "Prints the key in force now. After `thidua log-key rotate`, auditors and witnesses add the new key."
    ) { p in
        let log = try App.openLog(p.value("db"))
        if p.has("all") {
            for k in try log.logKeys() {
                IO.out(
                    "\(NoteVerifierKey(name: log.origin, publicKey: k.key))  signs sizes from \(k.fromSize) (entry "
                        + "\(k.entry))\n"
                )
            }
        } else {
            IO.out("\(log.verifierKey)\n")
        }
        return 0
    }

    static let rotateLogKey = Command(
        ["log-key", "rotate"], summary: "Move the log to a fresh checkpoint key (root-signed LogKeyRotated).",
        usage: "thidua log-key rotate --db DB --root-key ROOT.pem --out NEW-LOG-KEY.pem [--reason TEXT]",
        options: [
            db,
            Option(
                name: "root-key", value: "ROOT.pem", help: "a council root key; signs the rotation", repeatable: true),
            Option(
                name: "out", value: "NEW.pem",
                help: "where to write the new private checkpoint key (a new file, mode 0600)"),
            Option(name: "reason", value: "TEXT", help: "why, kept in the log (default: the old key may have leaked)"),
        ],
        details: """
            Appends LogKeyRotated naming a fresh key, signs a checkpoint with it, and removes from the
            database any checkpoint key an earlier thidua kept there. From then on only the new key signs
            checkpoints; earlier checkpoints stay valid. Give witnesses and auditors the new key
            (`thidua log-key --db DB`); `thidua verify` follows the rotation from the genesis key.
            """
    ) { p in
        let roots = try p.all("root-key").map(IO.privateKey)
        guard !roots.isEmpty else {
            throw UsageError(
                "--root-key ROOT.pem is required: a council root key signs the rotation", command: "log-key rotate")
        }
        let out = try p.required("out")
        let log = try App.openLog(p.value("db"))
        let fresh = try PrivateKey.generate()
        try IO.createFile(out, fresh.pem, mode: 0o600)
        let reason = p.value("reason") ?? "the previous checkpoint key may have leaked (it was kept in the database)"
        let payload = DomainEvent.logKeyRotated(LogKeyRotated(logKey: fresh.publicKey.base64, reason: reason))
            .payload(
                id: "log-key-\(fresh.keyID.hex.prefix(12))", issuedAt: SystemClock().now().receivedAtText,
                log: try App.binding(log))
        let index: Int
        do { index = try log.append([try Envelope.sign(payload: payload, keys: roots)])[0].index } catch let e
            as AppendError
        {
            throw Failure(e.category.exitCode, e.description)
        }
        try log.useCheckpointKey(fresh)
        let note = try log.checkpoint()
        let purged = try log.store.write { tx in try tx.purgeLegacySecret() }
        if purged { try log.store.scrub() }
        IO.out("entry \(index): LogKeyRotated; new checkpoint key \(log.verifierKey) (private key in \(out))\n")
        IO.out("signed the checkpoint of size \(try Checkpoint(body: note.body).size) with it\n")
        if purged {
            IO.out(
                "removed the old checkpoint key from the database; treat it, and every backup holding it, as leaked\n")
        }
        return 0
    }

    static let check = Command(
        ["check"], summary: "Run every check of an append on envelopes (or unsigned payloads) and append nothing.",
        usage: "thidua check [--db DB] [--signer KEY.pem ...] [FILE...] (or envelopes on standard input)",
        options: [
            db,
            Option(
                name: "signer", value: "KEY.pem",
                help: "for an unsigned payload: the public (or private) key that will sign it", repeatable: true),
        ],
        positionals: "FILE...",
        details:
            "Each input is a DSSE envelope, or a payload to check as if the --signer keys signed it.\nExit 0 if "
            + "every one would be appended, 65 if one would be refused (the reason is printed)."
    ) { p in
        var inputs: [(String, [UInt8])] = []
        if p.positionals.isEmpty { inputs.append(("standard input", try IO.readStdin())) }
        for f in p.positionals { inputs.append((f, try IO.readFile(f, what: "input file"))) }
        let signers = try p.all("signer").map { path in
            do { return try PublicKey(pem: try IO.readText(path, what: "key file"), source: path) } catch let e
                as KeyError
            {
                throw Failure(Failure.dataError, e.description)
            }
        }
        let log = try App.openLog(p.value("db"))
        var refused = 0
        for (name, bytes) in inputs {
            for (k, item) in splitEnvelopes(IO.droppingBOM(bytes)).enumerated() {
                let label = "\(name)\(k > 0 ? " item \(k + 1)" : "")"
                do {
                    let outcome: Log.CheckOutcome
                    if let env = try? Envelope(json: item) {
                        outcome = try log.check(env)
                    } else if (try? JSON.parse(item))?["payloadType"] != nil {
                        _ = try Envelope(json: item)  // say what is wrong with it
                        continue
                    } else {
                        guard !signers.isEmpty else {
                            throw Failure(
                                Failure.usage,
                                "\(label) is a payload, not a signed envelope: give --signer KEY.pem (the key that "
                                    + "will sign it)"
                            )
                        }
                        outcome = try log.check(unsigned: item, signers: signers)
                    }
                    IO.out(
                        outcome.alreadyInLog
                            ? Messages.t(
                                "ĐẠT \(label): đã có trong sổ là bản ghi \(outcome.index) (cùng phong bì)\n",
                                "OK \(label): already in the log as entry \(outcome.index) (same envelope)\n")
                            : Messages.t(
                                "ĐẠT \(label): sẽ được ghi là bản ghi \(outcome.index)\n",
                                "OK \(label): would be appended as entry \(outcome.index)\n"))
                } catch let e as AppendError {
                    if case .store = e { throw Failure(e.category.exitCode, e.description) }
                    refused += 1
                    let why = Messages.fault(e).replacingOccurrences(of: " — nothing was appended", with: "")
                        .replacingOccurrences(of: " — chưa ghi gì vào sổ", with: "")
                    IO.out(Messages.t("BỊ TỪ CHỐI \(label): \(why)\n", "REFUSED \(label): \(why)\n"))
                } catch let e as EnvelopeError {
                    refused += 1
                    IO.out("REFUSED \(label): \(e)\n")
                }
            }
        }
        return refused == 0 ? 0 : Failure.dataError
    }

    static let proveInclusion = Command(
        ["prove", "inclusion"], summary: "Print an RFC 9162 inclusion proof for an entry (JSON).",
        usage: "thidua prove inclusion [--db DB] --index I [--size N]",
        options: [
            db, Option(name: "index", value: "I", help: "the entry"),
            Option(name: "size", value: "N", help: "tree size (default: the log's size)"),
        ]
    ) { p in
        let log = try App.openLog(p.value("db"))
        let proof = try log.inclusionProof(index: try p.requiredInt("index"), size: try p.int("size"))
        IO.out(JSONWriter.string(proof.json) + "\n")
        return 0
    }

    static let proveConsistency = Command(
        ["prove", "consistency"], summary: "Print an RFC 9162 consistency proof between two tree sizes (JSON).",
        usage: "thidua prove consistency [--db DB] --from M [--to N]",
        options: [
            db, Option(name: "from", value: "M", help: "the earlier size (> 0)"),
            Option(name: "to", value: "N", help: "the later size (default: the log's size)"),
        ]
    ) { p in
        let log = try App.openLog(p.value("db"))
        let proof = try log.consistencyProof(from: try p.requiredInt("from"), to: try p.int("to"))
        IO.out(JSONWriter.string(proof.json) + "\n")
        return 0
    }

    static let verify = Command(
        ["verify"], summary: "Verify a log: lines, signatures, authority, Merkle root and signed checkpoints.",
        usage:
            "thidua verify --log log.jsonl --checkpoint CP --key VKEY [--witness VKEY ... --quorum K]\n       thidua "
            + "verify --db DB [--key VKEY] [--rebuild-state]",
        options: [
            Option(name: "log", value: "FILE", help: "an export (.jsonl) to verify"),
            Option(
                name: "checkpoint", value: "CP",
                help: "a signed checkpoint note; a smaller one proves consistency of that prefix", repeatable: true),
            Option(
                name: "key", value: "VKEY",
                help: "the log's verifier key string, or a file holding it (`thidua log-key`)"),
            db,
            Option(
                name: "witness", value: "VKEY",
                help:
                    "a witness cosigner key (`thidua witness key`); the largest checkpoint must carry its cosignature",
                repeatable: true),
            Option(
                name: "quorum", value: "K", help: "how many of the witnesses must have cosigned (default: all given)"),
            Option(name: "json", value: nil, help: "print a machine-readable report"),
            Option(name: "quiet", value: nil, help: "no progress on the terminal"),
            Option(
                name: "rebuild-state", value: nil,
                help: "with --db: replace a missing or wrong saved authority state with the one recomputed here"),
        ],
        details:
            "Exit 0 when every check passes; 1 naming the first faulty entry and the rule of the\nintegrity spec §7 "
            + "it breaks. With --db, every stored checkpoint is checked too, every line against the\nleaf hash the "
            + "log stored when it was appended, and the saved authority state (what an\nopen reads instead of "
            + "replaying the log) against the one recomputed from entry 0."
    ) { p in
        try VerifyCommand.run(p)
    }
}
