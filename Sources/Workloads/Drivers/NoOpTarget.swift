/// A target that completes every request successfully, inline, doing nothing else.
///
/// Driving it measures the driver's own ceiling: how many requests a second the sender can
/// offer, and how closely it holds a schedule, when the target costs nothing.
public struct NoOpTarget: LoadTarget {
    /// Creates the target.
    public init() {}

    /// Calls `completion(.success)` before returning.
    @inlinable
    public func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        completion(.success)
    }
}
