// swift-tools-version: 6.2

import PackageDescription

let package = Package(
    name: "perfgate",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PerfMonitor", targets: ["PerfMonitor"]),
        .library(name: "PerfMonitorTestKit", targets: ["PerfMonitorTestKit"]),
        .library(name: "StreamService", targets: ["StreamService"]),
        .library(name: "Workloads", targets: ["Workloads"]),
        .library(name: "PerfHTTP", targets: ["PerfHTTP"]),
        .library(name: "PerfGate", targets: ["PerfGate"]),
        .executable(name: "perfgate", targets: ["perfgate"]),
        .executable(name: "monitor-benchmarks", targets: ["MonitorBenchmarks"]),
        .executable(name: "changepoint-bench", targets: ["ChangePointBench"]),
        .executable(name: "http-fixture-server", targets: ["HTTPFixtureServer"]),
        .executable(name: "example-api-server", targets: ["ExampleAPIServer"]),
    ],
    dependencies: [],
    targets: [
        // Shared helpers, no product: the strict JSON reader and JSON string literals, edit distance and
        // "did you mean" suggestions, dedicated threads and number formatting. Free of Foundation.
        .target(name: "PerfSupport"),
        .target(name: "PerfMonitor", dependencies: ["PerfSupport"]),
        // For tests of code that uses the monitor: a manual clock, an in-memory event sink and the
        // Prometheus exposition validator. Free of Foundation.
        .target(name: "PerfMonitorTestKit", dependencies: ["PerfMonitor"]),
        .target(name: "StreamService", dependencies: ["PerfMonitor", "PerfSupport"]),
        .target(name: "Workloads", dependencies: ["PerfMonitor", "PerfSupport"]),
        // What PerfHTTP needs from Linux that the Glibc module lacks: epoll with a nanosecond timeout and
        // the thread's timer slack. C, no product; empty elsewhere.
        .target(name: "CPerfHTTP"),
        // HTTP/1.1 on POSIX sockets, and the endpoint that serves a monitor's `/metrics` with it.
        .target(name: "PerfHTTP", dependencies: ["CPerfHTTP", "PerfMonitor", "PerfSupport"]),
        .target(
            name: "PerfGate",
            dependencies: ["PerfHTTP", "PerfMonitor", "PerfSupport", "StreamService", "Workloads"]
        ),
        .target(
            name: "PerfGateCLI",
            dependencies: ["PerfGate", "PerfHTTP", "PerfMonitor", "PerfSupport", "StreamService", "Workloads"]
        ),
        .executableTarget(name: "perfgate", dependencies: ["PerfGateCLI"]),
        .executableTarget(
            name: "MonitorBenchmarks",
            dependencies: ["PerfMonitor", "PerfMonitorTestKit", "PerfSupport"],
            path: "Benchmarks/MonitorBenchmarks"
        ),
        // The change-point detector on series files, for Benchmarks/changepoints/run.sh.
        .executableTarget(name: "ChangePointBench", dependencies: ["PerfGate"], path: "Benchmarks/ChangePointBench"),
        // The fixture server of Benchmarks/http-target/run.sh: answers after an exact delay, and can stall.
        .executableTarget(
            name: "HTTPFixtureServer",
            dependencies: ["PerfHTTP", "PerfMonitor", "CPerfHTTP"],
            path: "Benchmarks/HTTPFixtureServer"
        ),
        // The example service the README walks through, gated by Benchmarks/example-api.json.
        .executableTarget(
            name: "ExampleAPIServer",
            dependencies: ["PerfHTTP", "PerfMonitor"],
            path: "Examples/api-server"
        ),
        .testTarget(
            name: "PerfMonitorTests",
            dependencies: ["PerfMonitor", "PerfMonitorTestKit"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "PerfMonitorTestKitTests", dependencies: ["PerfMonitorTestKit", "PerfMonitor"]),
        .testTarget(name: "StreamServiceTests", dependencies: ["StreamService", "PerfMonitor"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "PerfMonitor", "PerfSupport"]),
        .testTarget(name: "PerfSupportTests", dependencies: ["PerfSupport"]),
        .testTarget(name: "PerfHTTPTests", dependencies: ["PerfHTTP", "PerfMonitor", "PerfMonitorTestKit"]),
        .testTarget(
            name: "PerfGateTests",
            dependencies: ["PerfGate", "PerfHTTP", "PerfMonitorTestKit", "PerfSupport"]
        ),
        .testTarget(name: "PerfGateCLITests", dependencies: ["PerfGateCLI", "PerfHTTP"]),
        .testTarget(name: "HTTPFixtureServerTests", dependencies: ["HTTPFixtureServer", "PerfHTTP", "PerfMonitor"]),
    ],
    swiftLanguageModes: [.v6]
)

// The same settings for every target, as swift-log and swift-metrics do.
for target in package.targets where target.name != "CPerfHTTP" {
    var settings = target.swiftSettings ?? []
    // Require `any` for existential types.
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    // An import is internal unless it says otherwise: `public import X` only where a public
    // declaration's signature uses X's types.
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    // A member declared in an extension is visible only where its module is imported.
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
