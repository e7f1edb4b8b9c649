import Foundation
import Testing

@testable import PerfGate

/// The search of `perfgate bisect`, with an injected comparison: no builds, no rounds.
@Suite struct BisectSearchTests {
    /// A throughput row of a step: `change` is the oriented change (positive = worse).
    static func measurement(
        _ verdict: MetricVerdict,
        change: Double?,
        pairs: Int = 10
    ) -> BisectMeasurement {
        BisectMeasurement(
            comparison: MetricComparison(
                scenario: "balanced/saturation",
                metric: "throughput_rps",
                unit: "req/s",
                better: .higher,
                isGated: true,
                baselineMedian: 1000,
                currentMedian: change.map { 1000 / (1 + $0) },
                relativeChange: change,
                intervalLow: change.map { $0 - 0.03 },
                intervalHigh: change.map { $0 + 0.03 },
                confidence: 0.95,
                pValue: 0.01,
                adjustedPValue: 0.01,
                verdict: verdict,
                practicalThreshold: 0.05,
                baselineRounds: pairs,
                currentRounds: pairs,
                note: nil
            ),
            pairs: pairs
        )
    }

    static func commits(_ count: Int) -> [BisectCommit] {
        (1...count).map { BisectCommit(id: String(repeating: "\($0 % 10)", count: 40), subject: "c\($0)") }
    }

    /// ⌈log₂ n⌉ + 1.
    static func bound(_ count: Int) -> Int {
        var steps = 1
        var width = 1
        while width < count {
            width *= 2
            steps += 1
        }
        return steps
    }

    @Test func findsTheFirstMovedCommitForEveryPositionOfTheChangeAmongOneToSixteenCommits() async throws {
        for count in 1...16 {
            for changed in 1...count {
                var asked: [Int] = []
                let outcome = try await BisectSearch(commits: Self.commits(count)).run { position in
                    asked.append(position)
                    return position >= changed
                        ? Self.measurement(.regressed, change: 0.10) : Self.measurement(.unchanged, change: 0.001)
                }
                #expect(outcome.conclusion == .found(position: changed), "count \(count), changed \(changed)")
                #expect(asked.first == count)
                #expect(Set(asked).count == asked.count, "a commit was measured twice")
                #expect(asked.allSatisfy { (1...count).contains($0) })
                #expect(outcome.steps.count <= Self.bound(count))
                #expect(outcome.steps.map(\.position) == asked)
            }
        }
    }

    @Test func searchesForAnImprovementWhenTheBadCommitImproved() async throws {
        let outcome = try await BisectSearch(commits: Self.commits(8)).run { position in
            position >= 3 ? Self.measurement(.improved, change: -0.2) : Self.measurement(.unchanged, change: 0)
        }
        #expect(outcome.conclusion == .found(position: 3))
        #expect(outcome.steps.first?.reason.contains("improved") == true)
    }

    @Test func inconclusiveStepsAreDecidedByTheirEstimateAndTheSearchGoesOn() async throws {
        // Every commit from 6 on is 10% slower; the steps near the boundary stay inconclusive after
        // their extra pairs, with estimates on either side of half the whole change.
        for count in [7, 12, 16] {
            let outcome = try await BisectSearch(commits: Self.commits(count)).run { position in
                switch position {
                case count: Self.measurement(.regressed, change: 0.10)
                case 6...: Self.measurement(.inconclusive, change: 0.07, pairs: 14)
                default: Self.measurement(.inconclusive, change: 0.02, pairs: 14)
                }
            }
            #expect(outcome.conclusion == .found(position: 6), "count \(count)")
            let moved = outcome.steps.dropFirst().filter(\.hasMoved)
            #expect(moved.allSatisfy { $0.reason.contains("taken as moved") && $0.reason.contains("14 pairs") })
            let kept = outcome.steps.filter { !$0.hasMoved }
            #expect(kept.allSatisfy { $0.reason.contains("taken as not moved") })
        }
    }

    @Test func inconclusiveThenConclusiveStepsStillFindTheCommit() async throws {
        // The first midpoint (8 of 16) is inconclusive but near no change; later steps are clear.
        let outcome = try await BisectSearch(commits: Self.commits(16)).run { position in
            switch position {
            case 8: Self.measurement(.inconclusive, change: 0.03, pairs: 14)
            case 11...: Self.measurement(.regressed, change: 0.10)
            default: Self.measurement(.unchanged, change: 0.0)
            }
        }
        #expect(outcome.conclusion == .found(position: 11))
        #expect(outcome.steps.map(\.position) == [16, 8, 12, 10, 11])
        #expect(outcome.steps[1].hasMoved == false)
    }

    @Test func decidesEachVerdictAgainstTheDirectionSearchedFor() {
        let whole = Self.measurement(.regressed, change: 0.10)
        func decide(_ verdict: MetricVerdict, _ change: Double?) -> Bool {
            BisectSearch.decide(Self.measurement(verdict, change: change), direction: .regressed, whole: whole).hasMoved
        }
        #expect(decide(.regressed, 0.06))
        #expect(!decide(.unchanged, 0.01))
        #expect(!decide(.improved, -0.10))
        #expect(decide(.inconclusive, 0.06))
        #expect(!decide(.inconclusive, 0.04))
        #expect(!decide(.inconclusive, -0.05))
        #expect(!decide(.inconclusive, nil))
        let reason = BisectSearch.decide(Self.measurement(.improved, change: -0.1), direction: .regressed, whole: whole)
        #expect(reason.reason.contains("the other way"))
    }

    @Test func nothingMovedWhenTheBadCommitIsUnchangedOrInconclusive() async throws {
        for verdict in [MetricVerdict.unchanged, .inconclusive] {
            var asked: [Int] = []
            let outcome = try await BisectSearch(commits: Self.commits(16)).run { position in
                asked.append(position)
                return Self.measurement(verdict, change: 0.01, pairs: 14)
            }
            #expect(outcome.conclusion == .nothingMoved)
            #expect(asked == [16])
            #expect(outcome.steps.count == 1)
            #expect(outcome.steps.first?.hasMoved == false)
        }
        let empty = try await BisectSearch(commits: []).run { _ in Self.measurement(.regressed, change: 0.1) }
        #expect(empty.conclusion == .nothingMoved)
        #expect(empty.steps.isEmpty)
    }

    @Test func aFailedComparisonStopsTheSearch() async {
        await #expect(throws: PerfGateError.self) {
            _ = try await BisectSearch(commits: Self.commits(8)).run { position throws(PerfGateError) in
                if position == 4 { throw PerfGateError(code: .abBuildFailed, message: "no build") }
                return Self.measurement(.regressed, change: 0.1)
            }
        }
    }

    @Test func theReportNamesTheCommitItsChangeAndEveryStep() async throws {
        let commits = Self.commits(16)
        let outcome = try await BisectSearch(commits: commits).run { position in
            position >= 9 ? Self.measurement(.regressed, change: 0.10) : Self.measurement(.unchanged, change: 0.0)
        }
        var report = BisectReport(
            suite: "quick",
            scenario: "balanced/saturation",
            metric: "throughput_rps",
            good: BisectCommit(id: String(repeating: "a", count: 40), subject: "good"),
            bad: commits[15],
            commitCount: 16,
            steps: outcome.steps,
            builds: 6,
            cachedBuilds: 0,
            pairs: 50,
            warmupPairs: 5,
            seconds: 612
        )
        report.firstBadPosition = 9
        report.firstBad = commits[8]
        let text = try report.rendered(as: .text)
        #expect(text.hasPrefix("First bad commit: 9999999 c9\n"))
        #expect(text.contains("commit 9 of 16 after aaaaaaa"))
        #expect(text.contains("-9.1% [-11.5%, -6.5%] REGRESSED"))
        #expect(text.contains("Builds: 6 made, 0 from the cache; pairs of rounds: 50 measured + 5 warm-up"))
        #expect(text.split(separator: "\n").filter { $0.contains("/16") }.count == outcome.steps.count)
        let markdown = try report.rendered(as: .markdown)
        #expect(markdown.contains("| 5 | `9999999` | 9/16 |"))
        let json = try report.rendered(as: .json)
        let decoded = try JSONDecoder().decode(BisectReport.self, from: Data(json.utf8))
        #expect(decoded == report)

        report.firstBad = nil
        report.firstBadPosition = nil
        #expect(try report.rendered(as: .text).hasPrefix("Nothing to bisect: throughput_rps of balanced/saturation"))
    }
}
