import Testing

@testable import PerfGateCLI

@Suite struct StringUtilityTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0), ("--rouns", "--rounds", 1),
        ("rnu", "run", 2), ("flaw", "lawn", 2),
    ])
    func editDistanceIsLevenshtein(source: String, target: String, distance: Int) {
        #expect(source.editDistance(to: target) == distance)
        #expect(target.editDistance(to: source) == distance)
    }

    @Test func closestPicksTheNearestWithinTheLimit() {
        #expect("--rate".closest(among: ["--rounds", "--rates", "--port"]) { _ in 3 } == "--rates")
        #expect("zzz".closest(among: ["run", "list"]) { _ in 1 } == nil)
    }

    @Test func wrappingBreaksAtSpacesAndIndents() {
        #expect("aaa bbb ccc".wrapped(to: 8) == "aaa bbb\nccc")
        #expect("aaa bbb ccc".wrapped(to: 10, indent: 2) == "  aaa bbb\n  ccc")
        #expect("averyveryverylongword x".wrapped(to: 8) == "averyveryverylongword\nx")
        #expect("one\n\ntwo".wrapped(to: 20, indent: 3) == "   one\n\n   two")
    }
}
