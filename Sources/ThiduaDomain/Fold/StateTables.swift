import ThiduaLog

// A saved state's tables, read by functions the compiler makes for each concrete type.
extension TapeValue {
    /// An object's members, each read by `read`.
    func table<T>(_ read: (TapeValue) throws -> T) throws -> [String: T] {
        var out: [String: T] = [:]
        out.reserveCapacity(count)
        try forEachMember { key, value in out[key] = try read(value) }
        return out
    }

    /// An array's items, each read by `read`.
    func list<T>(_ read: (TapeValue) throws -> T) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        try forEachItem { out.append(try read($0)) }
        return out
    }

    /// A fact, `[entry, value]` (as `Fact.encode` writes it), its value read by `read`.
    func fact<T>(_ read: (TapeValue) throws -> T) throws -> Fact<T> {
        let (entry, value) = try pairValues()
        let e = try entry.int()
        return Fact(value: try read(value), entry: e)
    }

    /// A fact whose value is read by its `Decodable` conformance.
    func fact<T: Decodable>(_ type: T.Type) throws -> Fact<T> {
        try fact { try $0.decode(type, at: $0.node) }
    }
}
