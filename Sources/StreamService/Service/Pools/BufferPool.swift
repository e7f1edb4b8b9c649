import Synchronization

/// A pool of reusable byte buffers, so that processing a message does not allocate.
///
/// The pool creates its buffers on first use, up to ``limit`` of ``initialCapacity`` bytes each, and keeps them
/// for reuse. When every pooled buffer is lent out, ``acquire(sizes:)`` allocates a temporary buffer instead — a
/// *pool miss*, counted in ``misses`` — which ``release(_:)`` then frees. A buffer grows when a payload is larger
/// than it, and keeps its size when it returns to the pool.
///
/// Buffers are taken and returned a batch at a time, so the pool's lock is taken twice per batch, not per message.
final class BufferPool: Sendable {
    /// The number of buffers the pool keeps; at least 1.
    let limit: Int
    /// The size of a new buffer in bytes; at least 1.
    let initialCapacity: Int

    private let idle: Mutex<[[UInt8]]>
    private let created = Atomic<Int>(0)
    private let missCount = Atomic<UInt64>(0)
    private let bytes = Atomic<Int>(0)

    /// Creates an empty pool.
    ///
    /// - Parameters:
    ///   - limit: The number of buffers to keep; values below 1 count as 1.
    ///   - initialCapacity: The size of a new buffer in bytes; values below 1 count as 1.
    init(limit: Int, initialCapacity: Int) {
        self.limit = max(1, limit)
        self.initialCapacity = max(1, initialCapacity)
        idle = Mutex([])
    }

    /// Acquisitions that found every pooled buffer lent out and allocated a temporary buffer.
    var misses: UInt64 { missCount.load(ordering: .relaxed) }

    /// Pooled buffers created so far; at most ``limit``.
    var buffersCreated: Int { created.load(ordering: .relaxed) }

    /// The bytes of every buffer the pool owns, lent out or idle, and of the temporary buffers in use.
    var ownedBytes: Int { bytes.load(ordering: .relaxed) }

    /// Lends one buffer per size, each at least that many bytes long.
    ///
    /// - Parameter sizes: The number of bytes each buffer must hold.
    /// - Returns: The buffers, in the order of `sizes`; give them back with ``release(_:)``.
    /// - Complexity: O(`sizes.count`), plus the allocations of new and temporary buffers, made outside the lock.
    func acquire(sizes: [Int]) -> [PooledBuffer] {
        var reused: [[UInt8]] = []
        var newPooled = 0
        idle.withLock { idle in
            let fromIdle = min(idle.count, sizes.count)
            reused = Array(idle.suffix(fromIdle))
            idle.removeLast(fromIdle)
        }
        let wanted = sizes.count - reused.count
        if wanted > 0 {
            var current = created.load(ordering: .relaxed)
            while current < limit {
                let take = min(wanted, limit - current)
                let (exchanged, original) = created.compareExchange(
                    expected: current,
                    desired: current + take,
                    ordering: .relaxed
                )
                if exchanged {
                    newPooled = take
                    break
                }
                current = original
            }
        }
        var buffers: [PooledBuffer] = []
        buffers.reserveCapacity(sizes.count)
        var addedBytes = 0
        var temporaries: UInt64 = 0
        for (index, size) in sizes.enumerated() {
            var storage: [UInt8]
            let isPooled: Bool
            if index < reused.count {
                storage = reused[index]
                isPooled = true
            } else if index < reused.count + newPooled {
                storage = [UInt8](repeating: 0, count: initialCapacity)
                addedBytes += storage.count
                isPooled = true
            } else {
                storage = [UInt8](repeating: 0, count: max(initialCapacity, size))
                addedBytes += storage.count
                temporaries += 1
                isPooled = false
            }
            if storage.count < size {
                addedBytes += size - storage.count
                storage.append(contentsOf: repeatElement(0, count: size - storage.count))
            }
            buffers.append(PooledBuffer(bytes: storage, isPooled: isPooled))
        }
        if temporaries > 0 { missCount.wrappingAdd(temporaries, ordering: .relaxed) }
        if addedBytes > 0 { bytes.wrappingAdd(addedBytes, ordering: .relaxed) }
        return buffers
    }

    /// Takes lent buffers back: pooled ones return to the pool, temporary ones are freed.
    ///
    /// - Parameter buffers: Buffers from ``acquire(sizes:)``, each given back once.
    /// - Complexity: O(`buffers.count`).
    func release(_ buffers: [PooledBuffer]) {
        var pooled: [[UInt8]] = []
        pooled.reserveCapacity(buffers.count)
        var freedBytes = 0
        for buffer in buffers {
            if buffer.isPooled {
                pooled.append(buffer.bytes)
            } else {
                freedBytes += buffer.bytes.count
            }
        }
        if freedBytes > 0 { bytes.wrappingSubtract(freedBytes, ordering: .relaxed) }
        guard !pooled.isEmpty else { return }
        idle.withLock { $0.append(contentsOf: pooled) }
    }
}

/// A buffer lent by a ``BufferPool``: bytes to fill, and whether the pool keeps it afterwards.
struct PooledBuffer {
    /// The buffer's bytes; at least as many as were asked for.
    var bytes: [UInt8]
    /// Whether the buffer belongs to the pool (`false` for the temporary buffer of a pool miss).
    let isPooled: Bool
}
