import Synchronization

/// Counts failures by kind without a lock on the counting path.
///
/// Kinds are hashed (FNV-1a over their UTF-8) into a small open-addressed table of atomic
/// (hash, count) slots: counting a kind already seen is one hash, a probe and one relaxed add.
/// Only the first sighting of a kind takes a lock, to remember its name. Kinds beyond the table's
/// capacity are counted under ``overflowKind``.
///
/// `@unchecked Sendable` is sound: the slot storage is allocated once in `init`, every slot is an
/// `Atomic` only touched through atomic operations, names live behind a `Mutex`, and the storage
/// is freed in `deinit` when no other reference exists.
final class FailureTally: @unchecked Sendable {
    /// The number of distinct kinds kept apart.
    static let capacity = 64
    /// The kind under which failures beyond ``capacity`` distinct kinds are counted.
    static let overflowKind = "other"

    private let hashes: UnsafeMutablePointer<Atomic<UInt64>>
    private let slotCounts: UnsafeMutablePointer<Atomic<Int>>
    private let overflow = Atomic<Int>(0)
    private let names = Mutex<[UInt64: String]>([:])

    init() {
        hashes = .allocate(capacity: Self.capacity)
        slotCounts = .allocate(capacity: Self.capacity)
        for index in 0..<Self.capacity {
            (hashes + index).initialize(to: Atomic(0))
            (slotCounts + index).initialize(to: Atomic(0))
        }
    }

    deinit {
        hashes.deinitialize(count: Self.capacity)
        hashes.deallocate()
        slotCounts.deinitialize(count: Self.capacity)
        slotCounts.deallocate()
    }

    /// Counts one failure of a kind.
    ///
    /// - Complexity: O(kind length) to hash it, then O(1) expected.
    func record(_ kind: String) {
        let hash = Self.hash(kind)
        var index = Int(truncatingIfNeeded: hash % UInt64(Self.capacity))
        for _ in 0..<Self.capacity {
            let current = hashes[index].load(ordering: .acquiring)
            if current == hash {
                slotCounts[index].wrappingAdd(1, ordering: .relaxed)
                return
            }
            if current == 0 {
                let (claimed, found) = hashes[index].compareExchange(
                    expected: 0,
                    desired: hash,
                    ordering: .acquiringAndReleasing
                )
                if claimed {
                    names.withLock { $0[hash] = kind }
                    slotCounts[index].wrappingAdd(1, ordering: .relaxed)
                    return
                }
                if found == hash {
                    slotCounts[index].wrappingAdd(1, ordering: .relaxed)
                    return
                }
            }
            index = (index + 1) % Self.capacity
        }
        overflow.wrappingAdd(1, ordering: .relaxed)
    }

    /// The counts so far, by kind name.
    ///
    /// - Complexity: O(``capacity``).
    func counts() -> [String: Int] {
        let known = names.withLock { $0 }
        var result: [String: Int] = [:]
        for index in 0..<Self.capacity {
            let hash = hashes[index].load(ordering: .acquiring)
            let count = slotCounts[index].load(ordering: .relaxed)
            if hash != 0, count > 0 { result[known[hash] ?? Self.overflowKind, default: 0] += count }
        }
        let overflowCount = overflow.load(ordering: .relaxed)
        if overflowCount > 0 { result[Self.overflowKind, default: 0] += overflowCount }
        return result
    }

    /// FNV-1a over the UTF-8 bytes, never 0 (0 marks an empty slot).
    private static func hash(_ kind: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in kind.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash == 0 ? 1 : hash
    }
}
