/// What processing one message costs the service: every knob of the simulated work, in one place.
///
/// Every message is real CPU work on its payload. A worker fills a pooled buffer with bytes derived from the
/// message's key, parses and validates the header and checksum, runs ``transformPasses`` passes of an FNV-1a
/// transform over the bytes and ``messageIterations`` rounds of a 64-bit mixing function. A cache miss adds the
/// simulated backend: ``backendIterations`` more mixing rounds, an optional ``backendLatency`` during which the
/// worker thread sleeps, and a response of ``responseBytes`` bytes built and stored in the cache. With
/// `cacheCompression` on, storing a response costs ``compressionPasses`` passes over it and every hit costs as many
/// passes over the stored half-size copy.
///
/// The defaults were calibrated on the two-core development machine (release build): a 1 KiB payload costs about
/// 95 µs on a cache hit and 415 µs on a miss, so the balanced preset handles 2000 messages a second of Zipf-keyed
/// 1 KiB payloads at about a third of the machine and saturates near 5000 a second. Scale every count together to
/// model a heavier or lighter service.
public struct ServiceCostModel: Sendable, Equatable {
    /// Passes of the FNV-1a transform over the payload bytes, for every message; at least 0.
    ///
    /// Each pass costs about 1 ns per byte here, so the default 80 passes cost about 80 µs per KiB.
    public var transformPasses: Int
    /// Rounds of the 64-bit mixing function for every message, whatever its size; at least 0.
    public var messageIterations: Int
    /// Rounds of the 64-bit mixing function a cache miss adds, standing in for the backend's work; at least 0.
    public var backendIterations: Int
    /// How long a cache miss waits for the simulated backend, blocking its worker; ``BackendLatency/none`` by default.
    public var backendLatency: BackendLatency
    /// The size of a response, as stored in the cache, in bytes; at least 0.
    public var responseBytes: Int
    /// Passes over a response to compress it on store and to decompress it on every hit, when the configuration
    /// turns `cacheCompression` on; at least 0. A compressed response is stored at half its size.
    public var compressionPasses: Int

    /// The calibrated costs described above.
    public static let `default` = ServiceCostModel(
        transformPasses: 80,
        messageIterations: 2_000,
        backendIterations: 100_000,
        backendLatency: .none,
        responseBytes: 512,
        compressionPasses: 8
    )

    /// No work at all beyond the bookkeeping, for tests of the service's plumbing.
    public static let free = ServiceCostModel(
        transformPasses: 0,
        messageIterations: 0,
        backendIterations: 0,
        backendLatency: .none,
        responseBytes: 16,
        compressionPasses: 0
    )

    /// Creates a cost model; negative counts are treated as 0.
    ///
    /// - Parameters:
    ///   - transformPasses: Passes of the FNV-1a transform over the payload bytes, for every message.
    ///   - messageIterations: Rounds of the mixing function for every message.
    ///   - backendIterations: Rounds of the mixing function a cache miss adds.
    ///   - backendLatency: How long a cache miss waits for the simulated backend.
    ///   - responseBytes: The size of a response in bytes.
    ///   - compressionPasses: Passes over a response to compress or decompress it.
    public init(
        transformPasses: Int,
        messageIterations: Int,
        backendIterations: Int,
        backendLatency: BackendLatency = .none,
        responseBytes: Int,
        compressionPasses: Int
    ) {
        self.transformPasses = transformPasses
        self.messageIterations = messageIterations
        self.backendIterations = backendIterations
        self.backendLatency = backendLatency
        self.responseBytes = responseBytes
        self.compressionPasses = compressionPasses
    }
}
