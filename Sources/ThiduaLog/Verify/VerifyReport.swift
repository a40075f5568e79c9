import Foundation

/// What a verification established.
public struct VerifyReport: Sendable {
    public let entries: Int
    public let root: Hash
    public let signatures: Int
    public let checkpoints: [Checkpoint]
    public let origin: String
    public let rules: String

    public init(entries: Int, root: Hash, signatures: Int, checkpoints: [Checkpoint], origin: String, rules: String) {
        self.entries = entries
        self.root = root
        self.signatures = signatures
        self.checkpoints = checkpoints
        self.origin = origin
        self.rules = rules
    }
}
