import Foundation
import ThiduaDomain
import ThiduaLog
import ThiduaPostgres
import ThiduaSQLite
import ThiduaServer

enum ServerCommands {
    static let all: [Command] = [serve, submit]

    static let serve = Command(
        ["serve"], summary: "Serve the log over HTTP: the API (README, \"HTTP API\") and the dashboard at /.",
        usage: "thidua serve --db DB [--listen 127.0.0.1:8080]",
        options: [
            Option(name: "db", value: "DB", help: "the log database (default: thidua.db)"),
            Option(
                name: "listen", value: "HOST:PORT",
                help: "address to listen on (default 127.0.0.1:8080; port 0 picks a free one)"),
            Option(name: "max-connections", value: "N", help: "concurrent connections before 503 (default 64)"),
            Option(
                name: "max-per-client", value: "N", help: "concurrent connections from one client address (default 8)"),
            Option(
                name: "trusted-proxy", value: "ADDR",
                help: "the reverse proxy's address; its X-Forwarded-For names the client"),
            App.logKeyOption,
        ],
        details:
            "SIGTERM or SIGINT stops accepting, finishes the requests in flight (an append that started is durable), "
            + "then exits 0."
    ) { p in
        let log = try App.openLog(p.value("db"), logKey: p.value("log-key"))
        let listen = p.value("listen") ?? "127.0.0.1:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
            throw UsageError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080", command: "serve")
        }
        var limits = Limits()
        if let m = try p.int("max-connections") { limits.maxConnections = max(1, m) }
        if let m = try p.int("max-per-client") { limits.maxPerClient = max(1, m) }
        if let proxy = p.value("trusted-proxy") {
            var a = in_addr()
            guard inet_pton(AF_INET, proxy, &a) == 1 else {
                throw UsageError("--trusted-proxy must be an IPv4 address, e.g. 127.0.0.1", command: "serve")
            }
            limits.trustedProxy = proxy
        }
        let api = API(log: log, snapshotEvery: App.snapshotEvery)
        let server = Server(limits: limits) { api.handle($0) }
        do { try server.bind(host: String(listen[..<colon]), port: port) } catch let e as ServerError {
            throw Failure(Failure.cantCreate, e.description)
        }
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let done = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { done.signal() }
            s.resume()
            sources.append(s)
        }
        IO.out(
            "thidua: serving \(log.origin) (\(try log.size()) entries) on http://\(listen[..<colon]):\(server.port)/\n")
        IO.flush()
        let acceptor = Thread { server.run() }
        acceptor.start()
        done.wait()
        IO.err("thidua: stopping; finishing requests in flight\n")
        server.stop()
        IO.out("thidua: stopped after \(server.served) requests; the log has \(try log.size()) entries\n")
        _ = sources
        return 0
    }

    static let submit = Command(
        ["submit"],
        summary: "Append to a log server: a payload signed here, or an envelope already signed; checks the proof.",
        usage:
            "thidua submit --server URL --key KEY.pem [--key KEY2.pem ...] [--log-key VKEY] < payload.json\n"
            + "       thidua submit --server URL [--log-key VKEY] envelope.json   (or an envelope on standard input)",
        options: [
            Option(name: "server", value: "URL", help: "the log server, e.g. http://127.0.0.1:8080"),
            Option(name: "key", value: "KEY.pem", help: "a signing key for a payload (never sent)", repeatable: true),
            Option(
                name: "log-key", value: "VKEY",
                help: "the log's verifier key to check the returned checkpoint " + "against"),
        ],
        positionals: "envelope.json",
        details:
            "Prints the entry's index. Exit 0 when appended (or already there), 65 when the server refused it (its "
            + "reason is printed). An envelope signed elsewhere (e.g. by the unit, then countersigned with\n"
            + "`thidua sign --add`) is sent as it is."
    ) { p in
        let server = try p.required("server").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard p.positionals.count <= 1 else {
            throw UsageError(Messages.t("cho một tệp phong bì", "give one envelope file"), command: "submit")
        }
        let input = IO.droppingBOM(
            try p.positionals.first.map { try IO.readFile($0, what: "envelope file") } ?? IO.readStdin())
        let env: Envelope
        if let signed = try? Envelope(json: input) {
            guard p.all("key").isEmpty else {
                throw UsageError(
                    Messages.t(
                        "đầu vào đã là phong bì đã ký; để ký thêm dùng `thidua sign --add --key KHÓA.pem` trước",
                        "the input is a signed envelope already; to add a signature use `thidua sign --add --key "
                            + "KEY.pem` first"),
                    command: "submit")
            }
            env = signed
        } else {
            let keys = try p.all("key").map(IO.privateKey)
            guard !keys.isEmpty else {
                throw UsageError(
                    Messages.t(
                        "đầu vào là nội dung chưa ký: cho --key KHÓA.pem để ký",
                        "the input is an unsigned payload: give "
                            + "--key KEY.pem to sign it"),
                    command: "submit")
            }
            do { env = try Envelope.sign(payload: input, keys: keys) } catch {
                throw Failure(Failure.dataError, "\(error)")
            }
        }
        let reply: HTTPClient.Reply
        do { reply = try HTTPClient.request("POST", url: server + "/v1/entries", body: env.canonicalJSON) } catch let e
            as ServerError
        { throw Failure(Failure.ioError, e.description) }
        let json = (try? JSON.parse(reply.body)) ?? .null
        guard reply.status == 200 || reply.status == 201 else {
            throw Failure(
                Failure.dataError,
                "the server refused the entry (HTTP \(reply.status)): "
                    + "\(json["error"]?.stringValue ?? String(decoding: reply.body, as: UTF8.self))"
            )
        }
        guard let index = json["index"]?.intValue, let proofJSON = json["inclusionProof"],
            let cpText = json["checkpoint"]?.stringValue
        else {
            throw Failure(Failure.ioError, "the server's reply has no index, proof and checkpoint")
        }
        // Check what the server says: the entry is our envelope, in the signed tree.
        let note = try SignedNote(text: cpText)
        let cp = try Checkpoint(body: note.body)
        if let vk = try p.value("log-key").map(IO.verifierKey) {
            do { try note.verify(vk) } catch {
                throw Failure(
                    Failure.verification, "the returned checkpoint is not signed by the pinned log key: \(error)")
            }
        }
        let line = try HTTPClient.request("GET", url: server + "/v1/entries?from=\(index)&to=\(index + 1)").body
        let entry = try Entry(line: Array(line.prefix { $0 != 0x0A }))
        guard entry.envelope.payload == env.payload else {
            throw Failure(Failure.verification, "entry \(index) on the server is not the envelope sent")
        }
        let proof = try InclusionProof(json: proofJSON)
        guard proof.leafHash == Entry.leafHash(line: Array(line.prefix { $0 != 0x0A })) else {
            throw Failure(Failure.verification, "the proof is for another leaf")
        }
        do { try proof.verify(root: cp.root) } catch {
            throw Failure(Failure.verification, "the inclusion proof does not lead to the checkpoint's root: \(error)")
        }
        IO.out("\(index)\n")
        let pinned =
            p.value("log-key") == nil
            ? "; pin the log with --log-key to check its signature too" : ", signed by the log key"
        IO.err(
            "\(reply.status == 201 ? "appended" : "already in the log") at entry \(index); inclusion proof verified "
                + "against the checkpoint of size \(cp.size) (root \(cp.root.base64))\(pinned)\n"
        )
        return 0
    }
}

enum StoreCommands {
    static let all: [Command] = [migrate, backup]

    static let migrate = Command(
        ["migrate"], summary: "Copy a log to another store (SQLite ⇄ PostgreSQL) and prove the roots equal.",
        usage: "thidua migrate --from DB --to DB",
        options: [
            Option(name: "from", value: "DB", help: "the source: a SQLite file or postgres://… URL"),
            Option(name: "to", value: "DB", help: "the destination: a new SQLite file or an empty PostgreSQL schema"),
        ],
        details:
            "The destination's tree is rebuilt from the copied lines; its root must equal the source's, and the copy "
            + "is verified before this says OK."
    ) { p in
        let fromPath = try p.required("from")
        let toPath = try p.required("to")
        guard App.exists(fromPath) else {
            throw Failure(Failure.noInput, "\(PostgresStore.redact(fromPath)) holds no thidua log")
        }
        guard !App.exists(toPath) else {
            throw Failure(
                Failure.cantCreate,
                "\(PostgresStore.redact(toPath)) already holds a log; migrate copies into a new store only")
        }
        let src = try App.store(fromPath)
        let dst = try App.store(toPath, create: true)
        let result = try Migration.copy(from: src, to: dst)
        let progress = Progress.start(
            p, Messages.t("kiểm tra bản sao", "verifying the copy"), total: result.entries)
        let report = try LogAudit.verify(store: dst, key: nil, catalog: App.catalog) { e, _ in progress.tick(e.index) }
        progress.done()
        guard report.root == result.root else {
            throw Failure(Failure.verification, "the copy verifies to another root")
        }
        IO.out(
            "OK copied \(result.entries) entries and \(result.checkpoints) checkpoints from \(src.location) to "
                + "\(dst.location); both roots \(result.root.base64); the copy verifies\n"
        )
        return 0
    }

    static let backup = Command(
        ["backup"], summary: "Copy a SQLite log to a new file with SQLite's online backup, while writers go on.",
        usage: "thidua backup --db DB --to FILE",
        options: [
            Option(name: "db", value: "DB", help: "the SQLite log (default: thidua.db)"),
            Option(name: "to", value: "FILE", help: "a new file for the copy"),
        ],
        details:
            "For PostgreSQL use pg_dump (README, \"Backup and restore\"). Restore = use the copy as --db; verify it "
            + "first."
    ) { p in
        let db = p.value("db") ?? "thidua.db"
        guard !PostgresStore.isURL(db) else {
            throw UsageError("for PostgreSQL use pg_dump -n SCHEMA (README, \"Backup and restore\")", command: "backup")
        }
        let store = try SQLiteStore(path: db)
        let to = try p.required("to")
        try store.backup(to: to)
        let copy = try SQLiteStore(path: to)
        let progress = Progress.start(
            p, Messages.t("kiểm tra bản sao", "verifying the copy"), total: try copy.read { try $0.size() })
        let report = try LogAudit.verify(store: copy, key: nil, catalog: App.catalog) { e, _ in progress.tick(e.index) }
        progress.done()
        IO.out("OK backed up \(report.entries) entries to \(to) (root \(report.root.base64)); the copy verifies\n")
        return 0
    }
}
