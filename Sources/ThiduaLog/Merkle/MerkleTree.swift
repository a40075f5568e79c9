/// Where the hashes of perfect, aligned subtrees come from: level 0 is the leaf hashes,
/// level L index k is the subtree over leaves [k·2^L, (k+1)·2^L).
public protocol SubtreeSource {
    func subtree(level: Int, index: Int) throws -> Hash
}

/// Roots and proofs computed from stored perfect subtrees, so no call rehashes the log:
/// a root or proof reads O(log n) stored hashes and computes O(log n) more.
public struct MerkleTree<Source: SubtreeSource> {
    public let source: Source
    public init(source: Source) { self.source = source }

    /// RFC 9162 MTH(D[a:b]).
    public func rangeHash(_ a: Int, _ b: Int) throws -> Hash {
        let n = b - a
        if n == 0 { return Merkle.emptyRoot }
        if n & (n - 1) == 0 && a % n == 0 {
            return try source.subtree(level: n.trailingZeroBitCount, index: a / n)
        }
        let k = Merkle.split(n)
        return Merkle.nodeHash(try rangeHash(a, a + k), try rangeHash(a + k, b))
    }

    public func root(size: Int) throws -> Hash { try rangeHash(0, size) }

    /// RFC 9162 §2.1.3.1 PATH(m, D[0:n]).
    public func inclusionProof(index: Int, size: Int) throws -> [Hash] {
        guard index >= 0, index < size else { throw ProofError.indexOutOfRange(index: index, size: size) }
        var path: [Hash] = []
        try inclusion(index, 0, size, into: &path)
        return path
    }

    private func inclusion(_ m: Int, _ a: Int, _ b: Int, into path: inout [Hash]) throws {
        let n = b - a
        if n <= 1 { return }
        let k = Merkle.split(n)
        if m < k {
            try inclusion(m, a, a + k, into: &path)
            path.append(try rangeHash(a + k, b))
        } else {
            try inclusion(m - k, a + k, b, into: &path)
            path.append(try rangeHash(a, a + k))
        }
    }

    /// RFC 9162 §2.1.4.1 PROOF(m, D[0:n]).
    public func consistencyProof(from m: Int, to n: Int) throws -> [Hash] {
        guard m > 0, m <= n else { throw ProofError.sizes(from: m, to: n) }
        if m == n { return [] }
        var path: [Hash] = []
        try subproof(m, 0, n, true, into: &path)
        return path
    }

    private func subproof(_ m: Int, _ a: Int, _ b: Int, _ complete: Bool, into path: inout [Hash]) throws {
        let n = b - a
        if m == n {
            if !complete { path.append(try rangeHash(a, b)) }
            return
        }
        let k = Merkle.split(n)
        if m <= k {
            try subproof(m, a, a + k, complete, into: &path)
            path.append(try rangeHash(a + k, b))
        } else {
            try subproof(m - k, a + k, b, false, into: &path)
            path.append(try rangeHash(a, a + k))
        }
    }
}

extension MerkleTree {
    /// The perfect subtrees completed by appending leaf `index` with hash `leaf`, given
    /// the hashes already stored: the parents that become complete, bottom-up.
    /// - Returns: `(level, index, hash)` for level ≥ 1.
    public static func completedNodes(appending leaf: Hash, at index: Int, lookup: (Int, Int) throws -> Hash) rethrows
        -> [(level: Int, index: Int, hash: Hash)]
    {
        var out: [(Int, Int, Hash)] = []
        var h = leaf
        var level = 0
        var k = index
        while k & 1 == 1 {
            let left = try lookup(level, k - 1)
            h = Merkle.nodeHash(left, h)
            level += 1
            k >>= 1
            out.append((level, k, h))
        }
        return out
    }
}
