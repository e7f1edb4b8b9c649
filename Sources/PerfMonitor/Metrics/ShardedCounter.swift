import Synchronization

/// A monotonically increasing count that many threads add to at once without sharing a cache line.
///
/// Each thread adds to its own shard (see `ThreadShard`) with a relaxed atomic add; reading sums
/// the shards.
public final class ShardedCounter: Sendable {
    private static let stride = 8  // 8 × 8 bytes: one cache line per shard
    private let slots: AtomicSlots
    private let shardKey = ThreadShard.key

    /// Creates a counter at zero.
    public init() {
        slots = AtomicSlots(count: ThreadShard.count * Self.stride, alignment: 64)
    }

    /// Adds to the count.
    @inline(__always)
    public func add(_ amount: UInt64 = 1) {
        slots[ThreadShard.current(key: shardKey) &* Self.stride].wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current total.
    ///
    /// - Complexity: O(shards).
    public var value: UInt64 {
        var total: UInt64 = 0
        for shard in 0..<ThreadShard.count { total &+= slots[shard * Self.stride].load(ordering: .relaxed) }
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
