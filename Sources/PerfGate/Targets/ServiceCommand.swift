import PerfSupport

/// How to start a user's HTTP service and how to tell that it is ready: a suite's `start` and `ready`
/// fields, with the time limits that go with them.
///
/// The command is a shell command line, run through `/bin/sh -c` so that `swift run`, `&&`, quoting
/// and `$VARIABLES` work as in a terminal. Before it runs, each `{port}` becomes the free loopback port
/// that ``ServiceProcess`` picked; the port is also in the service's environment as `PORT`, for
/// servers that read it from there.
///
/// A placeholder is an identifier in braces: `{port}`. Braces around anything else (`awk '{print $1}'`)
/// and the shell's own `${NAME}` are left alone for the shell, so only a misspelt placeholder such as
/// `{prot}` is an error.
///
/// ```swift
/// let command = ServiceCommand("swift run -c release my-server --port {port}", readinessPath: "/healthz")
/// try command.validate()  // at suite load: a bad field is a malformed suite (exit 65)
/// ```
public struct ServiceCommand: Sendable, Equatable {
    /// The placeholders a command may use.
    public static let placeholders = ["port"]

    /// The shell command line that starts the service, with `{port}` where its port goes.
    public var template: String
    /// The path that answers a `GET` with a 2xx status once the service is ready, such as `/healthz`.
    public var readinessPath: String
    /// The longest the service may take to answer ``readinessPath`` with a 2xx status, counted from
    /// its start; this includes any build that the command runs first.
    public var readyTimeout: Duration
    /// How long the service has to exit after `SIGTERM` before it gets `SIGKILL`.
    public var stopGracePeriod: Duration

    /// Creates a command.
    ///
    /// - Parameters:
    ///   - template: The shell command line, with `{port}` where the service's port goes.
    ///   - readinessPath: The path that answers 2xx once the service is ready; `/` by default.
    ///   - readyTimeout: The longest the service may take to become ready; 60 seconds by default.
    ///   - stopGracePeriod: How long the service has to exit after `SIGTERM`; 5 seconds by default.
    public init(
        _ template: String,
        readinessPath: String = "/",
        readyTimeout: Duration = .seconds(60),
        stopGracePeriod: Duration = .seconds(5)
    ) {
        self.template = template
        self.readinessPath = readinessPath
        self.readyTimeout = readyTimeout
        self.stopGracePeriod = stopGracePeriod
    }

    /// Checks every field, so that a suite with a bad command is rejected when it loads, before any
    /// build or run.
    ///
    /// - Throws: `suiteMalformed`, naming the suite field (`start`, `ready`, `readyTimeout` or
    ///   `stopGracePeriod`), the bad value and what is allowed.
    public func validate() throws(PerfGateError) {
        _ = try commandLine(port: 0)
        guard readinessPath.hasPrefix("/"),
            readinessPath.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
        else {
            throw PerfGateError(
                code: .suiteMalformed,
                message: "The suite field 'ready' is '\(readinessPath)'; it must be a path that starts with '/' "
                    + "and has no spaces, such as '/healthz'."
            )
        }
        guard readyTimeout > .zero else {
            throw PerfGateError(
                code: .suiteMalformed,
                message: "The suite field 'readyTimeout' is \(readyTimeout); it must be more than 0 seconds."
            )
        }
        guard stopGracePeriod >= .zero else {
            throw PerfGateError(
                code: .suiteMalformed,
                message: "The suite field 'stopGracePeriod' is \(stopGracePeriod); it must be 0 seconds or more."
            )
        }
    }

    /// The command line to run, with every `{port}` replaced by `port`.
    ///
    /// - Parameter port: The service's port.
    /// - Returns: The command line for `/bin/sh -c`.
    /// - Throws: `suiteMalformed` when the template is empty or names a placeholder other than
    ///   `{port}`.
    /// - Complexity: O(*n*) in the length of the template.
    public func commandLine(port: Int) throws(PerfGateError) -> String {
        guard template.contains(where: { !$0.isWhitespace }) else {
            throw PerfGateError(
                code: .suiteMalformed,
                message: "The suite field 'start' is empty; give the shell command that starts the service, "
                    + "with '{port}' where its port goes."
            )
        }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let isShellExpansion = open > rest.startIndex && rest[rest.index(before: open)] == "$"
            let afterOpen = rest.index(after: open)
            guard !isShellExpansion, let close = rest[afterOpen...].firstIndex(of: "}"),
                Self.isIdentifier(rest[afterOpen..<close])
            else {
                result += rest[...open]
                rest = rest[afterOpen...]
                continue
            }
            let name = String(rest[afterOpen..<close])
            guard name == "port" else {
                let hint = Suggestion.closest(to: name, among: Self.placeholders).map { " Did you mean '{\($0)}'?" }
                throw PerfGateError(
                    code: .suiteMalformed,
                    message: "The suite field 'start' has the unknown placeholder '{\(name)}'; the only placeholder "
                        + "is '{port}'.\(hint ?? "")"
                )
            }
            result += rest[..<open]
            result += String(port)
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// Whether `text` is an identifier: a letter or `_`, then letters, digits and `_`.
    private static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
