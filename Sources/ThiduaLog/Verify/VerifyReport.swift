import Foundation

/// What a verification established.
public struct VerifyReport: Sendable {
    public let entries: Int
    public let root: Hash
    public let signatures: Int
    public let checkpoints: [Checkpoint]
    public let origin: String
    public let rules: String
    /// Seconds spent in the ordered checks alone (authority, ids, the Merkle frontier): the
    /// part of a verification that cannot run on more cores.
    public let orderedSeconds: Double
    /// The size of the saved authority state `verify(store:rebuildState:)` wrote (nil: none).
    public var stateRebuilt: Int? = nil

    public init(
        entries: Int, root: Hash, signatures: Int, checkpoints: [Checkpoint], origin: String, rules: String,
        orderedSeconds: Double = 0
    ) {
        self.orderedSeconds = orderedSeconds
        self.entries = entries
        self.root = root
        self.signatures = signatures
        self.checkpoints = checkpoints
        self.origin = origin
        self.rules = rules
    }
}
