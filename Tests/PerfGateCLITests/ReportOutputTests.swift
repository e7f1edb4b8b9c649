import PerfGate
import Testing

@testable import PerfGateCLI

@Suite struct ReportOutputTests {
    @Test(arguments: [
        ("report.html", ReportFormat.html), ("out/Report.HTM", .html), ("pr.md", .markdown),
        ("pr.markdown", .markdown), ("report.json", .json), ("junit.xml", .junit), ("report.txt", .text),
        ("report", .text),
    ])
    func reportFileExtensionNamesTheFormat(path: String, format: ReportFormat) {
        #expect(ReportOutput.format(forPath: path) == format)
    }
}
