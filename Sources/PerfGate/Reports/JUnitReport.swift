/// The comparison as JUnit XML, for CI systems that show test results.
///
/// One `<testsuite>` per scenario (in the current run's order) holds a `<testcase>` per gated
/// metric comparison and per target check. A regressed metric and a failed target are
/// `<failure>`s; an inconclusive metric or a target at risk passes with a `<system-out>` note; a
/// scenario of the current run flagged invalid adds a `validity` case with an `<error>`. The
/// `tests`, `failures` and `errors` counts of every suite and of `<testsuites>` add up. All text
/// is XML-escaped.
public struct JUnitReport: Sendable {
    /// Creates a JUnit report.
    public init() {}

    /// One test case, before it is written.
    private struct TestCase {
        enum Status {
            case passed
            case failed(type: String, message: String)
            case error(type: String, message: String)
        }

        var name: String
        var status: Status
        var details: String
        var output: String?
    }

    /// Renders a comparison.
    ///
    /// - Parameters:
    ///   - report: The comparison.
    ///   - current: The run it judged: its scenario order and validity.
    ///   - baseline: The run it was compared against (unused beyond the report's rows).
    /// - Returns: The XML document, ending with a newline.
    /// - Complexity: O(s·n) for `s` scenarios and `n` rows and checks.
    public func render(_ report: ComparisonReport, current: RunResult, baseline: RunResult?) -> String {
        let summary = ReportSummary(report, current: current)
        var suites: [(name: String, cases: [TestCase])] = []
        for scenario in summary.scenarios {
            var cases: [TestCase] = []
            if let result = current.scenario(named: scenario), !result.valid {
                let reasons =
                    result.invalidReasons.isEmpty ? "no reason recorded" : result.invalidReasons.joined(separator: " ")
                cases.append(
                    TestCase(
                        name: "validity",
                        status: .error(type: "invalidRun", message: "The scenario is flagged invalid: \(reasons)"),
                        details: reasons,
                        output: nil
                    )
                )
            }
            for row in report.comparisons where row.scenario == scenario && row.isGated {
                cases.append(testCase(for: row))
            }
            for check in report.targetChecks where check.scenario == scenario {
                cases.append(testCase(for: check))
            }
            if !cases.isEmpty { suites.append((scenario, cases)) }
        }

        func counts(_ cases: [TestCase]) -> (failures: Int, errors: Int) {
            var failures = 0
            var errors = 0
            for testCase in cases {
                switch testCase.status {
                case .passed: break
                case .failed: failures += 1
                case .error: errors += 1
                }
            }
            return (failures, errors)
        }
        let allCases = suites.flatMap(\.cases)
        let total = counts(allCases)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(("perfgate " + report.suite).xmlEscaped)\" tests=\"\(allCases.count)\" "
        xml += "failures=\"\(total.failures)\" errors=\"\(total.errors)\">\n"
        for suite in suites {
            let suiteCounts = counts(suite.cases)
            xml += "  <testsuite name=\"\(suite.name.xmlEscaped)\" tests=\"\(suite.cases.count)\" "
            xml += "failures=\"\(suiteCounts.failures)\" errors=\"\(suiteCounts.errors)\" skipped=\"0\">\n"
            let className = ("perfgate." + report.suite + "." + suite.name).xmlEscaped
            for testCase in suite.cases {
                xml += "    <testcase classname=\"\(className)\" name=\"\(testCase.name.xmlEscaped)\""
                switch testCase.status {
                case .passed:
                    guard let output = testCase.output else {
                        xml += "/>\n"
                        continue
                    }
                    xml += ">\n      <system-out>\(output.xmlEscaped)</system-out>\n    </testcase>\n"
                case .failed(let type, let message):
                    xml += ">\n      <failure type=\"\(type.xmlEscaped)\" message=\"\(message.xmlEscaped)\">"
                    xml += "\(testCase.details.xmlEscaped)</failure>\n    </testcase>\n"
                case .error(let type, let message):
                    xml += ">\n      <error type=\"\(type.xmlEscaped)\" message=\"\(message.xmlEscaped)\">"
                    xml += "\(testCase.details.xmlEscaped)</error>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private func testCase(for row: MetricComparison) -> TestCase {
        let change = DisplayedChange.text(for: row)
        let threshold = ReportValueFormatter.percent(row.practicalThreshold)
        var details = "baseline \(ReportValueFormatter.value(row.baselineMedian, unit: row.unit)), "
        details += "current \(ReportValueFormatter.value(row.currentMedian, unit: row.unit)), "
        details += "change \(change) (threshold \(threshold); rounds \(row.baselineRounds)/\(row.currentRounds))"
        if let adjusted = row.adjustedPValue, adjusted.isFinite {
            details += ", adjusted p = " + ReportValueFormatter.number(adjusted)
        }
        if let note = row.note { details += "; " + note }
        let status: TestCase.Status
        var output: String?
        switch row.verdict {
        case .regressed:
            status = .failed(
                type: "regression",
                message: "\(row.metric) regressed by \(change) (threshold \(threshold))"
            )
        case .inconclusive:
            status = .passed
            output = "inconclusive: " + details
        case .improved:
            status = .passed
            output = "improved: " + details
        case .unchanged:
            status = .passed
            output = nil
        }
        return TestCase(name: row.metric, status: status, details: details, output: output)
    }

    private func testCase(for check: TargetCheck) -> TestCase {
        let unit = ReportValueFormatter.unit(of: check)
        let value = ReportValueFormatter.value(check.value, unit: unit)
        let bound = ReportValueFormatter.bound(check)
        var details = "median \(value), target \(bound), interval \(ReportValueFormatter.interval(check)) "
        details += "at \(ReportValueFormatter.percent(check.confidence)) one-sided confidence, \(check.rounds) round(s)"
        if let note = check.note { details += "; " + note }
        let status: TestCase.Status
        var output: String?
        switch check.verdict {
        case .fail:
            status = .failed(type: "targetMissed", message: "\(check.metric) \(value) misses the target \(bound)")
        case .atRisk:
            status = .passed
            output = "at risk: " + details
        case .pass:
            status = .passed
            output = nil
        }
        return TestCase(name: "target \(check.metric) \(bound)", status: status, details: details, output: output)
    }
}
