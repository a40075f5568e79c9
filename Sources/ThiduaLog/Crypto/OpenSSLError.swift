import CLibCrypto

/// The text of OpenSSL's error queue, for messages when a call fails.
public enum OpenSSLError {
    public static func last() -> String {
        var lines: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buf, buf.count)
            lines.append(String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return lines.isEmpty ? "no OpenSSL error recorded" : lines.joined(separator: "; ")
    }
}
