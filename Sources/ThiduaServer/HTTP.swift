import Foundation
import ThiduaLog

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 request, as far as thidua needs one.
public struct Request: Sendable {
    public let method: String
    public let path: String
    public let query: [String: String]
    public let headers: [String: String]
    public let body: [UInt8]

    public init(method: String, target: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.headers = headers
        self.body = body
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        var q: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let k = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[0])
                let v =
                    kv.count == 2
                    ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1]))
                    : ""
                q[k] = v
            }
        }
        query = q
    }
}

/// A response: a status, headers and either a body or a stream writer.
public struct Response: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// When set, the body is written by this closure (length unknown; the connection closes after).
    public var stream: (@Sendable (_ write: ([UInt8]) throws -> Void) throws -> Void)?

    public init(status: Int, contentType: String = "application/json; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.headers = [("Content-Type", contentType)]
        self.body = body
        self.stream = nil
    }

    public static func json(_ status: Int, _ text: String) -> Response {
        Response(status: status, body: Array(text.utf8))
    }

    /// A JSON error whose status follows from its category (`ErrorCategory.status`); an
    /// error without one is a 500.
    public static func error(_ error: any Error) -> Response {
        let status = (error as? CategorizedError)?.category.status ?? 500
        return .error(status, "\(error)")
    }

    /// A JSON error: what was wrong and what to do, and the integrity rule when there is one.
    /// `vi`: the message in Vietnamese, when there is one (`errorVi`; the web form shows it).
    public static func error(
        _ status: Int, _ message: String, rule: String? = nil, index: Int? = nil, vi: String? = nil
    ) -> Response {
        var s = "{\"error\":\(jsonString(message))"
        if let vi { s += ",\"errorVi\":\(jsonString(vi))" }
        if let rule { s += ",\"rule\":\(jsonString(rule))" }
        if let index { s += ",\"index\":\(index)" }
        return .json(status, s + "}\n")
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    public static func reason(_ code: Int) -> String {
        switch code {
        case 200: return "OK"
        case 201: return "Created"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 422: return "Unprocessable Content"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    func head(contentLength: Int?) -> [UInt8] {
        var s = "HTTP/1.1 \(status) \(Response.reason(status))\r\n"
        for (k, v) in headers { s += "\(k): \(v)\r\n" }
        if let contentLength { s += "Content-Length: \(contentLength)\r\n" }
        s += "Connection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n"
        return Array(s.utf8)
    }
}

/// Limits against abuse.
public struct Limits: Sendable {
    public var maxHeaderBytes = 16 * 1024
    public var maxBodyBytes = 512 * 1024
    /// The whole request (headers and body) must arrive within this.
    public var readTimeoutSeconds = 10
    /// A response must be taken by the client within this, plus one second per
    /// `minWriteBytesPerSecond` bytes sent so far: a reader slower than that is cut off.
    public var writeTimeoutSeconds = 10
    public var minWriteBytesPerSecond = 16 * 1024
    public var maxConnections = 64
    /// Connections open at once from one client address (behind a trusted proxy: one
    /// X-Forwarded-For client).
    public var maxPerClient = 8
    /// The reverse proxy whose X-Forwarded-For names the client (nil: none trusted).
    public var trustedProxy: String? = nil
    public init() {}
}

/// Why a request could not be read; each maps to a 4xx.
struct RequestError: Error {
    let status: Int
    let message: String
}

/// Reads one request from a socket, within the limits.
enum RequestReader {
    static func read(fd: Int32, limits: Limits) throws -> Request {
        var buf: [UInt8] = []
        var headerEnd: Int? = nil
        var chunk = [UInt8](repeating: 0, count: 8192)
        let deadline = Date().addingTimeInterval(TimeInterval(limits.readTimeoutSeconds))
        while headerEnd == nil {
            guard Date() < deadline else {
                throw RequestError(
                    status: 408, message: "the request headers did not arrive within \(limits.readTimeoutSeconds) s")
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 {
                if buf.isEmpty { throw RequestError(status: 0, message: "closed") }
                throw RequestError(status: 400, message: "the connection closed before the request headers ended")
            }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                throw RequestError(status: 0, message: "recv failed")
            }
            buf += chunk[0..<n]
            if let r = find(buf, [13, 10, 13, 10]) {
                headerEnd = r
            } else if buf.count > limits.maxHeaderBytes {
                throw RequestError(status: 431, message: "request headers over \(limits.maxHeaderBytes) bytes")
            }
        }
        let he = headerEnd!
        guard he <= limits.maxHeaderBytes else {
            throw RequestError(status: 431, message: "request headers over \(limits.maxHeaderBytes) bytes")
        }
        guard let head = String(bytes: buf[0..<he], encoding: .utf8) else {
            throw RequestError(status: 400, message: "request headers are not UTF-8")
        }
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."), !requestLine[0].isEmpty,
            requestLine[1].hasPrefix("/")
        else {
            throw RequestError(
                status: 400, message: "malformed request line; expected e.g. GET /v1/checkpoint HTTP/1.1")
        }
        var headers: [String: String] = [:]
        for l in lines {
            guard let colon = l.firstIndex(of: ":"), colon != l.startIndex else {
                throw RequestError(status: 400, message: "malformed header line")
            }
            let name = l[..<colon].lowercased()
            guard headers[name] == nil || name != "content-length" else {
                throw RequestError(status: 400, message: "Content-Length given twice")
            }
            headers[name] = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["transfer-encoding"] != nil {
            throw RequestError(status: 411, message: "chunked request bodies are not accepted; send Content-Length")
        }
        var body = Array(buf[(he + 4)...])
        if let cl = headers["content-length"] {
            guard let n = Int(cl), n >= 0, cl.allSatisfy(\.isNumber) else {
                throw RequestError(status: 400, message: "Content-Length \"\(cl)\" is not a number")
            }
            guard n <= limits.maxBodyBytes else {
                throw RequestError(
                    status: 413, message: "request body of \(n) bytes is over the limit of \(limits.maxBodyBytes)")
            }
            while body.count < n {
                guard Date() < deadline else {
                    throw RequestError(
                        status: 408, message: "the request body did not arrive within \(limits.readTimeoutSeconds) s")
                }
                let k = recv(fd, &chunk, min(chunk.count, n - body.count), 0)
                if k == 0 {
                    throw RequestError(
                        status: 400, message: "the connection closed after \(body.count) of \(n) body bytes")
                }
                if k < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                    throw RequestError(status: 0, message: "recv failed")
                }
                body += chunk[0..<k]
            }
            body = Array(body.prefix(n))
        } else if !body.isEmpty || requestLine[0] == "POST" {
            if requestLine[0] == "POST" {
                throw RequestError(status: 411, message: "POST needs a Content-Length header")
            }
            body = []
        }
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle
        { return i }
        return nil
    }
}

/// Writes all bytes, retrying short writes.
func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
    var writer = ResponseWriter(fd: fd, limits: nil)
    try writer.write(bytes)
}

/// Writes a response under a deadline that grows with what was sent: a client that reads
/// slower than the limits allow is cut off, so it cannot hold a connection for ever.
struct ResponseWriter {
    let fd: Int32
    let start = Date()
    let limits: Limits?
    var sent = 0

    init(fd: Int32, limits: Limits?) {
        self.fd = fd
        self.limits = limits
    }

    var deadline: Date {
        guard let limits else { return .distantFuture }
        return start.addingTimeInterval(
            Double(limits.writeTimeoutSeconds) + Double(sent) / Double(max(1, limits.minWriteBytesPerSecond)))
    }

    mutating func write(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            guard Date() < deadline else {
                throw RequestError(status: 0, message: "the client reads too slowly; cut off after \(sent) bytes")
            }
            let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                throw RequestError(status: 0, message: "send failed (errno \(errno))")
            }
            off += n
            sent += n
        }
    }
}
