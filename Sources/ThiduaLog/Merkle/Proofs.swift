/// Proof JSON (integrity spec §5), with hashes as standard base64.
public struct InclusionProof: Equatable, Sendable {
    public let index: Int
    public let treeSize: Int
    public let leafHash: Hash
    public let path: [Hash]

    public init(index: Int, treeSize: Int, leafHash: Hash, path: [Hash]) {
        self.index = index
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.path = path
    }

    public var json: JSON {
        [
            "index": index.json, "treeSize": treeSize.json, "leafHash": leafHash.base64.json,
            "path": path.map(\.base64).json,
        ]
    }

    public init(json: JSON) throws(ProofFormatError) {
        guard let i = json["index"]?.intValue, let n = json["treeSize"]?.intValue else {
            throw ProofFormatError("inclusion proof needs integer \"index\" and \"treeSize\"")
        }
        guard let lh = json["leafHash"]?.stringValue, let leaf = try? Hash(bytes: Base64.decode(lh)) else {
            throw ProofFormatError("inclusion proof \"leafHash\" is not base64 of 32 bytes")
        }
        index = i
        treeSize = n
        leafHash = leaf
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
        self.fromSize = fromSize
        self.toSize = toSize
        self.path = path
    }

    public var json: JSON {
        ["fromSize": fromSize.json, "toSize": toSize.json, "path": path.map(\.base64).json]
    }

    public init(json: JSON) throws(ProofFormatError) {
        guard let m = json["fromSize"]?.intValue, let n = json["toSize"]?.intValue else {
            throw ProofFormatError("consistency proof needs integer \"fromSize\" and \"toSize\"")
        }
        fromSize = m
        toSize = n
        path = try ProofFormatError.hashes(json["path"], "consistency proof")
    }

    public func verify(fromRoot: Hash, toRoot: Hash) throws(ProofError) {
        try Merkle.verifyConsistency(fromSize: fromSize, toSize: toSize, fromRoot: fromRoot, toRoot: toRoot, path: path)
    }
}
