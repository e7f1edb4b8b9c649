/// A fixed-capacity cache that evicts the least recently used entry when full and treats entries older than their
/// time to live as absent.
///
/// Every operation is O(1): a dictionary maps each key to a slot, and the slots form a doubly linked list in
/// parallel arrays (indices, not references), most recently used at the head. Slots are allocated as entries
/// arrive, up to `capacity`, and reused after removal through a free list, so a large capacity costs nothing until
/// it fills.
///
/// Time is passed in, never read: every operation takes the current instant, so tests drive expiry with made-up
/// instants instead of sleeping. An entry stored at `t` is valid strictly before `t + timeToLive`; an expired entry
/// stays in its slot (and counts in ``count``) until a lookup finds it expired or it is evicted.
///
/// Not thread-safe: the service keeps its cache in a `Mutex` and takes it once per batch.
///
/// ```swift
/// var cache = LRUCache<UInt64, [UInt8]>(capacity: 2, timeToLive: .seconds(60))
/// let now = ContinuousClock.now
/// cache.setValue([1], forKey: 1, at: now)
/// cache.setValue([2], forKey: 2, at: now)
/// _ = cache.value(forKey: 1, at: now)    // 1 is now the most recent
/// cache.setValue([3], forKey: 3, at: now)  // evicts 2
/// ```
struct LRUCache<Key: Hashable, Value> {
    /// The most entries the cache holds; at least 1.
    let capacity: Int
    /// How long an entry stays valid after it was stored.
    let timeToLive: Duration

    private var slotForKey: [Key: Int] = [:]
    private var keys: [Key?] = []
    private var values: [Value?] = []
    private var expiries: [ContinuousClock.Instant] = []
    private var newer: [Int] = []
    private var older: [Int] = []
    private var freeSlots: [Int] = []
    private var newest = LRUCache.none
    private var oldest = LRUCache.none

    /// Entries removed to make room for new ones.
    private(set) var evictions: UInt64 = 0
    /// Entries removed because a lookup found them past their time to live.
    private(set) var expirations: UInt64 = 0

    private static var none: Int { -1 }

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - capacity: The most entries to hold; values below 1 count as 1.
    ///   - timeToLive: How long an entry stays valid after it was stored.
    init(capacity: Int, timeToLive: Duration) {
        self.capacity = max(1, capacity)
        self.timeToLive = timeToLive
    }

    /// The number of entries held, expired ones not yet found included.
    var count: Int { slotForKey.count }

    /// Whether the cache holds no entry.
    var isEmpty: Bool { slotForKey.isEmpty }

    /// The value stored for `key`, or `nil` when there is none or it has expired; a hit makes `key` the most
    /// recently used, and an expired entry is removed.
    ///
    /// - Parameters:
    ///   - key: The key to look up.
    ///   - now: The current instant, to judge expiry.
    /// - Returns: The value, or `nil`.
    mutating func value(forKey key: Key, at now: ContinuousClock.Instant) -> Value? {
        guard let slot = slotForKey[key] else { return nil }
        if now >= expiries[slot] {
            remove(slot: slot)
            expirations &+= 1
            return nil
        }
        moveToNewest(slot)
        return values[slot]
    }

    /// Stores `value` for `key` as the most recently used entry, valid until `now + timeToLive`, evicting the least
    /// recently used entry when the cache is full.
    ///
    /// - Parameters:
    ///   - value: The value to store; replaces any value stored for `key`.
    ///   - key: The key.
    ///   - now: The current instant, when the entry's lifetime starts.
    /// - Returns: The entry evicted to make room, if one was.
    @discardableResult
    mutating func setValue(_ value: Value, forKey key: Key, at now: ContinuousClock.Instant) -> (key: Key, value: Value)? {
        let expiry = now.advanced(by: timeToLive)
        if let slot = slotForKey[key] {
            values[slot] = value
            expiries[slot] = expiry
            moveToNewest(slot)
            return nil
        }
        var evicted: (key: Key, value: Value)?
        if slotForKey.count == capacity, let oldestKey = keys[oldest], let oldestValue = values[oldest] {
            evicted = (oldestKey, oldestValue)
            remove(slot: oldest)
            evictions &+= 1
        }
        let slot = allocateSlot(expiry: expiry)
        keys[slot] = key
        values[slot] = value
        expiries[slot] = expiry
        slotForKey[key] = slot
        linkAsNewest(slot)
        return evicted
    }

    /// Removes the entry for `key`, expired or not.
    ///
    /// - Parameter key: The key.
    /// - Returns: The value it held, or `nil` when there was none.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard let slot = slotForKey[key] else { return nil }
        let value = values[slot]
        remove(slot: slot)
        return value
    }

    /// The keys from the most to the least recently used, expired ones included.
    ///
    /// - Complexity: O(``count``).
    var keysByRecency: [Key] {
        var result: [Key] = []
        result.reserveCapacity(count)
        var slot = newest
        while slot != Self.none {
            if let key = keys[slot] { result.append(key) }
            slot = older[slot]
        }
        return result
    }

    // MARK: Slots and links

    private mutating func allocateSlot(expiry: ContinuousClock.Instant) -> Int {
        if let slot = freeSlots.popLast() { return slot }
        keys.append(nil)
        values.append(nil)
        expiries.append(expiry)
        newer.append(Self.none)
        older.append(Self.none)
        return keys.count - 1
    }

    private mutating func remove(slot: Int) {
        unlink(slot)
        if let key = keys[slot] { slotForKey[key] = nil }
        keys[slot] = nil
        values[slot] = nil
        freeSlots.append(slot)
    }

    private mutating func moveToNewest(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        linkAsNewest(slot)
    }

    private mutating func linkAsNewest(_ slot: Int) {
        newer[slot] = Self.none
        older[slot] = newest
        if newest != Self.none { newer[newest] = slot }
        newest = slot
        if oldest == Self.none { oldest = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let before = newer[slot]
        let after = older[slot]
        if before != Self.none { older[before] = after } else { newest = after }
        if after != Self.none { newer[after] = before } else { oldest = before }
        newer[slot] = Self.none
        older[slot] = Self.none
    }
}
