import Foundation
import Testing

@testable import PerfGate

@Suite struct ReportFormatTests {
    static let fixture = ReportFixture.make()

    @Test func usesTheCommandLineFormatNames() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "markdown", "junit", "html"])
    }

    @Test(arguments: ReportFormat.allCases)
    func rendersEachFormatWithItsOwnReport(format: ReportFormat) {
        let (report, current, baseline) = Self.fixture
        let rendered = Reporter(format: format).render(report, current: current, baseline: baseline)
        let expected =
            switch format {
            case .text: TextReport().render(report, current: current, baseline: baseline)
            case .json: JSONReport().render(report, current: current, baseline: baseline)
            case .markdown: MarkdownReport().render(report, current: current, baseline: baseline)
            case .junit: JUnitReport().render(report, current: current, baseline: baseline)
            case .html: HTMLReport().render(report, current: current, baseline: baseline)
            }
        #expect(rendered == expected)
        #expect(rendered.hasSuffix("\n"))
    }

    @Test func colorsOnlyTheTextFormat() {
        let (report, current, baseline) = Self.fixture
        for format in ReportFormat.allCases {
            let rendered = Reporter(format: format, colors: true).render(report, current: current, baseline: baseline)
            #expect(rendered.contains("\u{1B}[") == (format == .text), "\(format)")
        }
    }
}
