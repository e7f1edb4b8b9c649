/// How an ``AlertWebhook`` delivers: its queue, its attempts and their timeouts.
public struct AlertWebhookConfiguration: Sendable, Hashable {
    /// The most alerts waiting to be delivered (256); an alert that finds the queue full is
    /// dropped and counted.
    public var queueCapacity: Int
    /// The attempts per alert, the first included (3).
    public var maxAttempts: Int
    /// The wait before the second attempt (0.5 s); it doubles before each later one.
    public var retryBackoff: Duration
    /// The longest one attempt may take, connecting included (2 s).
    public var attemptTimeout: Duration
    /// How long after posting an anomaly of one kind the next ones of that kind are held back
    /// (60 s, by the events' own instants): a fault that lasts a minute is then one post, not
    /// sixty, and the next post after it says how many were held back. Zero posts every one.
    /// Target breaches are posted as they come: each is already a change of state.
    public var repeatInterval: Duration
    /// Who the alerts are about, for the text and the `event.source` member (such as
    /// `perfgate serve balanced/steady`).
    public var source: String

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - queueCapacity: The most alerts waiting (256).
    ///   - maxAttempts: The attempts per alert (3).
    ///   - retryBackoff: The wait before the second attempt, doubled each time (0.5 s).
    ///   - attemptTimeout: The longest one attempt may take (2 s).
    ///   - repeatInterval: How long anomalies of a kind just posted are held back (60 s; zero
    ///     posts every one).
    ///   - source: Who the alerts are about.
    public init(
        queueCapacity: Int = 256,
        maxAttempts: Int = 3,
        retryBackoff: Duration = .milliseconds(500),
        attemptTimeout: Duration = .seconds(2),
        repeatInterval: Duration = .seconds(60),
        source: String = "perfgate"
    ) {
        self.queueCapacity = max(1, queueCapacity)
        self.maxAttempts = max(1, maxAttempts)
        self.retryBackoff = max(.zero, retryBackoff)
        self.attemptTimeout = attemptTimeout > .zero ? attemptTimeout : .seconds(2)
        self.repeatInterval = max(.zero, repeatInterval)
        self.source = source
    }
}
