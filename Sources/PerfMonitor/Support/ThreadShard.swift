import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives each thread a small, stable shard number, so that hot counters written by different
/// threads land on different cache lines.
///
/// Threads are numbered round-robin on first use and the number is kept in a pthread key, so two
/// threads get different shards until there are more threads than shards. Reading it costs one
/// `pthread_getspecific` (about 3 ns here), far less than a contended cache line.
enum ThreadShard {
    /// The number of shards every sharded structure in this module uses.
    static let count = 4

    private static let nextNumber = Atomic<Int>(0)

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        // A failure leaves `key` at 0; every thread then shares shard 0, which is still correct.
        _ = pthread_key_create(&key, nil)
        return key
    }()

    /// The calling thread's shard, in `0..<count`.
    ///
    /// Hot paths pass a copy of ``key`` held in the instance, which spares the lazy-global check.
    @inline(__always)
    static func current(key: pthread_key_t) -> Int {
        let stored = Int(bitPattern: pthread_getspecific(key))
        if stored != 0 { return stored &- 1 }
        return assign(key)
    }

    /// The calling thread's shard, in `0..<count`.
    static var current: Int { current(key: key) }

    @inline(never)
    private static func assign(_ key: pthread_key_t) -> Int {
        let shard = nextNumber.wrappingAdd(1, ordering: .relaxed).oldValue % count
        _ = pthread_setspecific(key, UnsafeRawPointer(bitPattern: shard + 1))
        return shard
    }
}
