import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The job summary of a GitHub Actions step: the file named by `GITHUB_STEP_SUMMARY`, to which
/// Markdown is appended and shown on the run's page.
///
/// ```swift
/// let summary = GitHubStepSummary(environment: ProcessInfo.processInfo.environment)
/// try summary.append(MarkdownReport().render(report, current: current, baseline: baseline))
/// ```
package struct GitHubStepSummary: Sendable, Equatable {
    /// The environment variable GitHub Actions sets to the summary file's path.
    package static let environmentVariable = "GITHUB_STEP_SUMMARY"

    /// The summary file's path, or nil outside GitHub Actions (the variable unset or empty).
    package var path: String?

    /// Reads the summary file's path from an environment.
    ///
    /// - Parameters:
    ///   - environment: The process environment, or a dictionary standing in for it in tests.
    package init(environment: [String: String]) {
        let value = environment[Self.environmentVariable] ?? ""
        path = value.isEmpty ? nil : value
    }

    /// Appends Markdown to the summary file, when there is one.
    ///
    /// The text is written with one `write` to a file opened for appending (created if missing),
    /// so concurrent steps' summaries do not interleave, and a blank line is added after it so
    /// the next summary starts a new block.
    ///
    /// - Parameters:
    ///   - markdown: The Markdown to append.
    /// - Returns: Whether anything was written (false outside GitHub Actions).
    /// - Throws: `PerfGateError` with code `summaryUnwritable` naming the file when it cannot be
    ///   opened or written.
    @discardableResult
    package func append(_ markdown: String) throws(PerfGateError) -> Bool {
        guard let path else { return false }
        var text = markdown
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\n"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw failure(path, "cannot be opened for appending")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBufferPointer { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure(path, "could not be written") }
            offset += count
        }
        return true
    }

    private func failure(_ path: String, _ problem: String) -> PerfGateError {
        let reason = String(cString: strerror(errno))
        return PerfGateError(
            code: .summaryUnwritable,
            message: "The GitHub step summary '\(path)' (from \(Self.environmentVariable)) \(problem) (\(reason)); "
                + "check the path or unset \(Self.environmentVariable).",
            cause: reason
        )
    }
}
