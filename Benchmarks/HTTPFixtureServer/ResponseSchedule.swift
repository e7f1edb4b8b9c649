/// When the fixture answers a request: a fixed delay after it arrives, and never during the stall.
///
/// Instants are durations since a monotonic clock's epoch (``MonotonicClock``), so the arithmetic
/// is pure and testable. Without a stall, a request arriving at `a` is answered at `a + delay`.
/// With a stall of `length` that begins `after` the first request arrived (at `f`), the server is
/// frozen over `[f + after, f + after + length)`:
/// - a request that arrives during the stall is served once it ends: answered at
///   `end + delay`;
/// - a request whose answer falls due during the stall (it was in progress when the stall began)
///   waits until the stall ends: answered at `end`;
/// - every other request is answered at `a + delay`, as without a stall.
struct ResponseSchedule: Sendable, Equatable {
    /// A window in which the server answers nothing, counted from the first request.
    struct Stall: Sendable, Equatable {
        /// How long after the first request the stall begins.
        var after: Duration
        /// How long it lasts.
        var length: Duration
    }

    /// How long the server takes to answer each request.
    var delay: Duration
    /// The stall, if any.
    var stall: Stall?

    /// The instant at which to answer a request.
    ///
    /// - Parameters:
    ///   - arrival: When the request arrived.
    ///   - firstArrival: When the first request since the server started arrived (`arrival`
    ///     itself for the first request).
    /// - Returns: When to send the answer; never before `arrival + delay`.
    func answerInstant(arrival: Duration, firstArrival: Duration) -> Duration {
        let due = arrival + delay
        guard let stall else { return due }
        let start = firstArrival + stall.after
        let end = start + stall.length
        if arrival >= start, arrival < end { return end + delay }
        if due >= start, due < end { return end }
        return due
    }
}
