import Synchronization

/// A monotonically increasing count that many threads add to at once without sharing a cache line.
///
/// Each thread adds to its own shard (see `ThreadShard`) with a relaxed atomic add; reading sums
/// the shards.
///
/// Inside the module, one instance can hold several independent counts, its *lanes* (the
/// monitor's per-operation failures), packed side by side in each shard's cache lines.
public final class ShardedCounter: Sendable {
    private let slots: AtomicSlots
    private let shardKey = ThreadShard.key
    /// Slots per shard: the lanes rounded up to whole cache lines (8 × 8 bytes), so shards never
    /// share one.
    private let stride: Int
    /// The number of independent counts held (1 for every public instance).
    let laneCount: Int

    /// Creates a counter at zero.
    public convenience init() {
        self.init(lanes: 1)
    }

    /// Creates `lanes` independent counts at zero.
    init(lanes: Int) {
        laneCount = max(1, lanes)
        stride = (laneCount + 7) / 8 * 8
        slots = AtomicSlots(count: ThreadShard.count * stride, alignment: 64)
    }

    /// Adds to the count.
    @inline(__always)
    public func add(_ amount: UInt64 = 1) {
        slots[ThreadShard.current(key: shardKey) &* stride].wrappingAdd(amount, ordering: .relaxed)
    }

    /// Adds one to one lane's count.
    ///
    /// - Parameter lane: The lane, in `0..<laneCount`.
    @inline(__always)
    func add(lane: Int) {
        slots[ThreadShard.current(key: shardKey) &* stride &+ lane].wrappingAdd(1, ordering: .relaxed)
    }

    /// The current total.
    ///
    /// - Complexity: O(shards).
    public var value: UInt64 { value(lane: 0) }

    /// One lane's current total.
    ///
    /// - Parameter lane: The lane, in `0..<laneCount`.
    /// - Complexity: O(shards).
    func value(lane: Int) -> UInt64 {
        var total: UInt64 = 0
        for shard in 0..<ThreadShard.count { total &+= slots[shard * stride + lane].load(ordering: .relaxed) }
        return total
    }

    /// The sum of every lane's total.
    ///
    /// - Complexity: O(shards × lanes).
    var valueOfAllLanes: UInt64 {
        var total: UInt64 = 0
        for shard in 0..<ThreadShard.count {
            for lane in 0..<laneCount { total &+= slots[shard * stride + lane].load(ordering: .relaxed) }
        }
        return total
    }
}

/// A fixed block of atomics allocated once.
///
/// `@unchecked Sendable` is sound: the block is allocated in `init`, each element is an `Atomic`
/// only touched through its atomic operations, and it is freed in `deinit` when no reference is left.
final class AtomicSlots: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Atomic<UInt64>>
    let count: Int

    /// Allocates `count` atomics at zero, the block aligned to `alignment` bytes (a cache line
    /// for sharded use).
    init(count: Int, alignment: Int = MemoryLayout<Atomic<UInt64>>.alignment) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<Atomic<UInt64>>.stride,
            alignment: max(alignment, MemoryLayout<Atomic<UInt64>>.alignment)
        )
        base = raw.bindMemory(to: Atomic<UInt64>.self, capacity: count)
        for index in 0..<count { (base + index).initialize(to: Atomic(0)) }
    }

    deinit {
        base.deinitialize(count: count)
        UnsafeMutableRawPointer(base).deallocate()
    }

    @inline(__always)
    subscript(index: Int) -> Atomic<UInt64> {
        unsafeAddress { UnsafePointer(base + index) }
    }
}
