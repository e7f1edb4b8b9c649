import Foundation
import Testing

@testable import PerfGate

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ReportHTMLTests {
    static let fixture = ReportFixture.make()

    static func render(
        _ report: ComparisonReport = fixture.report,
        current: RunResult = fixture.current,
        baseline: RunResult? = fixture.baseline
    ) -> String {
        HTMLReport().render(report, current: current, baseline: baseline)
    }

    /// Every `<svg>…</svg>` element of a page.
    static func svgElements(in html: String) -> [String] {
        html.matches(of: /<svg[^>]*>[\s\S]*?<\/svg>/).map { String($0.output) }
    }

    @Test func isOneSelfContainedFile() {
        let html = Self.render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        for reference in ["http://", "https://", "src=", "href=", "<link", "<script", "<img", "@import", "url("] {
            #expect(!html.contains(reference), "found \(reference)")
        }
        #expect(html.contains("<style>"))
        #expect(html.contains("<svg"))
    }

    @Test func drawsTheChangeChartPercentilesAndHistoryOfEveryScenario() {
        let html = Self.render()
        // Per scenario: change chart, latency percentiles, throughput and P95 over time.
        #expect(Self.svgElements(in: html).count == 8)
        #expect(html.components(separatedBy: "aria-label=\"Latency percentiles\"").count == 3)
        #expect(html.components(separatedBy: "aria-label=\"Throughput over time\"").count == 3)
        #expect(html.components(separatedBy: "aria-label=\"P95 latency over time\"").count == 3)
        #expect(html.contains(">P99.9</text>"))
        #expect(html.contains("<title>latency_p95_ms: +29.3% [+28.4%, +30.8%], regressed</title>"))
        #expect(html.contains("class=\"dot bad\""))
        #expect(html.contains("class=\"dot good\""))
        #expect(html.contains("class=\"band\""))
        #expect(html.contains("class=\"line baseline\""))
        #expect(html.contains("class=\"line current\""))
    }

    @Test func drawsWellFormedSVG() {
        for svg in Self.svgElements(in: Self.render()) {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test func colorsTheBannerByTheVerdict() {
        #expect(Self.render().contains("<header class=\"banner bad\">"))
        #expect(Self.render().contains("TARGET MISSED <span class=\"exit\">exit 3</span>"))
        var report = Self.fixture.report
        report.outcome = ComparisonOutcome(
            hasRegression: false,
            hasTargetFailure: false,
            hasInvalidRun: false,
            inconclusive: []
        )
        #expect(Self.render(report).contains("<header class=\"banner good\">"))
    }

    @Test func showsTheTablesAndLists() {
        var report = Self.fixture.report
        report.warnings = ["The CPU models differ."]
        let html = Self.render(report)
        #expect(html.contains("<h2>Gated and changed metrics</h2>"))
        #expect(html.contains("<h2>Targets</h2>"))
        #expect(html.contains("<span class=\"pill bad\">FAIL</span>"))
        #expect(html.contains("<span class=\"pill caution\">at risk</span>"))
        #expect(html.contains("<span class=\"pill bad\">REGRESSED</span>"))
        #expect(html.contains("<li>The CPU models differ.</li>"))
        #expect(html.contains("<summary>All 7 metrics of this scenario</summary>"))
    }

    @Test func escapesEveryTextFromTheInputs() {
        let name = "<script>alert(1)</script>"
        let named = ReportFixture.make(spikeName: name)
        var report = named.report
        report.warnings = ["<b>bold</b> & more"]
        var current = named.current
        current.environment.hostname = "\"><img onerror=x>"
        let html = HTMLReport().render(report, current: current, baseline: named.baseline)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more"))
        #expect(html.contains("host &quot;&gt;&lt;img onerror=x&gt;"))
        for svg in Self.svgElements(in: html) {
            #expect(XMLParser(data: Data(svg.utf8)).parse())
        }
    }

    @Test func drawsTheCurrentRunAloneWithoutABaseline() {
        var report = Self.fixture.report
        report.comparisons = []
        let html = Self.render(report, baseline: nil)
        #expect(html.contains("<dt>Baseline</dt><dd>none</dd>"))
        #expect(!html.contains("class=\"line baseline\""))
        #expect(html.contains("class=\"line current\""))
        #expect(Self.svgElements(in: html).count == 6)
    }

    @Test func marksAnInvalidScenario() {
        var current = Self.fixture.current
        current.scenarios[1].valid = false
        current.scenarios[1].invalidReasons = ["The driver fell behind."]
        let html = Self.render(current: current)
        #expect(html.contains("<p class=\"alert\">This scenario is flagged invalid: The driver fell behind.</p>"))
        #expect(html.contains("<span class=\"pill bad\">INVALID</span>"))
    }
}
