import CLibCrypto

enum PEM {
    static func read(_ text: String, source: String, reader: (OpaquePointer) -> OpaquePointer?) throws(KeyError)
        -> OpaquePointer
    {
        var bytes = Array(text.utf8)
        guard let bio = BIO_new_mem_buf(&bytes, Int32(bytes.count)) else { throw .openssl(OpenSSLError.last()) }
        defer { BIO_free(bio) }
        guard let p = reader(bio) else {
            ERR_clear_error()
            throw .notPEM(source: source)
        }
        return p
    }

    static func write(_ writer: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { fatalError("BIO_new failed") }
        defer { BIO_free(bio) }
        guard writer(bio) == 1 else { fatalError("PEM write failed: \(OpenSSLError.last())") }
        var ptr: UnsafeMutablePointer<CChar>? = nil
        let n = thidua_bio_mem_data(bio, &ptr)
        guard let ptr, n > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
    }
}
