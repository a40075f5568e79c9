import ThiduaLog

/// Why an exact computation has no result: a value outside what 128-bit fractions hold,
/// or a division by zero. Scoring turns it into a data-quality finding; nothing traps.
public enum ArithmeticError: Error, Equatable, Sendable {
    case overflow
    case divisionByZero
}

/// An exact rational number, for indicator values and the formulas of domain.md.
/// No binary floating point anywhere near a score.
///
/// Values enter as decimal text (JSON numbers are kept as written) and scores leave as
/// `Points`, rounded once per criterion. Numerator and denominator are 128-bit and
/// reduced after every operation. Every operation is checked: one whose exact result does
/// not fit throws `ArithmeticError.overflow` instead of trapping. The ranges of
/// Events/README.md keep every in-range formula far inside the limit; comparisons are
/// exact for all values (256-bit cross products).
public struct Fraction: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Reduced; `den > 0`.
    public let num: Int128
    public let den: Int128

    private init(reduced num: Int128, _ den: Int128) {
        self.num = num
        self.den = den
    }

    /// An integer.
    public init(_ n: Int) { self.init(reduced: Int128(n), 1) }

    /// An integer.
    public init(integer n: Int128) { self.init(reduced: n, 1) }

    /// `h / 100`: points as a fraction (never fails: a 64-bit count of hundredths).
    public init(hundredths h: Int64) {
        let g = Int128(Fraction.gcd(UInt128(h.magnitude), 100))
        self.init(reduced: Int128(h) / g, 100 / g)
    }

    /// `num / den`, reduced.
    public static func ratio(_ num: Int128, _ den: Int128) throws(ArithmeticError) -> Fraction {
        guard den != 0 else { throw .divisionByZero }
        // Int128.min has no positive counterpart: refuse it rather than trap on negation.
        guard num != .min, den != .min else { throw .overflow }
        let g = gcd(num.magnitude, den.magnitude)
        let n = g == 1 ? num : divide(num, by: g)
        let d = g == 1 ? den : divide(den, by: g)
        return d < 0 ? Fraction(reduced: -n, -d) : Fraction(reduced: n, d)
    }

    /// `x / g` for a `g` that divides `x`: in 64 bits when both fit (a 128-bit division
    /// is a call that costs several times more), the same quotient either way.
    private static func divide(_ x: Int128, by g: UInt128) -> Int128 {
        let m = x.magnitude
        guard m >> 64 == 0, g >> 64 == 0 else { return x / Int128(g) }
        let q = Int128(UInt64(truncatingIfNeeded: m) / UInt64(truncatingIfNeeded: g))
        return x < 0 ? -q : q
    }

    /// Parses a plain decimal: `-12`, `23270.32`, `0.5`. No exponent, no `+`, no leading
    /// `.`; nil when it is not such a decimal or does not fit 128 bits.
    public init?(decimal text: String) {
        guard let f = try? DecimalText.read(text)?.value.get() else { return nil }
        self = f
    }

    public init(integerLiteral n: Int) { self.init(n) }

    public static let zero = Fraction(0)
    public static let one = Fraction(1)

    /// 10^0 … 10^18, for rounding.
    private static let powersOfTen: [UInt128] = (0...18).map { p in (0..<p).reduce(1) { a, _ in a * 10 } }

    /// The greatest common divisor (1 for two zeros). Euclid's steps in 128 bits while
    /// a value needs them, then in 64 bits.
    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 {
            if a >> 64 == 0 && b >> 64 == 0 {
                return UInt128(gcd64(UInt64(truncatingIfNeeded: a), UInt64(truncatingIfNeeded: b)))
            }
            (a, b) = (b, a % b)
        }
        return a == 0 ? 1 : a
    }

    /// Euclid's steps in 64 bits, for two values not both 0.
    private static func gcd64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    private static func mul(_ a: Int128, _ b: Int128) throws(ArithmeticError) -> Int128 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        guard !o else { throw .overflow }
        return r
    }

    private static func add(_ a: Int128, _ b: Int128) throws(ArithmeticError) -> Int128 {
        let (r, o) = a.addingReportingOverflow(b)
        guard !o else { throw .overflow }
        return r
    }

    /// Whether both fractions' numerators and denominators lie within ±(2^63 − 1), as
    /// every score's do: their products then fit 127 bits and need no overflow check.
    private static func small(_ a: Fraction, _ b: Fraction) -> Bool {
        a.num.magnitude >> 63 == 0 && b.num.magnitude >> 63 == 0 && a.den >> 63 == 0 && b.den >> 63 == 0
    }

    public static func + (a: Fraction, b: Fraction) throws(ArithmeticError) -> Fraction {
        if a.den == b.den { return try ratio(try add(a.num, b.num), a.den) }
        if small(a, b) {
            let (ad, bd) = (Int64(truncatingIfNeeded: a.den), Int64(truncatingIfNeeded: b.den))
            // Both below 2^63, so is their divisor.
            let g = Int64(truncatingIfNeeded: gcd64(ad.magnitude, bd.magnitude))
            let (da, db) = (Int128(ad / g), Int128(bd / g))
            return try ratio(a.num * db + b.num * da, a.den * db)
        }
        // Over the least common denominator, which keeps intermediate values small.
        let g = gcd(a.den.magnitude, b.den.magnitude)
        let da = divide(a.den, by: g)
        let db = divide(b.den, by: g)
        return try ratio(try add(try mul(a.num, db), try mul(b.num, da)), try mul(a.den, db))
    }

    public static func - (a: Fraction, b: Fraction) throws(ArithmeticError) -> Fraction {
        guard b.num != .min else { throw .overflow }
        return try a + Fraction(reduced: -b.num, b.den)
    }

    public static func * (a: Fraction, b: Fraction) throws(ArithmeticError) -> Fraction {
        // Cross-reduce first, so the products are as small as they can be. Both fractions
        // being reduced, n/g1 and d/g2 share no factor with the other's, so the products
        // are the reduced result (Knuth, TAOCP 4.5.1) and the denominator stays positive.
        if small(a, b) {
            let (an, ad) = (Int64(truncatingIfNeeded: a.num), Int64(truncatingIfNeeded: a.den))
            let (bn, bd) = (Int64(truncatingIfNeeded: b.num), Int64(truncatingIfNeeded: b.den))
            // Each divisor of a value below 2^63 is one too (the denominators are not 0).
            let g1 = Int64(truncatingIfNeeded: gcd64(an.magnitude, bd.magnitude))
            let g2 = Int64(truncatingIfNeeded: gcd64(bn.magnitude, ad.magnitude))
            return Fraction(reduced: Int128(an / g1) * Int128(bn / g2), Int128(ad / g2) * Int128(bd / g1))
        }
        let g1 = gcd(a.num.magnitude, b.den.magnitude)
        let g2 = gcd(b.num.magnitude, a.den.magnitude)
        let (n1, d2) = (divide(a.num, by: g1), divide(b.den, by: g1))
        let (n2, d1) = (divide(b.num, by: g2), divide(a.den, by: g2))
        let n = try mul(n1, n2)
        // Int128.min has no positive counterpart (as in `ratio`).
        guard n != .min else { throw .overflow }
        return Fraction(reduced: n, try mul(d1, d2))
    }

    public static func / (a: Fraction, b: Fraction) throws(ArithmeticError) -> Fraction {
        guard b.num != 0 else { throw .divisionByZero }
        // The reciprocal of a reduced fraction is reduced: only its sign moves.
        guard b.num != .min else { throw .overflow }
        return try a * (b.num < 0 ? Fraction(reduced: -b.den, -b.num) : Fraction(reduced: b.den, b.num))
    }

    /// Exact for every pair of values: the cross products are compared at 256 bits.
    public static func < (a: Fraction, b: Fraction) -> Bool {
        if small(a, b) { return a.num * b.den < b.num * a.den }
        let l = a.num.multipliedFullWidth(by: b.den)
        let r = b.num.multipliedFullWidth(by: a.den)
        return l.high != r.high ? l.high < r.high : l.low < r.low
    }

    public var isZero: Bool { num == 0 }
    public var isNegative: Bool { num < 0 }

    /// The whole part, the first `places` decimals and whether the rest rounds the last
    /// one up (half away from zero), by long division: exact for every value.
    private func digits(_ places: Int) -> (negative: Bool, whole: UInt128, decimals: [UInt8], roundUp: Bool) {
        let n = num.magnitude
        let d = den.magnitude
        var r = n % d
        var out: [UInt8] = []
        for _ in 0..<places {
            let (q, rem) = d.dividingFullWidth(r.multipliedFullWidth(by: 10))
            out.append(UInt8(q))
            r = rem
        }
        let twice = r.multipliedFullWidth(by: 2)
        return (num < 0, n / d, out, twice.high > 0 || twice.low >= d)
    }

    /// Rounds to `places` decimals, half away from zero, as an integer count of
    /// 10^-places.
    public func rounded(places: Int) throws(ArithmeticError) -> Int128 {
        // Numerator and denominator in 64 bits (every score): ⌊|num| · 10^places / den⌋,
        // one more when twice the remainder reaches the denominator; one division.
        if (0...18).contains(places), num.magnitude >> 64 == 0, den.magnitude >> 64 == 0 {
            let d = den.magnitude
            let scaled = num.magnitude * Fraction.powersOfTen[places]  // < 2^64 · 10^18 < 2^124
            let (q, r) =
                scaled >> 64 == 0
                ? (
                    UInt128(UInt64(truncatingIfNeeded: scaled) / UInt64(truncatingIfNeeded: d)),
                    UInt128(UInt64(truncatingIfNeeded: scaled) % UInt64(truncatingIfNeeded: d))
                ) : scaled.quotientAndRemainder(dividingBy: d)
            let v = Int128(q) + (2 * r >= d ? 1 : 0)
            return num < 0 ? -v : v
        }
        let (negative, whole, decimals, roundUp) = digits(places)
        guard whole <= UInt128(Int128.max) else { throw .overflow }
        var v = Int128(whole)
        for digit in decimals { v = try Fraction.add(try Fraction.mul(v, 10), Int128(digit)) }
        if roundUp { v = try Fraction.add(v, 1) }
        return negative ? -v : v
    }

    /// Plain decimal text, at most `maxPlaces` decimals (rounded half away from zero), no
    /// trailing zeros: `23270.32`, `8.81`, `2630`. Exact for every value.
    public func decimalText(maxPlaces: Int = 6) -> String {
        var (negative, whole, decimals, roundUp) = digits(maxPlaces)
        if roundUp {
            var k = decimals.count - 1
            while k >= 0 && decimals[k] == 9 {
                decimals[k] = 0
                k -= 1
            }
            if k >= 0 { decimals[k] += 1 } else { whole += 1 }
        }
        while decimals.last == 0 { decimals.removeLast() }
        if whole == 0 && decimals.isEmpty { negative = false }
        let frac = decimals.isEmpty ? "" : "." + String(decoding: decimals.map { $0 + 48 }, as: UTF8.self)
        return (negative ? "-" : "") + String(whole) + frac
    }

    public var description: String { decimalText() }

    /// Exactly `places` decimals, the rest cut off (not rounded): a percentage under a
    /// floor never prints as the floor itself (69,96 % → 69,9 %).
    public func truncatedText(places: Int) -> String {
        let (negative, whole, decimals, _) = digits(places)
        let frac = places == 0 ? "" : "." + String(decoding: decimals.map { $0 + 48 }, as: UTF8.self)
        let zero = whole == 0 && decimals.allSatisfy { $0 == 0 }
        return (negative && !zero ? "-" : "") + String(whole) + frac
    }
}

/// A plain decimal as written, `-?[0-9]+(\.[0-9]+)?`: its digits before and after the
/// point and its exact value, read from its bytes (a payload's number) without making a
/// String. Ranges in Events/README.md are checked on the digit counts, before any
/// arithmetic.
public enum DecimalText {
    /// Whether `text` is a plain decimal.
    public static func isPlain(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { digits($0) != nil }
    }

    /// Where the digits of `-?[0-9]+(\.[0-9]+)?` are in `u`: those before the point
    /// without leading zeros ("0" stays "0"), those after it as written (empty when there
    /// is no point); nil for any other text.
    static func digits(_ u: UnsafeBufferPointer<UInt8>) -> (negative: Bool, whole: Range<Int>, decimals: Range<Int>)? {
        let negative = u.first == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        let start = i
        while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
        guard i > start else { return nil }
        let wholeEnd = i
        var decimals = i..<i
        if i < u.count {
            guard u[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            let f = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            guard i > f, i == u.count else { return nil }
            decimals = f..<i
        }
        var z = start
        while z < wholeEnd - 1, u[z] == 48 { z += 1 }
        return (negative, z..<wholeEnd, decimals)
    }

    /// How many digits a plain decimal has before the point (leading zeros dropped) and
    /// after it, and its exact value or why it has none (a value beyond 128 bits); nil
    /// unless the bytes are a plain decimal.
    public static func read(_ u: UnsafeBufferPointer<UInt8>) -> (
        wholeDigits: Int, decimals: Int, value: Result<Fraction, ArithmeticError>
    )? {
        guard let d = digits(u) else { return nil }
        let value = Result { () throws(ArithmeticError) in
            try fraction(negative: d.negative, u[d.whole], u[d.decimals])
        }
        return (d.whole.count, d.decimals.count, value)
    }

    /// The same, from a text.
    public static func read(_ text: String) -> (
        wholeDigits: Int, decimals: Int, value: Result<Fraction, ArithmeticError>
    )? {
        var copy = text
        return copy.withUTF8 { read($0) }
    }

    /// The value of the digits `whole` then `decimals` over 10^(count of decimals).
    private static func fraction(
        negative: Bool, _ whole: Slice<UnsafeBufferPointer<UInt8>>, _ decimals: Slice<UnsafeBufferPointer<UInt8>>
    ) throws(ArithmeticError) -> Fraction {
        var n: Int128 = 0
        var d: Int128 = 1
        // The digits of the whole part, then of the decimals (no joined copy).
        func append(_ digits: Slice<UnsafeBufferPointer<UInt8>>) throws(ArithmeticError) {
            for c in digits {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                guard !o1 else { throw .overflow }
                let (s, o2) = m.addingReportingOverflow(Int128(c - 48))
                guard !o2 else { throw .overflow }
                n = s
            }
        }
        try append(whole)
        try append(decimals)
        for _ in 0..<decimals.count {
            let (m, o) = d.multipliedReportingOverflow(by: 10)
            guard !o else { throw .overflow }
            d = m
        }
        return try Fraction.ratio(negative ? -n : n, d)
    }
}

/// Points of a score: an exact count of hundredths. Every criterion score is computed as
/// a `Fraction` and rounded once to 0.01 point, half away from zero; totals, bonuses and
/// deductions add these rounded values exactly. A criterion is at most 1,000 points and a
/// rubric has at most 500 criteria (Projections/README.md), so sums stay far inside 64 bits.
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hundredths: Int64
    public init(hundredths: Int64) { self.hundredths = hundredths }
    public init(_ f: Fraction) throws(ArithmeticError) {
        guard let h = Int64(exactly: try f.rounded(places: 2)) else { throw .overflow }
        hundredths = h
    }
    public static let zero = Points(hundredths: 0)
    public static func + (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths + b.hundredths) }
    public static func - (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths - b.hundredths) }
    public static func < (a: Points, b: Points) -> Bool { a.hundredths < b.hundredths }
    public var fraction: Fraction { Fraction(hundredths: hundredths) }
    /// Whether these points are below `f`, exactly, without making (and reducing) their
    /// fraction: h/100 < n/d ⟺ h·d < n·100 (d > 0), in 128 bits when both fit 63.
    public func isBelow(_ f: Fraction) -> Bool {
        guard f.den >> 63 == 0, f.num.magnitude >> 63 == 0 else { return fraction < f }
        return Int128(hundredths) * f.den < f.num * 100
    }
    /// `12.50`: the form used in JSON and CSV output.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let a = hundredths.magnitude
        let c = a % 100
        return "\(sign)\(a / 100).\(c < 10 ? "0" : "")\(c)"
    }
}

/// Number formats of the reports.
public enum Language: String, Sendable, CaseIterable {
    case vi, en

    /// `23.270,32` in Vietnamese, `23,270.32` in English.
    public func number(_ plain: String) -> String {
        var s = Substring(plain)
        var sign = ""
        if s.hasPrefix("-") {
            sign = "-"
            s = s.dropFirst()
        }
        let parts = s.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? "0"
        let (group, point) = self == .vi ? (".", ",") : (",", ".")
        var grouped = ""
        for (k, ch) in whole.enumerated() {
            if k > 0 && (whole.count - k) % 3 == 0 { grouped += group }
            grouped.append(ch)
        }
        return sign + grouped + (parts.count == 2 ? point + parts[1] : "")
    }

    public func points(_ p: Points) -> String { number(p.description) }
    public func value(_ f: Fraction, places: Int = 4) -> String { number(f.decimalText(maxPlaces: places)) }
}

extension Fraction: Codable, JSONTapeDecodable {
    /// Written `num/den` (reduced, `den > 0`): exact at any size.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let f = Fraction(savedText: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a reduced num/den"))
        }
        self = f
    }

    /// The same, read from a saved state's tape directly.
    public init(_ v: TapeValue) throws {
        let text = try v.string()
        guard let f = Fraction(savedText: text) else { throw v.corrupted("\"\(text)\" is not a reduced num/den") }
        self = f
    }

    /// `num/den` as `encode` writes it: each an integer in Int128's range (an optional sign,
    /// ASCII digits), `den > 0`, the numerator already reduced.
    init?(savedText text: String) {
        var text = text
        guard let (n, d) = text.withUTF8({ Fraction.savedParts($0) }), d > 0, let f = try? Fraction.ratio(n, d),
            f.num == n
        else { return nil }
        self = f
    }

    /// The two integers of `num/den`, read as `Int128(_:)` reads each (nil where it would).
    private static func savedParts(_ b: UnsafeBufferPointer<UInt8>) -> (Int128, Int128)? {
        var i = 0
        func integer(upTo end: UInt8?) -> Int128? {
            var negative = false
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
                negative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            var magnitude: UInt128 = 0
            let first = i
            while i < b.count, b[i] != end {
                let digit = b[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt128(digit))
                guard !o1, !o2 else { return nil }
                magnitude = a
                i += 1
            }
            guard i > first else { return nil }
            if negative {
                guard magnitude <= UInt128(Int128.max) + 1 else { return nil }
                return Int128(truncatingIfNeeded: 0 &- magnitude)
            }
            return magnitude <= UInt128(Int128.max) ? Int128(magnitude) : nil
        }
        guard let n = integer(upTo: UInt8(ascii: "/")), i < b.count else { return nil }
        i += 1
        guard let d = integer(upTo: nil), i == b.count else { return nil }
        return (n, d)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(savedText)
    }

    /// `num/den`, as a saved state keeps it.
    var savedText: String { "\(num)/\(den)" }
}
