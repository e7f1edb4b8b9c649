import Foundation
import Testing

@testable import PerfGate

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects what the JUnit tests check from a parsed document.
private final class JUnitCollector: NSObject, XMLParserDelegate {
    var suites: [(name: String, attributes: [String: String])] = []
    var cases: [(suite: String, name: String)] = []
    var failures: [(suite: String, testCase: String, message: String)] = []
    var errors: [(suite: String, testCase: String, message: String)] = []
    var outputs: [String] = []
    var root: [String: String] = [:]
    private var currentSuite = ""
    private var currentCase = ""
    private var text = ""

    func parser(
        _ parser: XMLParser,
        didStartElement element: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String]
    ) {
        text = ""
        switch element {
        case "testsuites": root = attributes
        case "testsuite":
            currentSuite = attributes["name"] ?? ""
            suites.append((currentSuite, attributes))
        case "testcase":
            currentCase = attributes["name"] ?? ""
            cases.append((currentSuite, currentCase))
        case "failure": failures.append((currentSuite, currentCase, attributes["message"] ?? ""))
        case "error": errors.append((currentSuite, currentCase, attributes["message"] ?? ""))
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "system-out" { outputs.append(text) }
    }

    /// Parses a document; nil when it is not well-formed.
    static func parse(_ xml: String) -> JUnitCollector? {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = JUnitCollector()
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }
}

@Suite struct ReportJUnitTests {
    static let fixture = ReportFixture.make()

    static func render(_ report: ComparisonReport = fixture.report, current: RunResult = fixture.current) -> String {
        JUnitReport().render(report, current: current, baseline: fixture.baseline)
    }

    @Test func parsesWithOneSuitePerScenarioAndCountsThatAddUp() throws {
        let parsed = try #require(JUnitCollector.parse(Self.render()))
        let report = Self.fixture.report
        #expect(parsed.suites.map(\.name) == [ReportFixture.steady, ReportFixture.spike])
        let gated = report.comparisons.filter(\.isGated).count
        #expect(parsed.cases.count == gated + report.targetChecks.count)
        #expect(parsed.root["tests"] == "\(parsed.cases.count)")
        #expect(parsed.root["failures"] == "2")
        #expect(parsed.root["errors"] == "0")
        #expect(parsed.failures.count == 2)
        for suite in parsed.suites {
            let cases = parsed.cases.filter { $0.suite == suite.name }.count
            let failures = parsed.failures.filter { $0.suite == suite.name }.count
            #expect(suite.attributes["tests"] == "\(cases)")
            #expect(suite.attributes["failures"] == "\(failures)")
        }
    }

    @Test func failsRegressionsAndMissedTargetsOnly() throws {
        let parsed = try #require(JUnitCollector.parse(Self.render()))
        let regression = try #require(parsed.failures.first { $0.testCase == "latency_p95_ms" })
        #expect(regression.suite == ReportFixture.steady)
        #expect(regression.message.contains("regressed by +29.3% [+28.4%, +30.8%]"))
        let target = try #require(parsed.failures.first { $0.testCase.hasPrefix("target ") })
        #expect(target.suite == ReportFixture.spike)
        #expect(target.testCase == "target peak_rss_mb ≤ 100 MB")
        #expect(target.message.contains("misses the target ≤ 100 MB"))
        #expect(!parsed.cases.contains { $0.name == "cpu_percent" || $0.name == "error_rate" })
    }

    @Test func notesInconclusiveMetricsAndTargetsAtRiskAsPassingOutput() throws {
        let parsed = try #require(JUnitCollector.parse(Self.render()))
        #expect(parsed.outputs.filter { $0.hasPrefix("inconclusive: ") }.count == 2)
        #expect(parsed.outputs.filter { $0.hasPrefix("at risk: ") }.count == 1)
        #expect(parsed.outputs.contains { $0.hasPrefix("improved: ") })
    }

    @Test func escapesNamesSoTheDocumentStillParses() throws {
        let name = "<script>\"a\" & 'b'</script>\u{1}"
        let named = ReportFixture.make(spikeName: name)
        let xml = JUnitReport().render(named.report, current: named.current, baseline: named.baseline)
        #expect(!xml.contains("<script>"))
        let parsed = try #require(JUnitCollector.parse(xml))
        #expect(parsed.suites.map(\.name).last == "<script>\"a\" & 'b'</script>")
        #expect(parsed.failures.count == 2)
    }

    @Test func reportsAnInvalidScenarioAsAnError() throws {
        var current = Self.fixture.current
        current.scenarios[0].valid = false
        current.scenarios[0].invalidReasons = ["The driver fell 12% behind <schedule>."]
        let parsed = try #require(JUnitCollector.parse(Self.render(current: current)))
        #expect(parsed.errors.count == 1)
        #expect(parsed.errors.first?.suite == ReportFixture.steady)
        #expect(parsed.errors.first?.message.contains("behind <schedule>.") == true)
        #expect(parsed.root["errors"] == "1")
        #expect(parsed.suites.first?.attributes["errors"] == "1")
    }
}
