// An example HTTP service gated by PerfGate: `swift run -c release example-api-server --port 8080`.
//
// It serves the API on one HTTPServer, with the monitor's /metrics and /summary beside it, and
// shuts down cleanly on SIGTERM (how `perfgate run` stops a suite's service) or SIGINT (Ctrl-C).

import PerfHTTP
import PerfMonitor

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String, status: Int32) -> Never {
    fputs("Error: \(message)\n", stderr)
    if status == 64 { fputs("Usage: example-api-server [--port <port>] [--host <address>]\n", stderr) }
    exit(status)
}

var environment: [String: String] = [:]
if let port = getenv("PORT") { environment["PORT"] = String(cString: port) }
let options: ServerOptions
do {
    options = try ServerOptions(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment)
} catch {
    fail(error.message, status: 64)
}
if options.showsHelp {
    print(ServerOptions.usage, terminator: "")
    exit(0)
}

// Block the stop signals before any thread starts, so every thread inherits the mask and the
// main thread alone receives them, in sigwait below.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGTERM)
sigaddset(&stopSignals, SIGINT)
pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

let service = APIService()
service.monitor.start()
var configuration = HTTPServerConfiguration(host: options.host, port: options.port)
// The API's requests are the service's own work: they run at normal priority.
configuration.runsInBackground = false
let server: HTTPServer
do {
    server = try HTTPServer(configuration: configuration, routes: service.routes())
} catch {
    fail(error.description, status: 1)
}
print(
    "example-api-server listening on http://\(server.authority) (/api/dashboard, /api/reports/generate, ",
    terminator: ""
)
print("/api/stream, /metrics, /summary, /healthz)")
fflush(stdout)

var received: Int32 = 0
sigwait(&stopSignals, &received)
server.shutdown()
service.monitor.stop()
let summary = service.monitor.summary()
print("example-api-server stopped after \(summary.totalRequests) requests")
exit(0)
