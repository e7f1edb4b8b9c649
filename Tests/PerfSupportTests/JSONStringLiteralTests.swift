import Testing

@testable import PerfSupport

@Suite struct JSONStringLiteralTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("a\"b\\c/d", #""a\"b\\c/d""#),
        ("\n\r\t", #""\n\r\t""#),
        ("\u{00}\u{01}\u{1f}", #""\u0000\u0001\u001f""#),
        ("\u{7f}é😀", "\"\u{7f}é😀\""),
    ])
    func escapesQuotesBackslashesAndControlCharactersOnly(text: String, literal: String) {
        #expect(text.jsonStringLiteral == literal)
    }

    @Test func appendsWithoutReplacingWhatIsThere() {
        var output = "{"
        output.appendJSONStringLiteral(of: "key")
        output += ":"
        output.appendJSONStringLiteral(of: "va\"lue")
        #expect(output == #"{"key":"va\"lue""#)
    }

    @Test func parserReadsEveryLiteralBackToTheSameString() throws {
        var controls = ""
        controls.unicodeScalars.append(contentsOf: (UInt32(0)..<0x20).compactMap { Unicode.Scalar($0) })
        for text in [controls, "quote \" backslash \\ slash /", "naïve 😀 \u{2028}", ""] {
            #expect(try JSONParser.parse(text.jsonStringLiteral) == .string(text))
        }
    }
}
