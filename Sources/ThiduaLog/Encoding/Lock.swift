#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain mutex (pthread), for the few places that share mutable state across threads.
public final class Lock: @unchecked Sendable {
    private let m: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        m = .allocate(capacity: 1)
        m.initialize(to: pthread_mutex_t())
        pthread_mutex_init(m, nil)
    }

    deinit {
        pthread_mutex_destroy(m)
        m.deallocate()
    }

    /// Takes the lock, waiting at most `millis`; returns nil (without running `body`)
    /// when another thread held it for the whole wait.
    public func withLock<T>(waitingAtMost millis: Int, _ body: () throws -> T) rethrows -> T? {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let total = Int(now.tv_nsec) + (millis % 1000) * 1_000_000
        var deadline = timespec()
        deadline.tv_sec = now.tv_sec + millis / 1000 + total / 1_000_000_000
        deadline.tv_nsec = total % 1_000_000_000
        guard pthread_mutex_timedlock(m, &deadline) == 0 else { return nil }
        defer { pthread_mutex_unlock(m) }
        return try body()
    }

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return try body()
    }
}
