import Foundation
import PerfMonitor
import PerfMonitorTestKit
import Testing

// The README's example ("Testing your own instrumentation"), line for line between the markers;
// `ReadmeExampleTests.theReadmeShowsTheExampleThatRuns` compares the two.
// README begin
@Test func eachRequestIsCountedOnce() {
    let clock = ManualMonitorClock()  // moves only when the test advances it
    let sink = CollectingSink()  // keeps every event in memory
    var configuration = MonitoringConfiguration()
    configuration.clock = clock
    configuration.eventSink = sink
    let monitor = StreamPerformanceMonitor(configuration: configuration)
    monitor.recordRequest(latency: .milliseconds(4), succeeded: true)  // what your code records
    clock.advance(by: .seconds(1))
    let (report, _) = monitor.tick()  // one collection interval, run by hand
    #expect(report.requests == 1 && report.requestsPerSecond == 1 && sink.events.count == 1)
    #expect(PrometheusExpositionValidator.problems(in: monitor.prometheusExposition()) == [])
}
// README end

@Suite struct ReadmeExampleTests {
    @Test func theReadmeShowsTheExampleThatRuns() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let readme = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let readmeLines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        let heading = try #require(readmeLines.firstIndex(of: "### Testing your own instrumentation"))
        let open = try #require(readmeLines[heading...].firstIndex(of: "```swift"))
        let close = try #require(readmeLines[(open + 1)...].firstIndex(of: "```"))
        let shown = Array(readmeLines[(open + 1)..<close])

        var tested = ["import PerfMonitor", "import PerfMonitorTestKit", "import Testing", ""]
        var isInside = false
        for line in try String(contentsOf: testFile, encoding: .utf8).components(separatedBy: "\n") {
            if line == "// README begin" {
                isInside = true
            } else if line == "// README end" {
                isInside = false
            } else if isInside {
                tested.append(line)
            }
        }
        #expect(tested.count > 10)
        #expect(shown == tested)
    }
}
