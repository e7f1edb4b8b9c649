/// A first-in, first-out queue of requests, confined to the client's event loop: those waiting
/// for a connection, and (kept in the order of their instants with ``insertByInstant(_:)``)
/// those waiting for their instants.
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

    /// Adds a scheduled request in the order of its ``PendingRequest/instant``, for a queue of
    /// requests waiting for their instants (earliest first).
    ///
    /// - Complexity: O(1) when it is not earlier than the last (one sender hands requests over in
    ///   order); O(n) otherwise, by a binary search and an insertion.
    mutating func insertByInstant(_ request: PendingRequest) {
        guard let instant = request.instant, let last = storage.last?.instant, head < storage.count,
            instant < last
        else {
            storage.append(request)
            return
        }
        var low = head
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            if let other = storage[middle].instant, other <= instant { low = middle + 1 } else { high = middle }
        }
        storage.insert(request, at: low)
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
}

/// A request the client accepted: its bytes, how to read its response, its deadline and whom to
/// tell.
struct PendingRequest: Sendable {
    /// Whom to tell, and what.
    enum Completion: Sendable {
        /// ``HTTPClient/send(_:completion:)``'s callback: the outcome.
        case immediate(@Sendable (Result<HTTPClientResponse, PerfHTTPError>) -> Void)
        /// ``HTTPClient/send(_:at:completion:)``'s callback: the outcome and when the request was
        /// taken up at its instant (nil when it never was).
        case scheduled(@Sendable (Result<HTTPClientResponse, PerfHTTPError>, ContinuousClock.Instant?) -> Void)
    }

    /// The request as HTTP/1.1 bytes.
    let bytes: [UInt8]
    /// Whether the request is `HEAD`.
    let isHead: Bool
    /// Whether to keep the response's body.
    let keepsBody: Bool
    /// Whether to keep every header field of the response, or only those that frame it.
    let keepsHeaders: Bool
    /// Whether the request asked to close the connection after its response.
    let closesConnection: Bool
    /// When the whole request must be done: send time plus the request timeout; for a scheduled
    /// request, set when it is taken up.
    var deadline: ContinuousClock.Instant
    /// When a scheduled request is to be taken up; nil for a request sent at once.
    let instant: ContinuousClock.Instant?
    /// When the event loop took a scheduled request up.
    var releasedAt: ContinuousClock.Instant?
    /// Called once with the outcome.
    let completion: Completion
    /// Whether the request was already sent once on a kept-alive connection that the server had
    /// closed (it is retried once, on a new connection).
    var isRetry = false

    /// A request to be sent at once (`instant` nil) or at `instant`; its deadline counts from
    /// `start`.
    ///
    /// - Complexity: O(request bytes), to serialize it.
    init(
        _ request: HTTPClientRequest,
        authority: String,
        instant: ContinuousClock.Instant?,
        deadline: ContinuousClock.Instant,
        completion: Completion
    ) {
        bytes = request.serialized(authority: authority)
        isHead = request.isHead
        keepsBody = request.keepsBody
        keepsHeaders = request.keepsHeaders
        closesConnection = request.closesConnection
        self.deadline = deadline
        self.instant = instant
        self.completion = completion
    }

    /// Calls the completion.
    func complete(with result: Result<HTTPClientResponse, PerfHTTPError>) {
        switch completion {
        case .immediate(let completion): completion(result)
        case .scheduled(let completion): completion(result, releasedAt)
        }
    }
}
