import Synchronization
import Testing

@testable import PerfSupport

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct DedicatedThreadTests {
    @Test func joinWaitsForTheBodyToFinish() throws {
        let finished = Atomic<Bool>(false)
        let thread = try DedicatedThread.start(name: "test") {
            usleep(20_000)
            finished.store(true, ordering: .releasing)
        }
        thread.join()
        let hasFinished = finished.load(ordering: .acquiring)
        #expect(hasFinished)
    }

    @Test func theBodyRunsOnTheThreadItStarted() throws {
        let inside = Mutex<DedicatedThread?>(nil)
        let thread = try DedicatedThread.start(name: "test") {
            inside.withLock { $0 = DedicatedThread.current }
        }
        thread.join()
        let seen = try #require(inside.withLock { $0 })
        #expect(thread.isSameThread(as: seen))
        #expect(!thread.isCurrent)
        #expect(!thread.isSameThread(as: DedicatedThread.current))
        #expect(DedicatedThread.current.isCurrent)
    }

    @Test(arguments: [
        ("service worker", "service worker"),
        // Linux keeps 15 bytes: cut there, and never inside a character.
        ("open-loop sender", "open-loop sende"),
        ("métrique réseau", "métrique rése"),
        // 14 bytes, then a 2-byte character that would end at byte 16: left out whole.
        ("abcdefghijklmné", "abcdefghijklmn"),
    ])
    func theThreadCarriesItsNameInTheSystem(name: String, expected: String) throws {
        let seen = Mutex<String?>(nil)
        let thread = try DedicatedThread.start(name: name) {
            seen.withLock { $0 = DedicatedThread.currentName }
        }
        thread.join()
        #expect(seen.withLock { $0 } == expected)
    }

    @Test func detachedThreadRunsItsBody() throws {
        let ran = Atomic<Bool>(false)
        try DedicatedThread.detach(name: "test") { ran.store(true, ordering: .releasing) }
        // Wait up to ten seconds for it; a detached thread cannot be joined.
        var waited = 0
        while !ran.load(ordering: .acquiring), waited < 10_000 {
            usleep(1_000)
            waited += 1
        }
        let hasRun = ran.load(ordering: .acquiring)
        #expect(hasRun)
    }

    #if os(Linux)
    @Test(
        arguments: [(.standard, SCHED_OTHER), (.batch, 3), (.background, 3)] as [(DedicatedThread.Scheduling, Int32)]
    )
    func schedulingSetsTheThreadsPolicy(scheduling: DedicatedThread.Scheduling, policy: Int32) throws {
        let observed = Atomic<Int32>(-1)
        let thread = try DedicatedThread.start(name: "test", scheduling: scheduling) {
            var current: Int32 = -1
            var parameters = sched_param()
            _ = pthread_getschedparam(pthread_self(), &current, &parameters)
            observed.store(current, ordering: .relaxed)
        }
        thread.join()
        let observedPolicy = observed.load(ordering: .relaxed)
        #expect(observedPolicy == policy)
    }

    @Test(
        arguments: [(.standard, 0), (.batch, 0), (.background, DedicatedThread.backgroundNiceValue)]
            as [(DedicatedThread.Scheduling, Int32)]
    )
    func schedulingSetsTheThreadsOwnNiceValue(scheduling: DedicatedThread.Scheduling, nice: Int32) throws {
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let observed = Atomic<Int32>(-100)
        let thread = try DedicatedThread.start(name: "test", scheduling: scheduling) {
            observed.store(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), ordering: .relaxed)
        }
        thread.join()
        let observedNice = observed.load(ordering: .relaxed)
        #expect(observedNice == before + nice)
        // The calling thread keeps its own.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
    }
    #endif

    @Test func refusalNamesTheThreadAndTheSystemsReason() {
        let refusal = ThreadStartError(threadName: "open-loop sender", errorNumber: EAGAIN)
        #expect(refusal.reason == String(cString: strerror(EAGAIN)))
        #expect(!refusal.reason.isEmpty)
        #expect(
            refusal.description
                == "The 'open-loop sender' thread could not start: \(refusal.reason) (pthread_create returned \(EAGAIN))."
        )
        #if os(Linux)
        #expect(refusal.reason == "Resource temporarily unavailable")
        #endif
    }
}
