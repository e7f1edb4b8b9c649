import Foundation
import Testing

@testable import PerfGate

@Suite struct ReportGitHubStepSummaryTests {
    /// A fresh folder for one test, removed afterwards by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("perfgate-summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func doesNothingOutsideGitHubActions() throws {
        #expect(GitHubStepSummary(environment: [:]).path == nil)
        #expect(GitHubStepSummary(environment: ["GITHUB_STEP_SUMMARY": ""]).path == nil)
        #expect(try GitHubStepSummary(environment: ["HOME": "/tmp"]).append("# hello") == false)
    }

    @Test func appendsMarkdownToTheSummaryFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("summary.md").path
        try "# Earlier step\n".write(toFile: path, atomically: true, encoding: .utf8)
        let summary = GitHubStepSummary(environment: ["GITHUB_STEP_SUMMARY": path])
        #expect(summary.path == path)

        let fixture = ReportFixture.make()
        let markdown = MarkdownReport().render(fixture.report, current: fixture.current, baseline: fixture.baseline)
        #expect(try summary.append(markdown))
        #expect(try summary.append("second"))
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(contents == "# Earlier step\n" + markdown + "\nsecond\n\n")
    }

    @Test func createsAMissingSummaryFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new.md").path
        #expect(try GitHubStepSummary(environment: ["GITHUB_STEP_SUMMARY": path]).append("ok\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "ok\n\n")
    }

    @Test func namesTheFileWhenItCannotBeWritten() throws {
        let path = "/nonexistent-perfgate-folder/summary.md"
        let summary = GitHubStepSummary(environment: ["GITHUB_STEP_SUMMARY": path])
        do {
            try summary.append("text")
            Issue.record("appending to \(path) succeeded")
        } catch {
            #expect(error.code == .summaryUnwritable)
            #expect(error.message.contains(path))
            #expect(error.message.contains("GITHUB_STEP_SUMMARY"))
        }
    }
}
