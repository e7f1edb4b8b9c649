/// The one error type of the `PerfGate` module.
///
/// Every message is a whole sentence that names the file or field, the bad value and what is allowed.
/// Match on ``code``, never on the message:
///
/// ```swift
/// do {
///     let suite = try SuiteLoader.resolve("nightly")
///     // …
/// } catch {
///     // `error` is a `PerfGateError`: `.suiteUnknown` when no suite has that name.
///     print(error.code == .suiteUnknown ? "see perfgate list" : error.description)
/// }
/// ```
public struct PerfGateError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable, machine-readable kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, such as `resultMalformed`.
        public var rawValue: String

        /// Creates a code from its name.
        ///
        /// - Parameter rawValue: The kind's name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        // MARK: Result files

        /// A result or baseline file cannot be read: it does not exist, or is not readable.
        public static let resultUnreadable = Code(rawValue: "resultUnreadable")
        /// A result or baseline file is above the size limit for result files.
        public static let resultTooLarge = Code(rawValue: "resultTooLarge")
        /// A result or baseline file is not a perfgate result, or two results cannot be compared.
        public static let resultMalformed = Code(rawValue: "resultMalformed")
        /// A result or baseline file has a schema version that this perfgate does not read.
        public static let resultSchema = Code(rawValue: "resultSchema")
        /// A result cannot be encoded as JSON.
        public static let resultEncode = Code(rawValue: "resultEncode")
        /// A result, report or other output file cannot be written where it was asked for.
        public static let resultUnwritable = Code(rawValue: "resultUnwritable")

        // MARK: Runs

        /// A capacity search ran no probe, so it has no figures to report.
        public static let runCapacity = Code(rawValue: "runCapacity")
        /// The load driver could not run the workload, such as when the system refused it a thread.
        public static let runWorkload = Code(rawValue: "runWorkload")
        /// An `http` scenario's client could not start: its host does not resolve, or its URL
        /// cannot be used.
        public static let runHTTPTarget = Code(rawValue: "runHTTPTarget")

        // MARK: Suites

        /// No suite has the name asked for.
        public static let suiteUnknown = Code(rawValue: "suiteUnknown")
        /// A suite file cannot be read.
        public static let suiteUnreadable = Code(rawValue: "suiteUnreadable")
        /// A suite file is not a valid suite: bad JSON, a missing field or a value out of range.
        public static let suiteMalformed = Code(rawValue: "suiteMalformed")
        /// A scenario of a suite names no service configuration preset.
        public static let suitePreset = Code(rawValue: "suitePreset")
        /// A scenario of a suite names a workload that does not exist, is invalid, or does not suit the scenario.
        public static let suiteWorkload = Code(rawValue: "suiteWorkload")

        // MARK: Reports

        /// A JSON text is not a comparison report.
        public static let reportMalformed = Code(rawValue: "reportMalformed")
        /// The GitHub step summary file cannot be opened or appended to.
        package static let summaryUnwritable = Code(rawValue: "summaryUnwritable")

        // MARK: Serving

        /// The workload cannot be served: it is a capacity search, which ends by itself, or it is invalid.
        package static let serveWorkload = Code(rawValue: "serveWorkload")
        /// The alert webhook cannot be used: its host does not resolve, or its client cannot start.
        package static let serveAlertWebhook = Code(rawValue: "serveAlertWebhook")
        /// A live service was asked to run a second time; it runs once.
        package static let serveAlreadyRun = Code(rawValue: "serveAlreadyRun")
        /// The bind address is not an IPv4 or IPv6 literal (or `localhost`).
        package static let serveInvalidAddress = Code(rawValue: "serveInvalidAddress")
        /// Something already listens on the address and port to serve on.
        package static let servePortInUse = Code(rawValue: "servePortInUse")
        /// The bind address is not one of this machine's.
        package static let serveAddressUnavailable = Code(rawValue: "serveAddressUnavailable")
        /// The system does not let this process listen on the address and port (a port below 1024, say).
        package static let servePermissionDenied = Code(rawValue: "servePermissionDenied")
        /// A value of the HTTP server's configuration is out of range.
        package static let serveConfiguration = Code(rawValue: "serveConfiguration")
        /// The system refused the HTTP server a socket or a pipe, or it could not bind or listen for another reason.
        package static let serveSocket = Code(rawValue: "serveSocket")
        /// The system refused the HTTP server a thread.
        package static let serveThread = Code(rawValue: "serveThread")

        // MARK: Paired comparisons

        /// The working directory is not inside a git repository, or git cannot be run.
        package static let abNoRepository = Code(rawValue: "abNoRepository")
        /// A git command failed.
        package static let abGit = Code(rawValue: "abGit")
        /// A ref names no commit of the repository.
        package static let abUnknownRef = Code(rawValue: "abUnknownRef")
        /// The release build of an arm failed.
        package static let abBuildFailed = Code(rawValue: "abBuildFailed")
        /// A file or folder of the build cache cannot be created, copied or renamed.
        package static let abIO = Code(rawValue: "abIO")
        /// A program cannot be started.
        package static let abSpawn = Code(rawValue: "abSpawn")
        /// No pair of rounds could be measured: every pair was void.
        package static let abNothingMeasured = Code(rawValue: "abNothingMeasured")

        // MARK: Bisect

        /// A bisect's `--good` commit is not an ancestor of its `--bad` one, or is one only through
        /// a merged branch (not on the first-parent line), or the two are the same commit.
        package static let bisectRange = Code(rawValue: "bisectRange")
        /// A bisect names a scenario its suite does not have, or a metric that scenario does not
        /// measure.
        package static let bisectTarget = Code(rawValue: "bisectTarget")

        // MARK: Services under test

        /// A user's service cannot be started: no free port, pipe, thread or process could be had, or its
        /// working directory does not exist.
        public static let serviceSpawn = Code(rawValue: "serviceSpawn")
        /// A user's service exited before its readiness path answered.
        public static let serviceExited = Code(rawValue: "serviceExited")
        /// A user's service did not answer its readiness path with a 2xx status within the ready timeout.
        public static let serviceNotReady = Code(rawValue: "serviceNotReady")

        /// Whether the problem is in an input file (a result, a baseline, or a suite and the presets and
        /// workloads it names) rather than in the run; the CLI exits 65 for these.
        ///
        /// The codes are ``resultUnreadable``, ``resultTooLarge``, ``resultMalformed``, ``resultSchema`` and
        /// every suite code: ``suiteUnknown``, ``suiteUnreadable``, ``suiteMalformed``, ``suitePreset`` and
        /// ``suiteWorkload``.
        public var isMalformedInput: Bool {
            Self.malformedInputCodes.contains(self)
        }

        /// Whether the problem makes the run invalid rather than being in an input file or a bug: the
        /// service under test could not be started or did not become ready, or an `http` scenario's
        /// client could not reach its host. The CLI exits 4 for these.
        ///
        /// The codes are ``serviceSpawn``, ``serviceExited``, ``serviceNotReady`` and ``runHTTPTarget``.
        public var isInvalidRun: Bool {
            Self.invalidRunCodes.contains(self)
        }

        private static let invalidRunCodes: Set<Code> = [
            .serviceSpawn, .serviceExited, .serviceNotReady, .runHTTPTarget,
        ]

        private static let malformedInputCodes: Set<Code> = [
            .resultUnreadable, .resultTooLarge, .resultMalformed, .resultSchema,
            .suiteUnknown, .suiteUnreadable, .suiteMalformed, .suitePreset, .suiteWorkload,
        ]
    }

    /// The kind of problem.
    public var code: Code
    /// The one-line, user-facing message.
    public var message: String
    /// A description of an underlying error, when there was one.
    public var cause: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: The one-line, user-facing message.
    ///   - cause: A description of an underlying error, when there was one.
    public init(code: Code, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
