/// The right edge of an RFC 9162 tree being built leaf by leaf: O(log n) perfect
/// subtrees, enough to give the root of the leaves so far.
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees on the right edge, left to right: (log2 of size, hash).
    private var edge: [(height: Int, hash: Hash)] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(_ leafHash: Hash) { append(subtree: leafHash, height: 0) }

    /// Appends a perfect subtree of 2^`height` leaves whose root is `hash`: the same as
    /// appending those leaves one by one.
    /// - Precondition: the size is a multiple of 2^`height`.
    public mutating func append(subtree hash: Hash, height: Int) {
        precondition(height >= 0 && height < 62 && size % (1 << height) == 0, "a subtree is appended at its place")
        edge.append((height, hash))
        while edge.count >= 2, edge[edge.count - 1].height == edge[edge.count - 2].height {
            let r = edge.removeLast()
            let l = edge.removeLast()
            edge.append((l.height + 1, Merkle.nodeHash(l.hash, r.hash)))
        }
        size += 1 << height
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
