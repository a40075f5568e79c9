import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client (http:// only) for `thidua submit`: one request, one
/// response, `Connection: close`.
public enum HTTPClient {
    public struct Reply: Sendable {
        public let status: Int
        public let body: [UInt8]
    }

    public static func request(_ method: String, url: String, body: [UInt8] = [], timeoutSeconds: Int = 30) throws
        -> Reply
    {
        guard url.hasPrefix("http://") else {
            throw ServerError("only http:// URLs are supported (got \(url)); put TLS in front with a reverse proxy")
        }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        let hp = hostPort.split(separator: ":")
        let host = String(hp[0])
        let port = hp.count > 1 ? String(hp[1]) : "80"
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(host, port, &hints, &res) == 0, let ai = res else {
            throw ServerError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(res) }
        let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
        guard fd >= 0 else { throw ServerError("socket() failed") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 else {
            throw ServerError(
                "cannot connect to \(host):\(port): \(String(cString: strerror(errno))); is `thidua serve` running "
                    + "there?"
            )
        }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(hostPort)\r\nConnection: close\r\nUser-Agent: thidua\r\n"
        if method == "POST" { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        try sendAll(fd, Array((head + "\r\n").utf8) + body)
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n > 0 {
                data += buf[0..<n]
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ServerError("no reply from \(host):\(port) within \(timeoutSeconds) s") }
            break
        }
        guard let he = RequestReader.find(data, [13, 10, 13, 10]),
            let headText = String(bytes: data[0..<he], encoding: .utf8)
        else {
            throw ServerError("the reply from \(url) is not HTTP")
        }
        let statusLine = headText.split(separator: "\r\n").first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw ServerError("bad status line \"\(statusLine)\"")
        }
        var body = Array(data[(he + 4)...])
        if let cl = headText.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
            let n = Int(cl.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)), n <= body.count
        {
            body = Array(body.prefix(n))
        }
        return Reply(status: status, body: body)
    }
}
