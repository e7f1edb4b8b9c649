import Foundation
import PerfMonitorTestKit
import Testing

@Suite struct PrometheusExpositionValidatorTests {
    static let sound = """
        # HELP x_seconds A histogram.
        # TYPE x_seconds histogram
        x_seconds_bucket{le="0.1"} 1
        x_seconds_bucket{le="1"} 3
        x_seconds_bucket{le="+Inf"} 4
        x_seconds_sum 2.5
        x_seconds_count 4
        # TYPE y_total counter
        y_total{kind="a"} 1
        y_total{kind="b\\"q"} 2

        """

    @Test func acceptsSoundText() {
        #expect(PrometheusExpositionValidator.problems(in: Self.sound) == [])
    }

    @Test(arguments: [
        ("x_seconds_bucket{le=\"1\"} 3", "x_seconds_bucket{le=\"1\"} 0", "not cumulative"),
        ("x_seconds_count 4", "x_seconds_count 5", "differs from _count"),
        ("x_seconds_bucket{le=\"+Inf\"} 4\n", "", "no le=\"+Inf\""),
        ("y_total{kind=\"b\\\"q\"} 2", "y_total{kind=\"a\"} 2", "appears more than once"),
        ("y_total{kind=\"b\\\"q\"} 2", "y_total{kind=\"b\\q\"} 2", "invalid escape"),
        ("# TYPE y_total counter", "# TYPE y_total gauge\n# TYPE y_total counter", "second # TYPE"),
        ("# TYPE y_total counter\n", "", "no # TYPE"),
        ("y_total{kind=\"a\"} 1", "y_total{kind=\"a\"} NaN", "NaN"),
        ("x_seconds_sum 2.5\n", "", "no _sum"),
        ("y_total{kind=\"a\"} 1", "y_total{kind=\"a\"} -1", "negative"),
    ])
    func catchesEachFault(original: String, replacement: String, expected: String) {
        let broken = Self.sound.replacingOccurrences(of: original, with: replacement)
        #expect(broken != Self.sound)
        let problems = PrometheusExpositionValidator.problems(in: broken)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test func catchesACounterWithoutTotal() {
        let text = "# TYPE requests counter\nrequests 3\n"
        #expect(PrometheusExpositionValidator.problems(in: text).contains { $0.contains("should end in _total") })
    }

    @Test func catchesAFamilySplitInTwo() {
        let split = Self.sound + "x_seconds_sum 9\n"
        #expect(PrometheusExpositionValidator.problems(in: split).contains { $0.contains("not contiguous") })
    }
}
