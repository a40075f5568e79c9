import CLibCrypto

/// A 32-byte SHA-256 digest held inline (no heap allocation), so Merkle work on
/// millions of leaves stays cheap.
public struct Hash: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public static let zero = Hash(w0: 0, w1: 0, w2: 0, w3: 0)

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Reads exactly 32 bytes; returns nil for any other length.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        var h = Hash.zero
        withUnsafeMutableBytes(of: &h) { $0.copyMemory(from: bytes) }
        self = h
    }

    /// Reads exactly 32 bytes; returns nil for any other length. Contiguous bytes (an
    /// array, a buffer) are copied at once: called from another module this is not
    /// specialised, and reading byte by byte went through generic metadata for each.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let read = bytes.withContiguousStorageIfAvailable { Hash(bytes: UnsafeRawBufferPointer($0)) }
        switch read {
        case .some(let h?): self = h
        case .some(nil): return nil
        case nil: self.init(bytes: Array(bytes))
        }
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: self) { Array($0) } }
    public var hex: String { Hex.encode(bytes) }
    public var base64: String { Base64.encode(bytes) }
    public var description: String { hex }

    public static func < (a: Hash, b: Hash) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
