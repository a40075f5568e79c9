import Foundation
import ThiduaLog
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on POSIX sockets: a thread accepts, each connection is served on a
/// thread of its own, at most `limits.maxConnections` at once (more get 503). `stop()`
/// stops accepting and waits for the requests in flight, so an append that started is
/// finished and durable before the process exits.
public final class Server: @unchecked Sendable {
    public let handler: @Sendable (Request) -> Response
    public let limits: Limits
    private var listenFD: Int32 = -1
    public private(set) var port: UInt16 = 0
    private let inFlight = DispatchGroup()
    private let lock = Lock()
    private var open = 0
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
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw ServerError("cannot listen on \(host):\(port): \(String(cString: strerror(e))); choose another --listen address")
        }
        guard listen(fd, 128) == 0 else { close(fd); throw ServerError("listen() failed: errno \(errno)") }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.port = UInt16(bigEndian: bound.sin_port)
        listenFD = fd
    }

    /// Accepts until `stop()`. Call on a thread of its own.
    public func run() {
        while true {
            let c = accept(listenFD, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                if lock.withLock({ stopping }) { return }
                continue
            }
            var tv = timeval(tv_sec: limits.readTimeoutSeconds, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let admitted: Bool = lock.withLock {
                if stopping || open >= limits.maxConnections { return false }
                open += 1
                return true
            }
            guard admitted else {
                let r = Response.error(503, "the server is busy (\(limits.maxConnections) connections) or stopping; retry in a moment")
                try? sendAll(c, r.head(contentLength: r.body.count) + r.body)
                close(c)
                continue
            }
            inFlight.enter()
            // A thread per connection (at most maxConnections): a slow client blocks only
            // its own thread, never the shared dispatch pool.
            let t = Thread { [self] in
                serve(c)
                close(c)
                lock.withLock { open -= 1; served += 1 }
                inFlight.leave()
            }
            t.stackSize = 512 * 1024
            t.start()
        }
    }

    private func serve(_ fd: Int32) {
        let response: Response
        do {
            let req = try RequestReader.read(fd: fd, limits: limits)
            response = handler(req)
        } catch let e as RequestError {
            guard e.status != 0 else { return }
            response = .error(e.status, e.message)
        } catch {
            response = .error(500, "\(error)")
        }
        do {
            if let stream = response.stream {
                try sendAll(fd, response.head(contentLength: nil))
                try stream { try sendAll(fd, $0) }
            } else {
                try sendAll(fd, response.head(contentLength: response.body.count) + response.body)
            }
        } catch {}
        shutdown(fd, Int32(SHUT_WR))
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
