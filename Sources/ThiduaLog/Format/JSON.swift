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

extension JSON {
    /// Reads one JSON value that spans all of `bytes` (white space around it allowed).
    /// - Parameter maxDepth: nesting deeper than this is refused, so hostile input
    ///   cannot exhaust the stack.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONError) -> JSON {
        try bytes.withUnsafeBufferPointer { buf throws(JSONError) in
            var p = JSONParser(buf: buf, maxDepth: maxDepth)
            p.skipWS()
            let v = try p.value(depth: 0)
            p.skipWS()
            if p.i != buf.count { throw p.fail("unexpected content after the JSON value") }
            return v
        }
    }

    public static func parse(_ text: String, maxDepth: Int = 64) throws(JSONError) -> JSON {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

struct JSONParser {
    let buf: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0

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

    mutating func value(depth: Int) throws(JSONError) -> JSON {
        guard i < buf.count else { throw fail("unexpected end of input") }
        switch buf[i] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
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

    mutating func object(depth: Int) throws(JSONError) -> JSON {
        if depth > maxDepth { throw fail("nested deeper than \(maxDepth) levels") }
        i += 1
        var members: [JSON.Member] = []
        // Duplicate keys: a linear scan for the small objects payloads are made of, a set
        // beyond (hashing every key of every object was a fifth of a replay).
        var seen: Set<String>? = nil
        skipWS()
        if i < buf.count && buf[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            skipWS()
            guard i < buf.count, buf[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyAt = i
            let key = try string()
            if members.count < 16 {
                for m in members where m.key == key {
                    throw JSONError(offset: keyAt, reason: "duplicate key \"\(key)\"")
                }
            } else {
                if seen == nil { seen = Set(members.map(\.key)) }
                if !seen!.insert(key).inserted { throw JSONError(offset: keyAt, reason: "duplicate key \"\(key)\"") }
            }
            skipWS()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            i += 1
            skipWS()
            let v = try value(depth: depth)
            members.append(JSON.Member(key, v))
            skipWS()
            guard i < buf.count else { throw fail("unexpected end of input in an object") }
            if buf[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if buf[i] == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            }
            throw fail("expected ',' or '}' in an object")
        }
    }

    mutating func array(depth: Int) throws(JSONError) -> JSON {
        if depth > maxDepth { throw fail("nested deeper than \(maxDepth) levels") }
        i += 1
        var items: [JSON] = []
        skipWS()
        if i < buf.count && buf[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipWS()
            items.append(try value(depth: depth))
            skipWS()
            guard i < buf.count else { throw fail("unexpected end of input in an array") }
            if buf[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if buf[i] == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            }
            throw fail("expected ',' or ']' in an array")
        }
    }

    mutating func number() throws(JSONError) -> String {
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
        return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
    }

    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    mutating func string() throws(JSONError) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes (UTF-8 checked as it goes; the bytes are then the string's).
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            i += c < 0x80 ? 1 : try utf8Sequence()
        }
        var out = Array(buf[start..<i])
        while true {
            guard i < buf.count else { throw fail("unterminated string") }
            let c = buf[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
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
