import Testing

@testable import PerfHTTP

@Suite struct HTTPResponseParserTests {
    static func parser(
        isHead: Bool = false,
        keepsBody: Bool = true,
        keepsHeaders: Bool = true,
        maxHeadBytes: Int = 4096
    ) -> HTTPResponseParser {
        HTTPResponseParser(
            isHeadRequest: isHead,
            keepsBody: keepsBody,
            keepsHeaders: keepsHeaders,
            maxHeadBytes: maxHeadBytes,
            maxKeptBodyBytes: 1 << 20
        )
    }

    /// Feeds `text` in pieces of `step` bytes; returns the parser and the consumed count of the
    /// piece that completed the response (nil when it never did).
    static func feed(
        _ text: String,
        step: Int,
        into parser: inout HTTPResponseParser
    ) throws(HTTPResponseParser.Failure) -> Int? {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            let piece = Array(bytes[start..<end])
            let progress = try piece.withUnsafeBufferPointer { buffer throws(HTTPResponseParser.Failure) in
                try parser.feed(buffer)
            }
            if case .complete(let consumed) = progress { return start + consumed }
            start = end
        }
        return nil
    }

    static let chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
        + "4\r\nWiki\r\n5;x=y\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n"

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func readsAChunkedBodyWhateverTheSplit(step: Int) throws {
        var parser = Self.parser()
        let consumed = try Self.feed(Self.chunked + "NEXT", step: step, into: &parser)
        #expect(consumed == Self.chunked.utf8.count)
        let expected = "Wikipedia in\r\n\r\nchunks."
        #expect(parser.response.body == Array(expected.utf8))
        #expect(parser.response.bodyByteCount == expected.utf8.count)
        #expect(parser.keepsAlive)
    }

    @Test(arguments: [1, 5, 4096])
    func readsAContentLengthBodyAndCountsWithoutKeeping(step: Int) throws {
        let body = String(repeating: "x", count: 300)
        var parser = Self.parser(keepsBody: false)
        let text = "HTTP/1.0 201 Created\r\nConnection: keep-alive\r\nContent-Length: 300\r\n\r\n\(body)"
        #expect(try Self.feed(text, step: step, into: &parser) == text.utf8.count)
        #expect(parser.response.statusCode == 201)
        #expect(parser.response.reasonPhrase == "Created")
        #expect(parser.response.bodyByteCount == 300)
        #expect(parser.response.body == nil)
        #expect(parser.keepsAlive)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
    ])
    func decidesWhetherTheConnectionStaysOpen(text: String, keepsAlive: Bool) throws {
        var parser = Self.parser()
        #expect(try Self.feed(text, step: 4096, into: &parser) != nil)
        #expect(parser.keepsAlive == keepsAlive)
    }

    @Test func aBodyUntilTheCloseEndsAtTheEndOfTheStream() throws {
        var parser = Self.parser()
        #expect(try Self.feed("HTTP/1.1 200 OK\r\n\r\nabc", step: 2, into: &parser) == nil)
        try parser.finishAtEndOfStream()
        #expect(parser.response.body == Array("abc".utf8))
        #expect(!parser.keepsAlive)
    }

    @Test func noBodyForHeadFor204AndFor304() throws {
        for (text, isHead) in [
            ("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", true),
            ("HTTP/1.1 204 No Content\r\n\r\n", false),
            ("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n", false),
        ] {
            var parser = Self.parser(isHead: isHead)
            #expect(try Self.feed(text, step: 4096, into: &parser) == text.utf8.count)
            #expect(parser.response.bodyByteCount == 0)
        }
    }

    @Test func aStreamEndingBeforeAnyByteIsAResetAndMidwayIsMalformed() throws {
        var silent = Self.parser()
        #expect(throws: HTTPResponseParser.Failure.self) { try silent.finishAtEndOfStream() }
        do { try silent.finishAtEndOfStream() } catch { #expect(error.code == .connectionReset) }

        var cut = Self.parser()
        _ = try Self.feed("HTTP/1.1 200 OK\r\nContent-Le", step: 4096, into: &cut)
        do { try cut.finishAtEndOfStream() } catch { #expect(error.code == .malformedResponse) }
        #expect(throws: HTTPResponseParser.Failure.self) { try cut.finishAtEndOfStream() }
    }

    @Test func garbageFailsBeforeALineFeedArrives() {
        var parser = Self.parser()
        #expect(throws: HTTPResponseParser.Failure.self) {
            _ = try Self.feed("<html>", step: 4096, into: &parser)
        }
    }

    @Test func aHeadOverTheLimitFailsEvenWithoutALineFeed() {
        let limit = 128
        var parser = Self.parser(maxHeadBytes: limit)
        #expect(throws: HTTPResponseParser.Failure.self) {
            _ = try Self.feed("HTTP/1.1 200 OK\r\nX: " + String(repeating: "y", count: limit), step: 16, into: &parser)
        }
    }

    @Test(arguments: [true, false])
    func readsTheFramingFieldsWhetherOrNotItKeepsThem(keepsHeaders: Bool) throws {
        let cases: [(text: String, keepsAlive: Bool, body: Int)] = [
            ("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", true, 0),
            ("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok", false, 2),
            ("HTTP/1.1 200 OK\r\ncontent-length: 3\r\nContent-Length: 3 \r\n\r\nabc", true, 3),
            (
                "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", false,
                2
            ),
            ("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: Chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", true, 1),
        ]
        for (text, keepsAlive, body) in cases {
            var parser = Self.parser(keepsHeaders: keepsHeaders)
            #expect(try Self.feed(text, step: 3, into: &parser) != nil, "\(text)")
            #expect(parser.keepsAlive == keepsAlive, "\(text)")
            #expect(parser.response.bodyByteCount == body, "\(text)")
            #expect(parser.response.headers.isEmpty == !keepsHeaders, "\(text)")
        }
        var other = Self.parser(keepsHeaders: keepsHeaders)
        _ = try Self.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", step: 4096, into: &other)
        try other.finishAtEndOfStream()
        #expect(other.response.bodyByteCount == 2)
        #expect(!other.keepsAlive)
    }

    @Test(arguments: [true, false])
    func refusesLengthsThatDisagreeOrAreNotNumbers(keepsHeaders: Bool) {
        for field in [
            "Content-Length: 5, 6", "Content-Length: 5\r\nContent-Length: 6", "Content-Length: -1",
            "Content-Length: 1234567890123456789", "Content-Length: 5, ,5",
        ] {
            var parser = Self.parser(keepsHeaders: keepsHeaders)
            #expect(throws: HTTPResponseParser.Failure.self, "\(field)") {
                _ = try Self.feed("HTTP/1.1 200 OK\r\n\(field)\r\n\r\nhello", step: 4096, into: &parser)
            }
        }
    }

    @Test func aHeaderLineItDoesNotKeepIsStillChecked() {
        var parser = Self.parser(keepsHeaders: false)
        #expect(throws: HTTPResponseParser.Failure.self) {
            _ = try Self.feed("HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n", step: 4096, into: &parser)
        }
    }
}
