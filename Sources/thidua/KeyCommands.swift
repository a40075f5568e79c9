import Foundation
import ThiduaLog

/// Keys as people handle them: the public key in the form the log registers, and a
/// fingerprint to read over the phone.
enum KeyCommands {
    /// keyid, base64 public key, fingerprint: what a signer tells the council.
    static func describe(_ k: PublicKey) -> String {
        let fp = "SHA256:" + Base64.encode(SHA256.hash(k.raw).bytes).replacingOccurrences(of: "=", with: "")
        return Messages.t(
            "mã khóa (keyid): \(k.keyID)\nkhóa công khai (base64): \(k.base64)\ndấu vân tay: \(fp)\n",
            "keyid: \(k.keyID)\npublic key (base64): \(k.base64)\nfingerprint: \(fp)\n")
    }

    static let protect = Command(
        ["key", "protect"], summary: "Write a copy of a private key encrypted with a passphrase (PKCS#8, PBES2).",
        usage: "thidua key protect KEY.pem --out KEY-protected.pem",
        options: [
            Option(
                name: "out", value: "FILE", help: "the encrypted copy to write (a new file, mode 0600)",
                vi: "bản sao mã hóa sẽ ghi (tệp mới, quyền 0600)")
        ], positionals: "KEY.pem",
        details:
            "The passphrase comes from THIDUA_PASSPHRASE or is typed twice. openssl, `thidua` and the web form\n"
            + "(\"Nộp báo cáo\") read the copy with it; remove the unencrypted file yourself once you have checked it.",
        summaryVI: "Ghi bản sao của khóa riêng được mã hóa bằng mật khẩu (PKCS#8, PBES2).",
        detailsVI:
            "Mật khẩu lấy từ THIDUA_PASSPHRASE hoặc gõ hai lần. openssl, `thidua` và trang \"Nộp báo cáo\" đọc được "
            + "bản\n"
            + "sao với mật khẩu đó; tự xóa tệp chưa mã hóa sau khi đã kiểm tra bản sao."
    ) { p in
        guard let path = p.positionals.first, p.positionals.count == 1 else {
            throw UsageError(Messages.t("cho một tệp khóa", "give one key file"), command: "key protect")
        }
        let key = try IO.privateKey(path)
        let pass = try IO.passphrase(Messages.t("Mật khẩu mới: ", "New passphrase: "), source: path)
        if ProcessInfo.processInfo.environment["THIDUA_PASSPHRASE"] == nil {
            guard try IO.passphrase(Messages.t("Gõ lại mật khẩu: ", "Passphrase again: "), source: path) == pass else {
                throw Failure(Failure.usage, Messages.t("hai mật khẩu không khớp", "the two passphrases differ"))
            }
        }
        guard pass.count >= 8 else {
            throw Failure(
                Failure.usage, Messages.t("mật khẩu cần ít nhất 8 ký tự", "a passphrase needs at least 8 characters"))
        }
        let out = try p.required("out")
        try IO.createFile(out, try key.encryptedPEM(passphrase: pass), mode: 0o600)
        IO.out(describe(key.publicKey))
        return 0
    }

    static let show = Command(
        ["key", "show"],
        summary: "Print the keyid, base64 public key and fingerprint of a PEM key (private or public).",
        usage: "thidua key show KEY.pem", options: [], positionals: "KEY.pem",
        summaryVI: "In mã khóa, khóa công khai base64 và dấu vân tay của một khóa PEM (riêng hoặc công khai)."
    ) { p in
        guard let path = p.positionals.first, p.positionals.count == 1 else {
            throw UsageError(
                Messages.t("cho một tệp khóa: thidua key show KHÓA.pem", "give one key file: thidua key show KEY.pem"),
                command: "key show")
        }
        let text = try IO.readText(path, what: "key file")
        if let k = try? PublicKey(pem: text, source: path) {
            IO.out(describe(k) + Messages.t("khóa công khai\n", "a public key\n"))
            return 0
        }
        let encrypted = PrivateKey.isEncrypted(pem: text)
        let k = try IO.privateKey(path)
        let vi = encrypted ? "khóa riêng, được mã hóa bằng mật khẩu" : "khóa riêng, không mã hóa (giữ tệp an toàn)"
        let en =
            encrypted ? "a private key, encrypted with a passphrase" : "a private key, not encrypted (keep it safe)"
        IO.out(describe(k.publicKey) + Messages.t(vi, en) + "\n")
        return 0
    }
}
