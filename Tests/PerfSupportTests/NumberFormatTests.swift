import Testing

@testable import PerfSupport

@Suite struct NumberFormatTests {
    @Test(arguments: [
        (2000, "2000"), (2.5, "2.5"), (-3, "-3"), (-0.0, "0"), (0.1, "0.1"), (0.00001, "1e-05"),
        (999_999_999_999_999, "999999999999999"), (1e15, "1000000000000000.0"), (1e16, "1e+16"),
        (Double.nan, "nan"), (-Double.infinity, "-inf"),
    ])
    func plainWritesWholeNumbersAsIntegersAndTheRestShortest(value: Double, text: String) {
        #expect(NumberFormat.plain.format(value) == text)
    }

    @Test(arguments: [
        (2000, "2000"), (0.125, "0.125"), (-1.5, "-1.500"), (1.0 / 3, "0.333"), (1e12, "1000000000000.000"),
    ])
    func fixedDecimalsApplyToWhatIsNotAnInteger(value: Double, text: String) {
        #expect(NumberFormat(integersBelow: 1e12, decimals: .fixed(3)).format(value) == text)
    }

    @Test(arguments: [
        (2000, "2000"), (1234.56, "1234.6"), (12.3456, "12.346"), (-150.55, "-150.6"), (0.5, "0.500"),
        (1e12, "1000000000000.0"),
    ])
    func tiersGiveLargerNumbersFewerDecimals(value: Double, text: String) {
        let format = NumberFormat(integersBelow: 1e12, decimals: .tiered([.init(from: 100, decimals: 1)], otherwise: 3))
        #expect(format.format(value) == text)
    }

    @Test(arguments: [
        (2000, "2000"), (1234.56, "1234.6"), (12.3456, "12.346"), (-150.55, "-150.6"), (0.5, "0.500"), (99, "99"),
        (1e12, "1000000000000.0"),
    ])
    func summaryAsDriveAndServePrintIt(value: Double, text: String) {
        #expect(NumberFormat.summary.format(value) == text)
    }

    @Test(arguments: [
        (12.3456, "12.35"), (0.4123, "0.412"), (2001.4, "2001"), (123.4, "123.4"), (45.25, "45.25"), (12, "12"),
        (-0.5, "-0.500"), (1e15, "1000000000000000"),
    ])
    func threeSignificantDigitsAsReportsShowThem(value: Double, text: String) {
        #expect(NumberFormat.threeSignificantDigits.format(value) == text)
    }

    @Test func fixedDecimalsRoundTheBinaryValueHalfToEvenAsPrintfDoes() {
        #expect(NumberFormat.printf(2.5, decimals: 0) == "2")
        #expect(NumberFormat.printf(3.5, decimals: 0) == "4")
        #expect(NumberFormat.printf(100.25, decimals: 1) == "100.2")
        // 0.125 is exact in binary; 1.005 is 1.00499999999999989…, so it rounds down.
        #expect(NumberFormat.printf(0.125, decimals: 2) == "0.12")
        #expect(NumberFormat.printf(1.005, decimals: 2) == "1.00")
        #expect(NumberFormat.printf(2.75, decimals: -1) == "3")
    }

    @Test func fixedDecimalsWriteTheLargestNumbersInFull() {
        let format = NumberFormat(integersBelow: 0, decimals: .fixed(3))
        let largest = format.format(-Double.greatestFiniteMagnitude)
        #expect(largest.count == 1 + 309 + 1 + 3)
        #expect(largest.hasPrefix("-17976931348623157"))
        #expect(largest.hasSuffix(".000"))
        #expect(NumberFormat(decimals: .fixed(2)).format(1e300).count == 301 + 3)
    }
}
