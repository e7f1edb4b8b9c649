/// A message inside the service: what was sent, whom to tell, and when it arrived.
struct PendingMessage: Sendable {
    /// The message as submitted.
    let message: ServiceMessage
    /// Called once with the outcome.
    let completion: @Sendable (ServiceOutcome) -> Void
    /// When ``StreamingService/submit(_:completion:)`` received the message; the worker timeout and the batch wait
    /// are measured from here.
    let submittedAt: ContinuousClock.Instant
    /// When a message still waiting for admission is rejected as overloaded: `submittedAt` plus the backpressure
    /// window.
    let admissionDeadline: ContinuousClock.Instant

    /// The bytes the message accounts for while it waits: its payload and this record.
    var accountedBytes: Int {
        message.processedSize + MemoryLayout<PendingMessage>.stride
    }
}
