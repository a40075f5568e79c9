import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog
import ThiduaSQLite

@testable import ThiduaServer

#if canImport(Glibc)
    import Glibc
#endif

let projections = Package.projections

/// The demo log on a temporary file, and its API.
func demoAPI(_ dir: TempDir) throws -> API {
    let log = try DemoLog.build(
        store: SQLiteStore(path: dir.path("demo.db"), create: true),
        rubrics: Dictionary(
            uniqueKeysWithValues: try DemoLog.rubricFiles.map {
                ($0, [UInt8](try Data(contentsOf: projections.appendingPathComponent($0))))
            }))
    return API(log: log)
}

/// Entries in the demo log.
let demoEntries = 431

/// A TaskCompleted: by default Nậm Kè's housing task (C3 of the commune rubric, not yet reported).
func payload(_ id: String, unit: String = "xa-nam-ke", criterion: String = "C3", extra: String = "") -> [UInt8] {
    Array(
        (#"{"v":1,"type":"TaskCompleted","id":"\#(id)","log":"thidua.dienbien.gov.vn/2025","#
            + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"\#(unit)","criterion":"\#(criterion)"\#(extra)}"#)
            .utf8)
}

func envelope(_ p: [UInt8], by label: String) throws -> [UInt8] {
    try Envelope.sign(payload: p, keys: [DemoLog.key(label)]).canonicalJSON
}

func json(_ r: Response) throws -> JSON { try JSON.parse(r.body) }

/// The API as a function: every status code it promises, without a socket.
@Suite(.serialized) struct APITests {
    /// The server keeps its standings and brings them up to date after each append (only the
    /// groups an entry touches are scored again): what it serves is what a fresh replay gives.
    @Test func rankingsAfterAppendsAreAFreshReplays() throws {
        let dir = TempDir()
        let api = try demoAPI(dir)
        _ = api.handle(Request(method: "GET", target: "/v1/rankings"))
        let appends: [([UInt8], String)] = [
            (payload("inc-1"), "xa-nam-ke"),
            (payload("inc-2", unit: "xa-muong-nhe"), "xa-muong-nhe"),
            (payload("inc-3", criterion: "B2"), "xa-nam-ke"),
        ]
        for (p, by) in appends {
            #expect(
                api.handle(Request(method: "POST", target: "/v1/entries", body: try envelope(p, by: by))).status == 201)
            let served = api.handle(Request(method: "GET", target: "/v1/rankings")).body
            let fresh = Report(Standings(try Ledger.replay(api.log))).render(.json)
            #expect(String(decoding: served, as: UTF8.self) == fresh)
        }
    }

    /// A server that signs checkpoints saves a projection snapshot every N entries; a server
    /// started later (a fresh process) starts from it and serves what a replay from zero gives.
    @Test func theServerSavesSnapshotsAndAFreshOneStartsFromThem() throws {
        let dir = TempDir()
        let first = API(log: try demoAPI(dir).log, snapshotEvery: 400)
        _ = first.handle(Request(method: "GET", target: "/v1/rankings"))
        #expect(try first.log.snapshotSizes(projection: Ledger.projection) == [demoEntries])
        for i in 0..<3 {
            let env = try envelope(payload("snap-\(i)"), by: "xa-nam-ke")
            #expect(first.handle(Request(method: "POST", target: "/v1/entries", body: env)).status == 201)
        }
        _ = first.handle(Request(method: "GET", target: "/v1/rankings"))
        // Not due again until 400 more entries.
        #expect(try first.log.snapshotSizes(projection: Ledger.projection) == [demoEntries])
        let fresh = API(log: try Log(store: SQLiteStore(path: dir.path("demo.db")), catalog: EmulationRules.catalog))
        let served = fresh.handle(Request(method: "GET", target: "/v1/rankings")).body
        let zero = Report(Standings(try Ledger.replay(fresh.log, snapshots: false))).render(.json)
        #expect(String(decoding: served, as: UTF8.self) == zero)
        let mid = fresh.handle(Request(method: "GET", target: "/v1/rankings?asOf=2025-06-30")).body
        let midZero = Report(
            Standings(try Ledger.replay(fresh.log, until: ReplayScope.moment("2025-06-30"), snapshots: false))
        )
        .render(.json)
        #expect(String(decoding: mid, as: UTF8.self) == midZero)
    }

    @Test func appendsAreCreatedOnceAndRefusalsNameTheRule() throws {
        let dir = TempDir()
        let api = try demoAPI(dir)
        let env = try envelope(payload("t1"), by: "xa-nam-ke")
        let first = api.handle(Request(method: "POST", target: "/v1/entries", body: env))
        #expect(first.status == 201)
        let j = try json(first)
        #expect(j["index"]?.intValue == demoEntries)
        // The returned proof leads to the returned checkpoint's root.
        let cp = try Checkpoint(body: SignedNote(text: try #require(j["checkpoint"]?.stringValue)).body)
        try InclusionProof(json: try #require(j["inclusionProof"])).verify(root: cp.root)
        // The same envelope again: 200, the same index, nothing appended.
        let again = api.handle(Request(method: "POST", target: "/v1/entries", body: env))
        let againJSON = try json(again)
        #expect(again.status == 200 && againJSON["index"]?.intValue == demoEntries)
        // The same id with another payload: 409.
        let other = try envelope(payload("t1", extra: #","note":"khác""#), by: "xa-nam-ke")
        #expect(api.handle(Request(method: "POST", target: "/v1/entries", body: other)).status == 409)
        // Another unit's key: 403, naming the rule.
        let forged = api.handle(
            Request(
                method: "POST", target: "/v1/entries",
                body: try envelope(payload("t2", unit: "xa-muong-nhe"), by: "xa-nam-ke")))
        let forgedJSON = try json(forged)
        #expect(forged.status == 403 && forgedJSON["rule"]?.stringValue == "authority")
        // Not an envelope: 400. A payload that is not a valid event: 422. Too large: 413.
        #expect(api.handle(Request(method: "POST", target: "/v1/entries", body: Array("{}".utf8))).status == 400)
        #expect(
            api.handle(
                Request(
                    method: "POST", target: "/v1/entries",
                    body: try envelope(
                        Array(
                            (#"{"v":1,"type":"TaskCompleted","id":"t3","log":"thidua.dienbien.gov.vn/2025","#
                                + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"xa-nam-ke"}"#)
                                .utf8), by: "xa-nam-ke"))
            ).status == 422)
        let big = try envelope(
            payload("t4", extra: #","note":""# + String(repeating: "x", count: 70_000) + #"""#), by: "xa-nam-ke")
        #expect(api.handle(Request(method: "POST", target: "/v1/entries", body: big)).status == 413)
        #expect(try api.log.size() == demoEntries + 1)
    }

    @Test func readsAnswerWithTheLogsData() throws {
        let dir = TempDir()
        let api = try demoAPI(dir)
        #expect(
            api.handle(Request(method: "GET", target: "/healthz")).body
                == Array("{\"ok\":true,\"size\":\(demoEntries)}\n".utf8))
        let r = try json(api.handle(Request(method: "GET", target: "/v1/rankings?cluster=cum-vung-cao&lang=en")))
        #expect(r["groups"]?.arrayValue?.count == 1)
        #expect(r["groups"]?.arrayValue?.first?["leader"]?.stringValue == "h-tua-chua")
        #expect(api.handle(Request(method: "GET", target: "/v1/rankings?cluster=nope")).status == 404)
        let mid = try json(api.handle(Request(method: "GET", target: "/v1/rankings?asOf=2025-06-30")))
        // As of 30/06/2025: the entries received by then, dated that day.
        #expect(mid["size"]?.intValue == (try Ledger.replay(api.log, until: ReplayScope.moment("2025-06-30"))).size)
        #expect(mid["date"]?.stringValue == "2025-06-30")
        let e = try json(api.handle(Request(method: "GET", target: "/v1/units/h-nam-po/explain")))
        #expect(e["text"]?.stringValue?.contains("VL6: thực hiện 49") == true)
        #expect(api.handle(Request(method: "GET", target: "/v1/units/nobody/explain")).status == 404)
        let inc = try json(api.handle(Request(method: "GET", target: "/v1/proofs/inclusion?index=5")))
        #expect(inc["treeSize"]?.intValue == demoEntries)
        #expect(api.handle(Request(method: "GET", target: "/v1/proofs/inclusion?index=5000")).status == 404)
        #expect(
            try json(api.handle(Request(method: "GET", target: "/v1/proofs/consistency?from=10&to=20")))["toSize"]?
                .intValue == 20)
        let st = try json(api.handle(Request(method: "GET", target: "/v1/status")))
        #expect(st["verified"]?.boolValue == true && st["size"]?.intValue == demoEntries)
        #expect(api.handle(Request(method: "DELETE", target: "/v1/entries")).status == 405)
        #expect(api.handle(Request(method: "GET", target: "/etc/passwd")).status == 404)
        let page = api.handle(Request(method: "GET", target: "/"))
        #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("Bảng xếp hạng thi đua"))
    }
}

/// A running server on loopback, with real clients.
final class Live: @unchecked Sendable {
    let server: Server
    let api: API
    let thread: Thread
    var base: String { "http://127.0.0.1:\(server.port)" }

    init(_ api: API, limits: Limits = Limits()) throws {
        self.api = api
        server = Server(limits: limits) { api.handle($0) }
        try server.bind(host: "127.0.0.1", port: 0)
        let s = server
        thread = Thread { s.run() }
        thread.start()
    }

    /// Sends raw bytes and returns the raw reply (or "" if the server closed without one).
    func raw(_ bytes: [UInt8], pauseAfter: TimeInterval = 0) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = server.port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if pauseAfter > 0 { Thread.sleep(forTimeInterval: pauseAfter) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

func curl(_ args: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["curl", "-s"] + args
    let out = Pipe()
    let inp = Pipe()
    p.standardOutput = out
    p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(Data(stdin)) }
    try inp.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite(.serialized) struct LiveServerTests {
    @Test func concurrentWritersOverCurlAllLandOnceAndTheLogVerifies() throws {
        let dir = TempDir()
        var limits = Limits()
        limits.maxPerClient = 32  // 24 writers at once from one address, on purpose
        let live = try Live(try demoAPI(dir), limits: limits)
        // 24 writers at once, 8 units × 3 tasks (models, A3: a count), through curl.
        let units = [
            "xa-muong-nhe", "xa-sin-thau", "xa-muong-toong", "xa-nam-ke", "xa-quang-lam", "xa-na-hy", "xa-na-tau",
            "phuong-dien-bien-phu",
        ]
        var built: [[UInt8]] = []
        for u in units {
            for k in 0..<3 { built.append(try envelope(payload("live-\(u)-\(k)", unit: u, criterion: "A3"), by: u)) }
        }
        let envs = built
        let codes = Lock()
        nonisolated(unsafe) var statuses: [String] = []
        DispatchQueue.concurrentPerform(iterations: envs.count) { i in
            let r = try? curl(
                [
                    "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: application/json",
                    "--data-binary", "@-", live.base + "/v1/entries",
                ], stdin: envs[i])
            codes.withLock { statuses.append(r?.out ?? "error") }
        }
        #expect(statuses.sorted() == Array(repeating: "201", count: envs.count))
        // Streamed export over HTTP verifies with the checkpoint the server signs.
        let export = try curl([live.base + "/v1/entries"]).out
        let cp = try SignedNote(text: try curl([live.base + "/v1/checkpoint"]).out)
        #expect(export.split(separator: "\n").count == demoEntries + envs.count)
        let report = try LogAudit.verify(
            export: Array(export.utf8), checkpoints: [cp], key: live.api.log.verifierKey,
            catalog: EmulationRules.catalog)
        #expect(report.entries == demoEntries + envs.count)
        live.server.stop()
    }

    @Test func malformedAndAbusiveRequestsGet4xxAndNeverTouchTheLog() throws {
        let dir = TempDir()
        var limits = Limits()
        limits.readTimeoutSeconds = 1
        limits.maxHeaderBytes = 4096
        let live = try Live(try demoAPI(dir), limits: limits)
        #expect(live.raw(Array("BLAH\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 400"))
        #expect(
            live.raw(Array("GET /healthz HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 8000))\r\n\r\n".utf8))
                .hasPrefix("HTTP/1.1 431"))
        #expect(
            live.raw(Array("POST /v1/entries HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n".utf8)).hasPrefix(
                "HTTP/1.1 413"))
        #expect(
            live.raw(Array("POST /v1/entries HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)).hasPrefix(
                "HTTP/1.1 411"))
        #expect(live.raw(Array("POST /v1/entries HTTP/1.1\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 411"))
        #expect(
            live.raw(Array("POST /v1/entries HTTP/1.1\r\nContent-Length: abc\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 400"))
        // A slow client that never finishes its headers: 408 after the read timeout.
        #expect(live.raw(Array("GET /healthz HTTP/1.1\r\n".utf8)).hasPrefix("HTTP/1.1 408"))
        // A body cut short.
        #expect(
            live.raw(Array("POST /v1/entries HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"payload\"".utf8)).hasPrefix(
                "HTTP/1.1 408"))
        // Invalid UTF-8 and deep nesting in the body: 400, the server lives on.
        #expect(
            live.raw(Array("POST /v1/entries HTTP/1.1\r\nContent-Length: 4\r\n\r\n".utf8) + [0xff, 0xfe, 0x80, 0x7b])
                .hasPrefix("HTTP/1.1 400"))
        let deep = String(repeating: "[", count: 5000)
        #expect(
            live.raw(Array("POST /v1/entries HTTP/1.1\r\nContent-Length: \(deep.utf8.count)\r\n\r\n\(deep)".utf8))
                .hasPrefix("HTTP/1.1 400"))
        #expect(try curl([live.base + "/healthz"]).out == "{\"ok\":true,\"size\":\(demoEntries)}\n")
        #expect(try live.api.log.size() == demoEntries)
        live.server.stop()
    }

    @Test func tooManyConnectionsGet503AndStopWaitsForRequestsInFlight() throws {
        let dir = TempDir()
        var limits = Limits()
        limits.maxConnections = 1
        limits.readTimeoutSeconds = 2
        let live = try Live(try demoAPI(dir), limits: limits)
        // One client holds the only slot by sending half a request.
        let holder = DispatchGroup()
        holder.enter()
        nonisolated(unsafe) var held = ""
        // A thread of its own: the global queue may be busy with other suites' work.
        Thread {
            held = live.raw(Array("GET /healthz HTTP/1.1\r\n".utf8))
            holder.leave()
        }.start()
        Thread.sleep(forTimeInterval: 1.0)
        #expect(live.raw(Array("GET /healthz HTTP/1.1\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 503"))
        // stop() waits for the held request (it ends with 408 when its time is up).
        live.server.stop()
        holder.wait()
        #expect(held.hasPrefix("HTTP/1.1 408"))
    }
}

/// The whole path through the binaries: `thidua serve` in one process, a leader's
/// `thidua submit` in another, the dashboard in headless Chromium, SIGTERM, then `verify`.
@Suite(.serialized) struct EndToEndTests {
    static let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "thidua"
    ).path

    static func run(_ args: [String], cwd: String, stdin: [UInt8]? = nil) throws -> (
        status: Int32, out: String, err: String
    ) {
        let r = try TestSupport.run(exe, args, stdin: stdin, cwd: cwd)
        return (r.status, String(decoding: r.out, as: UTF8.self), r.err)
    }

    @Test func aLeaderSubmitsTheDashboardShowsItAndTheExportVerifies() throws {
        let served = try ServedDemo()
        let (dir, cwd, url, key) = (served.dir, served.cwd, served.url, served.logKey)

        // Nậm Kè's representative reports the housing task from another shell.
        let p = Array(
            (#"{"v":1,"type":"TaskCompleted","id":"nam-ke-c3","log":"thidua.dienbien.gov.vn/2025","#
                + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"xa-nam-ke","criterion":"C3","#
                + #""note":"Hoàn thành xóa 52 nhà tạm, nhà dột nát"}"#)
                .utf8)
        let sub = try Self.run(
            ["submit", "--server", url, "--key", "keys/xa-nam-ke.pem", "--log-key", key], cwd: cwd, stdin: p)
        #expect(sub.status == 0 && sub.out == "\(demoEntries)\n", "\(sub.err)")
        #expect(sub.err.contains("inclusion proof verified"))
        // A key that is not Mường Nhé's cannot report for it.
        let refused = try Self.run(
            ["submit", "--server", url, "--key", "keys/xa-nam-ke.pem"], cwd: cwd,
            stdin: Array(
                (#"{"v":1,"type":"TaskCompleted","id":"x","log":"thidua.dienbien.gov.vn/2025","#
                    + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"xa-muong-nhe","criterion":"C3"}"#)
                    .utf8))
        #expect(refused.status == 65 && refused.err.contains("HTTP 403"))

        // The dashboard, in a real browser: Nậm Kè now has C3's 5 points (82,44 → 87,44).
        if let chromium = try Tools.chromium(for: "the dashboard after a submission, in a browser") {
            let chrome = Process()
            chrome.executableURL = URL(fileURLWithPath: chromium)
            chrome.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=8000", "--dump-dom", url + "/",
            ]
            let dom = Pipe()
            chrome.standardOutput = dom
            chrome.standardError = FileHandle.nullDevice
            try chrome.run()
            let html = String(decoding: dom.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            chrome.waitUntilExit()
            #expect(html.contains("Xã Mường Nhé ★"), "the dashboard did not render the ranking")
            #expect(html.contains("87,44"))
            // Every band, leader and flag with its reason, in the browser too.
            #expect(html.contains("chưa đạt Hoàn thành xuất sắc nhiệm vụ: tổng 87,44 &lt; 90"))
            #expect(html.contains("Dẫn đầu: Xã Mường Nhé (hạng 1, đứng đầu bảng)"))
            #expect(html.contains("Cờ thi đua của UBND tỉnh: đề nghị Xã Mường Nhé"))
            #expect(html.contains("ĐÃ KIỂM TRA"))
            let shot = dir.path("dashboard.png")
            let s = Process()
            s.executableURL = URL(fileURLWithPath: chromium)
            s.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=8000",
                "--window-size=1400,1800", "--screenshot=\(shot)", url + "/?lang=en",
            ]
            s.standardOutput = FileHandle.nullDevice
            s.standardError = FileHandle.nullDevice
            try s.run()
            s.waitUntilExit()
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            #expect(png.count > 10_000 && png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            try png.write(to: URL(fileURLWithPath: Tools.screenshots + "/dashboard-after-submit.png"))
        }

        // SIGTERM: the server finishes and exits 0; the export verifies.
        let rest = served.stop()
        #expect(served.server.terminationStatus == 0)
        #expect(rest.contains("stopped after") && rest.contains("the log has \(demoEntries + 1) entries"))
        #expect(try Self.run(["verify", "--db", "demo.db", "--key", key], cwd: cwd).status == 0)
    }
}
