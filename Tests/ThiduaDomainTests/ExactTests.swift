import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog

@Suite struct ExactTests {
    @Test(arguments: [
        ("23270.32", "23270.32"), ("-0.5", "-0.5"), ("0.10", "0.1"), ("8.81", "8.81"), ("3868370", "3868370"),
    ])
    func parsesDecimalsExactly(_ text: String, _ back: String) throws {
        #expect(try #require(Fraction(decimal: text)).decimalText() == back)
    }

    @Test(arguments: ["1e5", "", ".5", "5.", "1,5", "--1", "0x10", "+1", "1.2.3", "١٢"])
    func refusesWhatIsNotAPlainDecimal(_ text: String) {
        #expect(Fraction(decimal: text) == nil)
    }

    @Test(arguments: [("-0000.50", "-0.5"), ("007", "7"), ("0", "0"), ("-0", "0"), ("0.000", "0")])
    func leadingZerosAndSignsReadAsTheValue(_ text: String, _ back: String) throws {
        #expect(try #require(Fraction(decimal: text)).decimalText() == back)
    }

    @Test(arguments: ["-", "-.5", "1.", "1..2", "1.2.", " 1", "1 ", "1-", "１"])
    func refusesWhatIsNotAPlainDecimalEither(_ text: String) {
        #expect(!DecimalText.isPlain(text) && DecimalText.read(text) == nil)
    }

    /// Fractions are reduced in 64-bit arithmetic when the values fit (a 128-bit
    /// division is a slow call): the same fraction as Euclid's algorithm in 128 bits,
    /// around 2^63 and 2^64 too.
    @Test func reducingIn64BitsGivesTheSameFraction() throws {
        func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
            var (a, b) = (a, b)
            while b != 0 { (a, b) = (b, a % b) }
            return a == 0 ? 1 : a
        }
        var rng = SystemRandomNumberGenerator()
        let edges: [Int128] = [
            1, 2, 3, 10, 100, Int128(Int64.max), Int128(Int64.max) + 1, Int128(UInt64.max), Int128(UInt64.max) + 1,
            Int128(UInt64.max) * 3, 1 << 100,
        ]
        for _ in 0..<20_000 {
            let k = Int128(Int.random(in: 1...1000, using: &rng))
            func pick() -> Int128 {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: return edges.randomElement(using: &rng)! * Int128(Int.random(in: 1...9, using: &rng))
                case 1: return Int128(Int64.random(in: 1...Int64.max, using: &rng))
                case 2:
                    return Int128(UInt64.random(in: 1...UInt64.max, using: &rng)) << Int.random(in: 0...40, using: &rng)
                default: return Int128(Int.random(in: 1...10_000, using: &rng))
                }
            }
            let (a, b) = (pick() * k, pick() * k)
            let n = Bool.random(using: &rng) ? -a : a
            let f = try Fraction.ratio(n, b)
            let g = Int128(gcd(a.magnitude, b.magnitude))
            #expect(f.num == n / g && f.den == b / g, "\(n) / \(b)")
        }
    }

    /// Points are compared with a fraction (a band's minimum total, a part's floor) by cross
    /// multiplication, without making their fraction: the same answer as comparing the two
    /// fractions, on both sides of 2^63 and for equal values.
    @Test func pointsBelowAFractionIsTheFractionsComparison() throws {
        var rng = SystemRandomNumberGenerator()
        let large: [Int128] = [Int128(Int64.max), Int128(Int64.max) + 1, Int128(UInt64.max), 1 << 100]
        for _ in 0..<20_000 {
            let h =
                Bool.random(using: &rng)
                ? Int64.random(in: -100_000...100_000, using: &rng) : Int64.random(in: .min + 1 ... .max, using: &rng)
            let p = Points(hundredths: h)
            let n: Int128
            let d: Int128
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: (n, d) = (Int128(h), 100)  // equal
            case 1: (n, d) = (Int128(h) + Int128(Int.random(in: -1...1, using: &rng)), 100)
            case 2:
                (n, d) = (
                    large.randomElement(using: &rng)! * (Bool.random(using: &rng) ? 1 : -1),
                    large.randomElement(using: &rng)! - Int128(Int.random(in: 0...5, using: &rng))
                )
            default:
                (n, d) = (
                    Int128(Int.random(in: -1_000_000...1_000_000, using: &rng)),
                    Int128(Int.random(in: 1...999, using: &rng))
                )
            }
            let f = try Fraction.ratio(n, d)
            #expect(p.isBelow(f) == (p.fraction < f), "\(h) hundredths < \(n)/\(d)")
        }
    }

    /// A saved fraction is read as splitting `num/den` at the slash and reading each side
    /// with `Int128(_:)` did (the reader before), from the tape or through a container.
    @Test func savedFractionsReadAsBefore() throws {
        func before(_ text: String) -> Fraction? {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let n = Int128(parts[0]), let d = Int128(parts[1]), d > 0,
                let f = try? Fraction.ratio(n, d), f.num == n
            else { return nil }
            return f
        }
        let max = "170141183460469231731687303715884105727"
        let min = "-170141183460469231731687303715884105728"
        var texts = [
            "1/2", "+1/2", "-1/2", "1/+2", "1/-2", "1/0", "0/1", "0/5", "-0/1", "2/4", "-3/6", "7/1", "", "/", "1/",
            "/2", "-/2", "+/2", "1//2", "1/2/3", " 1/2", "1/2 ", "1 /2", "1/ 2", "١/٢", "1/2x", "x1/2", "--1/2",
            "+-1/2", "1.5/2", "1e3/1", "0x10/1", "\(max)/1", "\(min)/1", "\(max)0/1", "\(min)0/1",
            "170141183460469231731687303715884105728/1", "-170141183460469231731687303715884105729/1",
            "1/\(max)", "1/\(max)1", "\(max)/\(max)", "340282366920938463463374607431768211456/1",
            "000000000000000000000000000000000000000000000012/5",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let pieces = ["-", "+", "/", "0", "1", "9", "12", "3", max, String(min.dropFirst())]
            texts.append(
                (0..<Int.random(in: 1...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        for text in texts {
            let json = Array("[".utf8) + JSONWriter.write(.string(text)) + Array("]".utf8)
            let tape = try? JSONValueDecoder.decode([Fraction].self, from: json)
            let container = try? JSONValueDecoder.decode([Wrapped].self, from: json)
            #expect(tape?.first == before(text), "\(text)")
            #expect(container?.first?.f == before(text), "\(text)")
        }
    }
    /// A fraction read through a container (`init(from:)`), not from the tape.
    struct Wrapped: Decodable {
        let f: Fraction
        init(from decoder: any Decoder) throws { f = try Fraction(from: decoder) }
    }

    /// A product or quotient is built from the cross-reduced factors without reducing it
    /// again, and fractions within 64 bits are multiplied, added and compared in 64-bit
    /// steps: the same fraction, or the same error, as reducing every result with Euclid's
    /// algorithm in 128 bits (the arithmetic before), and the same order as comparing the
    /// 256-bit cross products, for small, 64-bit, wide and extreme values of both signs.
    @Test func arithmeticGivesTheFullyReducedResult() throws {
        func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
            var (a, b) = (a, b)
            while b != 0 { (a, b) = (b, a % b) }
            return a == 0 ? 1 : a
        }
        func exact(_ n: Int128, _ d: Int128) throws(ArithmeticError) -> Fraction {
            guard d != 0 else { throw .divisionByZero }
            guard n != .min, d != .min else { throw .overflow }
            let g = Int128(gcd(n.magnitude, d.magnitude))
            return try Fraction.ratio(n / g, d / g)
        }
        func mul(_ a: Int128, _ b: Int128) throws(ArithmeticError) -> Int128 {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            if o { throw .overflow }
            return r
        }
        func times(_ a: Fraction, _ b: Fraction) throws(ArithmeticError) -> Fraction {
            let g1 = Int128(gcd(a.num.magnitude, b.den.magnitude))
            let g2 = Int128(gcd(b.num.magnitude, a.den.magnitude))
            return try exact(try mul(a.num / g1, b.num / g2), try mul(a.den / g2, b.den / g1))
        }
        func plus(_ a: Fraction, _ b: Fraction) throws(ArithmeticError) -> Fraction {
            let g = Int128(gcd(a.den.magnitude, b.den.magnitude))
            let (da, db) = (a.den / g, b.den / g)
            let (s, o) = try mul(a.num, db).addingReportingOverflow(try mul(b.num, da))
            if o { throw .overflow }
            return try exact(s, try mul(a.den, db))
        }
        func same(_ f: () throws -> Fraction, _ g: () throws -> Fraction) -> Bool {
            switch (Result(catching: f), Result(catching: g)) {
            case (.success(let x), .success(let y)): return x.num == y.num && x.den == y.den
            case (.failure(let x), .failure(let y)): return x as? ArithmeticError == y as? ArithmeticError
            default: return false
            }
        }
        var rng = SystemRandomNumberGenerator()
        let edges: [Int128] = [
            0, 1, 2, 3, 6, 100, Int128(Int64.max), Int128(Int64.max) + 1, Int128(UInt64.max), 1 << 100, .max, .min + 1,
        ]
        func pick() -> Int128 {
            let v: Int128
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: v = edges.randomElement(using: &rng)!
            case 1: v = Int128(Int64.random(in: 0...Int64.max, using: &rng))
            case 2: v = Int128(UInt64.random(in: 0...UInt64.max, using: &rng)) << Int.random(in: 0...62, using: &rng)
            default: v = Int128(Int.random(in: 0...1_000, using: &rng))
            }
            return Bool.random(using: &rng) ? -v : v
        }
        var checked = 0
        for _ in 0..<20_000 {
            guard let a = try? Fraction.ratio(pick(), pick()), let b = try? Fraction.ratio(pick(), pick()) else {
                continue
            }
            checked += 1
            let product = same({ try a * b }, { try times(a, b) })
            let quotient = same({ try a / b }, { try times(a, try exact(b.den, b.num)) })
            let sum = same({ try a + b }, { try plus(a, b) })
            let l = a.num.multipliedFullWidth(by: b.den)
            let r = b.num.multipliedFullWidth(by: a.den)
            let less = (a < b) == (l.high != r.high ? l.high < r.high : l.low < r.low)
            #expect(product && quotient && sum && less, "\(a), \(b): × \(product), ÷ \(quotient), + \(sum), < \(less)")
        }
        #expect(checked > 10_000)
        // Int128.min is refused as a product, as it is as a ratio.
        #expect(throws: ArithmeticError.overflow) { try Fraction(integer: -(1 << 63)) * Fraction(integer: 1 << 64) }
        #expect(throws: ArithmeticError.overflow) { try Fraction.one / Fraction(integer: .min) }
    }

    /// Rounding half away from zero, in 64 bits when the fraction fits and by long
    /// division otherwise: both give ⌊|n|·10^p / d⌋, plus one when twice the remainder
    /// reaches d (computed here in 128 bits), for 0…6 places.
    @Test func roundingMatchesHalfAwayFromZeroOnEitherPath() throws {
        var rng = SystemRandomNumberGenerator()
        for k in 0..<30_000 {
            let wide = k % 3 == 0
            let n =
                wide
                ? Int128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 40
                : Int128(Int64.random(in: -10_000_000...10_000_000, using: &rng))
            let d = Int128(UInt64.random(in: 1...(wide ? UInt64.max : 10_000), using: &rng))
            let places = Int.random(in: 0...6, using: &rng)
            let f = try Fraction.ratio(Bool.random(using: &rng) ? -n : n, d)
            let m = f.num.magnitude * (0..<places).reduce(UInt128(1)) { a, _ in a * 10 }
            let (q, r) = m.quotientAndRemainder(dividingBy: f.den.magnitude)
            let v = Int128(q) + (2 * r >= f.den.magnitude ? 1 : 0)
            #expect(try f.rounded(places: places) == (f.num < 0 ? -v : v), "\(f) to \(places)")
        }
        #expect(try Fraction.ratio(-5, 1000).rounded(places: 2) == -1)
        #expect(try Fraction.ratio(4999, 1000).rounded(places: 2) == 500)
        #expect(try Fraction.ratio(2, 3).rounded(places: 0) == 1)
    }

    /// The 42-digit decimal that once killed the server while an append was checked.
    @Test(arguments: ["100000000000000000000000000000000000000000.5", "-999999999999999999999999999999999999999999"])
    func aDecimalBeyond128BitsIsRefusedNotTrapped(_ text: String) {
        #expect(Fraction(decimal: text) == nil)
        #expect(DecimalText.read(text)?.value == .failure(.overflow))
    }

    @Test func arithmeticIsExact() throws {
        // 0.1 + 0.2 is 0.3, not 0.30000000000000004.
        #expect(try Fraction(decimal: "0.1")! + Fraction(decimal: "0.2")! == Fraction(decimal: "0.3")!)
        #expect(try Fraction(1) / Fraction(3) * Fraction(3) == .one)
        #expect(try Fraction(decimal: "170690")! + Fraction(decimal: "3697370")! == Fraction(3_868_060))
    }

    /// The poison values of the hardening issue: every operation that does not fit throws.
    @Test func overflowThrowsInsteadOfTrapping() throws {
        let huge = try #require(Fraction(decimal: "100000000000000000000000.00000000000001"))
        let big = try #require(Fraction(decimal: "999999999999999999.999999999999999999"))
        #expect(throws: ArithmeticError.overflow) { try huge * huge }
        #expect(throws: ArithmeticError.overflow) { try huge * Fraction(33) }
        #expect(throws: ArithmeticError.overflow) { try big * big - Fraction(decimal: "0.0000000000000000001")! }
        #expect(throws: ArithmeticError.divisionByZero) { try Fraction(1) / .zero }
        #expect(throws: ArithmeticError.overflow) { try Points(huge) }
        let max = Fraction(integer: .max)
        #expect(throws: ArithmeticError.overflow) { try max + .one }
        #expect(throws: ArithmeticError.overflow) { try Fraction(integer: .min + 1) - Fraction(2) }
        #expect(throws: ArithmeticError.overflow) { try Fraction.ratio(.min, 1) }
    }

    /// Comparison and printing are exact for any two values, however large.
    @Test func comparisonAndTextNeverOverflow() throws {
        let a = try Fraction.ratio(.max, .max - 1)
        let b = try Fraction.ratio(.max - 1, .max - 2)
        #expect(a < b && !(b < a))  // 1 + 1/(max−1) < 1 + 1/(max−2)
        #expect(Fraction(integer: .min + 1) < Fraction(integer: .max))
        #expect(Fraction(integer: .max).decimalText() == "170141183460469231731687303715884105727")
        #expect(try Fraction.ratio(.max, 3).decimalText(maxPlaces: 2) == "56713727820156410577229101238628035242.33")
        #expect(try Fraction.ratio(-1, 3).decimalText(maxPlaces: 2) == "-0.33")
        #expect(try Fraction.ratio(-1, 1000).decimalText(maxPlaces: 2) == "0")
        #expect(try Fraction.ratio(999_999, 1_000_000).decimalText(maxPlaces: 4) == "1")
    }

    @Test(arguments: [("1.005", 101), ("1.004", 100), ("-1.005", -101), ("2.675", 268), ("0.125", 13)])
    func roundsHalfAwayFromZeroOnce(_ text: String, _ hundredths: Int64) throws {
        #expect(try Points(Fraction(decimal: text)!).hundredths == hundredths)
    }

    @Test func thirdsRoundToTwoDecimals() throws {
        #expect(try Points(Fraction(5) * Fraction(1) / Fraction(3)).description == "1.67")
        #expect(try Points(Fraction(-5) / Fraction(3)).description == "-1.67")
    }

    @Test(arguments: [
        ("23270.32", "23.270,32", "23,270.32"), ("3868370", "3.868.370", "3,868,370"),
        ("-1234.5", "-1.234,5", "-1,234.5"), ("12", "12", "12"),
    ])
    func vietnameseAndEnglishNumberFormats(_ plain: String, _ vi: String, _ en: String) {
        #expect(Language.vi.number(plain) == vi)
        #expect(Language.en.number(plain) == en)
    }
}
