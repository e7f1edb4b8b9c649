import Synchronization

/// One worker's busy-time bookkeeping, read by the utilization sampler without a lock.
final class WorkerSlot: Sendable {
    /// Nanoseconds spent on finished batches.
    let busyNanoseconds = Atomic<Int64>(0)
    /// When the batch in progress began, in nanoseconds since the service's epoch; -1 while idle.
    let busySince = Atomic<Int64>(-1)

    /// Busy nanoseconds up to `now` (nanoseconds since the epoch), the batch in progress included.
    func busyTime(at now: Int64) -> Int64 {
        let finished = busyNanoseconds.load(ordering: .relaxed)
        let since = busySince.load(ordering: .relaxed)
        return since >= 0 ? finished + max(0, now - since) : finished
    }
}
