import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog
import ThiduaSQLite

@testable import ThiduaServer

/// A TCP client bound to a source address of its own (127.0.0.2 is another host on loopback).
final class Client {
    let fd: Int32

    init(to port: UInt16, from source: String) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var src = sockaddr_in()
        src.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &src.sin_addr)
        _ = withUnsafePointer(to: &src) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var tv = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ s: String) {
        _ = Array(s.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything until the server closes.
    func reply() -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whatever has arrived, without waiting.
    func pending() -> String {
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buf, buf.count, Int32(MSG_DONTWAIT))
        return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : ""
    }
}

@Suite(.serialized) struct AbuseTests {
    /// 70 slowloris clients from 127.0.0.1 (headers dribbled one byte a second) cannot lock
    /// out a client at 127.0.0.2, whose requests keep succeeding.
    @Test func seventySlowClientsFromOneAddressDoNotLockOthersOut() throws {
        let dir = TempDir()
        let live = try Live(try demoAPI(dir))
        var slow: [Client] = []
        for _ in 0..<70 {
            let c = Client(to: live.server.port, from: "127.0.0.1")
            c.send("GET /healthz HTTP/1.1\r\n")
            slow.append(c)
        }
        Thread.sleep(forTimeInterval: 0.3)
        let refusedAtOnce = slow.filter { $0.pending().hasPrefix("HTTP/1.1 503") }.count
        var ok = 0
        var failed = 0
        let end = Date().addingTimeInterval(5)
        var tick = 0
        while Date() < end {
            // The slow ones keep dribbling.
            tick += 1
            if tick % 10 == 0 { for c in slow { c.send("X") } }
            let legit = Client(to: live.server.port, from: "127.0.0.2")
            legit.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            if legit.reply().hasPrefix("HTTP/1.1 200") { ok += 1 } else { failed += 1 }
            Thread.sleep(forTimeInterval: 0.1)
        }
        print(
            "ABUSE slowloris: 70 slow clients from 127.0.0.1, \(refusedAtOnce) refused at once (503); legitimate "
                + "client at 127.0.0.2: \(ok) of \(ok + failed) requests succeeded"
        )
        #expect(refusedAtOnce >= 70 - Limits().maxPerClient)
        #expect(failed == 0 && ok >= 20)
        slow.removeAll()
        live.server.stop()
    }

    /// A reader that never reads is cut off once it is slower than the write deadline allows.
    @Test func aSlowReaderIsCutOff() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer {
            close(pair[0])
            close(pair[1])
        }
        var small: Int32 = 4096
        setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(pair[0], SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var limits = Limits()
        limits.writeTimeoutSeconds = 1
        limits.minWriteBytesPerSecond = 1024
        var writer = ResponseWriter(fd: pair[0], limits: limits)
        let start = Date()
        #expect(throws: (any Error).self) { try writer.write([UInt8](repeating: 0x41, count: 8 << 20)) }
        #expect(writer.sent < 8 << 20)
        #expect(Date().timeIntervalSince(start) < 30)
    }

    /// Behind the reverse proxy every client has the proxy's address: the limit applies to
    /// the client X-Forwarded-For names.
    @Test func behindATrustedProxyClientsAreTheForwardedAddresses() throws {
        var limits = Limits()
        limits.trustedProxy = "127.0.0.1"
        limits.maxPerClient = 2
        let server = Server(limits: limits) { _ in
            Thread.sleep(forTimeInterval: 1.0)
            return .json(200, "{}")
        }
        try server.bind(host: "127.0.0.1", port: 0)
        let t = Thread { server.run() }
        t.start()
        let clients = (0..<3).map { _ in Client(to: server.port, from: "127.0.0.1") }
        for c in clients { c.send("GET / HTTP/1.1\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.9\r\n\r\n") }
        let other = Client(to: server.port, from: "127.0.0.1")
        Thread.sleep(forTimeInterval: 0.2)
        other.send("GET / HTTP/1.1\r\nX-Forwarded-For: 10.0.0.10\r\n\r\n")
        let replies = clients.map { $0.reply() }
        #expect(replies.filter { $0.hasPrefix("HTTP/1.1 200") }.count == 2)
        #expect(replies.filter { $0.hasPrefix("HTTP/1.1 503") && $0.contains("10.0.0.9") }.count == 1)
        #expect(other.reply().hasPrefix("HTTP/1.1 200"))
        server.stop()
    }

    /// One POST with a 42-digit decimal once killed the server while the append was checked.
    @Test func aHugeNumberInAPostIsRefusedAndTheServerLives() throws {
        let dir = TempDir()
        let api = try demoAPI(dir)
        let p = Payload.make(
            type: "IndicatorReported", id: "huge", issuedAt: "2025-12-22T08:00:00+07:00", log: DemoLog.origin,
            fields: JSON.members([
                "unit": .string("xa-nam-ke"), "code": .string("VL"),
                "value": .number("100000000000000000000000000000000000000000.5"),
            ]))
        let r = api.handle(
            Request(
                method: "POST", target: "/v1/entries",
                body: try Envelope.sign(payload: p, keys: [DemoLog.key("xa-nam-ke")]).canonicalJSON))
        #expect(r.status == 422)
        #expect(
            String(decoding: r.body, as: UTF8.self).contains(
                "IndicatorReported.value is 100000000000000000000000000000000000000000.5; it must be at most 12 digits")
        )
        #expect(api.handle(Request(method: "GET", target: "/healthz")).status == 200)
    }

    /// A log written under the old rules, with the poison entries that once stopped every
    /// ranking: the server answers /v1/rankings, naming them as warnings.
    @Test func rankingsOfALogWithPoisonEntriesAreServed() throws {
        let dir = TempDir()
        let log = try oldDemoWithPoison(dir)
        let api = API(log: log.log)
        let r = api.handle(Request(method: "GET", target: "/v1/rankings"))
        #expect(r.status == 200)
        let json = try JSON.parse(r.body)
        let named = (json["warnings"]?.arrayValue ?? []).compactMap { $0["entry"]?.intValue }
        for e in log.poison { #expect(named.contains(e)) }
        #expect(api.handle(Request(method: "GET", target: "/v1/units/h-nam-po/explain")).status == 200)
    }

    /// POST /v1/check: every check of an append, appending nothing; a payload not yet
    /// signed is checked with the signer's public key.
    @Test func checkAnswersWithoutAppending() throws {
        let dir = TempDir()
        let api = try demoAPI(dir)
        let p = Payload.make(
            type: "TaskCompleted", id: "chk", issuedAt: "2025-12-22T08:00:00+07:00", log: DemoLog.origin,
            fields: JSON.members(["unit": .string("xa-nam-ke"), "criterion": .string("C3")]))
        let signed = api.handle(
            Request(
                method: "POST", target: "/v1/check",
                body: try Envelope.sign(payload: p, keys: [DemoLog.key("xa-nam-ke")]).canonicalJSON))
        #expect(
            signed.status == 200
                && String(decoding: signed.body, as: UTF8.self)
                    == "{\"ok\":true,\"index\":\(demoEntries),\"alreadyInLog\":false}\n"
        )
        let unsigned = JSONWriter.write(
            .object([
                .init("payload", .string(Base64.encode(p))),
                .init("signers", .array([.string(DemoLog.key("xa-nam-ke").publicKey.base64)])),
            ]))
        #expect(api.handle(Request(method: "POST", target: "/v1/check", body: unsigned)).status == 200)
        let wrongSigner = JSONWriter.write(
            .object([
                .init("payload", .string(Base64.encode(p))),
                .init("signers", .array([.string(DemoLog.key("xa-muong-nhe").publicKey.base64)])),
            ]))
        let refused = api.handle(Request(method: "POST", target: "/v1/check", body: wrongSigner))
        #expect(
            refused.status == 403
                && String(decoding: refused.body, as: UTF8.self).contains(
                    "must be signed by a representative of xa-nam-ke")
        )
        let typo = Payload.make(
            type: "TaskCompleted", id: "chk2", issuedAt: "2025-12-22T08:00:00+07:00", log: DemoLog.origin,
            fields: JSON.members(["unit": .string("xa-nam-ke"), "criterion": .string("C3"), "nite": .string("x")]))
        let t = api.handle(
            Request(
                method: "POST", target: "/v1/check",
                body: try Envelope.sign(payload: typo, keys: [DemoLog.key("xa-nam-ke")]).canonicalJSON))
        #expect(
            t.status == 422
                && String(decoding: t.body, as: UTF8.self).contains(
                    "TaskCompleted.nite: unknown field; did you mean note?")
        )
        #expect(try api.log.size() == demoEntries)
    }
}

/// The demo log as thidua-emulation/1 wrote it (the fixture), replayed into a new store,
/// with the poison entries of the hardening issue appended (the old rules accepted them).
func oldDemoWithPoison(_ dir: TempDir) throws -> (log: Log, poison: [Int]) {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ThiduaDomainTests/Fixtures/demo-v1/log.jsonl")
    let clock = SteppingClock(start: Timestamp(millis: 0), stepMillis: 1)
    let store = try SQLiteStore(path: dir.path("old.db"), create: true)
    var log: Log? = nil
    var lines = ExportLines(bytes: [UInt8](try Data(contentsOf: fixture)))
    var first = true
    while let line = lines.next() {
        let e = try Entry(line: line)
        clock.set(e.receivedAt)
        if first {
            // The genesis is written as init writes it.
            try store.write { tx in
                try tx.setMeta(Log.Meta.format, "thidua-log/1")
                try tx.setMeta(Log.Meta.origin, DemoLog.origin)
                try tx.setMeta(
                    Log.Meta.logKey,
                    NoteVerifierKey(name: DemoLog.origin, publicKey: DemoLog.key("log").publicKey).description)
            }
            log = try Log(store: store, clock: clock, catalog: EmulationRules.catalog)
            first = false
        }
        _ = try log!.append([e.envelope])
    }
    var poison: [Int] = []
    for (k, value) in ["100000000000000000000000.00000000000001", "999999999999999999.999999999999999999"].enumerated()
    {
        let p = Payload.make(
            type: "IndicatorReported", id: "poison-\(k)", issuedAt: "2025-12-21T08:00:00+07:00", log: nil,
            fields: JSON.members(["unit": .string("h-nam-po"), "code": .string("CT13"), "value": .number(value)]))
        poison.append(try log!.append([try Envelope.sign(payload: p, keys: [DemoLog.key("h-nam-po")])])[0].index)
    }
    return (log!, poison)
}

/// The read paths through the binary: an old log with poison entries is ranked, explained,
/// attested and diffed; a forged export is refused before anything is computed from it.
@Suite(.serialized) struct ReadPathTests {
    func thidua(_ args: [String], _ dir: TempDir) throws -> (status: Int32, out: String, err: String) {
        try EndToEndTests.run(args, cwd: dir.url.path)
    }

    @Test func everyCommandRunsOnALogWithPoisonEntries() throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.exe))
        let dir = TempDir()
        let (log, poison) = try oldDemoWithPoison(dir)
        try "\(DemoLog.key("log").pem)".write(toFile: dir.path("log.pem"), atomically: true, encoding: .utf8)
        _ = log
        for args in [
            ["rank", "--db", "old.db"], ["rank", "--db", "old.db", "--format", "csv"],
            ["explain", "--db", "old.db", "--unit", "h-nam-po"],
            ["diff", "--db", "old.db", "--exclude", String(poison[0])], ["attest", "verify", "--db", "old.db"],
        ] {
            let r = try thidua(args, dir)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        let rank = try thidua(["rank", "--db", "old.db"], dir)
        for e in poison { #expect(rank.out.contains("[bản ghi \(e)]"), "warning for entry \(e)") }
        let pub = try thidua(["attest", "publish", "--db", "old.db", "--key", "council.pem"], dir)
        #expect(pub.status != 0)  // no council key file here; the command fails cleanly, it does not trap
    }

    @Test func aForgedExportIsRefusedBeforeItIsRanked() throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.exe))
        let dir = TempDir()
        _ = try demoAPI(dir)
        let export = try thidua(["export", "--db", "demo.db"], dir).out
        // Raise Nậm Kè's reported jobs (150 → 9150), keeping its signature.
        var lines = export.split(separator: "\n").map(String.init)
        let k = try #require(
            lines.firstIndex { line in
                (try? Entry(line: Array(line.utf8))).map {
                    String(decoding: $0.envelope.payload, as: UTF8.self).contains(
                        "\"unit\":\"xa-nam-ke\",\"code\":\"VL\",\"value\":150")
                } == true
            })
        let e = try Entry(line: Array(lines[k].utf8))
        let changed = String(decoding: e.envelope.payload, as: UTF8.self).replacingOccurrences(
            of: "\"value\":150", with: "\"value\":9150")
        let forged = try Envelope(payload: Array(changed.utf8), signatures: e.envelope.signatures)
        lines[k] = String(
            decoding: Entry(index: e.index, receivedAt: e.receivedAt, envelope: forged).line, as: UTF8.self)
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: dir.path("forged.jsonl"), atomically: true, encoding: .utf8)
        for args in [
            ["rank", "--log", "forged.jsonl"], ["attest", "verify", "--log", "forged.jsonl"],
            ["diff", "--log", "forged.jsonl", "--exclude", "5"],
        ] {
            let r = try thidua(args, dir)
            #expect(
                r.status == 1
                    && r.err.contains(
                        "forged.jsonl does not verify, nothing was computed from it: entry \(k): signature by key"),
                "\(args): \(r.err)")
        }
        let loud = try thidua(["rank", "--log", "forged.jsonl", "--no-verify"], dir)
        #expect(loud.status == 0 && loud.err.hasPrefix("NOT VERIFIED: forged.jsonl"))
        // The honest export verifies and says what was checked.
        try export.write(toFile: dir.path("honest.jsonl"), atomically: true, encoding: .utf8)
        let ok = try thidua(["attest", "verify", "--log", "honest.jsonl"], dir)
        #expect(
            ok.status == 0 && ok.err.contains("verified honest.jsonl: \(demoEntries) entries, 467 signatures"),
            "\(ok.err)")
    }
}
