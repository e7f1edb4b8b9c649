import Testing

@testable import PerfSupport

@Suite struct SuggestionTests {
    @Test(
        arguments: [
            ("workerCont", "workerCount"), ("BATCHSIZE", "batchSize"), ("cacheTTL", "cacheTTLMs"), ("xyz", nil),
            ("batch", nil),
        ] as [(String, String?)]
    )
    func closestMatchSuggestsOnlyNearNames(name: String, expected: String?) {
        let candidates = ["workerCount", "workerQueueCapacity", "batchSize", "cacheTTLMs"]
        #expect(Suggestion.closest(to: name, among: candidates) == expected)
    }

    @Test func closestPicksTheNearestWithinTheLimit() {
        #expect(Suggestion.closest(to: "--rate", among: ["--rounds", "--rates", "--port"]) == "--rates")
        #expect(Suggestion.closest(to: "zzz", among: ["run", "list"]) == nil)
    }

    @Test(arguments: [("", 0), ("a", 1), ("ab", 1), ("run", 2), ("leaf", 2), ("quick", 3), ("--rounds", 3)])
    func allowanceIsHalfTheCandidateRoundedUpAndAtMostThree(candidate: String, allowance: Int) {
        #expect(Suggestion.allowance(for: candidate) == allowance)
    }

    /// One example of each message that suggests a name, with the names allowed there.
    @Test(
        arguments: [
            ("rnu", ["run", "group", "help"], "run"),
            ("hepl", ["run", "group", "help"], "help"),
            ("foo", ["run", "group", "help"], nil),
            ("--verison", ["--rounds", "--quick", "--version", "--help"], "--version"),
            ("--frobnicate", ["--rounds", "--format", "--quick", "--help"], nil),
            ("quikc", ["default", "quick", "soak"], "quick"),
            ("rouns", ["name", "rounds", "warmupRounds", "seed", "scenarios"], "rounds"),
            ("Development", ["balanced", "high-performance", "memory-efficient", "development"], "development"),
            ("turbo", ["balanced", "high-performance", "memory-efficient", "development"], nil),
            ("workerpool", ["preset", "name", "level", "workerPool", "batching", "cache"], "workerPool"),
            ("cacheSize", ["cacheCapacity", "cacheTTLMs", "cacheCompression"], nil),
            ("capasity", ["steady", "ramp", "spike", "sessions", "saturation", "soak", "capacity"], "capacity"),
            ("throughput-max", ["steady", "ramp", "spike", "sessions", "saturation", "soak", "capacity"], nil),
        ] as [(String, [String], String?)]
    )
    func oneRuleServesEveryMessage(name: String, candidates: [String], expected: String?) {
        #expect(Suggestion.closest(to: name, among: candidates) == expected)
    }

    @Test func nearerCandidateWinsAndTiesGoToTheEarlier() {
        #expect(Suggestion.closest(to: "sesions", among: ["session", "sessions"]) == "sessions")
        #expect(Suggestion.closest(to: "cat", among: ["bat", "cap"]) == "bat")
        #expect(Suggestion.closest(to: "cat", among: ["cap", "bat"]) == "cap")
    }

    @Test func suggestsTheCandidateSpelledAsListed() {
        #expect(Suggestion.closest(to: "BALANCED", among: ["balanced"]) == "balanced")
        #expect(Suggestion.closest(to: "anything", among: []) == nil)
    }
}
