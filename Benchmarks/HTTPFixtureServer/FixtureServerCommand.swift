// A fixture HTTP server for Benchmarks/http-target/run.sh: answers after an exact delay, and can
// stall, so that a load generator's latency accuracy and coordinated omission can be measured.
// `swift run -c release http-fixture-server --delay-ms 10 [--stall-after 4.5 --stall-for 1]`.

import CPerfHTTP
import PerfHTTP

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
enum FixtureServerCommand {
    static func main() {
        let options: FixtureOptions
        do {
            options = try FixtureOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            let synopsis = FixtureOptions.synopsis
            fputs("Error: \(error)\nUsage: \(synopsis)\nSee 'http-fixture-server --help'.\n", stderr)
            exit(64)
        }
        if options.showsHelp {
            print(FixtureOptions.help)
            return
        }
        // Every thread the server starts inherits this mask, so only `sigwait` below sees the signals.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        // Threads inherit their creator's timer slack: 1 µs instead of Linux's 50 µs, so that the
        // kernel does not end a connection's sleep up to 50 µs late to batch wake-ups.
        _ = cperf_set_timer_slack(1_000)

        var configuration = HTTPServerConfiguration(port: options.port, maxConnections: 512, backlog: 1024)
        configuration.runsInBackground = false
        let responder = FixtureResponder(schedule: options.schedule, spin: options.spin)
        var routes = HTTPRoutes()
        routes.add("GET", "/") { request in responder.respond(to: request) }
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: configuration, routes: routes)
        } catch {
            fputs("Error: \(error)\n", stderr)
            exit(1)
        }
        print("listening on \(server.authority)")
        fflush(stdout)
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        server.shutdown()
        fputs(responder.latenessSummary + "\n", stderr)
    }
}
