/// How the delivery of one alert (an anomaly or target-breach event sent to a webhook, say) ended,
/// as counted by ``StreamPerformanceMonitor/recordAlertDelivery(_:)``.
public enum AlertDeliveryOutcome: String, Sendable, CaseIterable, Hashable {
    /// The receiver accepted it (a 2xx answer).
    case delivered
    /// Every attempt failed (refused, timed out, or a non-2xx answer) and it was given up.
    case failed
    /// It was never attempted: the delivery queue was full.
    case dropped
}
