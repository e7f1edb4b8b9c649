import Testing

@testable import PerfHTTP

@Suite struct HTTPRequestTemplateTests {
    @Test func fillsKeySequenceAndPayloadEverywhereTheyMayAppear() throws {
        let template = try HTTPRequestTemplate(
            method: "POST",
            path: "/items/{key}?seq={seq}",
            headers: [HTTPHeader("X-Request", "{seq}-{key}"), HTTPHeader("Content-Type", "application/json")],
            body: #"{"key": {key}, "data": "{payload}"}"#
        )
        let key: UInt64 = 4711
        let sequence: UInt64 = 12
        let size = 50
        let request = template.request(key: key, sequence: sequence, payloadSize: size)
        #expect(request.method == "POST")
        #expect(request.target == "/items/\(key)?seq=\(sequence)")
        #expect(request.headers == [HTTPHeader("X-Request", "\(sequence)-\(key)"), template.headers[1]])
        let body = String(decoding: request.body, as: UTF8.self)
        let prefix = #"{"key": \#(key), "data": ""#
        #expect(body.hasPrefix(prefix))
        #expect(body.hasSuffix(#""}"#))
        #expect(request.body.count == prefix.utf8.count + size + 2)
    }

    @Test func thePayloadIsDeterministicFillerOfTheAskedSize() throws {
        let template = try HTTPRequestTemplate(body: "{payload}")
        for size in [0, 1, 35, 36, 37, 1000] {
            let first = template.request(key: 1, sequence: 1, payloadSize: size).body
            let again = template.request(key: 2, sequence: 9, payloadSize: size).body
            #expect(first.count == size)
            #expect(first == again)
            #expect(first.allSatisfy { HTTPSyntax.isTokenCharacter($0) })
        }
        #expect(template.request(key: 1, sequence: 1, payloadSize: -5).body.isEmpty)
    }

    @Test func bracesThatAreNotPlaceholdersAreText() throws {
        let body = #"{"a": {"b": [1, 2]}, "c": "{ }", "d": "{}"}"#
        let template = try HTTPRequestTemplate(body: body)
        #expect(template.request(key: 1, sequence: 1, payloadSize: 8).body == Array(body.utf8))
    }

    @Test(arguments: [
        ("path", "/users/{user}", "user"),
        ("body", "{\"k\": {kye}}", "kye"),
        ("header 'X-Id'", "{sequence}", "sequence"),
    ])
    func anUnknownPlaceholderIsNamedWithTheKnownOnes(place: String, text: String, name: String) {
        do {
            _ = try HTTPRequestTemplate(
                path: place == "path" ? text : "/",
                headers: place.hasPrefix("header") ? [HTTPHeader("X-Id", text)] : [],
                body: place == "body" ? text : ""
            )
            Issue.record("The template with '{\(name)}' was accepted.")
        } catch {
            #expect(error.code == .unknownPlaceholder)
            #expect(error.message.contains("'{\(name)}'"))
            #expect(error.message.contains(place))
            for known in HTTPRequestTemplate.placeholders { #expect(error.message.contains("{\(known)}")) }
        }
    }

    @Test func suggestsTheNearestPlaceholder() {
        #expect(throws: PerfHTTPError.self) { try HTTPRequestTemplate(path: "/{kye}") }
        do {
            _ = try HTTPRequestTemplate(path: "/{kye}")
        } catch {
            #expect(error.message.contains("did you mean '{key}'?"))
        }
    }

    @Test(arguments: [
        ("GE T", "/", "X-A", "ok"),
        ("GET\r\n", "/", "X-A", "ok"),
        ("GET", "no-slash", "X-A", "ok"),
        ("GET", "/a b", "X-A", "ok"),
        ("GET", "/", "X A", "ok"),
        ("GET", "/", "X-A", "ok\r\nInjected: yes"),
        ("GET", "/", "X-A", "ok\n"),
        ("GET", "/", "Content-Length", "5"),
        ("GET", "/", "Transfer-Encoding", "chunked"),
    ])
    func refusesWhatCouldSplitOrMisframeTheRequest(method: String, path: String, name: String, value: String) {
        #expect(throws: PerfHTTPError.self) {
            try HTTPRequestTemplate(method: method, path: path, headers: [HTTPHeader(name, value)])
        }
        #expect(throws: PerfHTTPError.self) {
            try HTTPClientRequest(method: method, target: path, headers: [HTTPHeader(name, value)])
        }
        do {
            _ = try HTTPClientRequest(method: method, target: path, headers: [HTTPHeader(name, value)])
        } catch {
            #expect(error.code == .invalidRequest)
        }
    }

    @Test func serializesWithHostAndContentLength() throws {
        let request = try HTTPClientRequest(method: "PUT", target: "/x", headers: [HTTPHeader("A", "b")], body: [1, 2])
        let text = String(decoding: request.serialized(authority: "127.0.0.1:81"), as: UTF8.self)
        #expect(text == "PUT /x HTTP/1.1\r\nHost: 127.0.0.1:81\r\nA: b\r\nContent-Length: 2\r\n\r\n\u{1}\u{2}")
        let get = try HTTPClientRequest(headers: [HTTPHeader("host", "example")])
        #expect(
            String(decoding: get.serialized(authority: "ignored"), as: UTF8.self)
                == "GET / HTTP/1.1\r\nhost: example\r\n\r\n"
        )
    }
}
