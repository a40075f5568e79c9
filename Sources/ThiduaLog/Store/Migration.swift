/// Copies a log from one store to another (SQLite ⇄ PostgreSQL) and proves the copy: the
/// destination's leaves are rehashed from the copied lines, its tree is rebuilt the way an
/// append builds it, and its root must equal the source's; every signed checkpoint and kept
/// cosignature comes along. Derived snapshots are not copied.
public enum Migration {
    public struct Result: Sendable, Equatable {
        public let entries: Int
        public let root: Hash
        public let checkpoints: Int
    }

    /// - Parameter batch: entries per destination transaction (a crash leaves a prefix,
    ///   which `copy` refuses to continue: start again on an empty destination).
    public static func copy(from src: any LogStore, to dst: any LogStore, batch: Int = 5000) throws -> Result {
        let (size, metaValues, checkpoints) = try src.read { r in
            (
                try r.size(), try [Log.Meta.format, Log.Meta.origin, Log.Meta.logKey].map { ($0, try r.meta($0)) },
                try r.checkpoints()
            )
        }
        guard metaValues.allSatisfy({ $0.1 != nil }) else { throw StoreError.notALog(location: src.location) }
        let sourceRoot = try src.read { r in
            try MerkleTree(source: StoreSubtrees(r, location: src.location)).root(size: size)
        }
        try dst.write { w in
            guard try w.size() == 0, try w.meta(Log.Meta.origin) == nil else {
                throw StoreError.alreadyInitialised(location: dst.location)
            }
            for (k, v) in metaValues { try w.setMeta(k, v!) }
        }
        var next = 0
        while next < size {
            let upto = min(size, next + batch)
            var chunk: [StoredEntry] = []
            try src.read { r in try r.forEachEntry(from: next, to: upto) { chunk.append($0) } }
            try dst.write { w in
                for e in chunk {
                    try w.insert(e)
                    let leaf = Entry.leafHash(line: e.line)
                    try w.insertNode(level: 0, index: e.index, hash: leaf)
                    let done = try MerkleTree<StoreSubtrees>.completedNodes(appending: leaf, at: e.index) {
                        level, index in
                        guard let h = try w.node(level: level, index: index) else {
                            throw StoreError.damaged(
                                location: dst.location, reason: "node \(level)/\(index) missing while copying")
                        }
                        return h
                    }
                    for n in done { try w.insertNode(level: n.level, index: n.index, hash: n.hash) }
                }
            }
            next = upto
        }
        let root = try dst.read { r in try MerkleTree(source: StoreSubtrees(r, location: dst.location)).root(size: size)
        }
        guard root == sourceRoot else {
            throw StoreError.damaged(
                location: dst.location,
                reason: "the copy's root \(root.base64) differs from the source's \(sourceRoot.base64)")
        }
        let cos = try src.read { r in try checkpoints.map { ($0.size, try r.cosignatures(size: $0.size)) } }
        try dst.write { w in
            for c in checkpoints { try w.insertCheckpoint(c) }
            for (s, lines) in cos { for l in lines { try w.insertCosignature(size: s, line: l) } }
        }
        return Result(entries: size, root: root, checkpoints: checkpoints.count)
    }
}
