import Foundation
import PerfSupport

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServiceProcess {
    /// How often the readiness path is polled while the service starts.
    static let readinessPollInterval = Duration.milliseconds(50)
    /// The longest one readiness request may wait for each of connecting, sending and reading.
    static let readinessRequestTimeout = Duration.seconds(1)

    /// Starts the service and returns once its readiness path answers with a 2xx status.
    ///
    /// Waits by polling: the task sleeps between requests, and each request blocks its thread for at
    /// most about a second. A cancelled task stops the service and throws `serviceNotReady`.
    ///
    /// - Parameters:
    ///   - command: The command, readiness path and time limits.
    ///   - directory: The working directory of the command, such as an arm's worktree; nil for the
    ///     current one.
    ///   - outputLineLimit: How many of the service's last output lines to keep for messages.
    /// - Returns: The running, ready service.
    /// - Throws: `suiteMalformed` for a bad command (see ``ServiceCommand/validate()``); `serviceSpawn`
    ///   when no port, pipe, thread or process can be had; `serviceExited` when the service exits before
    ///   it is ready; `serviceNotReady` when it is not ready within the ready timeout. The service is
    ///   stopped before any of these is thrown.
    public static func start(
        _ command: ServiceCommand,
        in directory: String? = nil,
        outputLineLimit: Int = 20
    ) async throws(PerfGateError) -> ServiceProcess {
        try command.validate()
        let port = try LoopbackProbe.freePort()
        let commandLine = try command.commandLine(port: port)
        let service = try spawn(command, commandLine: commandLine, port: port, in: directory, lines: outputLineLimit)
        try await service.waitUntilReady()
        return service
    }

    private static func spawn(
        _ command: ServiceCommand,
        commandLine: String,
        port: Int,
        in directory: String?,
        lines: Int
    ) throws(PerfGateError) -> ServiceProcess {
        guard let ends = closeOnExecPipe() else {
            throw spawnError(commandLine, directory: directory, reason: "cannot create a pipe", errno)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PORT"] = String(port)
        let pid: pid_t
        do {
            pid = try spawnShell(commandLine, directory: directory, outputTo: ends[1], environment: environment)
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[1])
        let output: ServiceOutput
        do {
            output = try ServiceOutput(reading: ends[0], lineLimit: lines)
        } catch {
            killpg(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            throw PerfGateError(code: .serviceSpawn, message: "Cannot start the service: \(error.description)")
        }
        return ServiceProcess(
            command: command,
            commandLine: commandLine,
            port: port,
            processID: pid,
            output: output
        )
    }

    /// Runs `/bin/sh -c commandLine` in a new process group, with standard output and error to
    /// `descriptor`, standard input from `/dev/null`, the default signal dispositions and no other
    /// inherited descriptors.
    private static func spawnShell(
        _ commandLine: String,
        directory: String?,
        outputTo descriptor: Int32,
        environment: [String: String]
    ) throws(PerfGateError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, descriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, descriptor, 2)
        if let directory {
            guard let changeDirectory = gnuFunction("posix_spawn_file_actions_addchdir_np", as: AddChangeDirectory.self)
            else {
                throw spawnError(commandLine, directory: directory, reason: "this C library cannot", ENOSYS)
            }
            _ = changeDirectory(&actions, directory)
        }
        if let closeFrom = gnuFunction("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self) {
            _ = closeFrom(&actions, 3)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        )

        let arguments: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", commandLine].map { (text: String) in
            strdup(text)
        }
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { (name, value) in strdup("\(name)=\(value)") }
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments + [nil], variables + [nil])
        guard result == 0 else {
            throw spawnError(commandLine, directory: directory, reason: "posix_spawn failed", result)
        }
        return pid
    }

    /// A pipe whose two ends no spawned process inherits unless they are duplicated onto its standard
    /// descriptors; nil, with `errno` set, when the system refuses one.
    private static func closeOnExecPipe() -> [Int32]? {
        var ends: [Int32] = [-1, -1]
        if let pipeWithFlags = gnuFunction("pipe2", as: PipeWithFlags.self) {
            return ends.withUnsafeMutableBufferPointer { pipeWithFlags($0.baseAddress, O_CLOEXEC) } == 0 ? ends : nil
        }
        guard pipe(&ends) == 0 else { return nil }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return ends
    }

    private typealias PipeWithFlags = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    private typealias AddChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// A C library function that Swift does not import because its header declares it only under
    /// `_GNU_SOURCE` (`pipe2`, `posix_spawn_file_actions_addchdir_np` and `…_addclosefrom_np` in glibc),
    /// looked up by name; nil where the C library lacks it.
    private static func gnuFunction<Function>(_ name: String, as type: Function.Type) -> Function? {
        #if canImport(Glibc)
        let everyLibrary: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #else
        let everyLibrary = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #endif
        guard let address = dlsym(everyLibrary, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    private static func spawnError(
        _ commandLine: String,
        directory: String?,
        reason: String,
        _ number: Int32
    ) -> PerfGateError {
        let place = directory.map { " in '\($0)'" } ?? ""
        let fix =
            number == ENOENT || number == ENOTDIR
            ? "check that the directory exists and /bin/sh is installed"
            : "check the system's limits on processes and open files"
        return PerfGateError(
            code: .serviceSpawn,
            message: "Cannot start the service command '\(commandLine)'\(place): \(reason) "
                + "(\(String(cString: strerror(number)))); \(fix)."
        )
    }

    // MARK: Readiness

    private func waitUntilReady() async throws(PerfGateError) {
        let deadline = ContinuousClock.now + command.readyTimeout
        var lastAnswer = LoopbackProbe.Answer.none("no answer")
        while true {
            if let ended = termination {
                stop()
                throw startError(
                    .serviceExited,
                    "The service command '\(commandLine)' \(ended) before answering \(command.readinessPath)"
                )
            }
            let remaining = deadline - ContinuousClock.now
            let answer = LoopbackProbe.get(
                command.readinessPath,
                port: port,
                timeout: min(Self.readinessRequestTimeout, max(remaining, .milliseconds(100)))
            )
            if answer.isSuccess { return }
            // A status says more than a request cut short by the deadline, so it is kept.
            if case .status = answer {
                lastAnswer = answer
            } else if case .none = lastAnswer {
                lastAnswer = answer
            }
            if ContinuousClock.now >= deadline || Task.isCancelled {
                // It may have exited while the request waited: that is the better message.
                if let ended = termination {
                    stop()
                    throw startError(
                        .serviceExited,
                        "The service command '\(commandLine)' \(ended) before answering \(command.readinessPath)"
                    )
                }
                stop()
                let request = "GET \(command.readinessPath) on 127.0.0.1:\(port)"
                if Task.isCancelled {
                    throw startError(
                        .serviceNotReady,
                        "The service command '\(commandLine)' was cancelled before it answered \(request)"
                    )
                }
                throw startError(
                    .serviceNotReady,
                    "The service command '\(commandLine)' did not answer \(request) with a 2xx status within "
                        + "\(Self.seconds(command.readyTimeout)) (last answer: \(lastAnswer.summary)); "
                        + "raise 'readyTimeout' or check the 'ready' path"
                )
            }
            try? await Task.sleep(for: Self.readinessPollInterval)
        }
    }

    /// A start error: the headline, then the service's last output lines, indented.
    private func startError(_ code: PerfGateError.Code, _ headline: String) -> PerfGateError {
        let lines = lastOutput()
        let message =
            lines.isEmpty
            ? headline + "; it printed nothing."
            : headline + "; its last output:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
        return PerfGateError(code: code, message: message)
    }

    private static func seconds(_ duration: Duration) -> String {
        let components = duration.components
        if components.attoseconds == 0 { return "\(components.seconds) s" }
        return "\(Double(components.seconds) + Double(components.attoseconds) / 1e18) s"
    }
}
