#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSON text read once (by the strict reader of `JSON.parse`) into a flat list of nodes
/// that point into its bytes: no tree, no string, no array is built until one is asked
/// for. A replay reads millions of payloads this way, field by field.
///
/// Nodes are in document order. Node 0 is the whole value; an object's node is followed
/// by its members, each a key node then its value's nodes; an array's by its items.
public struct JSONTape: Sendable {
    public enum Kind: UInt8, Sendable {
        case null, bool, number, string, array, object

        /// As messages name it ("an array").
        public var typeName: String {
            switch self {
            case .null: return "null"
            case .bool: return "a boolean"
            case .number: return "a number"
            case .string: return "a string"
            case .array: return "an array"
            case .object: return "an object"
            }
        }
    }

    struct Node: Sendable {
        var kind: Kind
        /// A bool's value; for a string, whether it has escapes.
        var flag: Bool
        /// A string's first byte after the quote, a number's or literal's first byte, a
        /// container's bracket.
        var start: Int
        /// A string's closing quote; one past the last byte of anything else.
        var end: Int
        /// The node after this one and everything inside it.
        var next: Int
        /// An object's members or an array's items.
        var count: Int
    }

    /// The text, exactly as read.
    public let bytes: [UInt8]
    let nodes: [Node]

    /// The whole value.
    public static let root = 0

    /// Reads one JSON value that spans all of `bytes`, as strictly as `JSON.parse`
    /// (which is this, followed by `json()`).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONError) -> JSONTape {
        let nodes = try bytes.withUnsafeBufferPointer { buf throws(JSONError) in
            var p = JSONParser(buf: buf, maxDepth: maxDepth)
            p.nodes.reserveCapacity(buf.count / 8 + 4)
            p.skipWS()
            try p.value(depth: 0)
            p.skipWS()
            if p.i != buf.count { throw p.fail("unexpected content after the JSON value") }
            return p.nodes
        }
        return JSONTape(bytes: bytes, nodes: nodes)
    }

    public func kind(_ n: Int) -> Kind { nodes[n].kind }

    /// An object's members or an array's items (0 for anything else).
    public func count(_ n: Int) -> Int { nodes[n].count }

    public func typeName(_ n: Int) -> String { nodes[n].kind.typeName }

    /// The value of the member `key` of the object at `n` (nil: no such member, or `n` is
    /// not an object).
    public func member(_ n: Int, _ key: String) -> Int? { memberAt(n, key)?.value }

    /// The member `key` of the object at `n`: its place among the members (0 first) and
    /// the node of its value (nil: no such member, or `n` is not an object).
    public func memberAt(_ n: Int, _ key: String) -> (ordinal: Int, value: Int)? {
        var key = key
        return key.withUTF8 { k in
            nodes.withUnsafeBufferPointer { ns in
                bytes.withUnsafeBufferPointer { b in
                    guard ns[n].kind == .object else { return nil }
                    var at = n + 1
                    for i in 0..<ns[n].count {
                        if JSONTape.string(ns[at], in: b, is: k) { return (i, at + 1) }
                        at = ns[at + 1].next
                    }
                    return nil
                }
            }
        }
    }

    /// Calls `body` with the bytes of each key of the object at `n` (escapes decoded) and
    /// the node of its value, in document order, making no String (nothing when `n` is not
    /// an object).
    public func forEachKey(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        nodes.withUnsafeBufferPointer { ns in
            bytes.withUnsafeBufferPointer { b in
                guard ns[n].kind == .object else { return }
                var at = n + 1
                for _ in 0..<ns[n].count {
                    let key = ns[at]
                    if key.flag {
                        JSONTape.decoded(key, b).withUnsafeBufferPointer { body($0, at + 1) }
                    } else {
                        body(UnsafeBufferPointer(rebasing: b[key.start..<key.end]), at + 1)
                    }
                    at = ns[at + 1].next
                }
            }
        }
    }

    /// The members of the object at `n`: each key and the node of its value.
    public func members(_ n: Int) -> [(key: String, value: Int)] {
        var out: [(key: String, value: Int)] = []
        out.reserveCapacity(nodes[n].count)
        forEachMember(n) { out.append(($0, $1)) }
        return out
    }

    /// Calls `body` with each key and value node of the object at `n`, in document order
    /// (nothing when `n` is not an object).
    public func forEachMember<E: Error>(_ n: Int, _ body: (String, Int) throws(E) -> Void) throws(E) {
        guard nodes[n].kind == .object else { return }
        var at = n + 1
        for _ in 0..<nodes[n].count {
            try body(text(at), at + 1)
            at = nodes[at + 1].next
        }
    }

    /// The items of the array at `n`.
    public func items(_ n: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(nodes[n].count)
        forEachItem(n) { out.append($0) }
        return out
    }

    /// Calls `body` with each item node of the array at `n`, in order (nothing when `n` is
    /// not an array).
    public func forEachItem<E: Error>(_ n: Int, _ body: (Int) throws(E) -> Void) throws(E) {
        guard nodes[n].kind == .array else { return }
        var at = n + 1
        for _ in 0..<nodes[n].count {
            try body(at)
            at = nodes[at].next
        }
    }

    /// The string at `n` (nil when it is not a string).
    public func string(_ n: Int) -> String? {
        nodes[n].kind == .string ? text(n) : nil
    }

    /// `body` of the bytes of the string at `n` (escapes decoded), making no String; nil when
    /// it is not a string.
    public func withStringBytes<R>(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let node = nodes[n]
        guard node.kind == .string else { return nil }
        return bytes.withUnsafeBufferPointer { b in
            node.flag
                ? JSONTape.decoded(node, b).withUnsafeBufferPointer(body)
                : body(UnsafeBufferPointer(rebasing: b[node.start..<node.end]))
        }
    }

    /// Whether the node at `n` is the string `s` (compared once its escapes are decoded).
    public func isString(_ n: Int, _ s: String) -> Bool {
        guard nodes[n].kind == .string else { return false }
        var s = s
        return s.withUTF8 { k in bytes.withUnsafeBufferPointer { b in JSONTape.string(nodes[n], in: b, is: k) } }
    }

    /// A number's literal text (nil when it is not a number).
    public func numberText(_ n: Int) -> String? {
        nodes[n].kind == .number ? text(n) : nil
    }

    /// `body` of the bytes of the number at `n` as written, making no String; nil when it
    /// is not a number.
    public func withNumberBytes<R>(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let node = nodes[n]
        guard node.kind == .number else { return nil }
        return bytes.withUnsafeBufferPointer { b in body(UnsafeBufferPointer(rebasing: b[node.start..<node.end])) }
    }

    /// A number written without fraction or exponent, as an integer (nil when it is not
    /// one, or out of `Int`'s range). Read from its bytes, making no String.
    public func int(_ n: Int) -> Int? {
        withNumberBytes(n) { b -> Int? in
            let negative = b.first == UInt8(ascii: "-")
            guard b.count > (negative ? 1 : 0) else { return nil }
            var v = 0
            for c in b.dropFirst(negative ? 1 : 0) {
                let d = Int(c) &- 48
                guard d >= 0, d < 10 else { return nil }
                let (m, o) = v.multipliedReportingOverflow(by: 10)
                let (s, p) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                guard !o, !p else { return nil }
                v = s
            }
            return v
        } ?? nil
    }

    public func bool(_ n: Int) -> Bool? { nodes[n].kind == .bool ? nodes[n].flag : nil }

    /// The value at `n` as a tree.
    public func json(_ n: Int = JSONTape.root) -> JSON {
        let node = nodes[n]
        switch node.kind {
        case .null: return .null
        case .bool: return .bool(node.flag)
        case .number: return .number(text(n))
        case .string: return .string(text(n))
        case .array: return .array(items(n).map { json($0) })
        case .object: return .object(members(n).map { JSON.Member($0.key, json($0.value)) })
        }
    }

    /// The text of a string or number node (escapes decoded).
    func text(_ n: Int) -> String {
        let node = nodes[n]
        return bytes.withUnsafeBufferPointer { b in
            node.flag && node.kind == .string
                ? String(decoding: JSONTape.decoded(node, b), as: UTF8.self)
                : String(decoding: UnsafeBufferPointer(rebasing: b[node.start..<node.end]), as: UTF8.self)
        }
    }

    /// Whether the string node `node` (a key or a value) of the text `b` stands for the
    /// bytes `k`: a string written with escapes is compared once decoded.
    static func string(_ node: Node, in b: UnsafeBufferPointer<UInt8>, is k: UnsafeBufferPointer<UInt8>) -> Bool {
        if node.flag { return decoded(node, b).withUnsafeBufferPointer { same($0, k) } }
        return same(UnsafeBufferPointer(rebasing: b[node.start..<node.end]), k)
    }

    /// Whether `a` and `b` are the same bytes (a key from `forEachKey` and a name, a
    /// payload's type and a name of the catalogue).
    public static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    static func same(_ a: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { same(a, $0) }
    }

    /// A string with escapes, decoded by the reader that checked it.
    static func decoded(_ node: Node, _ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var p = JSONParser(buf: b, maxDepth: 0)
        p.i = node.start - 1
        return ((try? p.string()) ?? nil) ?? []
    }
}
