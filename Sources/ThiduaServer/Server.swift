import Foundation
import ThiduaLog

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 server on POSIX sockets: a thread accepts, each connection is served on a
/// thread of its own, at most `limits.maxConnections` at once and `limits.maxPerClient`
/// from one client (more get 503), each under read and write deadlines, so slow clients
/// from one address cannot lock others out. `stop()` stops accepting and waits for the
/// requests in flight, so an append that started is finished and durable before the
/// process exits.
public final class Server: @unchecked Sendable {
    public let handler: @Sendable (Request) -> Response
    public let limits: Limits
    private var listenFD: Int32 = -1
    public private(set) var port: UInt16 = 0
    private let inFlight = DispatchGroup()
    private let lock = Lock()
    private var open = 0
    private var perClient: [String: Int] = [:]
    private var stopping = false
    public private(set) var served = 0

    public init(limits: Limits = Limits(), handler: @escaping @Sendable (Request) -> Response) {
        self.limits = limits
        self.handler = handler
    }

    /// Binds and listens on `host:port` (port 0: any free port; `port` tells which).
    public func bind(host: String, port: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            close(fd)
            throw ServerError("\(host) is not an IPv4 address; use e.g. 127.0.0.1 or 0.0.0.0")
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw ServerError(
                "cannot listen on \(host):\(port): \(String(cString: strerror(e))); choose another --listen address")
        }
        guard listen(fd, 128) == 0 else {
            close(fd)
            throw ServerError("listen() failed: errno \(errno)")
        }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.port = UInt16(bigEndian: bound.sin_port)
        listenFD = fd
    }

    /// Accepts until `stop()`. Call on a thread of its own.
    public func run() {
        while true {
            var peer = sockaddr_in()
            var peerLen = socklen_t(MemoryLayout<sockaddr_in>.size)
            let c = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listenFD, $0, &peerLen) }
            }
            if c < 0 {
                if errno == EINTR { continue }
                if lock.withLock({ stopping }) { return }
                continue
            }
            let address = Server.text(peer.sin_addr)
            var rcv = timeval(tv_sec: limits.readTimeoutSeconds, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &rcv, socklen_t(MemoryLayout<timeval>.size))
            // Short send timeouts: the response writer checks its own deadline between tries.
            var snd = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &snd, socklen_t(MemoryLayout<timeval>.size))
            // The trusted proxy carries many clients: they are counted once their requests
            // name them (X-Forwarded-For), not by the proxy's address.
            let client = address == limits.trustedProxy ? nil : address
            let refusal: String? = lock.withLock {
                if stopping { return "the server is stopping; retry in a moment" }
                if open >= limits.maxConnections {
                    return "the server is busy (\(limits.maxConnections) connections); retry in a moment"
                }
                if let client, perClient[client, default: 0] >= limits.maxPerClient {
                    return
                        "too many connections from \(client) (at most \(limits.maxPerClient) at once); finish the "
                        + "ones open first"
                }
                open += 1
                if let client { perClient[client, default: 0] += 1 }
                return nil
            }
            if let refusal {
                let r = Response.error(503, refusal)
                _ = (r.head(contentLength: r.body.count) + r.body).withUnsafeBytes {
                    send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                }
                close(c)
                continue
            }
            inFlight.enter()
            // A thread per connection (at most maxConnections): a slow client blocks only
            // its own thread, never the shared dispatch pool.
            let t = Thread { [self] in
                serve(c, peer: address)
                close(c)
                lock.withLock {
                    open -= 1
                    served += 1
                    if let client { release(client) }
                }
                inFlight.leave()
            }
            t.stackSize = 512 * 1024
            t.start()
        }
    }

    private func release(_ client: String) {
        perClient[client, default: 1] -= 1
        if perClient[client] == 0 { perClient[client] = nil }
    }

    /// The client of a request: the peer, or behind the trusted proxy the last address of
    /// X-Forwarded-For (the one the proxy added).
    func client(of req: Request, peer: String) -> String {
        guard peer == limits.trustedProxy, let fwd = req.headers["x-forwarded-for"] else { return peer }
        let last = fwd.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty ? peer : String(last.prefix(64))
    }

    private func serve(_ fd: Int32, peer: String) {
        var response: Response
        var counted: String? = nil
        do {
            let req = try RequestReader.read(fd: fd, limits: limits)
            if peer == limits.trustedProxy {
                let who = client(of: req, peer: peer)
                let admitted: Bool = lock.withLock {
                    guard perClient[who, default: 0] < limits.maxPerClient else { return false }
                    perClient[who, default: 0] += 1
                    return true
                }
                if admitted { counted = who }
                response =
                    admitted
                    ? handler(req)
                    : .error(
                        503,
                        "too many requests from \(who) at once (at most \(limits.maxPerClient)); finish the ones "
                            + "open first"
                    )
            } else {
                response = handler(req)
            }
        } catch let e as RequestError {
            guard e.status != 0 else { return }
            response = .error(e.status, e.message)
        } catch {
            response = .error(500, "\(error)")
        }
        defer { if let counted { lock.withLock { release(counted) } } }
        var writer = ResponseWriter(fd: fd, limits: limits)
        do {
            if let stream = response.stream {
                try writer.write(response.head(contentLength: nil))
                try stream { try writer.write($0) }
            } else {
                try writer.write(response.head(contentLength: response.body.count) + response.body)
            }
        } catch {}
        shutdown(fd, Int32(SHUT_WR))
    }

    static func text(_ a: in_addr) -> String {
        var a = a
        var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &a, &buf, socklen_t(buf.count)) != nil else { return "?" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Stops accepting, then waits for every request in flight.
    public func stop() {
        let fd: Int32 = lock.withLock {
            stopping = true
            return listenFD
        }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        inFlight.wait()
    }
}

public struct ServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
