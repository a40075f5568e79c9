import Foundation
import ThiduaLog

/// Standard streams and files, with errors that name the file and what to do.
enum IO {
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    /// Buffered standard output; `flush()` writes it (and runs at exit).
    static func out(_ s: String) { outBytes(Array(s.utf8)) }

    static func outBytes(_ b: [UInt8]) {
        buffer.append(contentsOf: b)
        if buffer.count >= 1 << 16 { flush() }
    }

    static func flush() {
        var off = 0
        while off < buffer.count {
            let n = buffer[off...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if n <= 0 {
                if errno == EINTR { continue }
                break
            }
            off += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
    static func err(_ s: String) {
        FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
    }

    static let maxInput = 64 << 20

    /// A UTF-8 byte order mark (Windows Notepad writes one) is not part of the input.
    static func droppingBOM(_ b: [UInt8]) -> [UInt8] {
        b.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(b.dropFirst(3)) : b
    }

    static func readStdin() throws -> [UInt8] {
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &buf, buf.count)
            if n < 0 {
                throw Failure(Failure.ioError, "cannot read standard input: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            data.append(contentsOf: buf[0..<n])
            if data.count > maxInput {
                throw Failure(Failure.dataError, "standard input is over \(maxInput >> 20) MiB; split it")
            }
        }
        return data
    }

    static func readFile(_ path: String, what: String = "file") throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(Failure.noInput, "\(what) \(path) does not exist")
        }
        guard let d = FileManager.default.contents(atPath: path) else {
            throw Failure(Failure.noInput, "cannot read \(what) \(path) (permissions?)")
        }
        return [UInt8](d)
    }

    static func readText(_ path: String, what: String = "file") throws -> String {
        let b = try readFile(path, what: what)
        guard let s = String(validating: b, as: UTF8.self) else {
            throw Failure(Failure.dataError, "\(what) \(path) is not UTF-8 text")
        }
        return s
    }

    /// Writes a new file; refuses to overwrite.
    static func createFile(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
        // O_EXCL | O_NOFOLLOW: never through an existing file or a (dangling) symbolic link.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode)
        if fd < 0 {
            if errno == EEXIST || errno == ELOOP {
                throw Failure(
                    Failure.cantCreate,
                    "\(path) already exists (a file or a symbolic link); not overwritten (remove it or choose "
                        + "another name)"
                )
            }
            throw Failure(Failure.cantCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        fchmod(fd, mode)
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else {
            throw Failure(Failure.ioError, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// A private key from a PEM file; an encrypted one with the passphrase from
    /// `THIDUA_PASSPHRASE`, else asked on the terminal.
    static func privateKey(_ path: String) throws -> PrivateKey {
        let text = try readText(path, what: "key file")
        var passphrase: String? = nil
        if PrivateKey.isEncrypted(pem: text) {
            passphrase = try IO.passphrase(
                Messages.t("Mật khẩu của khóa \(path): ", "Passphrase for \(path): "), source: path)
        }
        do { return try PrivateKey(pem: text, passphrase: passphrase, source: path) } catch {
            throw Failure(Failure.dataError, Messages.t(IO.vietnamese(error), error.description))
        }
    }

    static func vietnamese(_ e: KeyError) -> String {
        switch e {
        case .needsPassphrase(let s):
            return
                "\(s): khóa được mã hóa bằng mật khẩu; đặt mật khẩu vào biến môi trường THIDUA_PASSPHRASE hoặc gõ "
                + "khi được hỏi"
        case .wrongPassphrase(let s): return "\(s): mật khẩu không mở được khóa này; kiểm tra lại"
        case .notPEM(let s):
            return "\(s): không phải khóa Ed25519 dạng PEM; tạo khóa bằng `thidua keygen --out KHÓA.pem`"
        default: return e.description
        }
    }

    /// A passphrase: `THIDUA_PASSPHRASE`, else typed on the terminal without echo.
    static func passphrase(_ prompt: String, source: String) throws -> String {
        if let p = ProcessInfo.processInfo.environment["THIDUA_PASSPHRASE"] { return p }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw Failure(
                Failure.dataError,
                Messages.t(
                    IO.vietnamese(.needsPassphrase(source: source)),
                    KeyError.needsPassphrase(source: source).description))
        }
        defer { close(fd) }
        var old = termios()
        tcgetattr(fd, &old)
        var quiet = old
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(fd, TCSAFLUSH, &old)
            _ = "\n".withCString { write(fd, $0, 1) }
        }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var c: UInt8 = 0
        while read(fd, &c, 1) == 1, c != 0x0A, c != 0x0D { bytes.append(c) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A public key from a PEM file: a public key, or the public half of a private key.
    static func publicKey(_ path: String) throws -> PublicKey {
        let text = try readText(path, what: "key file")
        if let k = try? PublicKey(pem: text, source: path) { return k }
        return try privateKey(path).publicKey
    }

    /// A note verifier key given as the key string itself or a file holding it.
    static func verifierKey(_ arg: String) throws -> NoteVerifierKey {
        let text = FileManager.default.fileExists(atPath: arg) ? try readText(arg, what: "verifier key file") : arg
        do { return try NoteVerifierKey(text: text) } catch {
            throw Failure(Failure.dataError, error.description)
        }
    }
}
