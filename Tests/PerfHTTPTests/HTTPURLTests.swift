import Testing

@testable import PerfHTTP

@Suite struct HTTPURLTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/path?q=1", "127.0.0.1", 8080, "/path?q=1", "127.0.0.1:8080"),
        ("HTTP://localhost", "localhost", 80, "/", "localhost"),
        ("http://[::1]:9000?x", "::1", 9000, "/?x", "[::1]:9000"),
        ("http://example.internal:81/a#frag", "example.internal", 81, "/a", "example.internal:81"),
    ])
    func parsesHostPortAndTarget(text: String, host: String, port: Int, target: String, authority: String) throws {
        let url = try HTTPURL(text)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.target == target)
        #expect(url.authority == authority)
    }

    @Test(arguments: ["https://127.0.0.1:8443/", "HTTPS://example.com", "ftp://127.0.0.1/", "ws://127.0.0.1:80"])
    func refusesSchemesOtherThanHTTP(text: String) {
        do {
            _ = try HTTPURL(text)
            Issue.record("\(text) was accepted.")
        } catch {
            #expect(error.code == .unsupportedScheme)
            #expect(error.message.contains("http://"))
        }
        #expect(throws: PerfHTTPError.self) { try HTTPClient(url: text) }
    }

    @Test(arguments: [
        "127.0.0.1:8080", "http://", "http://:80/", "http://host:0", "http://host:70000", "http://host:8o",
        "http://user:pw@host/", "http://[::1/", "http://[zz]:80", "http://host/a b",
    ])
    func refusesMalformedURLs(text: String) {
        do {
            _ = try HTTPURL(text)
            Issue.record("\(text) was accepted.")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.message.contains(text))
        }
    }

    @Test func aClientRefusesAnInvalidConfiguration() {
        #expect(throws: PerfHTTPError.self) {
            try HTTPClient(
                url: "http://127.0.0.1:1",
                configuration: HTTPClientConfiguration(maxConnections: 4, maxInFlight: 2)
            )
        }
        do {
            _ = try HTTPClient(url: "http://127.0.0.1:1", configuration: HTTPClientConfiguration(readTimeout: .zero))
            Issue.record("A zero readTimeout was accepted.")
        } catch {
            #expect(error.code == .configuration)
            #expect(error.message.contains("readTimeout"))
        }
    }
}
