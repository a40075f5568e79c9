import Foundation
import TestSupport
import Testing
import ThiduaLog
import ThiduaPostgres

/// The log's checkpoint key stays out of the database, its dumps and its backups; files are
/// never created through links or beside a stranger's journal; passwords are never shown.
@Suite struct SecretsTests {
    /// A log made by the CLI, as a council would, with a unit key registered.
    func makeLog(_ dir: TempDir, _ db: String) throws -> String {
        for k in ["root", "log", "unit"] { #expect(try thidua(["keygen", "--out", "\(k).pem"], in: dir).status == 0) }
        let i = try thidua(
            [
                "init", "--db", db, "--origin", "sec.thidua.vn/log", "--log-key", "log.pem", "--root-key", "root.pem",
                "--rules", "thidua-keys/2",
            ], in: dir)
        #expect(i.status == 0, "\(i.err)")
        let pub = try PublicKey(pem: String(contentsOfFile: dir.path("unit.pub.pem"), encoding: .utf8)).base64
        let reg = try thidua(
            ["sign", "--key", "root.pem"], in: dir,
            stdin: Array(
                (#"{"v":1,"type":"KeyRegistered","id":"k-unit","issuedAt":"2025-03-01T08:00:00+07:00","#
                    + #""log":"sec.thidua.vn/log","publicKey":"\#(pub)","role":"unit"}"#)
                    .utf8)
        ).out
        #expect(try thidua(["append", "--db", db], in: dir, stdin: Array(reg.utf8)).status == 0)
        #expect(try thidua(["checkpoint", "--db", db, "--log-key", "log.pem"], in: dir).status == 0)
        return try String(contentsOfFile: dir.path("log.pem"), encoding: .utf8)
    }

    /// The base64 body of a PEM, the part that would leak.
    func body(_ pem: String) -> String {
        pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    @Test func aSQLiteDumpHoldsNoPrivateKey() throws {
        let dir = TempDir()
        let pem = try makeLog(dir, "s.db")
        let dump = String(decoding: try run("sqlite3", [dir.path("s.db"), ".dump"]).out, as: UTF8.self)
        #expect(dump.contains("CREATE TABLE entries"))
        #expect(!dump.contains("PRIVATE KEY") && !dump.contains(body(pem)))
        // Nor does an online backup, nor the write-ahead log beside it.
        #expect(try thidua(["backup", "--db", "s.db", "--to", "copy.db"], in: dir).status == 0)
        for f in ["s.db", "s.db-wal", "copy.db"] where FileManager.default.fileExists(atPath: dir.path(f)) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.path(f)))
            #expect(bytes.range(of: Data("PRIVATE KEY".utf8)) == nil, "\(f)")
        }
        // Without the key file, a new checkpoint cannot be signed, and the message says what to give.
        let unitKey = try PrivateKey(pem: String(contentsOfFile: dir.path("unit.pem"), encoding: .utf8)).keyID.hex
        let reg2 = try thidua(
            ["sign", "--key", "root.pem"], in: dir,
            stdin: Array(
                (#"{"v":1,"type":"KeyRevoked","id":"rev","issuedAt":"2025-03-02T08:00:00+07:00","#
                    + #""log":"sec.thidua.vn/log","#
                    + #""keyid":"\#(unitKey)"}"#)
                    .utf8)
        ).out
        #expect(try thidua(["append", "--db", "s.db"], in: dir, stdin: Array(reg2.utf8)).status == 0)
        let cp = try thidua(["checkpoint", "--db", "s.db"], in: dir)
        #expect(cp.status == 66 && cp.err.contains("give --log-key FILE (or set THIDUA_LOG_KEY=FILE)"), "\(cp.err)")
        let wrong = try thidua(["checkpoint", "--db", "s.db", "--log-key", "root.pem"], in: dir)
        #expect(
            wrong.status == 65 && wrong.err.contains("is not the checkpoint key of sec.thidua.vn/log in force"),
            "\(wrong.err)")
    }

    @Test func aPostgreSQLDumpHoldsNoPrivateKey() throws {
        guard let url = try Tools.postgres(for: "a pg_dump holds no private key") else { return }
        let dir = TempDir()
        let schema = "sec_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let pem = try makeLog(dir, url + "?schema=" + schema)
        let dump = try run("pg_dump", ["--no-owner", "-n", schema, url])
        let text = String(decoding: dump.out, as: UTF8.self)
        #expect(dump.status == 0 && text.contains("CREATE TABLE"), "\(dump.err)")
        #expect(!text.contains("PRIVATE KEY") && !text.contains(body(pem)))
    }

    /// A database written by an earlier thidua kept its checkpoint key in a table: rotating
    /// moves the log to a fresh key, removes the old one from the file, and verification
    /// follows the rotation from the genesis key an auditor pinned.
    @Test func aKeyOnceInATableIsRotatedAway() throws {
        let dir = TempDir()
        let oldPEM = try makeLog(dir, "old.db")
        let genesisKey = try thidua(["log-key", "--db", "old.db"], in: dir).out.trimmingCharacters(
            in: .whitespacesAndNewlines)
        // What an earlier thidua wrote: the private key in the metadata table.
        #expect(
            try run(
                "sqlite3", [dir.path("old.db"), "INSERT INTO meta(key, value) VALUES ('logPrivateKey', '\(oldPEM)')"]
            ).status == 0)
        let note = try thidua(
            ["sign", "--key", "unit.pem"], in: dir,
            stdin: Array(
                #"{"v":1,"type":"Note","id":"n0","issuedAt":"2025-03-03T07:00:00+07:00","log":"sec.thidua.vn/log"}"#
                    .utf8)
        ).out
        #expect(try thidua(["append", "--db", "old.db"], in: dir, stdin: Array(note.utf8)).status == 0)
        let stuck = try thidua(["checkpoint", "--db", "old.db"], in: dir)
        #expect(
            stuck.status == 66 && stuck.err.contains("treat that key as leaked")
                && stuck.err.contains("thidua log-key rotate"), "\(stuck.err)")
        // The last checkpoint signed with the old key, as a witness saw it.
        let before = try thidua(["checkpoint", "--db", "old.db", "--log-key", "log.pem"], in: dir)
        #expect(before.status == 0)
        try before.out.write(toFile: dir.path("before"), atomically: true, encoding: .utf8)
        let beforeSize = try Checkpoint(body: try SignedNote(text: before.out).body).size
        let rot = try thidua(
            ["log-key", "rotate", "--db", "old.db", "--root-key", "root.pem", "--out", "new-log.pem"], in: dir)
        #expect(rot.status == 0, "\(rot.err)")
        #expect(rot.out.contains("removed the old checkpoint key from the database"))
        #expect(
            String(decoding: try run("sqlite3", [dir.path("old.db"), ".dump"]).out, as: UTF8.self).contains(
                "PRIVATE KEY") == false)
        let file = try Data(contentsOf: URL(fileURLWithPath: dir.path("old.db")))
        #expect(file.range(of: Data(body(oldPEM).utf8)) == nil)
        #expect(
            try FileManager.default.attributesOfItem(atPath: dir.path("new-log.pem"))[.posixPermissions] as? Int
                == 0o600)
        // The old key no longer signs; the new one does.
        let env = try thidua(
            ["sign", "--key", "unit.pem"], in: dir,
            stdin: Array(
                #"{"v":1,"type":"Note","id":"n1","issuedAt":"2025-03-03T08:00:00+07:00","log":"sec.thidua.vn/log"}"#
                    .utf8)
        ).out
        #expect(try thidua(["append", "--db", "old.db"], in: dir, stdin: Array(env.utf8)).status == 0)
        #expect(try thidua(["checkpoint", "--db", "old.db", "--log-key", "log.pem"], in: dir).status == 65)
        let cp = try thidua(["checkpoint", "--db", "old.db", "--log-key", "new-log.pem"], in: dir)
        #expect(cp.status == 0)
        try cp.out.write(toFile: dir.path("cp"), atomically: true, encoding: .utf8)
        try thidua(["export", "--db", "old.db"], in: dir).out.write(
            toFile: dir.path("old.jsonl"), atomically: true, encoding: .utf8)
        // The auditor pinned the genesis key: the rotation, signed by a root key, is followed.
        let v = try thidua(["verify", "--log", "old.jsonl", "--checkpoint", "cp", "--key", genesisKey], in: dir)
        #expect(v.status == 0, "\(v.err)")
        // A checkpoint for the new size signed with the old (leaked) key is refused.
        let size = try Checkpoint(body: try SignedNote(text: cp.out).body).size
        let root = try Checkpoint(body: try SignedNote(text: cp.out).body).root
        let forged = SignedNote.sign(
            body: Checkpoint(origin: "sec.thidua.vn/log", size: size, root: root).body, name: "sec.thidua.vn/log",
            key: try PrivateKey(pem: oldPEM))
        try forged.text.write(toFile: dir.path("forged"), atomically: true, encoding: .utf8)
        let f = try thidua(["verify", "--log", "old.jsonl", "--checkpoint", "forged", "--key", genesisKey], in: dir)
        #expect(f.status == 1 && f.err.contains("the checkpoint key in force at size \(size)"), "\(f.err)")
        // A witness that cosigned before the rotation cosigns after it once given the new key too.
        let first = try thidua(["checkpoint", "--db", "old.db"], in: dir).out  // the current one, reprinted
        _ = first
        let newKey = try thidua(["log-key", "--db", "old.db"], in: dir).out.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(newKey != genesisKey)
        #expect(try thidua(["keygen", "--out", "w.pem"], in: dir).status == 0)
        let old = try thidua(
            [
                "witness", "cosign", "--checkpoint", "before", "--key", "w.pem", "--name", "w.test", "--log-key",
                genesisKey,
            ], in: dir)
        #expect(old.status == 0, "\(old.err)")
        try old.out.write(toFile: dir.path("before.w"), atomically: true, encoding: .utf8)
        let proof = try thidua(
            ["prove", "consistency", "--db", "old.db", "--from", String(beforeSize), "--to", String(size)], in: dir
        ).out
        try proof.write(toFile: dir.path("p"), atomically: true, encoding: .utf8)
        let only = try thidua(
            [
                "witness", "cosign", "--checkpoint", "cp", "--key", "w.pem", "--name", "w.test", "--log-key",
                genesisKey,
                "--old-checkpoint", "before.w", "--proof", "p",
            ], in: dir)
        #expect(only.status != 0)
        let both = try thidua(
            [
                "witness", "cosign", "--checkpoint", "cp", "--key", "w.pem", "--name", "w.test", "--log-key",
                genesisKey,
                "--log-key", newKey, "--old-checkpoint", "before.w", "--proof", "p",
            ], in: dir)
        #expect(both.status == 0, "\(both.err)")
        #expect(
            try thidua(
                [
                    "fork-check", "--checkpoint", "before", "--checkpoint", "cp", "--key", genesisKey, "--key", newKey,
                    "--db", "old.db",
                ],
                in: dir
            ).out.hasPrefix("CONSISTENT"))
        // The independent verifier follows it too.
        if let python = try Tools.python(for: "the independent verifier across a log-key rotation") {
            let script = Package.interopVerifier
            #expect(try run(python, [script, "old.jsonl", genesisKey, "cp"], cwd: dir.url.path).status == 0)
            #expect(try run(python, [script, "old.jsonl", genesisKey, "forged"], cwd: dir.url.path).status == 1)
        }
    }

    /// Nothing is created through a (dangling) symbolic link, nor beside a journal someone
    /// else left: SQLite would take it as part of the new database.
    @Test func filesAreNeverCreatedThroughLinksOrBesideAStrangersJournal() throws {
        let dir = TempDir()
        for k in ["root", "log"] { #expect(try thidua(["keygen", "--out", "\(k).pem"], in: dir).status == 0) }
        #expect(symlink(dir.path("elsewhere.db"), dir.path("link.db")) == 0)
        let i = try thidua(
            [
                "init", "--db", "link.db", "--origin", "sec.thidua.vn/x", "--log-key", "log.pem", "--root-key",
                "root.pem",
            ], in: dir)
        #expect(i.status == 73 && !FileManager.default.fileExists(atPath: dir.path("elsewhere.db")), "\(i.err)")
        #expect(
            FileManager.default.createFile(
                atPath: dir.path("w.db-wal"), contents: Data(), attributes: [.posixPermissions: 0o666]))
        let w = try thidua(
            ["init", "--db", "w.db", "--origin", "sec.thidua.vn/x", "--log-key", "log.pem", "--root-key", "root.pem"],
            in: dir)
        #expect(w.status != 0 && w.err.contains("w.db-wal already exists"), "\(w.err)")
        #expect(
            try thidua(
                [
                    "init", "--db", "ok.db", "--origin", "sec.thidua.vn/x", "--log-key", "log.pem", "--root-key",
                    "root.pem",
                ], in: dir
            ).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: dir.path("ok.db"))[.posixPermissions] as? Int == 0o600)
        #expect(symlink(dir.path("stolen.db"), dir.path("backup.db")) == 0)
        let b = try thidua(["backup", "--db", "ok.db", "--to", "backup.db"], in: dir)
        #expect(b.status != 0 && !FileManager.default.fileExists(atPath: dir.path("stolen.db")), "\(b.err)")
        #expect(symlink(dir.path("k-elsewhere.pem"), dir.path("k.pem")) == 0)
        #expect(try thidua(["keygen", "--out", "k.pem"], in: dir).status == 73)
        #expect(!FileManager.default.fileExists(atPath: dir.path("k-elsewhere.pem")))
    }

    @Test(arguments: [
        "postgres://thidua:s3cret@127.0.0.1:1/x", "postgres://127.0.0.1:1/x?user=thidua&password=s3cret",
        "postgresql://u:s3cret@127.0.0.1:1/x?schema=a&sslpassword=s3cret",
    ])
    func passwordsAreNeverShown(_ url: String) throws {
        let dir = TempDir()
        for cmd in [["verify", "--db", url], ["rank", "--db", url], ["migrate", "--from", url, "--to", "x.db"]] {
            let r = try thidua(cmd, in: dir)
            #expect(r.status != 0)
            #expect(!r.err.contains("s3cret") && !r.out.contains("s3cret"), "\(r.err)")
        }
        #expect(PostgresStore.redact(url).contains("***"))
    }

    /// Small-order keys are refused wherever a key enters: PEM files and witness keys too.
    @Test func weakKeysAreRefusedInFilesAndWitnessKeys() throws {
        let dir = TempDir()
        let identity = [UInt8](repeating: 0, count: 31) + [0]
        var raw = identity
        raw[0] = 1
        let der = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00] + raw
        let pem = "-----BEGIN PUBLIC KEY-----\n\(Base64.encode(der))\n-----END PUBLIC KEY-----\n"
        #expect(throws: KeyError.self) { try PublicKey(pem: pem) }
        try pem.write(toFile: dir.path("weak.pub.pem"), atomically: true, encoding: .utf8)
        let c = try thidua(["check", "--db", "none.db", "--signer", "weak.pub.pem"], in: dir, stdin: Array("{}".utf8))
        #expect(c.status == 65 && c.err.contains("small order"), "\(c.err)")
        let blob = [UInt8(4)] + raw
        let hash = Hex.encode(SHA256.hash(Array("w\n".utf8) + blob).bytes.prefix(4))
        #expect(throws: (any Error).self) { try CosignerKey(text: "w+\(hash)+\(Base64.encode(blob))") }
    }
}
