/// An exact rational number, for indicator values and the formulas of domain.md.
/// No binary floating point anywhere near a score.
///
/// Values enter as decimal text (JSON numbers are kept as written) and scores leave as
/// `Points`, rounded once per criterion. 128-bit parts, reduced after every operation;
/// values seen in emulation (billions of đồng with two decimals, ratios of them) stay far
/// inside that range.
public struct Fraction: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let num: Int128
    public let den: Int128

    public init(_ num: Int128, _ den: Int128 = 1) {
        precondition(den != 0, "zero denominator")
        let g = Fraction.gcd(num < 0 ? -num : num, den < 0 ? -den : den)
        let s: Int128 = den < 0 ? -1 : 1
        self.num = s * num / max(g, 1)
        self.den = s * den / max(g, 1)
    }

    public init(_ n: Int) { self.init(Int128(n)) }

    /// Parses a plain decimal: `-12`, `23270.32`, `0.5`. No exponent, at most 18 decimals.
    public init?(decimal text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }), whole.count <= 24 else { return nil }
        var n = Int128(whole)!
        var d: Int128 = 1
        if parts.count == 2 {
            let frac = parts[1]
            guard !frac.isEmpty, frac.count <= 18, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            for ch in frac {
                n = n * 10 + Int128(ch.wholeNumberValue!)
                d *= 10
            }
        }
        self.init(negative ? -n : n, d)
    }

    public static let zero = Fraction(0)
    public static let one = Fraction(1)

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    public static func + (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den + b.num * a.den, a.den * b.den) }
    public static func - (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den - b.num * a.den, a.den * b.den) }
    public static func * (a: Fraction, b: Fraction) -> Fraction {
        let g1 = gcd(abs(a.num), b.den), g2 = gcd(abs(b.num), a.den)
        return Fraction((a.num / max(g1, 1)) * (b.num / max(g2, 1)), (a.den / max(g2, 1)) * (b.den / max(g1, 1)))
    }
    /// Division; the caller checks for zero (precondition).
    public static func / (a: Fraction, b: Fraction) -> Fraction {
        precondition(b.num != 0, "division by zero")
        return a * Fraction(b.den, b.num)
    }
    public static func < (a: Fraction, b: Fraction) -> Bool { a.num * b.den < b.num * a.den }

    public var isZero: Bool { num == 0 }

    /// Rounds to `places` decimals, half away from zero, as an integer count of 10^-places.
    public func rounded(places: Int) -> Int128 {
        var scale: Int128 = 1
        for _ in 0..<places { scale *= 10 }
        let n = num * scale
        let q = n / den, r = n % den
        if abs(r) * 2 >= den { return n < 0 ? q - 1 : q + 1 }
        return q
    }

    /// Plain decimal text, at most `maxPlaces` decimals (rounded half away from zero), no
    /// trailing zeros: `23270.32`, `8.81`, `2630`.
    public func decimalText(maxPlaces: Int = 6) -> String {
        let r = rounded(places: maxPlaces)
        var scale: Int128 = 1
        for _ in 0..<maxPlaces { scale *= 10 }
        let sign = r < 0 ? "-" : ""
        let whole = abs(r) / scale
        var frac = String(abs(r) % scale)
        frac = String(repeating: "0", count: maxPlaces - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return sign + String(whole) + (frac.isEmpty ? "" : "." + frac)
    }

    public var description: String { decimalText() }
}

/// Points of a score: an exact count of hundredths. Every criterion score is computed as
/// a `Fraction` and rounded once to 0.01 point, half away from zero; totals, bonuses and
/// deductions add these rounded values exactly.
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hundredths: Int64
    public init(hundredths: Int64) { self.hundredths = hundredths }
    public init(_ f: Fraction) { hundredths = Int64(f.rounded(places: 2)) }
    public static let zero = Points(hundredths: 0)
    public static func + (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths + b.hundredths) }
    public static func - (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths - b.hundredths) }
    public static func < (a: Points, b: Points) -> Bool { a.hundredths < b.hundredths }
    public var fraction: Fraction { Fraction(Int128(hundredths), 100) }
    /// `12.50`: the form used in JSON and CSV output.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let a = abs(hundredths)
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
        if s.hasPrefix("-") { sign = "-"; s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1)
        let whole = String(parts[0])
        let (group, point) = self == .vi ? (".", ",") : (",", ".")
        var grouped = ""
        for (k, ch) in whole.enumerated() {
            if k > 0 && (whole.count - k) % 3 == 0 { grouped += group }
            grouped.append(ch)
        }
        return sign + grouped + (parts.count == 2 ? point + parts[1] : "")
    }

    public func points(_ p: Points) -> String { number(p.description) }
    public func value(_ f: Fraction) -> String { number(f.decimalText(maxPlaces: 4)) }
}
