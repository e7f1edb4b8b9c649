import Foundation
import Testing

@testable import PerfGate

@Suite struct ReportJSONTests {
    static let fixture = ReportFixture.make()

    static func render(_ report: ComparisonReport = fixture.report) -> String {
        JSONReport().render(report, current: fixture.current, baseline: fixture.baseline)
    }

    @Test func roundTripsToTheSameReport() throws {
        let text = Self.render()
        let decoded = try JSONReport.decode(Data(text.utf8))
        #expect(decoded == Self.fixture.report)
        let plain = try JSONDecoder().decode(ComparisonReport.self, from: Data(text.utf8))
        #expect(plain == Self.fixture.report)
    }

    @Test func addsTheVerdictAndExitCodeAtTheTopLevel() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.render().utf8)) as? [String: Any]
        )
        #expect(object["verdict"] as? String == "targetMissed")
        #expect(object["exitCode"] as? Int == 3)
        #expect(object["reportFormatVersion"] as? Int == 1)
        #expect((object["comparisons"] as? [Any])?.count == Self.fixture.report.comparisons.count)
    }

    @Test func writesSortedKeysPrettyPrintedAndStably() {
        let text = Self.render()
        #expect(text == Self.render())
        #expect(text.hasSuffix("}\n"))
        let topLevelKeys = text.split(separator: "\n")
            .filter { $0.hasPrefix("  \"") }
            .compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
        #expect(topLevelKeys == topLevelKeys.sorted())
        #expect(
            topLevelKeys == [
                "alpha", "calibration", "comparisons", "exitCode", "findings", "outcome", "reportFormatVersion",
                "suite", "targetChecks", "verdict", "warnings",
            ]
        )
    }

    @Test func keepsNonFiniteNumbersReadable() throws {
        var report = Self.fixture.report
        report.comparisons[0].pValue = .nan
        report.comparisons[0].intervalHigh = .infinity
        let text = Self.render(report)
        #expect(text.contains("\"pValue\" : \"NaN\""))
        let decoded = try JSONReport.decode(Data(text.utf8))
        #expect(decoded.comparisons[0].pValue?.isNaN == true)
        #expect(decoded.comparisons[0].intervalHigh == .infinity)
        #expect(decoded.comparisons[1...] == report.comparisons[1...])
    }

    @Test func rejectsJSONThatIsNotAReport() {
        #expect(throws: PerfGateError.self) { try JSONReport.decode(Data("{\"suite\": 1}".utf8)) }
        do {
            _ = try JSONReport.decode(Data("[]".utf8))
            Issue.record("decoding an array succeeded")
        } catch {
            #expect(error.code == .reportMalformed)
        }
    }
}
