extension StreamPerformanceMonitor {
    // MARK: Named operations

    /// The declared operations, in declared order (invalid and repeated names already left out).
    public var operations: [MonitorOperation] { operationHandles }

    /// The handle of a declared operation, to resolve once and record with many times.
    ///
    /// - Parameter name: The operation's name, as declared in ``MonitoringConfiguration/operations``.
    /// - Returns: The handle, or `nil` when the monitor has no operation of that name.
    /// - Complexity: O(name length), for hashing it.
    public func operation(named name: String) -> MonitorOperation? {
        operationIndices[name].map { operationHandles[$0] }
    }

    /// Records one finished request of a named operation: in the operation's histogram and failure
    /// counter, and in the total as ``recordRequest(latency:succeeded:)`` does.
    ///
    /// This is the fast path: no string is hashed, and it costs what recording without an
    /// operation does, because the request is written once, in the operation's lane of the
    /// monitor's histogram and failure counter, and every total reads all lanes. A handle this
    /// monitor did not make is counted in ``DebugSnapshot/undeclaredOperations`` instead, and the
    /// request in the total only.
    ///
    /// - Parameters:
    ///   - latency: Time from the request's intended start to its completion.
    ///   - succeeded: Whether it succeeded.
    ///   - operation: The operation, from ``operation(named:)``.
    @inline(__always)
    public func recordRequest(latency: Duration, succeeded: Bool, operation: MonitorOperation) {
        guard isEnabled else { return }
        // Only this monitor makes handles with its identity, and always with an index inside its
        // lanes; the index check costs one compare and keeps the unchecked lanes safe regardless.
        let lane = operation.index &+ 1
        guard operation.monitorID == identity, UInt(bitPattern: lane) < UInt(self.latency.laneCount) else {
            recordUndeclared(latency: latency, succeeded: succeeded)
            return
        }
        // One lane only: the totals are read by merging every lane.
        self.latency.record(latency, lane: lane)
        if !succeeded { failures.add(lane: lane) }
    }

    /// Records one finished request of an operation given by name: the convenience form of
    /// ``recordRequest(latency:succeeded:operation:)``, which hashes the name on every call.
    ///
    /// An undeclared name is never added: the request counts in the total only, and in
    /// ``DebugSnapshot/undeclaredOperations``, so memory stays fixed whatever names come in.
    ///
    /// - Parameters:
    ///   - latency: Time from the request's intended start to its completion.
    ///   - succeeded: Whether it succeeded.
    ///   - operation: The operation's name, as declared in ``MonitoringConfiguration/operations``.
    /// - Complexity: O(name length), for hashing it.
    public func recordRequest(latency: Duration, succeeded: Bool, operation: String) {
        guard isEnabled else { return }
        if let index = operationIndices[operation] {
            recordRequest(latency: latency, succeeded: succeeded, operation: operationHandles[index])
        } else {
            recordUndeclared(latency: latency, succeeded: succeeded)
        }
    }

    @inline(never)
    private func recordUndeclared(latency: Duration, succeeded: Bool) {
        undeclaredOperations.add()
        recordRequest(latency: latency, succeeded: succeeded)
    }

    /// The latency histogram of one operation's requests since start.
    ///
    /// - Parameter operation: The operation, from ``operation(named:)``.
    /// - Returns: The histogram, or `nil` for a handle this monitor did not make.
    /// - Complexity: O(buckets).
    public func latencySnapshot(of operation: MonitorOperation) -> HistogramSnapshot? {
        guard operation.monitorID == identity else { return nil }
        return latency.snapshot(lane: operation.index + 1)
    }

    /// The figures of each declared operation since start, in declared order.
    ///
    /// - Complexity: O(operations × buckets).
    public func operationSummaries() -> [OperationSummary] {
        operationSummaries(uptime: configuration.clock.now().monotonic - startedAt.monotonic)
    }

    /// Every request's latency since start, with or without an operation: all lanes merged.
    ///
    /// - Complexity: O(buckets × (1 + operations)).
    var totalLatency: HistogramSnapshot { latency.snapshot(lanes: 0..<latency.laneCount) }

    /// Every failed request since start, with or without an operation.
    var totalFailures: UInt64 { failures.valueOfAllLanes }

    /// The figures of each declared operation over `uptime`, in declared order.
    func operationSummaries(uptime: Duration) -> [OperationSummary] {
        operationHandles.map { operation in
            let snapshot = latency.snapshot(lane: operation.index + 1)
            let failed = failures.value(lane: operation.index + 1)
            return OperationSummary(
                name: operation.name,
                totalRequests: snapshot.count,
                failedRequests: min(failed, snapshot.count),
                throughputRPS: uptime > .zero ? Double(snapshot.count) / uptime.seconds : 0,
                meanLatencyMs: snapshot.meanMilliseconds,
                latencyP50Ms: snapshot.percentileMilliseconds(0.50),
                latencyP95Ms: snapshot.percentileMilliseconds(0.95),
                latencyP99Ms: snapshot.percentileMilliseconds(0.99),
                maxLatencyMs: Double(snapshot.isEmpty ? 0 : snapshot.maxNanoseconds) / 1e6,
                successRate: Self.successRate(requests: snapshot.count, failures: failed)
            )
        }
    }
}
