import TestSupport
import Testing

@testable import ThiduaLog

@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(_ plain: String, _ encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
        #expect(try Base64.decode(String(encoded.filter { $0 != "=" })) == Array(plain.utf8))
    }

    /// The one-pass canonical decoder accepts exactly the texts the general decoder reads
    /// and `encode` writes back unchanged.
    @Test func theCanonicalDecoderAcceptsExactlyWhatEncodesBack() throws {
        var rng = SystemRandomNumberGenerator()
        let chars = Array("AQgw+/-_=Zz09\"é ".utf8)
        for _ in 0..<20_000 {
            let text: [UInt8]
            if Bool.random(using: &rng) {
                var t = Base64.encodeBytes(
                    (0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255) })
                if !t.isEmpty { t[Int.random(in: 0..<t.count, using: &rng)] = chars.randomElement(using: &rng)! }
                text = t
            } else {
                text = (0..<Int.random(in: 0..<9, using: &rng)).map { _ in chars.randomElement(using: &rng)! }
            }
            let general = try? Base64.decode(bytes: text)
            let canonical = general.flatMap { Base64.encodeBytes($0) == text ? $0 : nil }
            #expect(text.withUnsafeBufferPointer { Base64.decodeCanonical($0) } == canonical, "\(text)")
        }
    }

    @Test func acceptsURLSafeAndUnpadded() throws {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf, 0xfe]
        #expect(Base64.encode(bytes) == "+/+//g==")
        #expect(try Base64.decode("-_-__g") == bytes)
        #expect(try Base64.decode("-_-__g==") == bytes)
    }

    @Test(arguments: [
        ("+/-_", Base64.DecodingError.mixedAlphabets),
        ("Zm9v!", .invalidCharacter(offset: 4)),
        ("Z", .badLength(1)),
        ("Zg=", .badPadding),
        ("Zg===", .badPadding),
        ("Zh==", .nonZeroTrailingBits),
        ("Zm 9v", .invalidCharacter(offset: 2)),
    ])
    func rejects(_ text: String, _ error: Base64.DecodingError) {
        #expect(throws: error) { try Base64.decode(text) }
    }
}

@Suite struct JSONTests {
    @Test func keepsNumbersAsWrittenAndOrder() throws {
        let v = try JSON.parse(#"{"b": 23270.32, "a": [1, -0.5e3, true, null], "tên": "Điện Biên Phủ"}"#)
        #expect(v["b"] == .number("23270.32"))
        #expect(v["a"] == .array([.number("1"), .number("-0.5e3"), .bool(true), .null]))
        #expect(v["tên"]?.stringValue == "Điện Biên Phủ")
        #expect(JSONWriter.string(v) == #"{"b":23270.32,"a":[1,-0.5e3,true,null],"tên":"Điện Biên Phủ"}"#)
    }

    @Test func decodesEscapes() throws {
        let v = try JSON.parse(#""a\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00""#)
        #expect(v.stringValue == "a\"\\/\u{08}\u{0C}\n\r\tAé😀")
        #expect(try JSON.parse(JSONWriter.write(v)) == v)
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate key \"a\""),
        (#"{"a":1} x"#, "unexpected content after the JSON value"),
        ("[01]", "number has a leading zero"),
        (#""\ud800""#, "lone high surrogate in \\u escape"),
        (#""\udc00""#, "lone low surrogate in \\u escape"),
        ("\"a\u{01}\"", "control character \\x01 inside a string must be escaped"),
        ("[1,]", "unexpected character ']'"),
        ("{\"a\" 1}", "expected ':' after a key"),
        ("\"abc", "unterminated string"),
        ("nul", "unexpected end of input"),
        (#""\x""#, "unknown escape '\\x'"),
        ("1.", "expected a digit after '.'"),
    ])
    func rejectsMalformed(_ text: String, _ reason: String) {
        do {
            _ = try JSON.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test(
        arguments: [
            [0x22, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22],
            [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
        ] as [[UInt8]])
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(throws: JSONError.self) { try JSON.parse(bytes) }
    }

    /// Strings are scanned eight bytes at a time while plain ASCII: a quote, a backslash,
    /// a control character or a non-ASCII byte at any place in or across the words
    /// reads as when scanned byte by byte (the string ends there, the escape decodes,
    /// the error names that offset, the UTF-8 letter is kept).
    @Test func aSpecialByteAtAnyPlaceOfTheWordIsSeen() throws {
        for before in 0..<20 {
            let lead = String(repeating: "a", count: before)
            let tail = String(repeating: "b", count: 11)
            let text = "\"" + lead + "\\n" + tail + "\""
            #expect(try JSON.parse(text).stringValue == lead + "\n" + tail, "escape after \(before)")
            let viet = "\"" + lead + "Thi đua" + tail + "\""
            #expect(try JSON.parse(viet).stringValue == lead + "Thi đua" + tail, "UTF-8 after \(before)")
            let early = "[\"" + lead + "\"," + "\"" + tail + "\"]"
            #expect(try JSON.parse(early) == .array([.string(lead), .string(tail)]), "quote after \(before)")
            for control: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x1F] {
                let bytes = Array(("\"" + lead).utf8) + [control] + Array((tail + "\"").utf8)
                let reason = String(format: "control character \\x%02x inside a string must be escaped", control)
                #expect(throws: JSONError(offset: before + 1, reason: reason)) { try JSON.parse(bytes) }
            }
            let invalid = Array(("\"" + lead).utf8) + [0xC3, 0x28] + Array((tail + "\"").utf8)
            #expect(throws: JSONError.self) { try JSON.parse(invalid) }
            // 0x20 and 0x7F are ordinary characters.
            #expect(try JSON.parse("\"" + lead + " \u{7F}" + tail + "\"").stringValue == lead + " \u{7F}" + tail)
        }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONError(offset: 64, reason: "nested deeper than 64 levels")) { try JSON.parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSON.parse(ok) }
        // A hostile depth never reaches the stack limit.
        let huge = String(repeating: "[", count: 1_000_000)
        #expect(throws: JSONError.self) { try JSON.parse(huge) }
    }
}

/// The tape is what `JSON.parse` reads first; its readers answer as the tree does.
@Suite struct JSONTapeTests {
    @Test func readsMembersItemsAndValuesInPlace() throws {
        let t = try JSONTape.parse(
            Array(#"{"b": 23270.32, "a": [1, -0.5e3, true, null, {}], "tên": "Điện Biên Phủ", "n": -42}"#.utf8))
        #expect(t.kind(JSONTape.root) == .object)
        let a = try #require(t.member(JSONTape.root, "a"))
        #expect(t.items(a).map { t.json($0) } == [.number("1"), .number("-0.5e3"), .bool(true), .null, .object([])])
        #expect(t.numberText(try #require(t.member(JSONTape.root, "b"))) == "23270.32")
        #expect(t.string(try #require(t.member(JSONTape.root, "tên"))) == "Điện Biên Phủ")
        #expect(t.int(try #require(t.member(JSONTape.root, "n"))) == -42)
        #expect(t.int(try #require(t.member(JSONTape.root, "b"))) == nil)
        #expect(t.member(JSONTape.root, "c") == nil && t.member(a, "b") == nil)
        #expect(t.members(JSONTape.root).map(\.key) == ["b", "a", "tên", "n"])
        #expect(t.json() == (try JSON.parse(t.bytes)))
        #expect(t.typeName(a) == "an array" && t.bool(t.items(a)[2]) == true)
    }

    /// A key written with escapes is the same key: found by its decoded name, and a
    /// duplicate of the plain one (below and beyond the 16 members read linearly).
    @Test func aKeyWithEscapesIsTheSameKey() throws {
        let t = try JSONTape.parse(Array(#"{"\u0075nit": "u1", "x\"y": 1}"#.utf8))
        #expect(t.string(try #require(t.member(JSONTape.root, "unit"))) == "u1")
        #expect(t.member(JSONTape.root, "x\"y") != nil)
        #expect(throws: JSONError(offset: 7, reason: "duplicate key \"a\"")) {
            try JSONTape.parse(Array(#"{"a":1,"\u0061":2}"#.utf8))
        }
        let many = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(throws: JSONError.self) { try JSONTape.parse(Array("{\(many),\"k\\u0031\":0}".utf8)) }
        #expect(throws: Never.self) { try JSONTape.parse(Array("{\(many),\"k\\u0031x\":0}".utf8)) }
    }

    /// A string value compared in place is compared once its escapes are decoded; a value
    /// of another kind is never equal to a string.
    @Test func aStringValueIsComparedAsDecoded() throws {
        let t = try JSONTape.parse(Array(#"{"a": "d\u0065mo/2025", "b": "demo", "c": 1, "d": "Điện", "e": ""}"#.utf8))
        let n = try ["a", "b", "c", "d", "e"].map { try #require(t.member(JSONTape.root, $0)) }
        let (a, b, c, d, e) = (n[0], n[1], n[2], n[3], n[4])
        #expect(t.isString(a, "demo/2025"))
        #expect(!t.isString(a, "d\\u0065mo/2025") && !t.isString(a, "demo/2026"))
        #expect(t.isString(b, "demo") && !t.isString(b, "dem") && !t.isString(b, "demos"))
        #expect(!t.isString(c, "1") && !t.isString(JSONTape.root, "demo"))
        #expect(t.isString(d, "Điện") && !t.isString(d, "Dien"))
        #expect(t.isString(e, "") && !t.isString(e, " "))
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2025-02-01T08:00:00+07:00", "2025-02-01T01:00:00.000Z"),
        ("2025-02-01T01:02:03.000Z", "2025-02-01T01:02:03.000Z"),
        ("2024-02-29T23:59:59.9999-00:30", "2024-03-01T00:29:59.999Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"),
        ("2025-12-31t16:59:59.5z", "2025-12-31T16:59:59.500Z"),
    ])
    func parsesRFC3339(_ text: String, _ utc: String) throws {
        #expect(Timestamp(rfc3339: text)?.receivedAtText == utc)
    }

    @Test(arguments: [
        "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-02-01T24:00:00Z", "2025-02-01T00:00:60Z",
        "2025-02-01 00:00:00Z", "2025-02-01T00:00:00", "2025-02-01T00:00:00+0700", "2025-02-01T00:00:00.Z",
    ])
    func rejects(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func receivedAtFormIsExact() {
        #expect(Timestamp(receivedAt: "2025-02-01T01:02:03.000Z") != nil)
        #expect(Timestamp(receivedAt: "2025-02-01T01:02:03Z") == nil)
        #expect(Timestamp(receivedAt: "2025-02-01T08:02:03.000+07:00") == nil)
    }

    /// The texts written byte by byte read back to the same moment, and the date is their
    /// first ten characters (outside years 0…9999 the general writer is used, and the date
    /// is what comes before the "T").
    @Test func writtenTextsReadBack() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let t = Timestamp(millis: Int64.random(in: -62_167_219_200_000..<253_402_300_800_000, using: &rng))
            #expect(Timestamp(receivedAt: t.receivedAtText) == t, "\(t.millis)")
            #expect(t.dateText == String(t.receivedAtText.prefix(10)))  // years 0…9999
        }
        #expect(Timestamp(millis: 0).receivedAtText == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millis: 253_402_300_799_999).receivedAtText == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(millis: 253_402_300_800_000).dateText == "10000-01-01")
    }
}

/// The Codable bridge a saved projection state is written with.
@Suite struct JSONValueCoderTests {
    enum Shape: Codable, Equatable {
        case point
        case circle(radius: Double)
        case named(String, sides: Int?)
    }
    struct Sample: Codable, Equatable {
        var name = "Phường Điện Biên Phủ"
        var count: Int = -42
        var big: Int64 = .max
        var small: UInt8 = 255
        var ratio = 0.1
        var flag = true
        var missing: String? = nil
        var byNumber: [Int: String] = [3: "ba", 1: "một", 20: "hai mươi"]
        var byName: [String: [Int]] = ["z": [1], "a": [], "m": [2, 3]]
        var shapes: [Shape] = [.point, .circle(radius: 2.5), .named("tam giác", sides: 3), .named("?", sides: nil)]
        var when = Timestamp(millis: 1_751_328_000_000)
    }

    @Test func roundTripsEveryKindOfValueExactly() throws {
        let v = Sample()
        let json = try JSONValueEncoder.encode(v)
        #expect(try JSONValueDecoder.decode(Sample.self, from: json) == v)
        #expect(try JSONValueDecoder.decode(Sample.self, from: JSON.parse(JSONWriter.write(json))) == v)
    }

    /// Members sorted by name: the same value, built in any order, gives the same bytes.
    @Test func equalValuesGiveEqualBytes() throws {
        var a = Sample()
        var b = Sample()
        a.byName = [:]
        b.byName = [:]
        for k in (0..<50).map({ "k\($0)" }) { a.byName[k] = [1] }
        for k in (0..<50).map({ "k\($0)" }).reversed() { b.byName[k] = [1] }
        #expect(JSONWriter.write(try JSONValueEncoder.encode(a)) == JSONWriter.write(try JSONValueEncoder.encode(b)))
        let text = JSONWriter.string(try JSONValueEncoder.encode(Sample()))
        #expect(text.hasPrefix(#"{"big":9223372036854775807,"byName":{"a":[],"m":[2,3],"z":[1]},"byNumber":{"1":"#))
    }

    /// Wrong types, numbers out of range, missing members: errors, never traps.
    @Test func wrongInputIsAnErrorNotATrap() throws {
        let good = try JSONValueEncoder.encode(Sample())
        guard case .object(let members) = good else {
            Issue.record("not an object")
            return
        }
        func with(_ key: String, _ value: JSON?) -> JSON {
            .object(members.compactMap { $0.key == key ? value.map { JSON.Member(key, $0) } : $0 })
        }
        for bad in [
            with("small", .number("256")), with("count", .number("1.5")), with("count", .string("1")),
            with("big", .number("9223372036854775808")), with("flag", .number("1")), with("name", nil),
            with("shapes", .array([.string("square")])), with("byNumber", .object([.init("x", .string("?"))])),
            with("when", .string("today")), with("byName", .array([])), with("shapes", .object([])),
            with("byName", .object([.init("a", .object([]))])), .array([]), .null,
        ] {
            #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Sample.self, from: bad) }
        }
        // The error says where: the path of keys down to the value.
        let nested = with("byName", .object([.init("a", .array([.number("1"), .string("2")]))]))
        do {
            _ = try JSONValueDecoder.decode(Sample.self, from: nested)
            Issue.record("accepted a string in [Int]")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["byName", "a"])
        }
    }

    /// A type that reads itself from the tape (as a saved ledger does), member by member.
    struct Tally: JSONTapeDecodable, Equatable {
        var byName: [String: [Int: String]] = [:]
        init(_ v: TapeValue) throws {
            try v.member("byName").forEachMember { name, items in
                var pairs: [Int: String] = [:]
                try items.forEachItem { item in
                    let (n, text) = try item.pairValues()
                    pairs[try n.int()] = try text.string()
                }
                byName[name] = pairs
            }
        }
    }

    /// `TapeValue.int()` reads digits from the text's bytes: it takes every number the
    /// general decoder takes, as the same value, and refuses every one it refuses. A value
    /// read member by member says where it is wrong, as the general decoder does.
    @Test func aTypeReadFromTheTapeReadsWhatTheDecoderReads() throws {
        struct One: JSONTapeDecodable {
            let n: Int
            init(_ v: TapeValue) throws { n = try v.int() }
        }
        for text in [
            "0", "-0", "7", "-12", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999", "1.0", "1e3", "-1.5e-3", "\"1\"", "true", "null", "[1]",
        ] {
            let bytes = Array(text.utf8)
            let general = try? JSONValueDecoder.decode(Int.self, from: bytes)
            let fast = try? JSONValueDecoder.read(One.self, from: bytes).n
            #expect(general == fast, "\(text)")
        }
        #expect(try JSONValueDecoder.read(One.self, from: Array("-9223372036854775808".utf8)).n == .min)
        let good = #"{"byName":{"Điện Biên":[[1,"một"],[-2,"hai"]],"b":[]}}"#
        #expect(
            try JSONValueDecoder.read(Tally.self, from: Array(good.utf8)).byName == [
                "Điện Biên": [1: "một", -2: "hai"], "b": [:],
            ])
        for (bad, path) in [
            (#"{"byName":{"a":[[1,"x"],["2","y"]]}}"#, ["byName", "a"]),
            (#"{"byName":{"a":[[1,"x"],[2,3]]}}"#, ["byName", "a"]),
            (#"{"byName":{"a":[[1]]}}"#, ["byName", "a"]),
            (#"{"byName":{"a":{}}}"#, ["byName", "a"]),
            (#"{"byName":[]}"#, ["byName"]),
            (#"{"name":{}}"#, []),
        ] {
            do {
                _ = try JSONValueDecoder.read(Tally.self, from: Array(bad.utf8))
                Issue.record("accepted \(bad)")
            } catch DecodingError.typeMismatch(_, let context) {
                #expect(context.codingPath.map(\.stringValue) == path, "\(bad)")
            } catch DecodingError.keyNotFound(let key, let context) {
                #expect(key.stringValue == "byName" && context.codingPath.isEmpty, "\(bad)")
            }
        }
    }
}
