import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A place text is written to: the process's standard output or standard error, or a capture in tests.
///
/// Handlers receive their sinks in ``ParsedArguments`` rather than calling `print`, so that tests can run a
/// whole command in-process and read what it wrote. Writing does not need a `var`:
/// `parsed.standardOutput.write("done\n")`. The sink is `Sendable`, so a worker thread may write progress
/// while the handler runs.
struct TextSink: TextOutputStream, Sendable {
    private let writeText: @Sendable (String) -> Void

    /// Creates a sink that hands every piece of text to a closure.
    ///
    /// - Parameters:
    ///   - write: Called with each piece of text, in order.
    init(_ write: @escaping @Sendable (String) -> Void) {
        self.writeText = write
    }

    /// Writes text exactly as given.
    func write(_ string: String) {
        writeText(string)
    }

    /// Writes a line of text followed by a newline.
    func writeLine(_ line: String) {
        writeText(line + "\n")
    }

    /// The process's standard output.
    static let standardOutput = TextSink { text in
        fputs(text, stdout)
    }

    /// The process's standard error, where every error, warning and progress line goes.
    static let standardError = TextSink { text in
        fputs(text, stderr)
    }

    /// A sink that discards everything written to it.
    static let discarding = TextSink { _ in }
}

/// Collects what is written to its ``sink`` so that a test can read it back.
///
/// Safe to write from several threads; each write is appended whole.
final class TextCapture: Sendable {
    private let storage = Mutex("")

    /// Creates an empty capture.
    init() {}

    /// A sink that appends to this capture.
    var sink: TextSink {
        TextSink { [self] text in
            self.storage.withLock { $0 += text }
        }
    }

    /// Everything written so far.
    var text: String {
        storage.withLock { $0 }
    }
}
