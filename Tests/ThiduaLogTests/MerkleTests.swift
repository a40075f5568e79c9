import Dispatch
import Foundation
import TestSupport
import Testing

@testable import ThiduaLog

/// RFC 9162 §2.1 written as directly as the text reads, to cross-check the fast code.
enum NaiveMerkle {
    static func mth(_ d: ArraySlice<Hash>) -> Hash {
        if d.isEmpty { return Merkle.emptyRoot }
        if d.count == 1 { return d.first! }
        let k = Merkle.split(d.count)
        return Merkle.nodeHash(mth(d.prefix(k)), mth(d.dropFirst(k)))
    }

    static func path(_ m: Int, _ d: ArraySlice<Hash>) -> [Hash] {
        if d.count == 1 { return [] }
        let k = Merkle.split(d.count)
        if m < k { return path(m, d.prefix(k)) + [mth(d.dropFirst(k))] }
        return path(m - k, d.dropFirst(k)) + [mth(d.prefix(k))]
    }

    static func proof(_ m: Int, _ d: ArraySlice<Hash>) -> [Hash] { subproof(m, d, true) }

    static func subproof(_ m: Int, _ d: ArraySlice<Hash>, _ b: Bool) -> [Hash] {
        let n = d.count
        if m == n { return b ? [] : [mth(d)] }
        let k = Merkle.split(n)
        if m <= k { return subproof(m, d.prefix(k), b) + [mth(d.dropFirst(k))] }
        return subproof(m - k, d.dropFirst(k), false) + [mth(d.prefix(k))]
    }
}

/// Perfect subtrees kept in memory, filled the way the log fills its store.
final class MemorySubtrees: SubtreeSource, @unchecked Sendable {
    var nodes: [Int: [Int: Hash]] = [:]
    var size = 0
    func subtree(level: Int, index: Int) throws -> Hash { nodes[level]![index]! }
    func append(_ leaf: Hash) {
        nodes[0, default: [:]][size] = leaf
        for n in MerkleTree<MemorySubtrees>.completedNodes(appending: leaf, at: size, lookup: { nodes[$0]![$1]! }) {
            nodes[n.level, default: [:]][n.index] = n.hash
        }
        size += 1
    }
}

@Suite struct MerkleTests {
    static let maxSize = 70
    static let leaves: [Hash] = (0..<maxSize).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
    static let store: MemorySubtrees = {
        let s = MemorySubtrees()
        for l in leaves { s.append(l) }
        return s
    }()
    static var tree: MerkleTree<MemorySubtrees> { MerkleTree(source: store) }

    @Test func emptyTreeIsSHA256OfNothing() throws {
        #expect(Merkle.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try Self.tree.root(size: 0) == Merkle.emptyRoot)
    }

    @Test("root of every size 0…70 equals the naive MTH", arguments: 0...maxSize)
    func roots(_ n: Int) throws {
        #expect(try Self.tree.root(size: n) == NaiveMerkle.mth(Self.leaves.prefix(n)))
    }

    /// A perfect subtree appended at its place is its leaves appended one by one: at every
    /// size, whole blocks of 1, 2, 4, 8 or 16 leaves then single leaves give the naive MTH.
    @Test func aSubtreeAppendedAtItsPlaceIsItsLeaves() {
        for height in 0...4 {
            let n = 1 << height
            for size in 0...Self.maxSize {
                var f = MerkleFrontier()
                let whole = size / n * n
                for start in stride(from: 0, to: whole, by: n) {
                    f.append(subtree: NaiveMerkle.mth(Self.leaves[start..<start + n]), height: height)
                }
                for l in Self.leaves[whole..<size] { f.append(l) }
                #expect(f.size == size)
                #expect(f.root == NaiveMerkle.mth(Self.leaves.prefix(size)), "size \(size), blocks of \(n)")
            }
        }
    }

    @Test("inclusion proofs for every index of every size", arguments: 1...maxSize)
    func inclusion(_ n: Int) throws {
        let root = NaiveMerkle.mth(Self.leaves.prefix(n))
        for m in 0..<n {
            let proof = try Self.tree.inclusionProof(index: m, size: n)
            #expect(proof == NaiveMerkle.path(m, Self.leaves.prefix(n)))
            #expect(proof.count == Merkle.inclusionPathLength(index: m, size: n))
            try Merkle.verifyInclusion(index: m, size: n, leafHash: Self.leaves[m], path: proof, root: root)
            // Wrong leaf, wrong index, truncated or extended paths, flipped hashes all fail.
            #expect(throws: ProofError.self) {
                try Merkle.verifyInclusion(
                    index: m, size: n, leafHash: Self.leaves[(m + 1) % Self.maxSize], path: proof, root: root)
            }
            if n > 1 {
                #expect(throws: ProofError.self) {
                    try Merkle.verifyInclusion(
                        index: (m + 1) % n, size: n, leafHash: Self.leaves[m], path: proof, root: root)
                }
                #expect(throws: ProofError.wrongPathLength(got: proof.count - 1, want: proof.count)) {
                    try Merkle.verifyInclusion(
                        index: m, size: n, leafHash: Self.leaves[m], path: Array(proof.dropLast()), root: root)
                }
                var flipped = proof
                flipped[0].w0 ^= 1
                #expect(throws: ProofError.self) {
                    try Merkle.verifyInclusion(index: m, size: n, leafHash: Self.leaves[m], path: flipped, root: root)
                }
            }
            #expect(throws: ProofError.wrongPathLength(got: proof.count + 1, want: proof.count)) {
                try Merkle.verifyInclusion(
                    index: m, size: n, leafHash: Self.leaves[m], path: proof + [root], root: root)
            }
        }
        #expect(throws: ProofError.indexOutOfRange(index: n, size: n)) {
            try Merkle.verifyInclusion(index: n, size: n, leafHash: Self.leaves[0], path: [], root: root)
        }
    }

    @Test("consistency proofs for every pair of sizes", arguments: 1...maxSize)
    func consistency(_ n: Int) throws {
        let rootN = NaiveMerkle.mth(Self.leaves.prefix(n))
        for m in 1...n {
            let rootM = NaiveMerkle.mth(Self.leaves.prefix(m))
            let proof = try Self.tree.consistencyProof(from: m, to: n)
            #expect(proof == NaiveMerkle.proof(m, Self.leaves.prefix(n)))
            #expect(proof.count == Merkle.consistencyPathLength(from: m, to: n))
            try Merkle.verifyConsistency(fromSize: m, toSize: n, fromRoot: rootM, toRoot: rootN, path: proof)
            if m < n {
                var other = rootM
                other.w3 ^= 1
                #expect(throws: ProofError.self) {
                    try Merkle.verifyConsistency(fromSize: m, toSize: n, fromRoot: other, toRoot: rootN, path: proof)
                }
                #expect(throws: ProofError.self) {
                    try Merkle.verifyConsistency(fromSize: m, toSize: n, fromRoot: rootM, toRoot: other, path: proof)
                }
                var flipped = proof
                flipped[flipped.count - 1].w1 ^= 1
                #expect(throws: ProofError.self) {
                    try Merkle.verifyConsistency(fromSize: m, toSize: n, fromRoot: rootM, toRoot: rootN, path: flipped)
                }
            }
        }
        #expect(throws: ProofError.sizes(from: 0, to: n)) {
            try Merkle.verifyConsistency(fromSize: 0, toSize: n, fromRoot: rootN, toRoot: rootN, path: [])
        }
    }

    @Test func proofJSONRoundTrips() throws {
        let p = InclusionProof(
            index: 3, treeSize: 9, leafHash: Self.leaves[3], path: try Self.tree.inclusionProof(index: 3, size: 9))
        #expect(try InclusionProof(json: JSON.parse(JSONWriter.write(p.json))) == p)
        let c = ConsistencyProof(fromSize: 3, toSize: 9, path: try Self.tree.consistencyProof(from: 3, to: 9))
        #expect(try ConsistencyProof(json: JSON.parse(JSONWriter.write(c.json))) == c)
    }
}

@Suite struct SHA256Tests {
    /// FIPS 180-2, appendix B (one block, two blocks) and the empty message.
    static let vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ]

    /// 32 bytes make a hash from any collection, contiguous or not; any other length none.
    @Test func aHashReadsThirtyTwoBytesFromAnyCollection() {
        let bytes = (0..<32).map { UInt8($0 * 7 + 1) }
        let expected = SHA256.hash(bytes)
        let digest = expected.bytes
        #expect(Hash(bytes: digest) == expected)
        #expect(Hash(bytes: digest[...]) == expected)
        #expect(digest.withUnsafeBytes { Hash(bytes: $0) } == expected)
        #expect(Hash(bytes: digest.lazy.map { $0 }) == expected)
        #expect(Hash(bytes: Data(digest)) == expected)
        #expect(expected.hex == Hex.encode(digest))
        for n in [0, 31, 33, 64] {
            let other = [UInt8](repeating: 1, count: n)
            #expect(Hash(bytes: other) == nil)
            #expect(Hash(bytes: other.lazy.map { $0 }) == nil)
            #expect(other.withUnsafeBytes { Hash(bytes: $0) } == nil)
        }
    }

    /// Each thread hashes with a context of its own: many threads hashing at once, each
    /// message in parts split at every point, all get the published digests.
    @Test func manyThreadsHashingAtOnceGetThePublishedDigests() {
        let lock = Lock()
        nonisolated(unsafe) var wrong: [String] = []
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for round in 0..<20_000 {
                let (text, digest) = Self.vectors[(t + round) % Self.vectors.count]
                let bytes = Array(text.utf8)
                let cut = bytes.isEmpty ? 0 : round % (bytes.count + 1)
                let hash = bytes.withUnsafeBytes { all in
                    SHA256.hash(
                        UnsafeRawBufferPointer(rebasing: all[..<cut]), UnsafeRawBufferPointer(rebasing: all[cut...]))
                }
                if hash.hex != digest { lock.withLock { wrong.append("\(text) cut at \(cut): \(hash.hex)") } }
            }
        }
        #expect(wrong == [])
    }
}
