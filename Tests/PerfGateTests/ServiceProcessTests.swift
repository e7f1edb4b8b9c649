import Foundation
import Testing

@testable import PerfGate

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Python HTTP server on the port perfgate picks, answering `/` with a directory listing.
private let pythonServer = "python3 -m http.server {port} --bind 127.0.0.1"

@Suite("ServiceProcess")
struct ServiceProcessTests {
    @Test func startsAServerThatAnswersItsReadinessPathAndStopsIt() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = try await ServiceProcess.start(ServiceCommand(pythonServer), in: directory)
        #expect(LoopbackProbe.get("/", port: service.port, timeout: .seconds(10)) == .status(200))
        #expect(service.commandLine == "python3 -m http.server \(service.port) --bind 127.0.0.1")
        #expect(service.termination == nil)

        let ended = service.stop()

        #expect(ended == .signalled(SIGTERM))
        #expect(isGone(service.processID))
        #expect(await eventually { isGroupGone(service.processID) })
        #expect(service.stop() == ended, "a second stop returns the first one's outcome")
        #expect(service.resourceSample() == nil)
    }

    @Test func stopSendsSIGTERMToEveryProcessOfTheGroupNotOnlyTheShell() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The shell starts the server as its child and waits, as `swift run` does; a second child
        // records the SIGTERM it gets.
        let recorder = "(trap 'echo TERM > child.txt; exit 0' TERM; while :; do sleep 0.05; done)"
        let service = try await ServiceProcess.start(
            ServiceCommand("\(recorder) & \(pythonServer) & wait"),
            in: directory
        )
        let members = try #require(ProcessGroupTable.members(ofGroup: service.processID))
        let children = members.map(\.pid).filter { $0 != service.processID }
        try #require(children.count >= 2, "the recorder and the server run as children of the shell")

        service.stop()

        #expect(isGone(service.processID))
        for child in children {
            #expect(await eventually { isGone(child) }, "child \(child) still runs")
        }
        #expect(await eventually { isGroupGone(service.processID) })
        let recorded = try? String(contentsOfFile: directory + "/child.txt", encoding: .utf8)
        #expect(recorded == "TERM\n", "the child got SIGKILL without a SIGTERM first")
    }

    @Test func aCommandThatExitsAtOnceReportsItsStatusAndLastOutput() async throws {
        let error = await startError(ServiceCommand("echo boom; exit 3", readinessPath: "/healthz"))
        #expect(error?.code == .serviceExited)
        #expect(error?.code.isInvalidRun == true)
        let lines = error?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.first?.contains("exited with status 3 before answering /healthz; its last output:") == true)
        #expect(lines.dropFirst() == ["  boom"])
    }

    @Test func aCommandThatIsNeverReadyIsStoppedAfterTheReadyTimeout() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = ServiceCommand("echo $$ > leader.pid; echo waiting; sleep 600", readyTimeout: .seconds(1))

        let error = await startError(command, in: directory)

        #expect(error?.code == .serviceNotReady)
        #expect(error?.message.contains("did not answer GET / on 127.0.0.1:") == true)
        // Usually "connection refused"; beside other tests, another server may have taken the port.
        #expect(error?.message.contains("within 1 s (last answer: ") == true)
        #expect(error?.message.hasSuffix("its last output:\n  waiting") == true)
        let recorded = try String(contentsOfFile: directory + "/leader.pid", encoding: .utf8)
        let leader = try #require(pid_t(recorded.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(isGone(leader))
        #expect(await eventually { isGroupGone(leader) }, "the sleep must not outlive the failed start")
    }

    @Test func aReadinessPathThatAnswersAnErrorIsNotReady() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = ServiceCommand(pythonServer, readinessPath: "/no-such-file", readyTimeout: .seconds(5))
        let error = await startError(command, in: directory)
        #expect(error?.code == .serviceNotReady)
        #expect(error?.message.contains("(last answer: status 404)") == true)
    }

    @Test func aServerThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = ServiceCommand("trap '' TERM; exec \(pythonServer)", stopGracePeriod: .milliseconds(500))
        let service = try await ServiceProcess.start(command, in: directory)

        let ended = service.stop()

        #expect(ended == .signalled(SIGKILL))
        #expect(isGone(service.processID))
        #expect(await eventually { isGroupGone(service.processID) })
    }

    @Test func aServiceThatDiesWhileRunningReportsHowItEnded() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = try await ServiceProcess.start(
            ServiceCommand("exec \(pythonServer)"),
            in: directory
        )
        kill(service.processID, SIGKILL)
        #expect(await eventually { service.termination != nil })
        #expect(service.termination == .signalled(SIGKILL))
        #expect(service.stop() == .signalled(SIGKILL))
    }

    @Test func theResourceSampleOfARunningServerHasItsMemoryAndCPUTime() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = try await ServiceProcess.start(ServiceCommand(pythonServer), in: directory)
        defer { service.stop() }
        let sample = try #require(service.resourceSample())
        #expect(sample.residentBytes > 0)
        #expect(sample.cpuSeconds >= 0)
        #expect(sample.processCount >= 1)
    }

    @Test func theOutputKeepsOnlyTheLastLines() async throws {
        let command = ServiceCommand("i=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done; exit 1")
        let error = await startError(command, outputLineLimit: 5)
        let lines = error?.message.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines == ["  line 96", "  line 97", "  line 98", "  line 99", "  line 100"])
    }

    @Test func aMissingDirectoryCannotBeSpawned() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = directory + "/missing"
        let error = await startError(ServiceCommand(pythonServer), in: missing)
        #expect(error?.code == .serviceSpawn)
        #expect(error?.message.contains("'\(missing)'") == true)
        #expect(error?.code.isInvalidRun == true)
    }

    @Test(arguments: [
        ("server --port {port}", "server --port 8080"),
        ("PORT={port} ./server & echo ${HOME} {port}", "PORT=8080 ./server & echo ${HOME} 8080"),
        ("awk '{print $1}' f; server {port}", "awk '{print $1}' f; server 8080"),
        ("server { port } {}", "server { port } {}"),
    ])
    func placeholdersAreReplacedAndShellBracesLeftAlone(template: String, expected: String) throws {
        #expect(try ServiceCommand(template).commandLine(port: 8080) == expected)
    }

    @Test func anUnknownPlaceholderIsAnErrorNamingTheStartField() async throws {
        let command = ServiceCommand("my-server --port {prot}")
        #expect(throws: PerfGateError.self) { try command.validate() }
        let error = await startError(command)
        #expect(error?.code == .suiteMalformed)
        #expect(
            error?.message
                == "The suite field 'start' has the unknown placeholder '{prot}'; the only placeholder is '{port}'. "
                + "Did you mean '{port}'?"
        )
    }

    @Test(arguments: [
        (ServiceCommand("   "), "'start'"),
        (ServiceCommand("server {port}", readinessPath: "healthz"), "'ready'"),
        (ServiceCommand("server {port}", readinessPath: "/a b"), "'ready'"),
        (ServiceCommand("server {port}", readyTimeout: .zero), "'readyTimeout'"),
        (ServiceCommand("server {port}", stopGracePeriod: .seconds(-1)), "'stopGracePeriod'"),
    ])
    func badFieldsAreMalformedSuites(command: ServiceCommand, field: String) {
        do {
            try command.validate()
            Issue.record("\(command) was accepted")
        } catch {
            #expect(error.code == .suiteMalformed)
            #expect(error.message.contains("The suite field \(field)"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func aFreePortIsOneNothingListensOn() throws {
        let port = try LoopbackProbe.freePort()
        #expect((1...65_535).contains(port))
        #expect(LoopbackProbe.get("/", port: port, timeout: .seconds(5)) == .none("connection refused"))
    }

    @Test(arguments: [
        (Int32(3) << 8, ServiceProcess.Termination.exited(3)),
        (Int32(0), .exited(0)),
        (Int32(SIGKILL), .signalled(SIGKILL)),
        (Int32(SIGTERM) | 0x80, .signalled(SIGTERM)),
    ])
    func waitStatusesDecode(status: Int32, expected: ServiceProcess.Termination) {
        #expect(ServiceProcess.termination(fromWaitStatus: status) == expected)
    }
}

// MARK: Helpers

/// The error a start throws, or nil (recorded as an issue) when it starts.
private func startError(
    _ command: ServiceCommand,
    in directory: String? = nil,
    outputLineLimit: Int = 20
) async -> PerfGateError? {
    do {
        let service = try await ServiceProcess.start(command, in: directory, outputLineLimit: outputLineLimit)
        service.stop()
        Issue.record("'\(command.template)' started")
        return nil
    } catch {
        return error
    }
}

/// Whether no process has the ID `pid` (a reaped process).
private func isGone(_ pid: pid_t) -> Bool {
    kill(pid, 0) == -1 && errno == ESRCH
}

/// Whether no process is in the group `group`, zombies included.
private func isGroupGone(_ group: pid_t) -> Bool {
    kill(-group, 0) == -1 && errno == ESRCH
}

/// Polls `condition` until it holds, for at most a generous bound that only stops a broken test from
/// hanging; an orphan that exits is reaped by the system's init, not by the test, so it takes a moment.
private func eventually(_ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

/// A new empty directory for one test.
private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("perfgate-service-\(UUID())").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
