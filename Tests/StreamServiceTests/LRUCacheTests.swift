import Testing

@testable import StreamService

@Suite struct LRUCacheTests {
    let start = ContinuousClock.now

    @Test func evictsTheLeastRecentlyUsedEntry() {
        var cache = LRUCache<Int, String>(capacity: 3, timeToLive: .seconds(60))
        cache.setValue("a", forKey: 1, at: start)
        cache.setValue("b", forKey: 2, at: start)
        cache.setValue("c", forKey: 3, at: start)
        #expect(cache.value(forKey: 1, at: start) == "a")
        let evicted = cache.setValue("d", forKey: 4, at: start)
        #expect(evicted?.key == 2)
        #expect(evicted?.value == "b")
        #expect(cache.value(forKey: 2, at: start) == nil)
        #expect(cache.keysByRecency == [4, 1, 3])
        #expect(cache.evictions == 1)
        #expect(cache.count == 3)
    }

    @Test func updatingAKeyRefreshesItsRecencyWithoutEviction() {
        var cache = LRUCache<Int, String>(capacity: 2, timeToLive: .seconds(60))
        cache.setValue("a", forKey: 1, at: start)
        cache.setValue("b", forKey: 2, at: start)
        #expect(cache.setValue("a2", forKey: 1, at: start) == nil)
        cache.setValue("c", forKey: 3, at: start)
        #expect(cache.keysByRecency == [3, 1])
        #expect(cache.value(forKey: 1, at: start) == "a2")
        #expect(cache.evictions == 1)
    }

    @Test func entriesExpireAtTheirTimeToLive() {
        var cache = LRUCache<Int, String>(capacity: 4, timeToLive: .seconds(300))
        cache.setValue("a", forKey: 1, at: start)
        cache.setValue("b", forKey: 2, at: start.advanced(by: .seconds(100)))
        let justBefore = start.advanced(by: .seconds(300) - .nanoseconds(1))
        #expect(cache.value(forKey: 1, at: justBefore) == "a")
        let atExpiry = start.advanced(by: .seconds(300))
        #expect(cache.value(forKey: 1, at: atExpiry) == nil)
        #expect(cache.expirations == 1)
        #expect(cache.count == 1)
        #expect(cache.value(forKey: 2, at: atExpiry) == "b")
        #expect(cache.value(forKey: 2, at: start.advanced(by: .seconds(400))) == nil)
        #expect(cache.isEmpty)
    }

    @Test func aHitDoesNotExtendTheTimeToLive() {
        var cache = LRUCache<Int, Int>(capacity: 2, timeToLive: .seconds(10))
        cache.setValue(7, forKey: 1, at: start)
        #expect(cache.value(forKey: 1, at: start.advanced(by: .seconds(9))) == 7)
        #expect(cache.value(forKey: 1, at: start.advanced(by: .seconds(11))) == nil)
    }

    @Test func storingAgainRestartsTheTimeToLive() {
        var cache = LRUCache<Int, Int>(capacity: 2, timeToLive: .seconds(10))
        cache.setValue(7, forKey: 1, at: start)
        cache.setValue(8, forKey: 1, at: start.advanced(by: .seconds(8)))
        #expect(cache.value(forKey: 1, at: start.advanced(by: .seconds(15))) == 8)
    }

    @Test func removingFreesASlotForReuse() {
        var cache = LRUCache<Int, Int>(capacity: 2, timeToLive: .seconds(10))
        cache.setValue(1, forKey: 1, at: start)
        cache.setValue(2, forKey: 2, at: start)
        #expect(cache.removeValue(forKey: 1) == 1)
        #expect(cache.removeValue(forKey: 1) == nil)
        cache.setValue(3, forKey: 3, at: start)
        #expect(cache.evictions == 0)
        #expect(cache.keysByRecency == [3, 2])
    }

    @Test func capacityBelowOneHoldsOneEntry() {
        var cache = LRUCache<Int, Int>(capacity: 0, timeToLive: .seconds(10))
        cache.setValue(1, forKey: 1, at: start)
        cache.setValue(2, forKey: 2, at: start)
        #expect(cache.capacity == 1)
        #expect(cache.keysByRecency == [2])
    }

    @Test func staysAtCapacityUnderManyInsertions() {
        var cache = LRUCache<Int, Int>(capacity: 1000, timeToLive: .seconds(60))
        for key in 0..<10_000 { cache.setValue(key, forKey: key, at: start) }
        #expect(cache.count == 1000)
        #expect(cache.evictions == 9000)
        #expect(cache.keysByRecency == Array((9000..<10_000).reversed()))
        #expect(cache.value(forKey: 8999, at: start) == nil)
        #expect(cache.value(forKey: 9000, at: start) == 9000)
    }

    /// Random operations at capacity give the same contents and order as a plain array model.
    @Test(arguments: [1, 2, 7, 50])
    func matchesAReferenceModelAtCapacity(capacity: Int) {
        var cache = LRUCache<Int, Int>(capacity: capacity, timeToLive: .seconds(1000))
        var model: [(key: Int, value: Int)] = []  // most recent first
        var random = SplitMix(seed: UInt64(capacity))
        for step in 0..<5000 {
            let key = Int(random.next() % UInt64(capacity * 2 + 1))
            switch random.next() % 3 {
            case 0:
                let expected = model.first { $0.key == key }?.value
                #expect(cache.value(forKey: key, at: start) == expected)
                if let index = model.firstIndex(where: { $0.key == key }) {
                    model.insert(model.remove(at: index), at: 0)
                }
            case 1:
                cache.setValue(step, forKey: key, at: start)
                model.removeAll { $0.key == key }
                model.insert((key, step), at: 0)
                if model.count > capacity { model.removeLast() }
            default:
                let expected = model.first { $0.key == key }?.value
                #expect(cache.removeValue(forKey: key) == expected)
                model.removeAll { $0.key == key }
            }
        }
        #expect(cache.keysByRecency == model.map(\.key))
        #expect(cache.count == model.count)
    }
}

/// SplitMix64, for reproducible random operations in tests.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        PayloadWork.splitMix(&state)
    }
}
