/// RFC 9162 §2.1 Merkle tree hashing: SHA-256, 0x00 before a leaf, 0x01 before two children.
///
///             root = H(0x01 ‖ k ‖ l)          size 3
///             /              \
///      k = H(0x01 ‖ a ‖ b)    l = H(0x00 ‖ d2)
///        /       \
///   a = H(0x00‖d0) b = H(0x00‖d1)
public enum Merkle {
    /// The hash of the empty tree: SHA-256 of nothing.
    public static let emptyRoot = SHA256.hash([UInt8]())

    public static func leafHash(_ data: [UInt8]) -> Hash {
        data.withUnsafeBytes { SHA256.hash(prefix: 0x00, $0) }
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var l = left
        var r = right
        return withUnsafeBytes(of: 0x01 as UInt8) { p in
            withUnsafeBytes(of: &l) { lb in withUnsafeBytes(of: &r) { rb in SHA256.hash(parts: [p, lb, rb]) } }
        }
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    @inlinable
    public static func split(_ n: Int) -> Int {
        precondition(n >= 2)
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}

extension Merkle {
    /// Verifies an RFC 9162 §2.1.3.2 inclusion proof.
    ///
    /// - Preconditions: none; every bad input is reported as an error.
    /// - Throws: `ProofError` naming what did not match.
    public static func verifyInclusion(index: Int, size: Int, leafHash: Hash, path: [Hash], root: Hash)
        throws(ProofError)
    {
        let got = try rootFromInclusion(index: index, size: size, leafHash: leafHash, path: path)
        guard got == root else { throw .rootMismatch(got: got, want: root) }
    }

    /// The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–7).
    public static func rootFromInclusion(index: Int, size: Int, leafHash: Hash, path: [Hash]) throws(ProofError) -> Hash
    {
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, size: size) }
        let want = inclusionPathLength(index: index, size: size)
        guard path.count == want else { throw .wrongPathLength(got: path.count, want: want) }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in path {
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return r
    }

    /// Verifies an RFC 9162 §2.1.4.2 consistency proof between `fromSize` and `toSize`.
    public static func verifyConsistency(fromSize m: Int, toSize n: Int, fromRoot: Hash, toRoot: Hash, path: [Hash])
        throws(ProofError)
    {
        guard m > 0, m <= n else { throw .sizes(from: m, to: n) }
        if m == n {
            guard path.isEmpty else { throw .nonEmptyPathForEqualSizes }
            guard fromRoot == toRoot else { throw .rootMismatch(got: fromRoot, want: toRoot) }
            return
        }
        let want = consistencyPathLength(from: m, to: n)
        guard path.count == want else { throw .wrongPathLength(got: path.count, want: want) }
        var proof = path
        // Step 2: if first is an exact power of 2, prepend first_hash.
        if m & (m - 1) == 0 { proof.insert(fromRoot, at: 0) }
        var fn = m - 1
        var sn = n - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = proof[0]
        var sr = proof[0]
        for c in proof.dropFirst() {
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard fr == fromRoot else { throw .rootMismatch(got: fr, want: fromRoot) }
        guard sr == toRoot else { throw .rootMismatch(got: sr, want: toRoot) }
    }
}

extension Merkle {
    /// The number of hashes in an inclusion proof for `index` in a tree of `size`.
    public static func inclusionPathLength(index m: Int, size n: Int) -> Int {
        if n <= 1 { return 0 }
        let k = split(n)
        return 1 + (m < k ? inclusionPathLength(index: m, size: k) : inclusionPathLength(index: m - k, size: n - k))
    }

    /// The number of hashes in a consistency proof from `m` to `n` (0 < m ≤ n).
    public static func consistencyPathLength(from m: Int, to n: Int) -> Int {
        func sub(_ m: Int, _ n: Int, _ complete: Bool) -> Int {
            if m == n { return complete ? 0 : 1 }
            let k = split(n)
            return 1 + (m <= k ? sub(m, k, complete) : sub(m - k, n - k, false))
        }
        return m == n ? 0 : sub(m, n, true)
    }
}
