import Synchronization

@testable import PerfHTTP

/// Sends one request and awaits its result (the client's own timeouts bound the wait).
func result(
    of request: HTTPClientRequest,
    on client: HTTPClient
) async -> Result<HTTPClientResponse, PerfHTTPError> {
    await withCheckedContinuation { continuation in
        client.send(request) { continuation.resume(returning: $0) }
    }
}

/// Sends several requests at once and awaits every result, in the order sent.
func results(
    of requests: [HTTPClientRequest],
    on client: HTTPClient
) async -> [Result<HTTPClientResponse, PerfHTTPError>] {
    await withTaskGroup(of: (Int, Result<HTTPClientResponse, PerfHTTPError>).self) { group in
        for (index, request) in requests.enumerated() {
            group.addTask { (index, await result(of: request, on: client)) }
        }
        var collected: [(Int, Result<HTTPClientResponse, PerfHTTPError>)] = []
        for await entry in group { collected.append(entry) }
        return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

extension Result where Failure == PerfHTTPError {
    /// The error's code, or nil for a success.
    var errorCode: PerfHTTPError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }

    /// The response, or nil for a failure.
    var response: Success? {
        if case .success(let response) = self { return response }
        return nil
    }
}

/// A gate test servers wait on until the test opens it.
final class TestGate: Sendable {
    private let isOpen = Atomic<Bool>(false)

    /// Opens the gate.
    func open() { isOpen.store(true, ordering: .releasing) }

    /// Waits until the gate opens, at most `limit` (a bound that only stops a broken test from hanging).
    func wait(atMost limit: Duration = .seconds(60)) {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while !isOpen.load(ordering: .acquiring), ContinuousClock.now < deadline {
            usleepForTests(1_000)
        }
    }
}

/// Waits until `condition` holds, at most `limit`; returns whether it held.
@discardableResult
func eventually(atMost limit: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return true
}

extension HTTPClientConfiguration {
    /// A configuration whose timeouts a loaded machine never meets, for tests that are not about
    /// timeouts: a test that holds a server back must not see its requests time out meanwhile.
    static func patient(maxConnections: Int = 64, maxInFlight: Int = 1024) -> HTTPClientConfiguration {
        HTTPClientConfiguration(
            maxConnections: maxConnections,
            maxInFlight: maxInFlight,
            connectTimeout: .seconds(60),
            readTimeout: .seconds(300),
            requestTimeout: .seconds(300)
        )
    }
}
