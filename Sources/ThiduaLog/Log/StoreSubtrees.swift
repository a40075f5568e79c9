import Dispatch

/// Reads subtree hashes from a store, for `MerkleTree`.
public struct StoreSubtrees: SubtreeSource {
    let reader: any LogReader
    let location: String
    public init(_ reader: any LogReader, location: String) {
        self.reader = reader
        self.location = location
    }
    public func subtree(level: Int, index: Int) throws -> Hash {
        guard let h = try reader.node(level: level, index: index) else {
            throw StoreError.damaged(
                location: location, reason: "Merkle node at level \(level) index \(index) is missing")
        }
        return h
    }
}
