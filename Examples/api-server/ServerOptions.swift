/// The command line of `example-api-server`.
struct ServerOptions: Equatable {
    /// The address to listen on (127.0.0.1).
    var host = "127.0.0.1"
    /// The port to listen on: `--port`, else `$PORT`, else 8080; 0 lets the system choose.
    var port = 8080
    /// Whether `--help` was asked for.
    var showsHelp = false

    static let usage = """
        OVERVIEW: An example HTTP service that embeds PerfGate's monitor.

        USAGE: example-api-server [--port <port>] [--host <address>]

        OPTIONS:
          --port <port>      The port to listen on (default: $PORT, else 8080; 0 lets the system choose).
          --host <address>   The address to listen on (default: 127.0.0.1).
          -h, --help         Show help information.

        ENDPOINTS:
          GET  /api/dashboard            JSON figures (operation "dashboard")
          POST /api/reports/generate     {"user_id": "..."} -> a JSON report (operation "report")
          GET  /api/stream?messages=N    N JSON messages, one a line (operation "stream")
          GET  /metrics /summary /history /healthz   the monitor's endpoints

        """

    /// A problem with the command line, as one sentence.
    struct UsageError: Error {
        var message: String
    }

    /// Reads the arguments (without the program's name) and the environment's `PORT`.
    ///
    /// - Throws: ``UsageError`` naming the bad argument.
    init(arguments: [String], environment: [String: String]) throws(UsageError) {
        if let text = environment["PORT"], !text.isEmpty {
            port = try Self.port(text, from: "$PORT")
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help":
                showsHelp = true
            case "--port", "--host":
                guard let value = remaining.popFirst() else {
                    throw UsageError(message: "'\(argument)' needs a value.")
                }
                if argument == "--port" {
                    port = try Self.port(value, from: "--port")
                } else {
                    host = value
                }
            default:
                throw UsageError(message: "Unknown argument '\(argument)'; the options are --port, --host and --help.")
            }
        }
    }

    private static func port(_ text: String, from source: String) throws(UsageError) -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw UsageError(message: "\(source) is '\(text)'; give a port from 0 to 65535.")
        }
        return port
    }
}
