/// Encodes any `Encodable` value as a `JSON` value (and `JSONValueDecoder` reads it back),
/// without Foundation: what a saved projection state is written with. Object members are
/// sorted by name (bytes of UTF-8), so equal values give equal JSON whatever order a
/// dictionary holds its keys in. Integers and doubles are written as their Swift text, so
/// they read back exactly; a dictionary keyed by integers becomes an object keyed by their
/// decimal text.
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSON {
        let root = Node()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        return root.json
    }

    /// A value being built: a leaf, an object or an array (members added in order).
    final class Node {
        enum Kind {
            case leaf(JSON)
            case object([(String, Node)])
            case array([Node])
        }
        var kind = Kind.leaf(.null)

        var json: JSON {
            switch kind {
            case .leaf(let j): return j
            case .object(let m):
                return .object(
                    m.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map { JSON.Member($0.0, $0.1.json) })
            case .array(let a): return .array(a.map(\.json))
            }
        }

        func member(_ key: String) -> Node {
            let n = Node()
            if case .object(var m) = kind {
                kind = .leaf(.null)  // one owner while appending, so no copy
                m.append((key, n))
                kind = .object(m)
            } else {
                kind = .object([(key, n)])
            }
            return n
        }

        func item() -> Node {
            let n = Node()
            if case .array(var a) = kind {
                kind = .leaf(.null)
                a.append(n)
                kind = .array(a)
            } else {
                kind = .array([n])
            }
            return n
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .leaf = node.kind { node.kind = .object([]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .leaf = node.kind { node.kind = .array([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }
        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    static func leaf<T: Encodable>(_ value: T, _ node: Node, _ path: [any CodingKey]) throws {
        switch value {
        case let v as String: node.kind = .leaf(.string(v))
        case let v as Bool: node.kind = .leaf(.bool(v))
        case let v as Int: node.kind = .leaf(.number(String(v)))
        case let v as Int64: node.kind = .leaf(.number(String(v)))
        case let v as Double:
            guard v.isFinite else {
                throw EncodingError.invalidValue(v, .init(codingPath: path, debugDescription: "not a finite number"))
            }
            node.kind = .leaf(.number("\(v)"))
        default: try value.encode(to: TreeEncoder(node: node, codingPath: path))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]
        mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).kind = .leaf(.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try JSONValueEncoder.leaf(value, node.member(key.stringValue), codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder {
            TreeEncoder(node: node.member("super"), codingPath: codingPath)
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int {
            if case .array(let a) = node.kind { return a.count }
            return 0
        }
        mutating func encodeNil() throws { node.item().kind = .leaf(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try JSONValueEncoder.leaf(value, node.item(), codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            TreeEncoder(node: node.item(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.item(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.item(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        mutating func encodeNil() throws { node.kind = .leaf(.null) }
        mutating func encode(_ value: Bool) throws { node.kind = .leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { node.kind = .leaf(.string(value)) }
        mutating func encode(_ value: Double) throws { try JSONValueEncoder.leaf(value, node, codingPath) }
        mutating func encode(_ value: Float) throws { try JSONValueEncoder.leaf(Double(value), node, codingPath) }
        mutating func encode(_ value: Int) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { try JSONValueEncoder.leaf(value, node, codingPath) }
    }
}

/// Reads a value `JSONValueEncoder` wrote. Anything else is a `DecodingError` (never a trap).
///
/// It reads the text's `JSONTape`, not a tree: values are taken from the bytes as the
/// decoded type asks for them.
public enum JSONValueDecoder {
    /// Reads `type` from JSON text (`JSONError` when it is not JSON).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], maxDepth: Int = 64) throws -> T {
        let tape = try JSONTape.parse(bytes, maxDepth: maxDepth)
        return try T(from: TapeDecoder(tape: tape, node: JSONTape.root, path: .root))
    }

    /// Reads a type that reads itself from a tape (`JSONError` when the text is not JSON).
    public static func read<T: JSONTapeDecodable>(_ type: T.Type, from bytes: [UInt8], maxDepth: Int = 64) throws -> T {
        try T(TapeValue(tape: try JSONTape.parse(bytes, maxDepth: maxDepth), node: JSONTape.root, path: .root))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from json: JSON) throws -> T {
        try decode(type, from: JSONWriter.write(json))
    }

    /// Where a value sits, kept as a chain and written out only when an error or the
    /// decoded type asks for it (building a key array for every value read was most of the work).
    final class Path: Sendable {
        let parent: Path?
        let key: (any CodingKey)?
        init(_ parent: Path?, _ key: (any CodingKey)?) {
            self.parent = parent
            self.key = key
        }
        static let root = Path(nil, nil)
        func adding(_ key: any CodingKey) -> Path { Path(self, key) }
        var keys: [any CodingKey] {
            var out: [any CodingKey] = []
            var p: Path? = self
            while let q = p {
                if let k = q.key { out.append(k) }
                p = q.parent
            }
            return out.reversed()
        }
    }

    static func mismatch(_ want: String, _ tape: JSONTape, _ node: Int, _ path: Path) -> DecodingError {
        .typeMismatch(
            Any.self, .init(codingPath: path.keys, debugDescription: "expected \(want), found \(tape.typeName(node))"))
    }

    // The value's path is made only when an error or a nested value needs it (`at`: the
    // member's key or nil for an array's item); most values read are leaves that need none.

    static func integer<I: FixedWidthInteger>(
        _ tape: JSONTape, _ node: Int, _ path: Path, at key: (any CodingKey)? = nil
    ) throws -> I {
        guard let n = tape.numberText(node), let v = I(n) else {
            throw mismatch("an integer in range", tape, node, key.map(path.adding) ?? path)
        }
        return v
    }

    static func string(_ tape: JSONTape, _ node: Int, _ path: Path, at key: (any CodingKey)? = nil) throws -> String {
        guard let s = tape.string(node) else { throw mismatch("a string", tape, node, key.map(path.adding) ?? path) }
        return s
    }

    static func bool(_ tape: JSONTape, _ node: Int, _ path: Path, at key: (any CodingKey)? = nil) throws -> Bool {
        guard let b = tape.bool(node) else { throw mismatch("a boolean", tape, node, key.map(path.adding) ?? path) }
        return b
    }

    static func primitive<T: Decodable>(
        _ type: T.Type, _ tape: JSONTape, _ node: Int, _ path: Path, at key: (any CodingKey)? = nil
    ) throws -> T {
        // Types compared by identity and the value reinterpreted (T is that very type): a
        // dynamic cast costs more than reading most leaves.
        if type == String.self { return unsafeBitCast(try string(tape, node, path, at: key), to: T.self) }
        if type == Int.self { return unsafeBitCast(try integer(tape, node, path, at: key) as Int, to: T.self) }
        if type == Bool.self { return unsafeBitCast(try bool(tape, node, path, at: key), to: T.self) }
        if type == Int64.self { return unsafeBitCast(try integer(tape, node, path, at: key) as Int64, to: T.self) }
        let path = key.map(path.adding) ?? path
        // Arrays, dictionaries keyed by strings and the types that say how are read from the
        // tape directly, as their `init(from:)` would read them through containers.
        if let t = type as? any JSONTapeDecodable.Type {
            return try t.read(TapeValue(tape: tape, node: node, path: path), as: T.self)
        }
        return try T(from: TapeDecoder(tape: tape, node: node, path: path))
    }

    /// A coding key for a dictionary's member (in a path).
    struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct TapeDecoder: Decoder {
        let tape: JSONTape
        let node: Int
        let path: Path
        var codingPath: [any CodingKey] { path.keys }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard tape.kind(node) == .object else { throw mismatch("an object", tape, node, path) }
            return KeyedDecodingContainer(Keyed<Key>(tape: tape, node: node, path: path))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard tape.kind(node) == .array else { throw mismatch("an array", tape, node, path) }
            return Unkeyed(tape: tape, node: node, path: path)
        }
        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            Single(tape: tape, node: node, path: path)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let tape: JSONTape
        let node: Int
        let path: Path
        var codingPath: [any CodingKey] { path.keys }
        var allKeys: [Key] { tape.members(node).compactMap { Key(stringValue: $0.key) } }
        /// Small objects are searched in place; larger ones (dictionaries) through an index.
        private let index: [String: Int]?

        init(tape: JSONTape, node: Int, path: Path) {
            self.tape = tape
            self.node = node
            self.path = path
            let members = tape.count(node) > 8 ? tape.members(node) : []
            index = members.isEmpty ? nil : Dictionary(members, uniquingKeysWith: { a, _ in a })
        }

        func value(_ key: Key) -> Int? {
            if let index { return index[key.stringValue] }
            return tape.member(node, key.stringValue)
        }
        func required(_ key: Key) throws -> Int {
            guard let v = value(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
            }
            return v
        }
        func contains(_ key: Key) -> Bool { value(key) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { tape.kind(try required(key)) == .null }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.primitive(type, tape, try required(key), path, at: key)
        }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            try JSONValueDecoder.string(tape, try required(key), path, at: key)
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            try JSONValueDecoder.bool(tape, try required(key), path, at: key)
        }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            try JSONValueDecoder.integer(tape, try required(key), path, at: key)
        }
        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try decoder(try required(key), key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try decoder(try required(key), key).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder {
            guard let n = tape.member(node, "super") else { throw mismatch("a \"super\" member", tape, node, path) }
            return TapeDecoder(tape: tape, node: n, path: path)
        }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder(try required(key), key) }
        private func decoder(_ n: Int, _ key: Key) -> TapeDecoder {
            TapeDecoder(tape: tape, node: n, path: path.adding(key))
        }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let tape: JSONTape
        let path: Path
        var codingPath: [any CodingKey] { path.keys }
        var currentIndex = 0
        let itemCount: Int
        /// The node of the item at `currentIndex`.
        var at: Int
        var count: Int? { itemCount }
        var isAtEnd: Bool { currentIndex >= itemCount }

        init(tape: JSONTape, node: Int, path: Path) {
            self.tape = tape
            self.path = path
            itemCount = tape.count(node)
            at = node + 1
        }

        mutating func next() throws -> Int {
            guard currentIndex < itemCount else {
                throw DecodingError.valueNotFound(
                    JSON.self, .init(codingPath: path.keys, debugDescription: "the array has no more items"))
            }
            currentIndex += 1
            defer { at = tape.nodes[at].next }
            return at
        }
        mutating func decodeNil() throws -> Bool {
            guard currentIndex < itemCount, tape.kind(at) == .null else { return false }
            _ = try next()
            return true
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoder.primitive(type, tape, try next(), path)
        }
        mutating func decode(_ type: String.Type) throws -> String {
            try JSONValueDecoder.string(tape, try next(), path)
        }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoder.bool(tape, try next(), path) }
        mutating func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoder.integer(tape, try next(), path) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try TapeDecoder(tape: tape, node: try next(), path: path).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try TapeDecoder(tape: tape, node: try next(), path: path).unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Decoder {
            TapeDecoder(tape: tape, node: try next(), path: path)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let tape: JSONTape
        let node: Int
        let path: Path
        var codingPath: [any CodingKey] { path.keys }
        func decodeNil() -> Bool { tape.kind(node) == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try primitive(type, tape, node, path) }
        func decode(_ type: String.Type) throws -> String { try primitive(type, tape, node, path) }
        func decode(_ type: Double.Type) throws -> Double {
            guard let n = tape.numberText(node), let v = Double(n) else {
                throw mismatch("a number", tape, node, path)
            }
            return v
        }
        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
        func decode(_ type: Int.Type) throws -> Int { try integer(tape, node, path) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(tape, node, path) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(tape, node, path) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(tape, node, path) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(tape, node, path) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(tape, node, path) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(tape, node, path) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(tape, node, path) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(tape, node, path) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(tape, node, path) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try primitive(type, tape, node, path) }
    }
}

/// A type read from a node of a tape directly, without a container: what its
/// `init(from:)` reads, faster (a saved state holds tens of thousands of facts), or, for a
/// type that is not `Decodable`, what `JSONValueDecoder.read` reads.
/// `JSONValueDecoder` uses it wherever the type is asked for.
public protocol JSONTapeDecodable {
    init(_ value: TapeValue) throws
}

extension JSONTapeDecodable {
    /// `init(_:)` for a caller that knows the type only as `T`, which is `Self` (no
    /// existential box, no cast).
    static func read<T>(_ value: TapeValue, as: T.Type) throws -> T { unsafeBitCast(try Self(value), to: T.self) }
}

/// A value being decoded: its node in the tape, and where it sits for error messages.
public struct TapeValue {
    public let tape: JSONTape
    public let node: Int
    /// Where it sits: `base`, then `key` when it is an object's member. The key is added to
    /// the path only when a message or a nested value asks for it (most values read are
    /// leaves that need none).
    private let base: JSONValueDecoder.Path
    private let key: String?

    init(tape: JSONTape, node: Int, path: JSONValueDecoder.Path, key: String? = nil) {
        self.tape = tape
        self.node = node
        self.base = path
        self.key = key
    }

    var path: JSONValueDecoder.Path { key.map { base.adding(JSONValueDecoder.MemberKey(stringValue: $0)) } ?? base }

    /// Decodes the value at another node (an item or a member of this one) as `type`.
    public func decode<T: Decodable>(_ type: T.Type, at node: Int) throws -> T {
        try JSONValueDecoder.primitive(
            type, tape, node, base, at: key.map { JSONValueDecoder.MemberKey(stringValue: $0) })
    }

    /// How many items or members it has (0 for a scalar).
    public var count: Int { tape.count(node) }

    /// The value itself as an integer, or an error saying what it is. Digits are read from
    /// the text's bytes (`JSONTape.int`); anything else goes the general way (which makes
    /// the number's text).
    public func int() throws -> Int {
        if let v = tape.int(node) { return v }
        return try decode(Int.self, at: node)
    }

    /// The value itself as a string, or an error saying what it is.
    public func string() throws -> String {
        if let s = tape.string(node) { return s }
        return try decode(String.self, at: node)
    }

    /// Each member of this object, in the text's order, with its key (an error when this is
    /// not an object).
    public func forEachMember(_ body: (String, TapeValue) throws -> Void) throws {
        guard tape.kind(node) == .object else { throw JSONValueDecoder.mismatch("an object", tape, node, path) }
        let path = path
        try tape.forEachMember(node) { k, n in try body(k, TapeValue(tape: tape, node: n, path: path, key: k)) }
    }

    /// Each item of this array, in order (an error when this is not an array).
    public func forEachItem(_ body: (TapeValue) throws -> Void) throws {
        guard tape.kind(node) == .array else { throw JSONValueDecoder.mismatch("an array", tape, node, path) }
        let path = path
        try tape.forEachItem(node) { n in try body(TapeValue(tape: tape, node: n, path: path)) }
    }

    /// The member `key` of this object (an error when it is missing, or this is not an object).
    public func member(_ key: String) throws -> TapeValue {
        guard let n = tape.member(node, key) else {
            guard tape.kind(node) == .object else { throw JSONValueDecoder.mismatch("an object", tape, node, path) }
            throw DecodingError.keyNotFound(
                JSONValueDecoder.MemberKey(stringValue: key), .init(codingPath: path.keys, debugDescription: "missing"))
        }
        return TapeValue(tape: tape, node: n, path: path, key: key)
    }

    /// The two items of this array (an error when it is not an array of two).
    public func pairValues() throws -> (TapeValue, TapeValue) {
        let path = path
        guard tape.kind(node) == .array, tape.count(node) == 2 else {
            throw JSONValueDecoder.mismatch("an array of 2 items", tape, node, path)
        }
        let (a, b) = (node + 1, tape.nodes[node + 1].next)
        return (TapeValue(tape: tape, node: a, path: path), TapeValue(tape: tape, node: b, path: path))
    }

    /// The member `key` of this object, as `type` (an error when it is missing, or this is
    /// not an object).
    public func decode<T: Decodable>(_ type: T.Type, member key: String) throws -> T {
        let m = try member(key)
        return try m.decode(type, at: m.node)
    }

    /// The member `key` of this object, as `type`, or nil when it is missing or null.
    public func decodeIfPresent<T: Decodable>(_ type: T.Type, member key: String) throws -> T? {
        guard tape.kind(node) == .object else { throw JSONValueDecoder.mismatch("an object", tape, node, path) }
        guard let n = tape.member(node, key), tape.kind(n) != .null else { return nil }
        return try JSONValueDecoder.primitive(type, tape, n, path, at: JSONValueDecoder.MemberKey(stringValue: key))
    }

    /// A `DecodingError` for this value: what was expected and the path to it.
    public func corrupted(_ description: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: path.keys, debugDescription: description))
    }
}

extension Array: JSONTapeDecodable where Element: Decodable {
    public init(_ v: TapeValue) throws {
        guard v.tape.kind(v.node) == .array else { throw JSONValueDecoder.mismatch("an array", v.tape, v.node, v.path) }
        self.init()
        reserveCapacity(v.tape.count(v.node))
        try v.tape.forEachItem(v.node) { item in append(try v.decode(Element.self, at: item)) }
    }
}

extension Dictionary: JSONTapeDecodable where Key == String, Value: Decodable {
    public init(_ v: TapeValue) throws {
        guard v.tape.kind(v.node) == .object else {
            throw JSONValueDecoder.mismatch("an object", v.tape, v.node, v.path)
        }
        self.init(minimumCapacity: v.tape.count(v.node))
        try v.tape.forEachMember(v.node) { key, value in
            self[key] = try JSONValueDecoder.primitive(
                Value.self, v.tape, value, v.path, at: JSONValueDecoder.MemberKey(stringValue: key))
        }
    }
}
