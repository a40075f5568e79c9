/// A JSON value as RFC 8259 defines it, read strictly: duplicate object keys, invalid
/// UTF-8, lone surrogates, control characters in strings, leading zeros and trailing
/// garbage are all errors, because two readers must never see two different payloads
/// in the same signed bytes. Numbers keep their literal text, so decimals stay exact.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, exactly as written (e.g. `23270.32`).
    case number(String)
    case string(String)
    case array([JSON])
    /// Members in the order written; keys are unique.
    case object([Member])

    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSON
        public init(_ key: String, _ value: JSON) {
            self.key = key
            self.value = value
        }
    }

    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        for m in members where m.key == key { return m.value }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [Member]? { if case .object(let o) = self { return o } else { return nil } }
    public var numberText: String? { if case .number(let n) = self { return n } else { return nil } }

    /// The value as an integer, when it is a number written without fraction or exponent.
    public var intValue: Int? {
        guard case .number(let n) = self, n.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 48 && $0 <= 57) })
        else { return nil }
        return Int(n)
    }

    public var kind: JSONTape.Kind {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    public var typeName: String { kind.typeName }
}

extension JSON {
    /// Reads one JSON value that spans all of `bytes` (white space around it allowed).
    /// - Parameter maxDepth: nesting deeper than this is refused, so hostile input
    ///   cannot exhaust the stack.
    ///
    /// The text is read once, into a `JSONTape`, and the tree is built from it: the tree and
    /// the readers that work on the tape (a replay's) accept exactly the same texts.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONError) -> JSON {
        try JSONTape.parse(bytes, maxDepth: maxDepth).json()
    }

    public static func parse(_ text: String, maxDepth: Int = 64) throws(JSONError) -> JSON {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

/// Runs of plain ASCII text: bytes that are not a quote, a backslash, a control character
/// or part of a multi-byte UTF-8 sequence, which a JSON string and a log line's quoted
/// fields hold as they are.
enum PlainASCII {
    /// The index of the first byte at or after `i` that is not plain (`b.count` if none),
    /// found eight bytes at a time: a byte of a word is not plain when (w ^ "…") or
    /// w − 0x20… borrows into its top bit, or its top bit is set. A borrow only ever flags
    /// bytes above the one it comes from, so the lowest flagged byte is the first.
    @inline(__always)
    static func end(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var i = i
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let tops: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= b.count {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let quote = w ^ (0x22 &* ones)
                let slash = w ^ (0x5C &* ones)
                let special = (((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | (w &- 0x20 &* ones) | w) & tops
                if special != 0 { return i + special.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < b.count {
            let c = b[i]
            if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { return i }
            i += 1
        }
        return i
    }
}

/// The one JSON reader (RFC 8259, strictly): it checks the text and writes the nodes of a
/// `JSONTape`, in document order.
struct JSONParser {
    let buf: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0
    var nodes: [JSONTape.Node] = []

    init(buf: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buf = buf
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String) -> JSONError { JSONError(offset: i, reason: reason) }

    mutating func skipWS() {
        while i < buf.count {
            switch buf[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// A node without children, from `start` to the current position.
    mutating func leaf(_ kind: JSONTape.Kind, _ flag: Bool, from start: Int, to end: Int) {
        nodes.append(JSONTape.Node(kind: kind, flag: flag, start: start, end: end, next: nodes.count + 1, count: 0))
    }

    mutating func value(depth: Int) throws(JSONError) {
        guard i < buf.count else { throw fail("unexpected end of input") }
        let start = i
        switch buf[i] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""):
            let escaped = try string() != nil
            leaf(.string, escaped, from: start + 1, to: i - 1)
        case UInt8(ascii: "t"):
            try literal("true")
            leaf(.bool, true, from: start, to: i)
        case UInt8(ascii: "f"):
            try literal("false")
            leaf(.bool, false, from: start, to: i)
        case UInt8(ascii: "n"):
            try literal("null")
            leaf(.null, false, from: start, to: i)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            leaf(.number, false, from: start, to: i)
        default: throw fail("unexpected character '\(Self.show(buf[i]))'")
        }
    }

    static func show(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7f ? String(UnicodeScalar(c)) : "\\x" + Hex.encode([c])
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { throw fail("unexpected end of input") }
        for k in 0..<n where buf[i + k] != word.utf8Start[k] {
            throw fail("unexpected character '\(Self.show(buf[i + k]))'")
        }
        i += n
    }

    /// Closes the container node `at`: its end, its member or item count, the node after it.
    mutating func close(_ at: Int, count: Int) {
        nodes[at].end = i
        nodes[at].count = count
        nodes[at].next = nodes.count
    }

    mutating func object(depth: Int) throws(JSONError) {
        if depth > maxDepth { throw fail("nested deeper than \(maxDepth) levels") }
        let me = nodes.count
        nodes.append(JSONTape.Node(kind: .object, flag: false, start: i, end: i, next: me + 1, count: 0))
        i += 1
        var count = 0
        // Duplicate keys: a linear scan for the small objects payloads are made of, a set
        // beyond (hashing every key of every object was a fifth of a replay).
        var seen: Set<[UInt8]>? = nil
        skipWS()
        if i < buf.count && buf[i] == UInt8(ascii: "}") {
            i += 1
            close(me, count: 0)
            return
        }
        while true {
            skipWS()
            guard i < buf.count, buf[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyAt = i
            let decoded = try string()
            let key = JSONTape.Node(
                kind: .string, flag: decoded != nil, start: keyAt + 1, end: i - 1, next: nodes.count + 1, count: 0)
            if count < 16 {
                var k = me + 1
                for _ in 0..<count {
                    if sameKey(nodes[k], key) { throw duplicate(key, at: keyAt) }
                    k = nodes[k + 1].next
                }
            } else {
                if seen == nil {
                    seen = []
                    var k = me + 1
                    for _ in 0..<count {
                        seen!.insert(keyBytes(nodes[k]))
                        k = nodes[k + 1].next
                    }
                }
                if !seen!.insert(keyBytes(key)).inserted { throw duplicate(key, at: keyAt) }
            }
            nodes.append(key)
            skipWS()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            i += 1
            skipWS()
            try value(depth: depth)
            count += 1
            skipWS()
            guard i < buf.count else { throw fail("unexpected end of input in an object") }
            if buf[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if buf[i] == UInt8(ascii: "}") {
                i += 1
                close(me, count: count)
                return
            }
            throw fail("expected ',' or '}' in an object")
        }
    }

    /// The bytes a string node stands for (its escapes decoded).
    func keyBytes(_ n: JSONTape.Node) -> [UInt8] {
        n.flag ? JSONTape.decoded(n, buf) : Array(buf[n.start..<n.end])
    }

    func sameKey(_ a: JSONTape.Node, _ b: JSONTape.Node) -> Bool {
        if b.flag { return keyBytes(a) == keyBytes(b) }
        return JSONTape.string(a, in: buf, is: UnsafeBufferPointer(rebasing: buf[b.start..<b.end]))
    }

    func duplicate(_ key: JSONTape.Node, at offset: Int) -> JSONError {
        JSONError(offset: offset, reason: "duplicate key \"\(String(decoding: keyBytes(key), as: UTF8.self))\"")
    }

    mutating func array(depth: Int) throws(JSONError) {
        if depth > maxDepth { throw fail("nested deeper than \(maxDepth) levels") }
        let me = nodes.count
        nodes.append(JSONTape.Node(kind: .array, flag: false, start: i, end: i, next: me + 1, count: 0))
        i += 1
        var count = 0
        skipWS()
        if i < buf.count && buf[i] == UInt8(ascii: "]") {
            i += 1
            close(me, count: 0)
            return
        }
        while true {
            skipWS()
            try value(depth: depth)
            count += 1
            skipWS()
            guard i < buf.count else { throw fail("unexpected end of input in an array") }
            if buf[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if buf[i] == UInt8(ascii: "]") {
                i += 1
                close(me, count: count)
                return
            }
            throw fail("expected ',' or ']' in an array")
        }
    }

    mutating func number() throws(JSONError) {
        let start = i
        if buf[i] == UInt8(ascii: "-") { i += 1 }
        guard i < buf.count, isDigit(buf[i]) else { throw fail("expected a digit") }
        if buf[i] == UInt8(ascii: "0") {
            i += 1
            if i < buf.count && isDigit(buf[i]) { throw fail("number has a leading zero") }
        } else {
            while i < buf.count && isDigit(buf[i]) { i += 1 }
        }
        if i < buf.count && buf[i] == UInt8(ascii: ".") {
            i += 1
            guard i < buf.count, isDigit(buf[i]) else { throw fail("expected a digit after '.'") }
            while i < buf.count && isDigit(buf[i]) { i += 1 }
        }
        if i < buf.count && (buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E")) {
            i += 1
            if i < buf.count && (buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < buf.count, isDigit(buf[i]) else { throw fail("expected a digit in the exponent") }
            while i < buf.count && isDigit(buf[i]) { i += 1 }
        }
        if i - start > 100 { throw JSONError(offset: start, reason: "number longer than 100 characters") }
    }

    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Moves past the string whose opening quote is at `i`, checking it (UTF-8, escapes,
    /// control characters). Nil when it has no escape (the bytes between the quotes are the
    /// string); else its bytes with the escapes decoded.
    mutating func string() throws(JSONError) -> [UInt8]? {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes (UTF-8 checked as it goes; the bytes are then the string's).
        i = PlainASCII.end(buf, from: i)
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return nil
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            // Not ASCII (`end` stops at nothing else): a UTF-8 sequence, then a run again.
            i = PlainASCII.end(buf, from: i + (try utf8Sequence()))
        }
        var out = Array(buf[start..<i])
        while true {
            guard i < buf.count else { throw fail("unterminated string") }
            let c = buf[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                return out
            case UInt8(ascii: "\\"):
                i += 1
                guard i < buf.count else { throw fail("unterminated escape") }
                let e = buf[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else {
                            throw fail("lone high surrogate in \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low <= 0xDFFF else {
                            throw fail("high surrogate not followed by a low surrogate")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        throw fail("lone low surrogate in \\u escape")
                    }
                    out.append(contentsOf: Array(String(UnicodeScalar(scalar)!).utf8))
                default:
                    throw fail("unknown escape '\\\(Self.show(e))'")
                }
            case 0..<0x20:
                throw fail("control character \\x\(Hex.encode([c])) inside a string must be escaped")
            case 0x80...:
                let n = try utf8Sequence()
                out.append(contentsOf: buf[i..<i + n])
                i += n
            default:
                out.append(c)
                i += 1
            }
        }
    }

    /// Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates).
    func utf8Sequence() throws(JSONError) -> Int {
        let c = buf[i]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < buf.count && buf[i + k] >= lo && buf[i + k] <= hi
        }
        switch c {
        case 0xC2...0xDF where cont(1): return 2
        case 0xE0 where cont(1, 0xA0) && cont(2): return 3
        case 0xE1...0xEC where cont(1) && cont(2): return 3
        case 0xED where cont(1, 0x80, 0x9F) && cont(2): return 3
        case 0xEE...0xEF where cont(1) && cont(2): return 3
        case 0xF0 where cont(1, 0x90) && cont(2) && cont(3): return 4
        case 0xF1...0xF3 where cont(1) && cont(2) && cont(3): return 4
        case 0xF4 where cont(1, 0x80, 0x8F) && cont(2) && cont(3): return 4
        default: throw fail("invalid UTF-8 byte 0x\(Hex.encode([c]))")
        }
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= buf.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 97...102: d = UInt32(c - 87)
            case 65...70: d = UInt32(c - 55)
            default: throw fail("bad hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
