import Testing

@testable import PerfSupport

private struct Workload: Decodable, Equatable {
    var name: String
    var seed: UInt64
    var rate: Double?
    var connections: Int?
}

private struct Document: Decodable, Equatable {
    var workloads: [Workload]
    var tags: [String: Int]
    var flag: Bool
}

@Suite struct JSONNodeDecoderTests {
    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONNodeDecoder().decode(type, from: try JSONParser.parse(text))
    }

    @Test func decodesNestedTypesWithExactIntegers() throws {
        let document = try decode(
            Document.self,
            #"{"workloads": [{"name": "a", "seed": 18446744073709551615, "rate": 2000}], "tags": {"x": 1}, "flag": true, "extra": 0}"#
        )
        #expect(document.workloads == [Workload(name: "a", seed: .max, rate: 2000, connections: nil)])
        #expect(document.tags == ["x": 1])
        #expect(document.flag)
    }

    @Test(arguments: [
        ("-1", "-1 is not a whole number from 0 to 18446744073709551615"),
        ("1.5", "1.5 is not a whole number from 0 to 18446744073709551615"),
        ("18446744073709551616", "is not a whole number from 0 to 18446744073709551615"),
    ])
    func anIntegerOutOfRangeNamesItsPathAndTheRange(seed: String, description: String) {
        let text = #"{"workloads": [{"name": "a", "seed": \#(seed)}], "tags": {}, "flag": true}"#
        #expect {
            _ = try decode(Document.self, text)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return JSONNodeDecoder.describe(context.codingPath) == "workloads[0].seed"
                && context.debugDescription.contains(description)
        }
    }

    @Test func aWrongTypeOrAMissingKeyNamesItsPath() {
        #expect {
            _ = try decode(Document.self, #"{"workloads": [{"name": 3, "seed": 1}], "tags": {}, "flag": true}"#)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return JSONNodeDecoder.describe(context.codingPath) == "workloads[0].name"
                && context.debugDescription == "expected a string, found a number"
        }
        #expect {
            _ = try decode(Document.self, #"{"workloads": [], "tags": {"x": null}, "flag": true}"#)
        } throws: { error in
            guard case DecodingError.valueNotFound(_, let context) = error else { return false }
            return JSONNodeDecoder.describe(context.codingPath) == "tags.x"
        }
        #expect {
            _ = try decode(Document.self, #"{"workloads": [], "tags": {}}"#)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "flag"
        }
    }
}
