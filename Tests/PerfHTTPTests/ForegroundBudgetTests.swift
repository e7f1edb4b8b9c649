import Testing

@testable import PerfHTTP

@Suite struct ForegroundBudgetTests {
    static let second: Int64 = 1_000_000_000
    static let millisecond: Int64 = 1_000_000

    @Test func aNewBudgetIsFullAndInCredit() {
        let budget = ForegroundBudget(share: 0.05, burst: .milliseconds(50), now: 0)
        #expect(budget.capacity == 50 * Self.millisecond)
        #expect(budget.refillPerSecond == 50 * Self.millisecond)
        #expect(budget.isInCredit(now: 0))
        #expect(budget.isFull(now: 0))
    }

    @Test func chargingMoreThanTheBurstOverdrawsIt() {
        let budget = ForegroundBudget(share: 0.05, burst: .milliseconds(50), now: 0)
        #expect(budget.charge(49 * Self.millisecond, now: 0))
        #expect(!budget.isFull(now: 0))
        #expect(!budget.charge(2 * Self.millisecond, now: 0))
        #expect(!budget.isInCredit(now: 0))
    }

    @Test func itRefillsAtItsShareOfOneCoreUpToTheBurst() {
        let budget = ForegroundBudget(share: 0.05, burst: .milliseconds(50), now: 0)
        // 70 ms charged: 20 ms overdrawn. 5% of a core refills 50 ms per second.
        budget.charge(70 * Self.millisecond, now: 0)
        #expect(!budget.isInCredit(now: 400 * Self.millisecond))  // 20 ms back: exactly 0
        #expect(budget.isInCredit(now: 401 * Self.millisecond))
        #expect(!budget.isFull(now: 1_399 * Self.millisecond))
        #expect(budget.isFull(now: 1_400 * Self.millisecond))
        // Never more than the burst, however long the quiet spell.
        #expect(budget.charge(49 * Self.millisecond, now: 1_000 * Self.second))
        #expect(!budget.charge(2 * Self.millisecond, now: 1_000 * Self.second))
    }

    @Test func frequentSmallRefillsAddUpToTheRate() {
        let budget = ForegroundBudget(share: 0.05, burst: .milliseconds(50), now: 0)
        budget.charge(100 * Self.millisecond, now: 0)  // 50 ms overdrawn: a second to climb back
        // A call every 37,003 ns, each rounding its refill down (1850.15 ns to 1850).
        var now: Int64 = 0
        var overdrawnThroughout = true
        while now + 37_003 <= 999 * Self.millisecond {
            now += 37_003
            overdrawnThroughout = overdrawnThroughout && !budget.isInCredit(now: now)
        }
        #expect(overdrawnThroughout)
        // After 1.001 s, 50.05 ms have come back less under 27,000 ns of rounding: in credit.
        #expect(budget.isInCredit(now: 1_001 * Self.millisecond))
    }

    @Test func aClockThatGoesBackRefillsNothing() {
        let budget = ForegroundBudget(share: 1, burst: .milliseconds(10), now: 5 * Self.second)
        budget.charge(20 * Self.millisecond, now: 5 * Self.second)
        #expect(!budget.isInCredit(now: 4 * Self.second))
        #expect(budget.isInCredit(now: 5 * Self.second + 11 * Self.millisecond))
    }

    @Test(arguments: [-1.0, 2.0])
    func theShareIsClampedToOneCore(share: Double) {
        let budget = ForegroundBudget(share: share, burst: .milliseconds(1), now: 0)
        #expect(budget.refillPerSecond == (share < 0 ? 0 : Self.second))
    }
}
