import Testing
import ThiduaDomain

@Suite struct ExactTests {
    @Test(arguments: [("23270.32", "23270.32"), ("-0.5", "-0.5"), ("0.10", "0.1"), ("8.81", "8.81"), ("3868370", "3868370")])
    func parsesDecimalsExactly(_ text: String, _ back: String) throws {
        #expect(try #require(Fraction(decimal: text)).decimalText() == back)
    }

    @Test(arguments: ["1e5", "", ".5", "5.", "1,5", "--1", "0x10", "1.0000000000000000001"])
    func refusesWhatIsNotAPlainDecimal(_ text: String) {
        #expect(Fraction(decimal: text) == nil)
    }

    @Test func arithmeticIsExact() {
        // 0.1 + 0.2 is 0.3, not 0.30000000000000004.
        #expect(Fraction(decimal: "0.1")! + Fraction(decimal: "0.2")! == Fraction(decimal: "0.3")!)
        #expect(Fraction(1) / Fraction(3) * Fraction(3) == .one)
        #expect(Fraction(decimal: "170690")! + Fraction(decimal: "3697370")! == Fraction(3_868_060))
    }

    @Test(arguments: [("1.005", 101), ("1.004", 100), ("-1.005", -101), ("2.675", 268), ("0.125", 13)])
    func roundsHalfAwayFromZeroOnce(_ text: String, _ hundredths: Int64) {
        #expect(Points(Fraction(decimal: text)!).hundredths == hundredths)
    }

    @Test func thirdsRoundToTwoDecimals() {
        #expect(Points(Fraction(5) * Fraction(1) / Fraction(3)).description == "1.67")
        #expect(Points(Fraction(-5) / Fraction(3)).description == "-1.67")
    }

    @Test(arguments: [("23270.32", "23.270,32", "23,270.32"), ("3868370", "3.868.370", "3,868,370"), ("-1234.5", "-1.234,5", "-1,234.5"), ("12", "12", "12")])
    func vietnameseAndEnglishNumberFormats(_ plain: String, _ vi: String, _ en: String) {
        #expect(Language.vi.number(plain) == vi)
        #expect(Language.en.number(plain) == en)
    }
}
