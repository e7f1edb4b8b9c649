import Testing

@testable import PerfHTTP

@Suite struct HTTPRequestParserTests {
    static func parser(_ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }) -> HTTPRequestParser {
        var configuration = HTTPServerConfiguration()
        adjust(&configuration)
        return HTTPRequestParser(configuration: configuration)
    }

    @Test func readsARequestWithHeadersAndQuery() throws {
        var parser = Self.parser()
        let text = "GET /metrics?x=1&y HTTP/1.1\r\nHost: 127.0.0.1:9464\r\nAccept:  text/plain \r\n\r\n"
        guard case .request(let request, let consumed) = parser.parse(Array(text.utf8)) else {
            Issue.record("no request")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(request.method == "GET")
        #expect(request.path == "/metrics")
        #expect(request.queryItems == ["x": "1", "y": ""])
        #expect(request.minorVersion == 1)
        #expect(request.headers.value(of: "accept") == "text/plain")
        #expect(request.headers.value(of: "HOST") == "127.0.0.1:9464")
        #expect(request.keepsAlive)
    }

    @Test func waitsForTheWholeRequestWhenItArrivesAByteAtATime() {
        var parser = Self.parser()
        let text = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET"
        let bytes = Array(text.utf8)
        var buffer: [UInt8] = []
        var outcomes: [HTTPRequestParser.Outcome] = []
        for byte in bytes {
            buffer.append(byte)
            outcomes.append(parser.parse(buffer))
        }
        let complete = outcomes.firstIndex { if case .request = $0 { true } else { false } }
        #expect(complete == bytes.count - 4)
        guard case .request(let request, let consumed)? = complete.map({ outcomes[$0] }) else {
            Issue.record("no request")
            return
        }
        #expect(request.body == Array("abc".utf8))
        #expect(consumed == bytes.count - 3)
    }

    @Test func acceptsBareLineFeedsAndLeadingEmptyLines() {
        var parser = Self.parser()
        guard case .request(let request, _) = parser.parse(Array("\r\n\nGET / HTTP/1.0\nX: y\n\n".utf8)) else {
            Issue.record("no request")
            return
        }
        #expect(request.target == "/")
        #expect(request.minorVersion == 0)
        #expect(!request.keepsAlive)
    }

    @Test func readsTheAbsoluteFormAsAPath() {
        var parser = Self.parser()
        let text = "GET http://127.0.0.1:9464/summary?a=b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        guard case .request(let request, _) = parser.parse(Array(text.utf8)) else {
            Issue.record("no request")
            return
        }
        #expect(request.target == "/summary?a=b")
    }

    @Test(arguments: [
        ("keep-alive", 0, true), ("", 0, false), ("close", 1, false), ("", 1, true), ("Upgrade, Close", 1, false),
    ])
    func tellsWhetherTheClientKeepsTheConnection(connection: String, minor: Int, keepsAlive: Bool) {
        let headers = connection.isEmpty ? [] : [HTTPHeader("Connection", connection)]
        #expect(HTTPRequest(method: "GET", target: "/", minorVersion: minor, headers: headers).keepsAlive == keepsAlive)
    }

    @Test func enforcesTheRequestLineLimitBeforeTheLineEnds() {
        var parser = Self.parser { $0.maxRequestLineBytes = 64 }
        #expect(parser.parse(Array(("GET /" + String(repeating: "a", count: 40)).utf8)) == .incomplete)
        guard case .failure(let status, _) = parser.parse(Array(("GET /" + String(repeating: "a", count: 80)).utf8))
        else {
            Issue.record("no failure")
            return
        }
        #expect(status == .uriTooLong)
    }

    @Test func enforcesTheHeaderLimitBeforeTheHeadEnds() {
        var parser = Self.parser { $0.maxHeaderBytes = 64 }
        let head = "GET / HTTP/1.1\r\nHost: x\r\n"
        #expect(parser.parse(Array((head + "A: b\r\n").utf8)) == .incomplete)
        guard case .failure(let status, _) = parser.parse(Array((head + String(repeating: "A: b\r\n", count: 20)).utf8))
        else {
            Issue.record("no failure")
            return
        }
        #expect(status == .requestHeaderFieldsTooLarge)
    }

    @Test func startsAfreshAfterEachRequest() {
        var parser = Self.parser()
        var buffer = Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        var targets: [String] = []
        while case .request(let request, let consumed) = parser.parse(buffer) {
            targets.append(request.target)
            buffer.removeFirst(consumed)
        }
        #expect(targets == ["/a", "/b"])
        #expect(buffer.isEmpty)
    }

    @Test func serializesAResponseWithManagedHeaders() {
        var response = HTTPResponse.text("hi")
        response.headers.append(HTTPHeader("Content-Length", "99"))
        response.headers.append(HTTPHeader("X-Split", "a\r\nInjected: yes"))
        let text = String(decoding: response.serialized(keepAlive: true), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(text.contains("X-Split: aInjected: yes\r\n"))
        #expect(text.contains("Content-Length: 2\r\n"))
        #expect(!text.contains("99"))
        #expect(text.contains("Connection: keep-alive\r\n"))
        #expect(text.hasSuffix("\r\n\r\nhi"))
        let head = String(decoding: response.serialized(keepAlive: false, includesBody: false), as: UTF8.self)
        #expect(head.hasSuffix("\r\n\r\n"))
        #expect(head.contains("Connection: close\r\n"))
    }
}
