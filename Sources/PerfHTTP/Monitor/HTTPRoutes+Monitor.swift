public import PerfMonitor

extension HTTPRoutes {
    /// Adds a monitor's dashboard at `/`, `/metrics`, `/summary`, `/history` and `/healthz`, the
    /// routes of a ``MonitorHTTPEndpoint``, so a service serves them on its own port beside its own
    /// routes.
    ///
    /// Each answers as the endpoint's does (its doc lists what), replacing a route the table had
    /// on the same path; add your own `/` or `/healthz` after this call to replace the monitor's.
    ///
    /// ```swift
    /// var configuration = MonitoringConfiguration()
    /// configuration.operations = ["dashboard"]
    /// let monitor = StreamPerformanceMonitor(configuration: configuration)
    /// var routes = HTTPRoutes()
    /// routes.add("GET", "/api/dashboard") { _ in .json("{}") }
    /// routes.addMonitorEndpoints(for: monitor)
    /// ```
    ///
    /// A server that does the service's work should not run in the background
    /// (``HTTPServerConfiguration/runsInBackground`` false); its scrapes then run at the service's
    /// priority, which is harmless at a scrape every few seconds. Serve the monitor from a
    /// ``MonitorHTTPEndpoint`` of its own when scrapers may be many or aggressive.
    ///
    /// - Parameters:
    ///   - monitor: The monitor to show.
    ///   - summaryContext: Called for every `/summary` (on the connection's thread, outside any
    ///     lock, so it must be safe to call concurrently); its members are added to the document's
    ///     top level, for what the monitor does not know (the service's version, say).
    public mutating func addMonitorEndpoints(
        for monitor: StreamPerformanceMonitor,
        summaryContext: (@Sendable () -> [String: JSONValue])? = nil
    ) {
        MonitorEndpoints.add(to: &self, for: monitor, context: summaryContext)
    }
}
