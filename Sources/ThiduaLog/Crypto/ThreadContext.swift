import CLibCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One OpenSSL digest context for each thread, made on the thread's first use and freed
/// when the thread ends. OpenSSL 3 allocates a new context's state anew, and setting up a
/// verification fetches its algorithm under a lock; a thread's context, reset in place by
/// its next use, saves both. A caller must not use the context again before it is done.
struct ThreadContext: Sendable {
    private let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        guard pthread_key_create(&key, { EVP_MD_CTX_free(OpaquePointer($0)) }) == 0 else {
            fatalError("pthread_key_create failed: the process has no thread-specific keys left")
        }
        self.key = key
    }

    /// This thread's context.
    var context: OpaquePointer {
        if let p = pthread_getspecific(key) { return OpaquePointer(p) }
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        guard pthread_setspecific(key, UnsafeRawPointer(ctx)) == 0 else {
            fatalError("pthread_setspecific failed: out of memory")
        }
        return ctx
    }
}
