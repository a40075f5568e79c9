import Dispatch

/// The result of appending one envelope.
public struct AppendOutcome: Equatable, Sendable {
    public let index: Int
    /// False when the payload `id` was already in the log with the same payload: the
    /// append was a repeat and the existing entry's index is returned.
    public let created: Bool
    public let receivedAt: Timestamp

    public init(index: Int, created: Bool, receivedAt: Timestamp) {
        self.index = index
        self.created = created
        self.receivedAt = receivedAt
    }
}
