/// A response an ``HTTPClient`` received: the status, the header fields and the body's size
/// (and the body, when the request asked to keep it).
///
/// Any status is a response, 4xx and 5xx included: deciding which statuses count as failures
/// is the caller's business.
public struct HTTPClientResponse: Sendable, Hashable {
    /// The three-digit status code, 100...599.
    public var statusCode: Int
    /// The reason phrase after the code, possibly empty.
    public var reasonPhrase: String
    /// The header fields in the order received; empty when the request did not keep them
    /// (``HTTPClientRequest/keepsHeaders``).
    public var headers: [HTTPHeader]
    /// How many body bytes arrived, after undoing chunked framing.
    public var bodyByteCount: Int
    /// The body, when the request's ``HTTPClientRequest/keepsBody`` was set; otherwise nil.
    public var body: [UInt8]?
    /// When the response's last bytes reached this machine: on Linux the kernel's receive
    /// timestamp of the packet that carried them, so the client's own delay in reading them is
    /// left out; elsewhere when the client read them. Nil for a response made by hand.
    public var receivedAt: ContinuousClock.Instant?

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - statusCode: The status code.
    ///   - reasonPhrase: The reason phrase.
    ///   - headers: The header fields.
    ///   - bodyByteCount: How many body bytes arrived.
    ///   - body: The body, when kept.
    ///   - receivedAt: When the response's last bytes arrived, if known.
    public init(
        statusCode: Int,
        reasonPhrase: String = "",
        headers: [HTTPHeader] = [],
        bodyByteCount: Int = 0,
        body: [UInt8]? = nil,
        receivedAt: ContinuousClock.Instant? = nil
    ) {
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.bodyByteCount = bodyByteCount
        self.body = body
        self.receivedAt = receivedAt
    }
}
