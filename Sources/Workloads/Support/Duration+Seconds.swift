import PerfMonitor

extension Duration {
    /// The duration in nanoseconds, saturating at the ends of `Int64`.
    var inNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in seconds for messages, such as `30.0 s` or `0.25 s`.
    var formattedSeconds: String {
        let seconds = self.seconds
        if seconds == seconds.rounded() { return "\(Int64(seconds)) s" }
        return "\((seconds * 1000).rounded() / 1000) s"
    }
}

extension Double {
    /// A rate for messages: whole numbers without a decimal point, others to 0.01.
    var formattedRate: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String((self * 100).rounded() / 100)
    }
}
