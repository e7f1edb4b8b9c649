public import PerfMonitor
import Synchronization

/// Posts the monitor's anomaly and target-breach events to a webhook as JSON (see
/// ``AlertMessage``), never blocking the monitor or the service.
///
/// Use it as the monitor's event sink, or call ``emit(_:)`` from one: an alert is put on a
/// bounded queue and the call returns; periodic reports are ignored. One alert is in flight at a
/// time, in order, through an ``HTTPClient`` of one connection (its own I/O thread; `http://`
/// only). Each attempt may take ``AlertWebhookConfiguration/attemptTimeout``, connecting
/// included. A 2xx answer delivers the alert; a refused or reset connection, a timeout, a 5xx or
/// a 429 is tried again after ``AlertWebhookConfiguration/retryBackoff`` (doubling), up to
/// ``AlertWebhookConfiguration/maxAttempts`` in all, and then the alert has failed; another 4xx
/// fails it at once, as retrying cannot help. An alert that finds
/// ``AlertWebhookConfiguration/queueCapacity`` waiting is dropped. An anomaly of a kind posted
/// less than ``AlertWebhookConfiguration/repeatInterval`` before is held back (``heldBackCount``),
/// and the next one of that kind says how many were (`event.repeats`). Each outcome is counted here
/// (``deliveryCounts``) and, when a monitor is given, with
/// ``StreamPerformanceMonitor/recordAlertDelivery(_:)``.
///
/// ```swift
/// let webhook = try AlertWebhook(url: HTTPURL("http://127.0.0.1:9000/hook"), monitor: monitor)
/// var configuration = MonitoringConfiguration()
/// configuration.eventSink = webhook
/// // … at the end:
/// await webhook.close(within: .seconds(5))
/// ```
public final class AlertWebhook: MonitorEventSink, Sendable {
    /// Where the alerts go.
    public let url: HTTPURL
    /// The queue, attempts and timeouts in force.
    public let configuration: AlertWebhookConfiguration
    private let client: HTTPClient
    private let counter: Mutex<StreamPerformanceMonitor?>
    private let state = Mutex(State())

    /// One alert and the attempts made so far.
    private struct Pending: Sendable {
        var request: HTTPClientRequest
        var attempts = 0
    }

    private struct State: Sendable {
        var queue: [Pending] = []
        var head = 0
        var isSending = false
        var isClosed = false
        var counts: [AlertDeliveryOutcome: Int] = [.delivered: 0, .failed: 0, .dropped: 0]
        /// When the last anomaly of each kind was posted, on the monitor's clock.
        var lastPosted: [AnomalyKind: Duration] = [:]
        /// Anomalies of each kind held back since its last post.
        var heldBack: [AnomalyKind: Int] = [:]
        var heldBackTotal = 0

        var waiting: Int { queue.count - head }

        mutating func popFirst() -> Pending? {
            guard head < queue.count else { return nil }
            let first = queue[head]
            head += 1
            if head >= 64 && head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return first
        }
    }

    /// Starts the webhook's client (its I/O thread); nothing is sent until an alert comes.
    ///
    /// - Parameters:
    ///   - url: Where to post: `http://host:port/path`.
    ///   - configuration: The queue, attempts and timeouts.
    ///   - monitor: The monitor that counts the deliveries, if any (turn on its
    ///     ``MonitoringConfiguration/countsAlertDeliveries`` to see them in its Prometheus text).
    /// - Throws: ``PerfHTTPError`` from the client: ``PerfHTTPError/Code/unresolvableHost``,
    ///   ``PerfHTTPError/Code/socket`` or ``PerfHTTPError/Code/thread``.
    public init(
        url: HTTPURL,
        configuration: AlertWebhookConfiguration = AlertWebhookConfiguration(),
        monitor: StreamPerformanceMonitor? = nil
    ) throws(PerfHTTPError) {
        self.url = url
        self.configuration = configuration
        counter = Mutex(monitor)
        client = try HTTPClient(
            url: url,
            configuration: HTTPClientConfiguration(
                maxConnections: 1,
                maxInFlight: 4,
                connectTimeout: configuration.attemptTimeout,
                readTimeout: configuration.attemptTimeout,
                requestTimeout: configuration.attemptTimeout,
                maxKeptBodyBytes: 65_536
            )
        )
    }

    deinit {
        client.shutdown()
    }

    /// Queues the event's alert (anomalies and target breaches; reports are ignored) and returns;
    /// holds back an anomaly of a kind posted less than the repeat interval before it.
    public func emit(_ event: MonitorEvent) {
        var repeats = 0
        if case .anomaly(let anomaly) = event, configuration.repeatInterval > .zero {
            let interval = configuration.repeatInterval
            let heldBefore = state.withLock { state -> Int? in
                if let last = state.lastPosted[anomaly.kind], anomaly.at.monotonic - last < interval,
                    anomaly.at.monotonic >= last
                {
                    state.heldBack[anomaly.kind, default: 0] += 1
                    state.heldBackTotal += 1
                    return nil
                }
                state.lastPosted[anomaly.kind] = anomaly.at.monotonic
                return state.heldBack.removeValue(forKey: anomaly.kind) ?? 0
            }
            guard let heldBefore else { return }
            repeats = heldBefore
        }
        guard let body = AlertMessage.body(for: event, source: configuration.source, repeats: repeats) else {
            return
        }
        post(json: body)
    }

    /// Anomalies held back so far because one of their kind had been posted less than the repeat
    /// interval before.
    public var heldBackCount: Int { state.withLock { $0.heldBackTotal } }

    /// Queues one JSON body for posting and returns at once; dropped and counted when the queue
    /// is full or the webhook is closed.
    ///
    /// - Parameter body: The JSON text.
    public func post(json body: String) {
        let request: HTTPClientRequest
        do {
            request = try HTTPClientRequest(
                method: "POST",
                target: url.target,
                headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("User-Agent", "perfgate")],
                body: Array(body.utf8)
            )
        } catch {
            // The URL's target was checked when it was parsed and the headers are fixed.
            record(.dropped)
            return
        }
        enum Admission {
            case dropped
            case queued
            case sendNow(Pending)
        }
        let admission = state.withLock { state -> Admission in
            guard !state.isClosed, state.waiting < configuration.queueCapacity else {
                state.counts[.dropped, default: 0] += 1
                return .dropped
            }
            guard !state.isSending else {
                state.queue.append(Pending(request: request))
                return .queued
            }
            state.isSending = true
            return .sendNow(Pending(request: request))
        }
        switch admission {
        case .dropped: counter.withLock { $0 }?.recordAlertDelivery(.dropped)
        case .queued: break
        case .sendNow(let pending): attempt(pending, at: nil)
        }
    }

    /// Counts the deliveries from now on in `monitor` as well (for a monitor created after the
    /// webhook, which is its event sink).
    ///
    /// - Parameter monitor: The monitor that counts them.
    public func countDeliveries(in monitor: StreamPerformanceMonitor) {
        counter.withLock { $0 = monitor }
    }

    /// Deliveries so far, by outcome.
    public var deliveryCounts: [AlertDeliveryOutcome: Int] { state.withLock { $0.counts } }

    /// Alerts waiting or in flight.
    public var pendingCount: Int { state.withLock { $0.waiting + ($0.isSending ? 1 : 0) } }

    /// Stops taking alerts, waits up to `limit` for those queued to be delivered or to fail, then
    /// stops the client; alerts still waiting then count as failed.
    ///
    /// - Parameter limit: The longest to wait.
    /// - Returns: True when every alert had been delivered or had failed in time.
    @discardableResult
    public func close(within limit: Duration) async -> Bool {
        state.withLock { $0.isClosed = true }
        let deadline = ContinuousClock.now.advanced(by: limit)
        while pendingCount > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let leftovers = state.withLock { state in
            let count = state.waiting
            state.queue.removeAll()
            state.head = 0
            return count
        }
        let finished = leftovers == 0 && pendingCount == 0
        for _ in 0..<leftovers { record(.failed) }
        client.shutdown()
        return finished
    }

    // MARK: Delivery

    /// Sends one attempt now, or at `instant` for a retry.
    private func attempt(_ pending: Pending, at instant: ContinuousClock.Instant?) {
        var pending = pending
        pending.attempts += 1
        let attempted = pending
        if let instant {
            client.send(pending.request, at: instant) { [self] result, _ in finish(attempted, result) }
        } else {
            client.send(pending.request) { [self] result in finish(attempted, result) }
        }
    }

    /// Settles an attempt: delivered, another attempt later, or failed; then the next alert.
    private func finish(_ pending: Pending, _ result: Result<HTTPClientResponse, PerfHTTPError>) {
        let isDelivered: Bool
        let isWorthRetrying: Bool
        switch result {
        case .success(let response):
            isDelivered = (200..<300).contains(response.statusCode)
            isWorthRetrying = response.statusCode >= 500 || response.statusCode == 429
        case .failure(let error):
            isDelivered = false
            isWorthRetrying = error.code != .clientShutDown
        }
        if !isDelivered && isWorthRetrying && pending.attempts < configuration.maxAttempts {
            let backoff = configuration.retryBackoff * (1 << min(pending.attempts - 1, 20))
            attempt(pending, at: ContinuousClock.now.advanced(by: backoff))
            return
        }
        let outcome: AlertDeliveryOutcome = isDelivered ? .delivered : .failed
        let next = state.withLock { state -> Pending? in
            state.counts[outcome, default: 0] += 1
            let next = state.popFirst()
            if next == nil { state.isSending = false }
            return next
        }
        counter.withLock { $0 }?.recordAlertDelivery(outcome)
        if let next { attempt(next, at: nil) }
    }

    /// Counts an outcome here and in the monitor.
    private func record(_ outcome: AlertDeliveryOutcome) {
        state.withLock { $0.counts[outcome, default: 0] += 1 }
        counter.withLock { $0 }?.recordAlertDelivery(outcome)
    }
}
