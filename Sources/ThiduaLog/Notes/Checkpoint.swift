import Foundation

/// A C2SP tlog-checkpoint: the log's origin, tree size and root hash.
///
/// Its body is three lines, each ending in `\n`:
///
///     example.gov.vn/thidua/test
///     3
///     7r2aFZlcSi18+LLfQDm9wZYg0lY6xO8xpUY+fS3ay+k=
public struct Checkpoint: Equatable, Sendable {
    public let origin: String
    public let size: Int
    public let root: Hash

    public init(origin: String, size: Int, root: Hash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var body: String { "\(origin)\n\(size)\n\(root.base64)\n" }

    /// Reads a checkpoint body (the signed part of the note).
    public init(body: String) throws(CheckpointError) {
        guard body.hasSuffix("\n") else { throw .format("the checkpoint body must end with a newline") }
        let lines = body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else {
            throw .format("a checkpoint body has at least 3 lines (origin, size, root), got \(lines.count)")
        }
        guard lines.count == 3 else { throw .format("extension lines are not used in thidua checkpoints") }
        guard !lines[0].isEmpty else { throw .format("the origin line is empty") }
        guard let n = Int(lines[1]), n >= 0, String(n) == lines[1] else {
            throw .format("tree size \"\(lines[1])\" is not a decimal number")
        }
        guard let bytes = try? Base64.decode(lines[2]), let h = Hash(bytes: bytes), h.base64 == lines[2] else {
            throw .format("root \"\(lines[2])\" is not standard base64 of 32 bytes")
        }
        self.init(origin: lines[0], size: n, root: h)
    }
}
