import Testing

@testable import StreamService

@Suite struct RingBufferTests {
    @Test func keepsFirstInFirstOutOrderAcrossGrowth() {
        var ring = RingBuffer<Int>(initialCapacity: 2)
        var expected: [Int] = []
        var next = 0
        for round in 0..<50 {
            for _ in 0..<(round % 7 + 1) {
                ring.append(next)
                expected.append(next)
                next += 1
            }
            for _ in 0..<(round % 5) {
                #expect(ring.popFirst() == (expected.isEmpty ? nil : expected.removeFirst()))
            }
            #expect(ring.count == expected.count)
            #expect(ring.first == expected.first)
        }
        var drained: [Int] = []
        ring.drain(into: &drained)
        #expect(drained == expected)
        #expect(ring.isEmpty)
        #expect(ring.popFirst() == nil)
    }
}

@Suite struct BufferPoolTests {
    @Test func lendsPooledBuffersAndCountsMissesBeyondTheLimit() {
        let pool = BufferPool(limit: 2, initialCapacity: 64)
        let first = pool.acquire(sizes: [10, 10, 10])
        #expect(first.map(\.isPooled) == [true, true, false])
        #expect(first.allSatisfy { $0.bytes.count >= 10 })
        #expect(pool.misses == 1)
        #expect(pool.buffersCreated == 2)
        #expect(pool.ownedBytes == 3 * 64)
        pool.release(first)
        #expect(pool.ownedBytes == 2 * 64)
        let second = pool.acquire(sizes: [10, 10])
        #expect(second.allSatisfy { $0.isPooled })
        #expect(pool.misses == 1)
        #expect(pool.buffersCreated == 2)
        pool.release(second)
    }

    @Test func growsABufferForALargePayloadAndAccountsForIt() {
        let pool = BufferPool(limit: 1, initialCapacity: 16)
        let buffers = pool.acquire(sizes: [100])
        #expect(buffers[0].bytes.count == 100)
        #expect(pool.ownedBytes == 100)
        pool.release(buffers)
        #expect(pool.acquire(sizes: [50])[0].bytes.count == 100)
    }
}

@Suite struct PayloadWorkTests {
    @Test(arguments: [0, 5, 16, 17, 1024, 1031])
    func aFilledPayloadValidatesForItsKeyOnly(size: Int) {
        var buffer = [UInt8](repeating: 0, count: size)
        PayloadWork.fill(&buffer, count: size, key: 42)
        #expect(PayloadWork.validate(buffer, count: size, key: 42).isValid)
        if size >= PayloadWork.headerSize {
            #expect(!PayloadWork.validate(buffer, count: size, key: 43).isValid)
        }
    }

    @Test func theSameKeyGivesTheSamePayloadAndDifferentKeysDiffer() {
        var first = [UInt8](repeating: 0, count: 256)
        var second = [UInt8](repeating: 0, count: 256)
        var other = [UInt8](repeating: 0, count: 256)
        PayloadWork.fill(&first, count: 256, key: 7)
        PayloadWork.fill(&second, count: 256, key: 7)
        PayloadWork.fill(&other, count: 256, key: 8)
        #expect(first == second)
        #expect(first != other)
        let hash = PayloadWork.transform(first, count: 256, passes: 3, seed: 1)
        #expect(hash == PayloadWork.transform(second, count: 256, passes: 3, seed: 1))
        #expect(hash != PayloadWork.transform(other, count: 256, passes: 3, seed: 1))
        #expect(hash != PayloadWork.transform(first, count: 256, passes: 3, extraBytes: 100, seed: 1))
    }

    @Test func compressionStoresHalfTheResponse() {
        let response = PayloadWork.response(digest: 99, count: 512)
        #expect(response.count == 512)
        #expect(PayloadWork.stored(response, compressionPasses: 0) == response)
        #expect(PayloadWork.stored(response, compressionPasses: 2).count == 256)
    }

    @Test func messageDrawsAreUniformAndReproducible() {
        let draws = (0..<10_000 as Range<UInt64>).map {
            MessageDraw.unit(seed: 5, sequence: $0, purpose: .injectedError)
        }
        #expect(draws.allSatisfy { (0..<1).contains($0) })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.02)
        #expect(draws[17] == MessageDraw.unit(seed: 5, sequence: 17, purpose: .injectedError))
        #expect(draws[17] != MessageDraw.unit(seed: 6, sequence: 17, purpose: .injectedError))
        #expect(draws[17] != MessageDraw.unit(seed: 5, sequence: 17, purpose: .backendLatency))
    }

    @Test func backendLatencyDrawsFollowTheirDistribution() {
        let constant = ServiceCostModel.BackendLatency.constant(.milliseconds(3))
        #expect(constant.latency(forUniform: 0.9) == .milliseconds(3))
        #expect(ServiceCostModel.BackendLatency.none.latency(forUniform: 0.5) == .zero)
        let exponential = ServiceCostModel.BackendLatency.exponential(mean: .milliseconds(10), limit: .milliseconds(50))
        #expect(exponential.latency(forUniform: 0) == .zero)
        #expect(exponential.latency(forUniform: 0.999_999) == .milliseconds(50))
        let median = exponential.latency(forUniform: 0.5)
        #expect(median > .microseconds(6_900) && median < .microseconds(7_000))
    }
}
