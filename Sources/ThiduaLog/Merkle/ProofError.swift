/// Why a proof did not verify, as "got X, want Y" where it helps.
public enum ProofError: Error, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: Int, size: Int)
    case sizes(from: Int, to: Int)
    case wrongPathLength(got: Int, want: Int)
    case rootMismatch(got: Hash, want: Hash)
    case nonEmptyPathForEqualSizes

    public var description: String {
        switch self {
        case .indexOutOfRange(let i, let n): return "index \(i) is not in a tree of size \(n)"
        case .sizes(let m, let n): return "a consistency proof needs 0 < from ≤ to, got from \(m) to \(n)"
        case .wrongPathLength(let g, let w): return "proof has \(g) hashes, want \(w)"
        case .rootMismatch(let g, let w): return "proof leads to root \(g.base64), want \(w.base64)"
        case .nonEmptyPathForEqualSizes: return "a consistency proof between equal sizes must be empty"
        }
    }
}

public struct ProofFormatError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }

    static func hashes(_ v: JSON?, _ what: String) throws(ProofFormatError) -> [Hash] {
        guard let a = v?.arrayValue else { throw ProofFormatError("\(what) needs a \"path\" array") }
        var out: [Hash] = []
        for (k, item) in a.enumerated() {
            guard let s = item.stringValue, let h = try? Hash(bytes: Base64.decode(s)) else {
                throw ProofFormatError("\(what) path[\(k)] is not base64 of 32 bytes")
            }
            out.append(h)
        }
        return out
    }
}
