#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What the process is writing to: whether each stream is a terminal, the environment that switches colour
/// and live updates off, and the screen width.
///
/// Build it once with ``current()`` in `main` and pass it down; tests build one by hand, so nothing below asks
/// the operating system directly.
///
/// - Colour is used only on a terminal, and never when `NO_COLOR` is set to a non-empty value
///   (see no-color.org) or `TERM` is `dumb`.
/// - Live updates (a progress line rewritten with `\r`) are used only on a terminal, and never under CI
///   (`CI` set to anything but `false` or `0`), whose logs keep every rewrite as a separate line.
struct Terminal: Sendable, Equatable {
    /// One of the two output streams.
    enum Stream: Sendable, Equatable {
        /// Standard output, where reports go.
        case standardOutput
        /// Standard error, where errors, warnings and progress go.
        case standardError
    }

    /// Whether standard output is a terminal.
    var isStandardOutputATerminal: Bool
    /// Whether standard error is a terminal.
    var isStandardErrorATerminal: Bool
    /// The process environment.
    var environment: [String: String]
    /// The width to wrap help text to, in columns.
    var columns: Int

    /// Creates a description of the output streams; the defaults describe output that is piped or redirected.
    ///
    /// - Parameters:
    ///   - isStandardOutputATerminal: Whether standard output is a terminal.
    ///   - isStandardErrorATerminal: Whether standard error is a terminal.
    ///   - environment: The process environment.
    ///   - columns: The width to wrap help text to.
    init(
        isStandardOutputATerminal: Bool = false,
        isStandardErrorATerminal: Bool = false,
        environment: [String: String] = [:],
        columns: Int = Terminal.defaultColumns
    ) {
        self.isStandardOutputATerminal = isStandardOutputATerminal
        self.isStandardErrorATerminal = isStandardErrorATerminal
        self.environment = environment
        self.columns = columns
    }

    /// The width used when the real one cannot be found, as swift-argument-parser does.
    static let defaultColumns = 80

    /// Whether the given stream is a terminal.
    func isTerminal(_ stream: Stream) -> Bool {
        switch stream {
        case .standardOutput: isStandardOutputATerminal
        case .standardError: isStandardErrorATerminal
        }
    }

    /// Whether the process runs under continuous integration (`CI` set to anything but empty, `false` or `0`).
    var isContinuousIntegration: Bool {
        guard let value = environment["CI"] else { return false }
        return !["", "false", "0"].contains(value.lowercased())
    }

    /// Whether the user asked for no colour (`NO_COLOR` set to a non-empty value).
    var isColorSuppressed: Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }

    private var isDumb: Bool {
        environment["TERM"] == "dumb"
    }

    /// Whether text written to the stream may carry ANSI colour.
    func supportsColor(on stream: Stream) -> Bool {
        isTerminal(stream) && !isColorSuppressed && !isDumb
    }

    /// Whether a line written to the stream may be rewritten in place with `\r`.
    func supportsLiveUpdates(on stream: Stream) -> Bool {
        isTerminal(stream) && !isContinuousIntegration && !isDumb
    }

    /// The streams, environment and width of the running process.
    ///
    /// The width comes from `COLUMNS` when it holds a positive number, then from the terminal attached to
    /// standard output, then ``defaultColumns``.
    static func current() -> Terminal {
        let environment = processEnvironment()
        let isOutputATerminal = isatty(STDOUT_FILENO) == 1
        var columns = defaultColumns
        if let value = environment["COLUMNS"].flatMap({ Int($0) }), value > 0 {
            columns = value
        } else if isOutputATerminal, let width = terminalWidth(), width > 0 {
            columns = width
        }
        return Terminal(
            isStandardOutputATerminal: isOutputATerminal,
            isStandardErrorATerminal: isatty(STDERR_FILENO) == 1,
            environment: environment,
            columns: columns
        )
    }

    private static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        let first: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var entry = first else { return result }
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    private static func terminalWidth() -> Int? {
        var size = winsize()
        #if canImport(Darwin)
        let status = ioctl(STDOUT_FILENO, TIOCGWINSZ, &size)
        #else
        let status = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size)
        #endif
        guard status == 0 else { return nil }
        return Int(size.ws_col)
    }
}
