import Testing

@testable import StreamService

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("", "", 0), ("abc", "", 3), ("", "ab", 2), ("same", "same", 0), ("kitten", "sitting", 3),
        ("flaw", "lawn", 2), ("workerCont", "workerCount", 1),
    ])
    func levenshteinDistanceCountsSingleCharacterEdits(first: String, second: String, distance: Int) {
        #expect(EditDistance.between(first, second) == distance)
        #expect(EditDistance.between(second, first) == distance)
    }

    @Test(
        arguments: [
            ("workerCont", "workerCount"), ("BATCHSIZE", "batchSize"), ("cacheTTL", "cacheTTLMs"), ("xyz", nil),
            ("batch", nil),
        ] as [(String, String?)]
    )
    func closestMatchSuggestsOnlyNearNames(name: String, expected: String?) {
        let candidates = ["workerCount", "workerQueueCapacity", "batchSize", "cacheTTLMs"]
        #expect(EditDistance.closestMatch(to: name, among: candidates) == expected)
    }
}
