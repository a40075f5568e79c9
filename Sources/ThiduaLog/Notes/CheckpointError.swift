import Foundation

public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case format(String)
    case badVerifierKey(String)
    case notSignedBy(String)
    case badSignature(String)
    case originMismatch(got: String, want: String)

    public var description: String {
        switch self {
        case .format(let s): return "checkpoint: \(s)"
        case .badVerifierKey(let s): return "verifier key: \(s); print the right one with `thidua log-key --db DB`"
        case .notSignedBy(let n):
            return "checkpoint has no signature by key \"\(n)\" (name and key hash must match the verifier key)"
        case .badSignature(let n):
            return "checkpoint signature by \"\(n)\" does not verify: the note was altered or signed by another key"
        case .originMismatch(let g, let w): return "checkpoint origin is \"\(g)\", want \"\(w)\""
        }
    }
}
