import ThiduaLog

// A saved state's tables, read by functions the compiler makes for each concrete type.
extension TapeValue {
    /// An object's members, each read by `read`.
    func table<T>(_ read: (TapeValue) throws -> T) throws -> [String: T] {
        var out = [String: T](minimumCapacity: count)
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

    /// Each unit's facts of one kind (bonuses, violations, …), as `JSONWriter.factLists`
    /// writes them.
    func factLists<T: Decodable>(_ type: T.Type) throws -> [String: [Fact<T>]] {
        try table { try $0.list { try $0.fact(type) } }
    }
}

// A state written as canonical JSON by functions of its tables' concrete types.
extension JSONWriter {
    /// An object of `members`, in the order of their names' UTF-8 bytes.
    mutating func object(_ members: [(String, (inout JSONWriter) throws -> Void)]) throws {
        let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        try self.members(sorted, name: { $0.0 }, write: { try $1.1(&$0) })
    }

    /// A dictionary as an object, its keys in the order of their UTF-8 bytes.
    mutating func table<T>(_ d: [String: T], _ write: (inout JSONWriter, T) throws -> Void) rethrows {
        let sorted = d.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        try members(sorted, name: { $0.key }, write: { try write(&$0, $1.value) })
    }

    /// An object of members already in order: each one's `name`, then what `write` writes.
    private mutating func members<E>(
        _ sorted: [E], name: (E) -> String, write: (inout JSONWriter, E) throws -> Void
    ) rethrows {
        raw("{")
        for (k, m) in sorted.enumerated() {
            if k > 0 { raw(",") }
            string(name(m))
            raw(":")
            try write(&self, m)
        }
        raw("}")
    }

    /// An array.
    mutating func list<T>(_ a: [T], _ write: (inout JSONWriter, T) throws -> Void) rethrows {
        raw("[")
        for (k, x) in a.enumerated() {
            if k > 0 { raw(",") }
            try write(&self, x)
        }
        raw("]")
    }

    /// A fact, `[entry, value]` (as `Fact.encode` writes it).
    mutating func fact<T>(_ f: Fact<T>, _ write: (inout JSONWriter, T) throws -> Void) rethrows {
        raw("[")
        number(f.entry)
        raw(",")
        try write(&self, f.value)
        raw("]")
    }

    /// Each unit's facts of one kind (bonuses, violations, …), their values written the
    /// generic way.
    mutating func factLists<T: Encodable>(_ d: [String: [Fact<T>]]) throws {
        try table(d) { try $0.list($1) { try $0.fact($1) { try $0.encoded($1) } } }
    }

    mutating func number(_ n: Int) { value(.number(String(n))) }

    /// A value the generic encoder writes (its members sorted the same way).
    mutating func encoded(_ x: some Encodable) throws { value(try JSONValueEncoder.encode(x)) }
}
