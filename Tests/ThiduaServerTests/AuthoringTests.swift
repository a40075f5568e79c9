import Foundation
import TestSupport
import Testing
import ThiduaLog

/// A served demo log in a temporary folder, with the demo's keys in `keys/`.
final class ServedDemo {
    let dir = TempDir()
    var cwd: String { dir.url.path }
    let server = Process()
    /// The server's standard output (its first line says where it listens).
    let out = Pipe()
    var url = ""
    var logKey = ""

    /// `prepare` runs after the demo is built and before the server starts.
    init(prepare: (ServedDemo) throws -> Void = { _ in }) throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.exe))
        #expect(try run(["demo", "--db", "demo.db", "--keys", "keys"]).status == 0)
        try prepare(self)
        server.executableURL = URL(fileURLWithPath: EndToEndTests.exe)
        server.arguments = ["serve", "--db", "demo.db", "--listen", "127.0.0.1:0", "--log-key", "demo.log-key.pem"]
        server.currentDirectoryURL = dir.url
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        var first = Data()
        while !first.contains(0x0A) {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            first += d
        }
        let line = String(decoding: first, as: UTF8.self)
        url = try #require(
            line.range(of: "http://").map {
                String(line[$0.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            })
        logKey = try run(["log-key", "--db", "demo.db"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func run(_ args: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, out: String, err: String) {
        try EndToEndTests.run(args, cwd: cwd, stdin: stdin)
    }

    /// SIGTERM; returns what the server printed after its first line.
    @discardableResult
    func stop() -> String {
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// Issue 15: leaders append without writing JSON — typed commands, countersigning across
/// machines, and the web form in a real browser.
@Suite(.serialized) struct AuthoringTests {
    /// The council elects the border cluster's head for 2026 (the demo's terms end 31/12/2025).
    static func electHead(_ d: ServedDemo) throws {
        let r = try d.run([
            "event", "HeadElected", "--group", "cum-xa-bien-gioi", "--unit", "xa-muong-nhe", "--role", "head",
            "--term-from", "2026-01-01", "--term-to", "2026-12-31", "--key", "keys/council.pem", "--db", "demo.db",
            "--append",
        ])
        #expect(r.status == 0, "\(r.err)")
    }

    /// The unit signs its pledge on its machine; the head adds the countersignature on
    /// another; `submit` appends it; `verify` passes. Sent with one signature, the server
    /// names the one missing.
    @Test func aPledgeIsCountersignedOnAnotherMachine() throws {
        let d = try ServedDemo(prepare: Self.electHead)
        defer { d.stop() }
        for (machine, key) in [("unit-machine", "xa-nam-ke"), ("head-machine", "xa-muong-nhe")] {
            try FileManager.default.createDirectory(atPath: d.dir.path(machine), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: d.dir.path("keys/\(key).pem"), toPath: d.dir.path("\(machine)/\(key).pem"))
        }
        // The unit: typed command, checked against the server; the missing signer is named and the envelope printed.
        let unit = try d.run([
            "event", "PledgeSigned", "--movement", "cv-1908-ubnd-tinh-2024", "--unit", "xa-nam-ke", "--group",
            "cum-xa-bien-gioi", "--targets", "code=VL,value=170", "--targets", "code=P02c,value=62", "--titles",
            "Tập thể lao động xuất sắc", "--server", d.url, "--key", "unit-machine/xa-nam-ke.pem",
        ])
        #expect(
            unit.status == 0 && unit.err.contains("NOT YET FULLY SIGNED") && unit.err.contains("xa-muong-nhe"),
            "\(unit.err)")
        try unit.out.write(toFile: d.dir.path("unit-machine/pledge.json"), atomically: true, encoding: .utf8)
        // Submitted as it is: refused, naming the signer still missing.
        let partly = try d.run(["submit", "--server", d.url, "unit-machine/pledge.json"])
        #expect(
            partly.status == 65
                && partly.err.contains("needs the countersignature of xa-muong-nhe, head of cum-xa-bien-gioi")
                && partly.err.contains("thidua sign --add"), "\(partly.err)")
        // The head adds its signature on its own machine, the payload untouched.
        let head = try d.run(
            ["sign", "--add", "--key", "head-machine/xa-muong-nhe.pem"], stdin: Array(unit.out.utf8))
        #expect(head.status == 0, "\(head.err)")
        let one = try Envelope(json: Array(unit.out.utf8))
        let two = try Envelope(json: Array(head.out.utf8))
        #expect(two.payload == one.payload && two.signatures.count == 2)
        #expect(
            try d.run(["sign", "--add", "--key", "head-machine/xa-muong-nhe.pem"], stdin: Array(head.out.utf8)).status
                == 65)
        try head.out.write(toFile: d.dir.path("head-machine/pledge-signed.json"), atomically: true, encoding: .utf8)
        let sent = try d.run(["submit", "--server", d.url, "--log-key", d.logKey, "head-machine/pledge-signed.json"])
        #expect(sent.status == 0 && sent.err.contains("inclusion proof verified"), "\(sent.err)")
        #expect(try d.run(["verify", "--db", "demo.db", "--key", d.logKey]).status == 0)
        // The Vietnamese refusal is served too, for the web form.
        let vi = try d.run(["submit", "--server", d.url, "--lang", "vi", "unit-machine/pledge.json"])
        #expect(vi.status == 65, "\(vi.err)")
    }

    /// The "Nộp báo cáo" page in headless Chromium: an encrypted key opened in the page,
    /// a form generated from the registration, checked, signed with WebCrypto Ed25519,
    /// submitted, the inclusion proof verified against the pinned log key; a pledge
    /// missing its countersignature and a key revoked before submitting are refused with
    /// the message shown.
    @Test func aLeaderSignsInTheBrowser() throws {
        guard let (python, chromium) = try Tools.browser(for: "signing in the browser (Nộp báo cáo)") else { return }
        let d = try ServedDemo(prepare: Self.electHead)
        defer { d.stop() }
        let enc = try TestSupport.run(
            EndToEndTests.exe, ["key", "protect", "keys/xa-nam-ke.pem", "--out", "nam-ke-protected.pem"], cwd: d.cwd,
            environment: ["THIDUA_PASSPHRASE": "mat-khau-2025"])
        #expect(enc.status == 0, "\(enc.err)")
        let keyid = try #require(
            try d.run(["key", "show", "keys/xa-nam-ke.pem"]).out.split(separator: "\n").first?.split(separator: " ")
                .last)
        let revoke =
            "'\(EndToEndTests.exe)' event KeyRevoked --keyid \(keyid) --reason 'Khóa bị lộ' --key "
            + "'\(d.cwd)/keys/council.pem' "
            + "--db '\(d.cwd)/demo.db' --append"
        let shots = Tools.screenshots
        let script = Package.tests.appendingPathComponent("Browser/submit_form.py").path
        let r = try TestSupport.run(
            python, [script, d.url, d.logKey, d.dir.path("nam-ke-protected.pem"), "mat-khau-2025", revoke, shots],
            cwd: d.cwd, environment: ["THIDUA_CHROMIUM": chromium])
        let out = String(decoding: r.out, as: UTF8.self)
        #expect(r.status == 0, "\(out)\n\(r.err)")
        #expect(out.contains("appended: Đã ghi vào sổ: bản ghi") && out.contains("do khóa sổ đã ghim ký"))
        #expect(out.contains("refused: Sổ từ chối: giao ước của xa-nam-ke cần chữ ký của xa-muong-nhe"))
        #expect(out.contains("refused at submit: Sổ từ chối: khóa") && out.contains("đã bị thu hồi"))
        let png = try Data(contentsOf: URL(fileURLWithPath: shots + "/nop-bao-cao.png"))
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(try d.run(["verify", "--db", "demo.db", "--key", d.logKey]).status == 0)
    }
}

/// The dashboard in headless Chromium (issue 16): loading and error states, the picker, the
/// as-of slider, bars of lower-is-better targets, the chart against the band thresholds,
/// the "không xét danh hiệu" badge, reasons on hover and in the explain panel
/// (Tests/Browser/dashboard.py). Its screenshots go to `Tools.screenshots`.
@Suite struct DashboardTests {
    @Test func theDashboardInABrowser() throws {
        guard let (python, chromium) = try Tools.browser(for: "the dashboard in a browser") else { return }
        let d = try ServedDemo()
        defer { d.stop() }
        let script = Package.tests.appendingPathComponent("Browser/dashboard.py").path
        let r = try TestSupport.run(
            python, [script, d.url, Tools.screenshots], cwd: d.cwd, environment: ["THIDUA_CHROMIUM": chromium])
        let out = String(decoding: r.out, as: UTF8.self)
        #expect(r.status == 0, "\(out)\n\(r.err)")
        #expect(!out.contains("FAILED") && out.components(separatedBy: "ok: ").count > 25, "\(out)")
        for shot in ["dashboard", "dashboard-dang-tai", "dashboard-30-06-2025", "dashboard-loi"] {
            let png = try Data(contentsOf: URL(fileURLWithPath: Tools.screenshots + "/\(shot).png"))
            #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(shot).png")
        }
    }
}
