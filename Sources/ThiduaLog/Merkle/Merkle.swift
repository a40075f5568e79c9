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
        var l = left, r = right
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

/// Why a proof did not verify, as "got X, want Y" where it helps.
public enum ProofError: Error, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: Int, size: Int)
    case sizes(from: Int, to: Int)
    case wrongPathLength(got: Int, want: Int)
    case rootMismatch(got: Hash, want: Hash)
    case nonEmptyPathForEqualSizes

    public var description: String {
        switch self {
        case .indexOutOfRange(let i, let n): return "index \(i) is not in a tree of size \(n)"
        case .sizes(let m, let n): return "a consistency proof needs 0 < from ≤ to, got from \(m) to \(n)"
        case .wrongPathLength(let g, let w): return "proof has \(g) hashes, want \(w)"
        case .rootMismatch(let g, let w): return "proof leads to root \(g.base64), want \(w.base64)"
        case .nonEmptyPathForEqualSizes: return "a consistency proof between equal sizes must be empty"
        }
    }
}

extension Merkle {
    /// Verifies an RFC 9162 §2.1.3.2 inclusion proof.
    ///
    /// - Preconditions: none; every bad input is reported as an error.
    /// - Throws: `ProofError` naming what did not match.
    public static func verifyInclusion(index: Int, size: Int, leafHash: Hash, path: [Hash], root: Hash) throws(ProofError) {
        let got = try rootFromInclusion(index: index, size: size, leafHash: leafHash, path: path)
        guard got == root else { throw .rootMismatch(got: got, want: root) }
    }

    /// The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–7).
    public static func rootFromInclusion(index: Int, size: Int, leafHash: Hash, path: [Hash]) throws(ProofError) -> Hash {
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, size: size) }
        let want = inclusionPathLength(index: index, size: size)
        guard path.count == want else { throw .wrongPathLength(got: path.count, want: want) }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in path {
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return r
    }

    /// Verifies an RFC 9162 §2.1.4.2 consistency proof between `fromSize` and `toSize`.
    public static func verifyConsistency(fromSize m: Int, toSize n: Int, fromRoot: Hash, toRoot: Hash, path: [Hash]) throws(ProofError) {
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
        var fn = m - 1, sn = n - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = proof[0], sr = proof[0]
        for c in proof.dropFirst() {
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
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
    public static func completedNodes(appending leaf: Hash, at index: Int, lookup: (Int, Int) throws -> Hash) rethrows -> [(level: Int, index: Int, hash: Hash)] {
        var out: [(Int, Int, Hash)] = []
        var h = leaf, level = 0, k = index
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

/// Proof JSON (integrity spec §5), with hashes as standard base64.
public struct InclusionProof: Equatable, Sendable {
    public let index: Int
    public let treeSize: Int
    public let leafHash: Hash
    public let path: [Hash]

    public init(index: Int, treeSize: Int, leafHash: Hash, path: [Hash]) {
        self.index = index; self.treeSize = treeSize; self.leafHash = leafHash; self.path = path
    }

    public var json: JSON {
        .object([.init("index", .number(String(index))), .init("treeSize", .number(String(treeSize))),
                 .init("leafHash", .string(leafHash.base64)), .init("path", .array(path.map { .string($0.base64) }))])
    }

    public init(json: JSON) throws(ProofFormatError) {
        guard let i = json["index"]?.intValue, let n = json["treeSize"]?.intValue else { throw ProofFormatError("inclusion proof needs integer \"index\" and \"treeSize\"") }
        guard let lh = json["leafHash"]?.stringValue, let leaf = try? Hash(bytes: Base64.decode(lh)) else { throw ProofFormatError("inclusion proof \"leafHash\" is not base64 of 32 bytes") }
        index = i; treeSize = n; leafHash = leaf
        path = try ProofFormatError.hashes(json["path"], "inclusion proof")
    }

    public func verify(root: Hash) throws(ProofError) {
        try Merkle.verifyInclusion(index: index, size: treeSize, leafHash: leafHash, path: path, root: root)
    }
}

public struct ConsistencyProof: Equatable, Sendable {
    public let fromSize: Int
    public let toSize: Int
    public let path: [Hash]

    public init(fromSize: Int, toSize: Int, path: [Hash]) {
        self.fromSize = fromSize; self.toSize = toSize; self.path = path
    }

    public var json: JSON {
        .object([.init("fromSize", .number(String(fromSize))), .init("toSize", .number(String(toSize))),
                 .init("path", .array(path.map { .string($0.base64) }))])
    }

    public init(json: JSON) throws(ProofFormatError) {
        guard let m = json["fromSize"]?.intValue, let n = json["toSize"]?.intValue else { throw ProofFormatError("consistency proof needs integer \"fromSize\" and \"toSize\"") }
        fromSize = m; toSize = n
        path = try ProofFormatError.hashes(json["path"], "consistency proof")
    }

    public func verify(fromRoot: Hash, toRoot: Hash) throws(ProofError) {
        try Merkle.verifyConsistency(fromSize: fromSize, toSize: toSize, fromRoot: fromRoot, toRoot: toRoot, path: path)
    }
}

public struct ProofFormatError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }

    static func hashes(_ v: JSON?, _ what: String) throws(ProofFormatError) -> [Hash] {
        guard let a = v?.arrayValue else { throw ProofFormatError("\(what) needs a \"path\" array") }
        var out: [Hash] = []
        for (k, item) in a.enumerated() {
            guard let s = item.stringValue, let h = try? Hash(bytes: Base64.decode(s)) else {
                throw ProofFormatError("\(what) path[\(k)] is not base64 of 32 bytes")
            }
            out.append(h)
        }
        return out
    }
}
