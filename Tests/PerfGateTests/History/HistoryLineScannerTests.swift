import Foundation
import PerfSupport
import Testing

@testable import PerfGate

/// The scanner that lets the reader parse only what it keeps.
@Suite struct HistoryLineScannerTests {
    static func line() throws -> String {
        let record = try HistoryTestFixtures.record(HistoryTestFixtures.result(commit: "abc", run: 0))
        return String(decoding: try record.line().dropLast(), as: UTF8.self)
    }

    @Test func membersAreTheTopLevelKeysWithTheirValuesRanges() throws {
        let text = try Self.line()
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { raw in
            var scanner = HistoryLineScanner(raw)
            let members = try scanner.members()
            try scanner.expectEnd()
            let keys = try members.map { try scanner.text(of: $0) }
            #expect(
                keys == [
                    "commit", "dirty", "environment", "run", "scenarios", "schemaVersion", "suite", "time", "tool",
                ]
            )
            let commit = try #require(members.first { scanner.key(of: $0, is: "commit") })
            #expect(try scanner.value(of: commit) == .string("abc"))
            // Every value parses on its own to what the whole line holds there.
            guard case .object(let whole) = try JSONParser.parse(text) else {
                Issue.record("not an object")
                return
            }
            for member in members {
                #expect(try scanner.value(of: member) == whole[try scanner.text(of: member)])
            }
        }
    }

    @Test func everyTruncationOfARecordIsRefused() throws {
        let bytes = Array(try Self.line().utf8)
        var accepted: [Int] = []
        for length in 0..<bytes.count {
            let ok = bytes[..<length].withUnsafeBytes { raw -> Bool in
                var scanner = HistoryLineScanner(raw)
                return (try? scanner.members()) != nil && (try? scanner.expectEnd()) != nil
            }
            if ok { accepted.append(length) }
        }
        #expect(accepted.isEmpty)
    }

    @Test(arguments: [
        "{\"a\":1} x", "{\"a\" 1}", "{\"a\":tru}", "{\"a\":[1,}", "{\"a\":\"\u{01}\"}", "{a:1}", "{\"a\":1,}",
    ])
    func structuralMistakesAreRefused(text: String) {
        let bytes = Array(text.utf8)
        let refused = bytes.withUnsafeBytes { raw -> Bool in
            var scanner = HistoryLineScanner(raw)
            guard (try? scanner.members()) != nil else { return true }
            return (try? scanner.expectEnd()) == nil
        }
        #expect(refused)
    }

    @Test func anEscapedKeyIsDecoded() throws {
        let bytes = Array("{\"ba\\u006Ec\":{\"x\":[1,2,{\"y\":null}]},\"b\":true}".utf8)
        try bytes.withUnsafeBytes { raw in
            var scanner = HistoryLineScanner(raw)
            let members = try scanner.members()
            #expect(try members.map { try scanner.text(of: $0) } == ["banc", "b"])
            #expect(scanner.key(of: members[0], is: "banc"))
            #expect(try scanner.value(of: members[1]) == .bool(true))
        }
    }
}
