/// A first-in, first-out queue of requests waiting for a connection, confined to the client's
/// event loop.
///
/// An array and the index of its head: removing from the front is O(1), and the array is
/// compacted once the consumed prefix is larger than what is left.
struct RequestQueue {
    private var storage: [PendingRequest] = []
    private var head = 0

    /// Whether no request waits.
    var isEmpty: Bool { head == storage.count }

    /// How many requests wait.
    var count: Int { storage.count - head }

    /// The request that has waited longest, if any.
    var first: PendingRequest? { isEmpty ? nil : storage[head] }

    /// Adds a request at the back.
    mutating func append(_ request: PendingRequest) {
        storage.append(request)
    }

    /// Puts a request back at the front (a retry keeps its place in line).
    ///
    /// - Complexity: O(1) when a request was removed before; O(n) otherwise.
    mutating func prepend(_ request: PendingRequest) {
        if head > 0 {
            head -= 1
            storage[head] = request
        } else {
            storage.insert(request, at: 0)
        }
    }

    /// Removes and returns the request that has waited longest.
    ///
    /// - Complexity: amortized O(1).
    mutating func removeFirst() -> PendingRequest? {
        guard !isEmpty else { return nil }
        let request = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return request
    }

    /// Removes and returns every request, oldest first.
    mutating func removeAll() -> [PendingRequest] {
        let all = Array(storage[head...])
        storage.removeAll()
        head = 0
        return all
    }
}

/// A request the client accepted: its bytes, how to read its response, its deadline and whom to
/// tell.
struct PendingRequest: Sendable {
    /// The request as HTTP/1.1 bytes.
    let bytes: [UInt8]
    /// Whether the request is `HEAD`.
    let isHead: Bool
    /// Whether to keep the response's body.
    let keepsBody: Bool
    /// Whether the request asked to close the connection after its response.
    let closesConnection: Bool
    /// When the whole request must be done: send time plus the request timeout.
    let deadline: ContinuousClock.Instant
    /// Called once with the outcome.
    let completion: @Sendable (Result<HTTPClientResponse, PerfHTTPError>) -> Void
    /// Whether the request was already sent once on a kept-alive connection that the server had
    /// closed (it is retried once, on a new connection).
    var isRetry = false
}
