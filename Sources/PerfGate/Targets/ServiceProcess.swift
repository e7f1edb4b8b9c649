import Foundation
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A user's HTTP service, started from a suite's `start` command, ready once its `ready` path answers,
/// and stopped with everything it started.
///
/// ``start(_:in:outputLineLimit:)`` picks a free port on 127.0.0.1, puts it into the command (see
/// ``ServiceCommand``) and runs the command through `/bin/sh -c` in the given directory, in a process
/// group of its own: `swift run` and the server it starts are both in it, so ``stop()`` stops both.
/// It returns once `GET http://127.0.0.1:<port><ready>` answers with a 2xx status, polled every 50 ms.
/// Standard output and error go to a pipe of which only the last lines are kept, for error messages;
/// standard input is `/dev/null`.
///
/// Nothing is left running: ``stop()`` sends `SIGTERM` to the group, waits up to the command's grace
/// period for every process of the group to exit, then sends `SIGKILL`, and reaps the shell; it is
/// idempotent, every failed start calls it, and so does `deinit`.
///
/// While it runs, ``resourceSample()`` reads the group's resident memory and cumulative CPU time, from
/// which a round's `peak_rss_mb` and `cpu_percent` follow.
///
/// Intended use, by a round executor that measures a user's service (in a paired A/B run each arm
/// starts its own, in its own worktree, so each arm runs its own build):
///
/// ```swift
/// let command = ServiceCommand("swift run -c release my-server --port {port}", readinessPath: "/healthz")
/// let service = try await ServiceProcess.start(command, in: worktree)
/// defer { service.stop() }
/// let before = service.resourceSample()
/// // … drive http://127.0.0.1:\(service.port)/ for the round, sampling peak RSS every 100 ms …
/// let after = service.resourceSample()
/// if let before, let after {
///     let cpuPercent = (after.cpuSeconds - before.cpuSeconds) / roundSeconds * 100
/// }
/// if let ended = service.termination { /* the service died during the round: the round is invalid */ }
/// ```
///
/// Start failures are `PerfGateError`s with ``PerfGateError/Code/isInvalidRun`` codes (the CLI exits 4):
/// the command cannot be spawned (`serviceSpawn`), it exits before it is ready (`serviceExited`), or it
/// is not ready in time (`serviceNotReady`). Their message is one line, then the service's last output
/// lines, each on a line of its own indented by two spaces. A bad template is `suiteMalformed`.
public final class ServiceProcess: Sendable {
    /// How the service's first process (the shell) ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it, such as `SIGTERM` from ``ServiceProcess/stop()``.
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "was ended by signal \(signal) (\(Self.signalName(signal)))"
            }
        }

        private static func signalName(_ signal: Int32) -> String {
            switch signal {
            case SIGTERM: "SIGTERM"
            case SIGKILL: "SIGKILL"
            case SIGINT: "SIGINT"
            case SIGSEGV: "SIGSEGV"
            case SIGABRT: "SIGABRT"
            case SIGILL: "SIGILL"
            case SIGBUS: "SIGBUS"
            case SIGTRAP: "SIGTRAP"
            default: "signal \(signal)"
            }
        }
    }

    /// What the service's processes use at one moment.
    public struct ResourceSample: Sendable, Equatable {
        /// The resident memory of every live process of the group, in bytes.
        public var residentBytes: UInt64
        /// User plus system CPU time of the group's processes since they started, with that of the
        /// children they have reaped, in seconds. It only grows while the group's processes live; a
        /// round's CPU percent is the change over the round divided by the round's length.
        public var cpuSeconds: Double
        /// How many live processes the group has.
        public var processCount: Int

        /// Creates a sample.
        ///
        /// - Parameters:
        ///   - residentBytes: Resident memory, in bytes.
        ///   - cpuSeconds: Cumulative CPU time, in seconds.
        ///   - processCount: Live processes.
        public init(residentBytes: UInt64, cpuSeconds: Double, processCount: Int) {
            self.residentBytes = residentBytes
            self.cpuSeconds = cpuSeconds
            self.processCount = processCount
        }
    }

    /// The command as the suite gave it.
    public let command: ServiceCommand
    /// The command line that ran, with its placeholders replaced.
    public let commandLine: String
    /// The port on 127.0.0.1 the service was told to listen on.
    public let port: Int
    /// The process ID of the shell that runs the command, which is also the ID of the service's
    /// process group.
    public let processID: Int32

    private let output: ServiceOutput
    /// How the shell ended, once it has been reaped; only this lock's holder calls `waitpid`.
    private let leader = Mutex<Termination?>(nil)
    /// The outcome of the one stop; held for the whole stop, so concurrent calls wait for it.
    private let stopOutcome = Mutex<Termination?>(nil)

    init(command: ServiceCommand, commandLine: String, port: Int, processID: pid_t, output: ServiceOutput) {
        self.command = command
        self.commandLine = commandLine
        self.port = port
        self.processID = processID
        self.output = output
    }

    deinit {
        stop()
    }

    /// How the shell ended, or nil while it runs; reaps it when it has exited.
    ///
    /// A service that ends during a round makes the round invalid. After ``stop()`` it is how the
    /// stop ended the shell.
    public var termination: Termination? {
        reapLeader()
    }

    /// The last lines the service printed to standard output and error, oldest first.
    public func lastOutput() -> [String] {
        output.lastLines()
    }

    /// The group's resident memory and cumulative CPU time now, or nil when none of its processes is
    /// alive or `/proc` cannot be read (other systems than Linux).
    ///
    /// - Complexity: O(*p*) small file reads for the *p* processes of the machine; a few milliseconds.
    public func resourceSample() -> ResourceSample? {
        Self.resourceSample(ofGroup: processID)
    }

    /// The resources of every live process of a process group, or nil once none is alive.
    package static func resourceSample(ofGroup processID: Int32) -> ResourceSample? {
        guard let members = ProcessGroupTable.members(ofGroup: processID) else { return nil }
        let live = members.filter { !$0.isZombie }
        guard !live.isEmpty else { return nil }
        return ResourceSample(
            residentBytes: live.reduce(0) { $0 + $1.residentBytes },
            cpuSeconds: Double(live.reduce(0) { $0 + $1.cpuTicks }) / ProcessGroupTable.ticksPerSecond,
            processCount: live.count
        )
    }

    /// Stops the service: `SIGTERM` to its process group, up to the grace period for every process of
    /// the group to exit, then `SIGKILL` to the group; reaps the shell and stops reading its output.
    ///
    /// Idempotent: a second call returns the first one's outcome at once. Blocks the calling thread
    /// for up to the grace period, and a few seconds more when the group must be killed.
    ///
    /// - Returns: How the shell ended.
    @discardableResult
    public func stop() -> Termination {
        stopOutcome.withLock { outcome in
            if let outcome { return outcome }
            let ended = terminateGroup()
            output.finish()
            outcome = ended
            return ended
        }
    }

    // MARK: Stopping

    private func terminateGroup() -> Termination {
        if groupIsGone() { return reapLeader() ?? .exited(0) }
        killpg(processID, SIGTERM)
        killpg(processID, SIGCONT)
        if waitForGroupToEnd(within: command.stopGracePeriod) { return reapLeader() ?? .exited(0) }
        killpg(processID, SIGKILL)
        // SIGKILL cannot be caught; the bound only guards against a process stuck in the kernel.
        _ = waitForGroupToEnd(within: .seconds(10))
        return reapLeader() ?? .signalled(SIGKILL)
    }

    /// Polls until the shell is reaped and no other process of the group is alive, or `limit` passes.
    private func waitForGroupToEnd(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            if groupIsGone() { return true }
            if ContinuousClock.now >= deadline { return false }
            usleep(10_000)
        }
    }

    /// Whether the shell has been reaped and no process of the group is alive (zombies whose parent
    /// has not reaped them yet do not count).
    private func groupIsGone() -> Bool {
        guard reapLeader() != nil else { return false }
        if let members = ProcessGroupTable.members(ofGroup: processID) {
            return members.allSatisfy(\.isZombie)
        }
        return killpg(processID, 0) != 0 && errno == ESRCH
    }

    /// Reaps the shell if it has exited, without waiting; how it ended, or nil while it runs.
    @discardableResult
    private func reapLeader() -> Termination? {
        leader.withLock { ended in
            if let ended { return ended }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(processID, &status, WNOHANG)
            } while result < 0 && errno == EINTR
            guard result == processID else {
                // ECHILD: someone else reaped it; it is gone, how is unknown.
                if result < 0 { ended = .exited(-1) }
                return ended
            }
            ended = Self.termination(fromWaitStatus: status)
            return ended
        }
    }

    /// The `WIFEXITED`/`WIFSIGNALED` decoding of a `waitpid` status, which Swift does not import.
    static func termination(fromWaitStatus status: Int32) -> Termination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}
