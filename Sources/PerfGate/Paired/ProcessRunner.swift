import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs a child process to completion, with its output captured or sent to a file, and a time
/// limit after which it is killed.
enum ProcessRunner {
    /// What a finished process left.
    struct Outcome: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        /// Whether it ended by a signal (a crash or the time limit).
        var wasSignalled: Bool
        /// Whether the time limit ended it.
        var timedOut: Bool
        /// Standard output, when captured.
        var output: String
        /// Standard error, when captured.
        var errorOutput: String
    }

    /// Runs `executable` with `arguments` in `directory`.
    ///
    /// - Parameters:
    ///   - executable: The program's path (for `git` and `swift`, found on `PATH` through
    ///     `/usr/bin/env`).
    ///   - arguments: Its arguments.
    ///   - directory: The working directory; nil for the current one.
    ///   - logPath: When set, standard output and error are appended to this file instead of
    ///     being captured.
    ///   - timeout: The longest the process may run before it is killed (SIGKILL).
    /// - Throws: `abSpawn` when the program cannot be started.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String? = nil,
        logPath: String? = nil,
        timeout: Duration = .seconds(3_600)
    ) throws(PerfGateError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        var logHandle: FileHandle?
        if let logPath {
            if !FileManager.default.fileExists(atPath: logPath) {
                _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            }
            logHandle = FileHandle(forWritingAtPath: logPath)
            _ = try? logHandle?.seekToEnd()
        }
        if let logHandle {
            process.standardOutput = logHandle
            process.standardError = logHandle
        } else {
            process.standardOutput = outputPipe
            process.standardError = errorPipe
        }
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw PerfGateError(
                code: .abSpawn,
                message: "Cannot start '\(executable)'; check that it is installed and executable.",
                cause: "\(error)"
            )
        }
        // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
        let captured = CapturedOutput()
        let group = DispatchGroup()
        if logHandle == nil {
            for (pipe, isError) in [(outputPipe, false), (errorPipe, true)] {
                group.enter()
                DispatchQueue.global().async {
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    captured.store(data, isError: isError)
                    group.leave()
                }
            }
        }
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        group.wait()
        try? logHandle?.close()
        let signalled = process.terminationReason == .uncaughtSignal
        return Outcome(
            status: signalled ? 128 + process.terminationStatus : process.terminationStatus,
            wasSignalled: signalled,
            timedOut: timedOut,
            output: captured.text(isError: false),
            errorOutput: captured.text(isError: true)
        )
    }
}

/// The captured output of a child process, filled from two reader threads.
///
/// `@unchecked Sendable` is sound: every access to `output` and `errorOutput` holds `lock`.
private final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var output = Data()
    private var errorOutput = Data()

    func store(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { errorOutput = data } else { output = data }
    }

    func text(isError: Bool) -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: isError ? errorOutput : output, as: UTF8.self)
    }
}
