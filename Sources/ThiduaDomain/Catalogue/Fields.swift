import ThiduaLog

/// Why a payload (or a rubric file) is not a valid event of the emulation catalogue.
public struct DomainError: Error, Equatable, CustomStringConvertible {
    /// What kind of mistake, for programs (and the HTTP status: all are 422).
    public enum Code: String, Sendable {
        /// A required field is missing or empty.
        case missingField
        /// A field has the wrong JSON type or form (a number written as a string, a bad date).
        case invalidField
        /// A field the event does not define (often a typo: the message suggests the name).
        case unknownField
        /// A number outside the range Events/README.md gives for the field.
        case outOfRange
        /// A value that contradicts another in the same payload or file (sums, duplicates).
        case inconsistent
        /// An event type the catalogue does not have.
        case unknownType
    }

    public let code: Code
    /// Where in the payload, e.g. `RubricPublished.file.bands[0].floorPercnt`.
    public let path: String
    public let message: String
    /// The same in Vietnamese, where it has been written.
    public let vi: String?

    public static func == (a: DomainError, b: DomainError) -> Bool {
        a.code == b.code && a.path == b.path && a.message == b.message
    }

    public init(_ code: Code, _ path: String, _ message: String, vi: String? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.vi = vi
    }

    public var description: String { message }
}

/// How strictly a payload is read.
///
/// - `lenient`: how `thidua-emulation/1` admitted entries (kept so that its logs verify
///   exactly as they always did).
/// - `fold`: what the projections read: ranges checked, so no number can hurt the
///   arithmetic; unknown fields ignored.
/// - `strict`: `thidua-emulation/2`: unknown fields, numbers written as strings and
///   numbers out of range are refused.
public struct ReadingMode: Sendable, Equatable {
    public var unknownFields: Bool
    public var strictTypes: Bool
    public var ranges: Bool

    public static let lenient = ReadingMode(unknownFields: false, strictTypes: false, ranges: false)
    public static let fold = ReadingMode(unknownFields: false, strictTypes: false, ranges: true)
    public static let strict = ReadingMode(unknownFields: true, strictTypes: true, ranges: true)
}

/// A range of decimal numbers (Events/README.md, "Numbers"): at most `wholeDigits`
/// digits before the point and `decimals` after, within [min, max].
public struct DecimalRange: Sendable {
    public let wholeDigits: Int
    public let decimals: Int
    public let min: Fraction?
    public let max: Fraction?
    public let text: String
    public let vi: String

    /// Indicator values and targets, appraised values: |x| < 10^12, at most 4 decimals.
    public static let value = DecimalRange(
        wholeDigits: 12, decimals: 4, min: nil, max: nil,
        text: "at most 12 digits before the point and 4 after",
        vi: "tối đa 12 chữ số phần nguyên và 4 chữ số thập phân")
    /// Points given by people (self scores, bonuses, deductions, appraised points): 0 to 1,000.
    public static let points = DecimalRange(
        wholeDigits: 4, decimals: 2, min: .zero, max: Fraction(1000),
        text: "between 0 and 1000, at most 2 decimals", vi: "từ 0 đến 1000, tối đa 2 chữ số thập phân")
    /// Points of one criterion, item or cap of a rubric.
    public static let criterionPoints = points
    /// An appraised `done`: 0 (not done) or 1 (done).
    public static let done = DecimalRange(
        wholeDigits: 1, decimals: 0, min: .zero, max: .one, text: "0 or 1", vi: "0 hoặc 1")
    /// An appraised `count` of items.
    public static let count = DecimalRange(
        wholeDigits: 7, decimals: 0, min: .zero, max: Fraction(1_000_000),
        text: "a whole number between 0 and 1000000", vi: "số nguyên từ 0 đến 1000000")
    /// Points of a rubric (group max, band minimum totals).
    public static let rubricPoints = DecimalRange(
        wholeDigits: 5, decimals: 2, min: .zero, max: Fraction(10_000),
        text: "between 0 and 10000, at most 2 decimals", vi: "từ 0 đến 10000, tối đa 2 chữ số thập phân")
    /// A percentage of a rubric (floors, quotas).
    public static let percent = DecimalRange(
        wholeDigits: 3, decimals: 2, min: .zero, max: Fraction(100),
        text: "between 0 and 100, at most 2 decimals", vi: "từ 0 đến 100, tối đa 2 chữ số thập phân")
    /// A ratio of a rubric (lowerIsBetterZeroRatio).
    public static let ratio = DecimalRange(
        wholeDigits: 4, decimals: 2, min: Fraction(1), max: Fraction(1000),
        text: "between 1 and 1000, at most 2 decimals", vi: "từ 1 đến 1000, tối đa 2 chữ số thập phân")
}

/// Ranges of whole numbers (Events/README.md, "Numbers").
public enum IntRange {
    public static let count: ClosedRange<Int> = 1...1_000_000
    public static let people: ClosedRange<Int> = 0...1_000_000
    public static let round: ClosedRange<Int> = 1...100
    public static let targetNumber: ClosedRange<Int> = 1...10_000
    public static let version: ClosedRange<Int> = 1...1_000_000
    public static let size: ClosedRange<Int> = 1...(1 << 53)
}

/// Reads an event's fields from its JSON, with errors that name the event and the field.
///
/// Every field a decoder asks for (present or not) is remembered; `finish()` then refuses,
/// in `strict` mode, any field of the payload nobody asked for, suggesting the closest
/// name that was asked for ("floorPercnt: unknown field; did you mean floorPercent?").
final class Fields {
    /// The payload (or file), read once; this object is its node `node`.
    let tape: JSONTape
    let node: Int
    let mode: ReadingMode
    /// In strict mode, the names asked for (for messages: an unknown field's hint and the
    /// list of known ones), and which members of the object were found by them.
    private(set) var asked: [String] = []
    private var found = MemberMarks()
    private(set) var children: [Fields] = []
    /// The payload's path, or the path of the object this one is a member of.
    private let base: String
    /// The member of `base` this object is (and its item when the member is an array):
    /// the path is made from them only when a message names it (a replay reads an array
    /// in nearly every payload, and making each item's path cost 1.3 % of its instructions).
    private let member: (key: String, item: Int?)?

    /// Where this object is in its payload (`TaskCompleted.evidence[0]`), for messages.
    var path: String {
        guard let (key, item) = member else { return base }
        return item.map { "\(base).\(key)[\($0)]" } ?? "\(base).\(key)"
    }

    init(_ tape: JSONTape, _ path: String, mode: ReadingMode, node: Int = JSONTape.root) {
        self.tape = tape
        self.node = node
        self.base = path
        self.member = nil
        self.mode = mode
    }

    private init(_ parent: Fields, node: Int, key: String, item: Int?) {
        tape = parent.tape
        self.node = node
        base = parent.path
        member = (key, item)
        mode = parent.mode
    }

    /// The fields of a value built in memory (a form's, a typed command's): written as
    /// JSON and read back, as a payload would be.
    convenience init(_ json: JSON, _ path: String, mode: ReadingMode) throws(DomainError) {
        self.init(try Fields.parse(JSONWriter.write(json), path), path, mode: mode)
    }

    /// A JSON text read for its fields; not JSON is an invalid `path`, saying why.
    static func parse(_ bytes: [UInt8], _ path: String) throws(DomainError) -> JSONTape {
        do { return try JSONTape.parse(bytes) } catch {
            throw DomainError(.invalidField, path, "\(path) is not valid JSON: \(error)")
        }
    }

    /// An object read below this one; kept only where `finish` refuses unknown fields.
    private func child(_ node: Int, _ key: String, item: Int? = nil) -> Fields {
        let f = Fields(self, node: node, key: key, item: item)
        if mode.unknownFields { children.append(f) }
        return f
    }

    /// The node of field `k`; the fields read are remembered only where unknown ones are
    /// refused (a replay reads millions of payloads and never needs them), as the member's
    /// place (a set of the names asked cost an audit 1.7 % of its time: a hash for each
    /// name asked, and again for each member when `finish` looked it up).
    private func value(_ k: String) -> Int? {
        guard mode.unknownFields else { return tape.member(node, k) }
        asked.append(k)
        guard let (i, v) = tape.memberAt(node, k) else { return nil }
        found.mark(i)
        return v
    }

    /// Marks fields as known without reading them (e.g. the header every payload carries).
    func allow(_ keys: [String]) {
        guard mode.unknownFields else { return }
        for k in keys { _ = value(k) }
    }

    func has(_ k: String) -> Bool { present(k) != nil }

    /// The node of field `k` when it is present and not null.
    private func present(_ k: String) -> Int? {
        guard let v = value(k), tape.kind(v) != .null else { return nil }
        return v
    }

    /// Refuses unknown fields here and in every object read below (strict mode only).
    func finish() throws(DomainError) {
        guard mode.unknownFields else { return }
        // The first member no name asked for found, in document order.
        var unknown: String? = nil
        var i = 0
        tape.forEachKey(node) { key, _ in
            if unknown == nil && !found.contains(i) { unknown = String(decoding: key, as: UTF8.self) }
            i += 1
        }
        if let key = unknown {
            let names = Set(asked)
            let hint = Fields.closest(key, among: names).map { "; did you mean \($0)?" } ?? ""
            let known = names.sorted().joined(separator: ", ")
            let goi = Fields.closest(key, among: names).map { "; có phải là \($0)?" } ?? ""
            throw DomainError(
                .unknownField, "\(path).\(key)",
                "\(path).\(key): unknown field\(hint) (\(path) has: \(known))",
                vi: "\(path).\(key): không có trường này\(goi) (\(path) có: \(known))")
        }
        for c in children { try c.finish() }
    }

    /// The name in `candidates` within a small edit distance of `word`, if any.
    static func closest(_ word: String, among candidates: some Sequence<String>) -> String? {
        Suggest.closest(word, among: candidates)
    }

    private func missing(_ k: String, _ what: String) -> DomainError {
        let vi = Fields.vietnameseKinds[what] ?? what
        return DomainError(
            .missingField, "\(path).\(k)", "\(path) needs \"\(k)\" (\(what))", vi: "\(path) thiếu \"\(k)\" (\(vi))")
    }

    /// The kinds of value `missing` names, in Vietnamese.
    static let vietnameseKinds = [
        "a non-empty string": "một chuỗi ký tự không rỗng", "a number": "một số", "a whole number": "một số nguyên",
        "an object": "một đối tượng { … }", "an array": "một danh sách [ … ]",
        "a non-empty array": "một danh sách [ … ] không rỗng",
    ]

    private func invalid(_ k: String, _ message: String, vi: String? = nil) -> DomainError {
        DomainError(.invalidField, "\(path).\(k)", "\(path).\(k) \(message)", vi: vi.map { "\(path).\(k) \($0)" })
    }

    func string(_ k: String) throws(DomainError) -> String {
        guard let v = present(k) else { throw missing(k, "a non-empty string") }
        guard let s = tape.string(v) else {
            throw invalid(
                k, "is \(tape.typeName(v)); write it as a string in quotes", vi: "phải là chuỗi ký tự trong ngoặc kép")
        }
        guard !s.isEmpty else { throw missing(k, "a non-empty string") }
        return s
    }

    func optString(_ k: String) throws(DomainError) -> String? {
        guard has(k) else { return nil }
        return try string(k)
    }

    /// An id of a unit, group, criterion …: 1–64 of `[A-Za-z0-9._:-]` (the event-id alphabet).
    func id(_ k: String) throws(DomainError) -> String {
        let s = try string(k)
        guard Payload.isValidID(s) else {
            throw invalid(
                k, "\"\(s.prefix(80))\" must be 1–64 characters of A–Z a–z 0–9 . _ : -",
                vi: "\"\(s.prefix(80))\" phải gồm 1–64 ký tự A–Z a–z 0–9 . _ : - (không dấu, không khoảng trắng)")
        }
        return s
    }

    /// A decimal given as a JSON number (or, when not strict, a string of digits), kept
    /// exact; in range when the mode checks ranges.
    func decimal(_ k: String, _ range: DecimalRange) throws(DomainError) -> Fraction {
        guard let v = present(k) else { throw missing(k, "a number") }
        // Read from its bytes: the text is made only to say what is wrong with it.
        let read: (wholeDigits: Int, decimals: Int, value: Result<Fraction, ArithmeticError>)??
        switch tape.kind(v) {
        case .number: read = tape.withNumberBytes(v, DecimalText.read)
        case .string where !mode.strictTypes: read = tape.withStringBytes(v, DecimalText.read)
        case .string:
            let s = tape.string(v) ?? ""
            throw invalid(
                k, "is the string \"\(s.prefix(40))\"; write the number without quotes",
                vi: "là chuỗi \"\(s.prefix(40))\"; viết số không có ngoặc kép")
        default:
            throw invalid(
                k, "is \(tape.typeName(v)); write a number such as 23270.32", vi: "phải là một số, ví dụ 23270.32")
        }
        var text: String { tape.numberText(v) ?? tape.string(v) ?? "" }
        guard let d = read ?? nil else {
            throw invalid(
                k, "is \(text.prefix(60)); write a plain decimal such as 23270.32 (no exponent)",
                vi: "là \(text.prefix(60)); viết số thập phân thường, ví dụ 23270.32")
        }
        if mode.ranges {
            guard d.wholeDigits <= range.wholeDigits, d.decimals <= range.decimals else {
                throw DomainError(
                    .outOfRange, "\(path).\(k)", "\(path).\(k) is \(text.prefix(60)); it must be \(range.text)",
                    vi: "\(path).\(k) là \(text.prefix(60)); phải \(range.vi)")
            }
        }
        guard case .success(let f) = d.value else {
            throw DomainError(
                .outOfRange, "\(path).\(k)",
                "\(path).\(k) is \(text.prefix(60)), too large to compute with exactly; it must be "
                    + "\(DecimalRange.value.text)"
            )
        }
        if mode.ranges {
            if let lo = range.min, f < lo {
                throw DomainError(
                    .outOfRange, "\(path).\(k)", "\(path).\(k) is \(text); it must be \(range.text)",
                    vi: "\(path).\(k) là \(text); phải \(range.vi)")
            }
            if let hi = range.max, hi < f {
                throw DomainError(
                    .outOfRange, "\(path).\(k)", "\(path).\(k) is \(text); it must be \(range.text)",
                    vi: "\(path).\(k) là \(text); phải \(range.vi)")
            }
        }
        return f
    }

    func optDecimal(_ k: String, _ range: DecimalRange) throws(DomainError) -> Fraction? {
        has(k) ? try decimal(k, range) : nil
    }

    func int(_ k: String, _ range: ClosedRange<Int>) throws(DomainError) -> Int {
        guard let v = present(k) else { throw missing(k, "a whole number") }
        if let s = tape.string(v) {
            throw invalid(k, "is the string \"\(s.prefix(40))\"; write the number without quotes")
        }
        guard let n = tape.int(v) else {
            throw invalid(k, "must be a whole number between \(range.lowerBound) and \(range.upperBound)")
        }
        if mode.ranges && !range.contains(n) {
            throw DomainError(
                .outOfRange, "\(path).\(k)",
                "\(path).\(k) is \(n); it must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return n
    }

    /// A calendar date `YYYY-MM-DD` (Vietnam local time, where dates are compared).
    func date(_ k: String) throws(DomainError) -> String {
        let s = try string(k)
        guard Timestamp(date: s) != nil else {
            throw invalid(
                k, "\"\(s.prefix(40))\" is not a date YYYY-MM-DD",
                vi: "\"\(s.prefix(40))\" không phải ngày dạng NNNN-TT-NN")
        }
        return s
    }

    func optDate(_ k: String) throws(DomainError) -> String? { has(k) ? try date(k) : nil }

    func array(_ k: String, allowEmpty: Bool = false) throws(DomainError) -> [Fields] {
        guard let v = present(k) else { throw missing(k, allowEmpty ? "an array" : "a non-empty array") }
        guard tape.kind(v) == .array else { throw invalid(k, "is \(tape.typeName(v)); write an array [ … ]") }
        let count = tape.count(v)
        guard allowEmpty || count > 0 else { throw missing(k, "a non-empty array") }
        // Each item's object made straight into the list (no list of nodes first).
        var out: [Fields] = []
        out.reserveCapacity(count)
        tape.forEachItem(v) { out.append(child($0, k, item: out.count)) }
        return out
    }

    func optArray(_ k: String) throws(DomainError) -> [Fields] { has(k) ? try array(k, allowEmpty: true) : [] }

    func strings(_ k: String) throws(DomainError) -> [String] {
        var out: [String] = []
        for f in try optArray(k) {
            guard let s = tape.string(f.node) else {
                throw DomainError(
                    .invalidField, f.path, "\(f.path) is \(tape.typeName(f.node)); write a string in quotes")
            }
            out.append(s)
        }
        return out
    }

    /// `true` or `false`; `d` when absent.
    func bool(_ k: String, default d: Bool) throws(DomainError) -> Bool {
        guard let v = present(k) else { return d }
        guard let b = tape.bool(v) else { throw invalid(k, "is \(tape.typeName(v)); write true or false") }
        return b
    }

    /// A list of ids (units, groups).
    func ids(_ k: String) throws(DomainError) -> [String] {
        var out: [String] = []
        for (i, s) in try strings(k).enumerated() {
            guard Payload.isValidID(s) else {
                throw DomainError(
                    .invalidField, "\(path).\(k)[\(i)]",
                    "\(path).\(k)[\(i)] \"\(s.prefix(80))\" must be 1–64 characters of A–Z a–z 0–9 . _ : -")
            }
            out.append(s)
        }
        return out
    }

    func object(_ k: String) throws(DomainError) -> Fields {
        guard let v = present(k) else { throw missing(k, "an object") }
        guard tape.kind(v) == .object else { throw invalid(k, "is \(tape.typeName(v)); write an object { … }") }
        return child(v, k)
    }

    func optObject(_ k: String) throws(DomainError) -> Fields? { has(k) ? try object(k) : nil }

    func oneOf(_ k: String, _ allowed: [String], default d: String? = nil) throws(DomainError) -> String {
        if !has(k), let d { return d }
        let s = try string(k)
        guard allowed.contains(s) else {
            let hint = Fields.closest(s, among: allowed).map { "; did you mean \($0)?" } ?? ""
            let goi = Fields.closest(s, among: allowed).map { "; có phải là \($0)?" } ?? ""
            throw invalid(
                k, "is \"\(s.prefix(40))\"\(hint) (use one of: \(allowed.joined(separator: ", ")))",
                vi: "là \"\(s.prefix(40))\"\(goi) (dùng một trong: \(allowed.joined(separator: ", ")))")
        }
        return s
    }

    /// A SHA-256 written as 64 lowercase hex characters.
    func sha256(_ k: String) throws(DomainError) -> String {
        let h = try string(k)
        guard h.utf8.count == 64, h.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw invalid(k, "must be 64 lowercase hex characters (a SHA-256, e.g. from sha256sum)")
        }
        return h
    }
}

/// A period of local dates, both ends included; `to == nil` is open.
public struct DateSpan: Hashable, Sendable, Codable {
    public let from: String
    public let to: String?
    public init(from: String, to: String?) {
        self.from = from
        self.to = to
    }
    public func contains(_ date: String) -> Bool { from <= date && (to.map { date <= $0 } ?? true) }
    public var text: String { "\(from) – \(to ?? "…")" }
}

extension Timestamp {
    /// The calendar date in Vietnam (UTC+7, no daylight saving), where terms and
    /// effective dates are read.
    public var vietnamDate: String { Timestamp(millis: millis + 7 * 3_600_000).dateText }

    /// Days since 1970-01-01 of the calendar date in Vietnam.
    public var vietnamDay: Int64 {
        let local = millis + 7 * 3_600_000
        return local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
    }

    /// Days since 1970-01-01 of a date `YYYY-MM-DD` (nil when it is not one).
    public static func day(of date: String) -> Int64? {
        guard let t = Timestamp(date: date) else { return nil }
        return t.millis >= 0 ? t.millis / 86_400_000 : (t.millis - 86_399_999) / 86_400_000
    }
}

/// Which members of an object were found, by their place: the first 64 in a word, any
/// after them in a list.
struct MemberMarks {
    private var word: UInt64 = 0
    private var more: [Bool] = []

    mutating func mark(_ i: Int) {
        if i < 64 {
            word |= 1 << UInt64(i)
            return
        }
        if more.count <= i - 64 { more += repeatElement(false, count: i - 64 - more.count + 1) }
        more[i - 64] = true
    }

    func contains(_ i: Int) -> Bool { i < 64 ? word & (1 << UInt64(i)) != 0 : i - 64 < more.count && more[i - 64] }
}
