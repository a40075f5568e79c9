/// The right edge of an RFC 9162 tree being built leaf by leaf: O(log n) perfect
/// subtrees, enough to give the root of the leaves so far.
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees on the right edge, left to right: (log2 of size, hash).
    private var edge: [(height: Int, hash: Hash)] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(_ leafHash: Hash) {
        edge.append((0, leafHash))
        while edge.count >= 2, edge[edge.count - 1].height == edge[edge.count - 2].height {
            let r = edge.removeLast()
            let l = edge.removeLast()
            edge.append((l.height + 1, Merkle.nodeHash(l.hash, r.hash)))
        }
        size += 1
    }

    /// The root of the leaves appended so far (MTH of the empty tree for none).
    public var root: Hash {
        guard var r = edge.last?.hash else { return Merkle.emptyRoot }
        for f in edge.dropLast().reversed() { r = Merkle.nodeHash(f.hash, r) }
        return r
    }

    /// The root of the first `n` of `leaves`.
    public static func root(of leaves: some Collection<Hash>) -> Hash {
        var f = MerkleFrontier()
        for l in leaves { f.append(l) }
        return f.root
    }
}
