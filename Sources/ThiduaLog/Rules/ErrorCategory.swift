/// What kind of failure an error is, for programs. The HTTP status and the command's exit
/// code follow from the category, each in one place (`status`, `exitCode`).
public enum ErrorCategory: String, Sendable, CaseIterable {
    /// The input is not in the form asked for (not JSON, not an envelope, a bad option).
    case malformed
    /// Well-formed, but a rule of the log refuses it (signature, payload, rules' strictness).
    case invalid
    /// A signer is not authorised for this (rule 5).
    case forbidden
    /// It contradicts what the log already holds (an id taken by another envelope).
    case conflict
    /// What it names does not exist (an entry, a unit, a log).
    case notFound
    /// Something needed is missing (a key file, the log's checkpoint key).
    case missing
    /// The store is busy with another writer; try again.
    case busy
    /// The store or the disk failed; nothing of the write was kept.
    case storeFailure
    /// A verification found a fault.
    case verification

    /// The HTTP status of an answer with this error.
    public var status: Int {
        switch self {
        case .malformed: return 400
        case .invalid: return 422
        case .forbidden: return 403
        case .conflict: return 409
        case .notFound: return 404
        case .missing: return 400
        case .busy: return 503
        case .storeFailure: return 500
        case .verification: return 422
        }
    }

    /// The exit code of a command failing with this error (sysexits.h where one fits).
    public var exitCode: Int32 {
        switch self {
        case .malformed, .invalid, .forbidden, .conflict: return 65
        case .notFound, .missing: return 66
        case .busy: return 75
        case .storeFailure: return 74
        case .verification: return 1
        }
    }
}

/// An error that says which kind of failure it is.
public protocol CategorizedError: Error {
    var category: ErrorCategory { get }
}

extension EntryFault: CategorizedError {
    public var category: ErrorCategory { rule == .authority ? .forbidden : .invalid }
}

extension AppendError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .rejected(_, _, let f): return f.category
        case .idConflict: return .conflict
        case .store(let e): return e.category
        case .emptyBatch: return .malformed
        case .failed: return .storeFailure
        }
    }
}

extension StoreError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .busy: return .busy
        case .notALog: return .notFound
        case .alreadyInitialised, .refused: return .conflict
        case .open, .damaged, .sql: return .storeFailure
        }
    }
}

extension EnvelopeError: CategorizedError {
    public var category: ErrorCategory { .malformed }
}

extension CheckpointKeyError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .missing: return .missing
        case .mismatch: return .invalid
        }
    }
}

extension KeyError: CategorizedError {
    public var category: ErrorCategory { .invalid }
}

extension LogError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .invalidOrigin: return .malformed
        case .noSuchEntry, .sizeBeyondLog: return .notFound
        case .notTheLogsCheckpoint: return .invalid
        }
    }
}
