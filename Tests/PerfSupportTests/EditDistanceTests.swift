import Testing

@testable import PerfSupport

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("", "", 0), ("abc", "", 3), ("", "ab", 2), ("", "abc", 3), ("same", "same", 0), ("kitten", "sitting", 3),
        ("flaw", "lawn", 2), ("workerCont", "workerCount", 1), ("--rouns", "--rounds", 1), ("rnu", "run", 2),
    ])
    func levenshteinDistanceCountsSingleCharacterEdits(first: String, second: String, distance: Int) {
        #expect(EditDistance.between(first, second) == distance)
        #expect(EditDistance.between(second, first) == distance)
    }

    @Test func comparesCharactersExactlyCaseIncluded() {
        #expect(EditDistance.between("Run", "run") == 1)
        #expect(EditDistance.between("é😀x", "e😀x") == 1)
    }
}
