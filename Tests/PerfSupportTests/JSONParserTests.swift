import Testing

@testable import PerfSupport

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValueAndKeepsMemberOrder() throws {
        let value = try JSONParser.parse(#" {"b": [1, -2, 3.5, true, false, null], "a": "x\n\u00e9\ud83d\ude00"} "#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.keys == ["b", "a"])
        #expect(
            object["b"]
                == .array([
                    .number(.integer(1)), .number(.integer(-2)), .number(.floatingPoint(3.5)), .bool(true),
                    .bool(false),
                    .null,
                ])
        )
        #expect(object["a"] == .string("x\né😀"))
    }

    @Test(arguments: [
        ("9223372036854775807", JSONNumber.integer(.max)),
        ("-9223372036854775808", JSONNumber.integer(.min)),
        ("9223372036854775808", JSONNumber.unsignedInteger(1 << 63)),
        ("18446744073709551615", JSONNumber.unsignedInteger(.max)),
        ("18446744073709551616", JSONNumber.floatingPoint(18_446_744_073_709_551_616)),
        ("1e3", JSONNumber.floatingPoint(1000)),
        ("-0", JSONNumber.integer(0)),
    ])
    func integersStayExactUpTo64Bits(text: String, expected: JSONNumber) throws {
        #expect(try JSONParser.parse(text) == .number(expected))
    }

    @Test func integerConversionIsExactOrRefused() {
        #expect(JSONNumber.integer(-1).exactly(UInt64.self) == nil)
        #expect(JSONNumber.unsignedInteger(.max).exactly(UInt64.self) == .max)
        #expect(JSONNumber.unsignedInteger(1 << 63).exactly(Int.self) == nil)
        #expect(JSONNumber.floatingPoint(1.5).exactly(Int.self) == nil)
        #expect(JSONNumber.floatingPoint(6).exactly(Int.self) == 6)
        // 2^63 written as a double: beyond 2^53 a double is not an exact integer, so it is refused.
        #expect(JSONNumber.floatingPoint(9.223372036854776e18).exactly(Int.self) == nil)
        #expect(JSONNumber.floatingPoint(9.223372036854776e18).exactly(UInt64.self) == nil)
        #expect(JSONNumber.floatingPoint(9_007_199_254_740_992).exactly(Int.self) == 9_007_199_254_740_992)
        #expect(JSONNumber.integer(300).exactly(UInt8.self) == nil)
    }

    @Test(arguments: [
        ("", "an empty file"),
        ("{", "the file ends inside an object"),
        ("[1, 2", "the file ends inside a list"),
        ("[1, 2,]", "unexpected ']'"),
        ("{\"a\": 1,}", "a quoted key expected"),
        ("{\"a\": 1 \"b\": 2}", "a ',' or '}' expected after the value of \"a\""),
        ("{\"a\": 1, \"a\": 2}", "the key \"a\" appears twice"),
        // Code points, not canonical equivalence: "é" precomposed and decomposed are two keys.
        ("{\"\\u00e9\": 1, \"\\u00e9\": 2}", "appears twice"),
        ("01", "a leading zero"),
        ("1.", "a digit after '.'"),
        ("-", "a digit after '-'"),
        ("1e", "a digit in its exponent"),
        ("1e999", "too large for a double"),
        ("NaN", "unexpected 'N'"),
        ("tru", "an unknown word"),
        ("\"a\tb\"", "an unescaped control character"),
        ("\"\\x\"", "an unknown escape"),
        ("\"\\ud800\"", "a lone UTF-16 surrogate"),
        ("\"abc", "the file ends inside a string"),
        ("{} {}", "unexpected text after the JSON value"),
    ])
    func malformedTextIsRefusedWithItsReason(text: String, reason: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.reason.contains(reason)
        }
    }

    @Test func anErrorNamesItsLineAndColumn() {
        #expect {
            _ = try JSONParser.parse("{\n  \"a\": 1,\n  \"b\" 2\n}")
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == 3 && error.column == 7 && error.description.hasSuffix("at line 3, column 7")
        }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func nestingIsBounded() throws {
        let deepest =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(deepest)
        // One level more, and far more: refused, never a stack overflow.
        for depth in [JSONParser.maximumDepth + 1, 100_000] {
            #expect {
                _ = try JSONParser.parse(String(repeating: "[", count: depth))
            } throws: { error in
                (error as? JSONParseError)?.reason.contains("nested deeper") == true
            }
        }
    }

    @Test func keysThatDifferInCodePointsAreDistinct() throws {
        let value = try JSONParser.parse("{\"\\u00e9\": 1, \"e\\u0301\": 2}")
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.members.count == 2)
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF, 0x31]) == .number(.integer(1)))
    }
}
