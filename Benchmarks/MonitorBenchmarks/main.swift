// The monitor's micro-benchmarks: `swift run -c release monitor-benchmarks [--format json]`.
//
// Each figure is the median of several repetitions. Multi-threaded entries start every thread
// at once and report the wall time per operation per thread (`nsPerOp`) and the aggregate rate.

import Foundation
import PerfMonitor
import PerfMonitorTestKit
import PerfSupport
import Synchronization

struct Entry {
    var name: String
    var threads: Int
    var nsPerOp: Double
    var opsPerSecond: Double
    var note: String = ""
}

@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Runs `body(threadIndex, iterations)` on `threads` threads started together; returns seconds.
func timeThreads(_ threads: Int, iterations: Int, _ body: @escaping @Sendable (Int, Int) -> Void) -> Double {
    let ready = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    let go = Atomic<Bool>(false)
    let startTime = Mutex<ContinuousClock.Instant?>(nil)
    for index in 0..<threads {
        do {
            try DedicatedThread.detach(name: "benchmark") {
                ready.wrappingAdd(1, ordering: .sequentiallyConsistent)
                while !go.load(ordering: .acquiring) {}
                body(index, iterations)
                done.wrappingAdd(1, ordering: .sequentiallyConsistent)
            }
        } catch {
            FileHandle.standardError.write(Data("monitor-benchmarks: \(error)\n".utf8))
            exit(1)
        }
    }
    while ready.load(ordering: .sequentiallyConsistent) < threads {}
    startTime.withLock { $0 = .now }
    go.store(true, ordering: .releasing)
    while done.load(ordering: .sequentiallyConsistent) < threads { usleep(1_000) }
    let start = startTime.withLock { $0 } ?? .now
    return (ContinuousClock.now - start).seconds
}

func measure(
    _ name: String,
    threads: Int,
    iterations: Int,
    repetitions: Int = 7,
    _ body: @escaping @Sendable (Int, Int) -> Void
) -> Entry {
    _ = timeThreads(threads, iterations: iterations / 10, body)  // warm-up
    let seconds = median((0..<repetitions).map { _ in timeThreads(threads, iterations: iterations, body) })
    return Entry(
        name: name,
        threads: threads,
        nsPerOp: seconds * 1e9 / Double(iterations),
        opsPerSecond: Double(iterations * threads) / seconds
    )
}

func measureSerial(_ name: String, iterations: Int, repetitions: Int = 7, _ body: () -> Void) -> Entry {
    for _ in 0..<max(1, iterations / 10) { body() }
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        samples.append((ContinuousClock.now - start).seconds)
    }
    let seconds = median(samples)
    return Entry(
        name: name,
        threads: 1,
        nsPerOp: seconds * 1e9 / Double(iterations),
        opsPerSecond: Double(iterations) / seconds
    )
}

func residentBytes() -> Double {
    var sampler = ResourceSampler()
    return Double(sampler.sample().residentBytes ?? 0)
}

let arguments = CommandLine.arguments.dropFirst()
let wantsJSON =
    arguments.contains("--format=json")
    || zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" }
let quick = arguments.contains("--quick")
let scale = quick ? 10 : 1
if arguments.contains("--help") || arguments.contains("-h") {
    print(
        """
        OVERVIEW: Measures the cost of the monitor's operations on this machine.

        USAGE: monitor-benchmarks [--format text|json] [--quick]

        OPTIONS:
          --format <format>  text (default) or json: one entry per operation with name, threads, nsPerOp.
          --quick            Fewer iterations and a shorter memory test, for a smoke run.
          --exposition       Print the Prometheus exposition of a monitor that has recorded a mixed
                             workload (for `promtool check metrics`), and exit.
          -h, --help         Show help information.
        """
    )
    exit(0)
}

if arguments.contains("--exposition") {
    let sample = StreamPerformanceMonitor()
    for index in 0..<10_000 {
        sample.recordRequest(latency: .microseconds(Int64(200 + (index * 7919) % 60_000)), succeeded: index % 97 != 0)
        if index % 97 == 0 { sample.recordError(kind: index % 2 == 0 ? "timeout" : "overloaded") }
        sample.recordCacheLookup(hit: index % 5 != 0)
    }
    sample.recordBatch(size: 10, duration: .milliseconds(1))
    sample.recordBackpressureEvent()
    sample.sessionStarted(connectionID: "benchmark")
    sample.updateWorkerUtilization(0.5)
    sample.updateQueueDepth(3)
    sample.tick()
    print(sample.prometheusExposition(), terminator: "")
    exit(0)
}

var entries: [Entry] = []
let iterations = 20_000_000 / scale
let latencies: [Duration] = (0..<1024).map { .microseconds(50 + ($0 * 7919) % 40_000) }

let histogram = LatencyHistogram()
for threads in [1, 2] {
    entries.append(
        measure("LatencyHistogram.record", threads: threads, iterations: iterations) { index, count in
            var position = index * 17
            for _ in 0..<count {
                histogram.record(latencies[position & 1023])
                position &+= 1
            }
        }
    )
}

let monitor = StreamPerformanceMonitor()
for threads in [1, 2] {
    entries.append(
        measure("StreamPerformanceMonitor.recordRequest", threads: threads, iterations: iterations) { index, count in
            var position = index * 17
            for _ in 0..<count {
                monitor.recordRequest(latency: latencies[position & 1023], succeeded: position & 127 != 0)
                position &+= 1
            }
        }
    )
}

// Named operations: the handles are resolved once, as a service would at start-up; every thread
// cycles through the four declared operations.
var operationsConfiguration = MonitoringConfiguration()
operationsConfiguration.operations = ["dashboard", "report", "search", "upload"]
let operationsMonitor = StreamPerformanceMonitor(configuration: operationsConfiguration)
let declaredOperations = operationsMonitor.operations
for threads in [1, 2] {
    entries.append(
        measure("StreamPerformanceMonitor.recordRequest(operation)", threads: threads, iterations: iterations) {
            index,
            count in
            var position = index * 17
            for _ in 0..<count {
                operationsMonitor.recordRequest(
                    latency: latencies[position & 1023],
                    succeeded: position & 127 != 0,
                    operation: declaredOperations[position & 3]
                )
                position &+= 1
            }
        }
    )
}

entries.append(
    measureSerial("HistogramSnapshot.snapshot+p95+p99", iterations: 2_000 / scale) {
        let snapshot = histogram.snapshot()
        blackHole(snapshot.percentile(0.95))
        blackHole(snapshot.percentile(0.99))
    }
)
entries.append(
    measureSerial("StreamPerformanceMonitor.currentMetrics", iterations: 500 / scale) {
        blackHole(monitor.currentMetrics())
    }
)
entries.append(
    measureSerial("StreamPerformanceMonitor.prometheusExposition", iterations: 500 / scale) {
        blackHole(monitor.prometheusExposition())
    }
)
// A running monitor has collected: its exposition reads the process figures of the last
// collection instead of /proc (the line above never collected, so it reads /proc every time).
monitor.tick()
entries.append(
    measureSerial("StreamPerformanceMonitor.prometheusExposition(collected)", iterations: 2_000 / scale) {
        blackHole(monitor.prometheusExposition())
    }
)
operationsMonitor.tick()
entries.append(
    measureSerial(
        "StreamPerformanceMonitor.prometheusExposition(collected, 4 operations)",
        iterations: 2_000 / scale
    ) {
        blackHole(operationsMonitor.prometheusExposition())
    }
)

// Memory: a monitor holding a full history (24 h at 1 s by default), driven by a manual clock.
let historyRSSBefore = residentBytes()
let clock = ManualMonitorClock()
var configuration = MonitoringConfiguration()
configuration.clock = clock
configuration.samplesProcessResources = false
let historyMonitor = StreamPerformanceMonitor(configuration: configuration)
let intervals = quick ? 8_640 : 86_400
let historyStart = ContinuousClock.now
for second in 0..<intervals {
    historyMonitor.recordRequest(latency: latencies[second & 1023], succeeded: true)
    clock.advance(by: .seconds(1))
    historyMonitor.tick()
}
let tickSeconds = (ContinuousClock.now - historyStart).seconds
let historyRSSAfter = residentBytes()
entries.append(
    Entry(
        name: "StreamPerformanceMonitor.tick",
        threads: 1,
        nsPerOp: tickSeconds * 1e9 / Double(intervals),
        opsPerSecond: Double(intervals) / tickSeconds
    )
)
let historyMB = (historyRSSAfter - historyRSSBefore) / 1_048_576
entries.append(
    Entry(
        name: "memory.monitorWithFullHistory",
        threads: 1,
        nsPerOp: 0,
        opsPerSecond: 0,
        note: String(format: "%.1f MB RSS for %d history points", historyMB, historyMonitor.historyPoints().count)
    )
)

// RSS after warm-up across 10 million recordings.
let growthMonitor = StreamPerformanceMonitor()
for index in 0..<1_000_000 { growthMonitor.recordRequest(latency: latencies[index & 1023], succeeded: true) }
let growthBefore = residentBytes()
for index in 0..<(10_000_000 / scale) {
    growthMonitor.recordRequest(latency: latencies[index & 1023], succeeded: index & 63 != 0)
}
let growthAfter = residentBytes()
entries.append(
    Entry(
        name: "memory.rssGrowthAcross10MRecordings",
        threads: 1,
        nsPerOp: 0,
        opsPerSecond: 0,
        note: String(
            format: "%+.2f MB RSS across %d recordings after warm-up",
            (growthAfter - growthBefore) / 1_048_576,
            10_000_000 / scale
        )
    )
)

@MainActor func ratio(_ name: String) -> Double {
    let one = entries.first { $0.name == name && $0.threads == 1 }?.opsPerSecond ?? 0
    let two = entries.first { $0.name == name && $0.threads == 2 }?.opsPerSecond ?? 0
    return one > 0 ? two / one : 0
}
for index in entries.indices where entries[index].threads == 2 {
    entries[index].note = String(format: "aggregate %.2fx one thread", ratio(entries[index].name))
}

if wantsJSON {
    let objects = entries.map { entry -> [String: Any] in
        var object: [String: Any] = [
            "name": entry.name, "threads": entry.threads, "nsPerOp": (entry.nsPerOp * 100).rounded() / 100,
        ]
        if entry.opsPerSecond > 0 { object["opsPerSecond"] = entry.opsPerSecond.rounded() }
        if !entry.note.isEmpty { object["note"] = entry.note }
        return object
    }
    let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} else {
    let nameWidth = entries.map(\.name.count).max() ?? 10
    print("name".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  threads      ns/op        ops/s  note")
    for entry in entries {
        let nsText =
            entry.nsPerOp > 0 ? String(format: "%10.2f", entry.nsPerOp) : String(repeating: " ", count: 9) + "-"
        let rateText =
            entry.opsPerSecond > 0
            ? String(format: "%12.0f", entry.opsPerSecond) : String(repeating: " ", count: 11) + "-"
        print(
            entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + String(format: "%7d", entry.threads) + " " + nsText + " " + rateText + "  " + entry.note
        )
    }
}
