import ThiduaLog

extension DomainError: CategorizedError {
    public var category: ErrorCategory { .invalid }
}
