import Foundation

/// A value guarded by a lock that ThreadSanitizer understands (`NSLock`, a pthread mutex), for
/// the test helpers that completion threads share.
///
/// `Synchronization.Mutex` is the right lock in the library, but ThreadSanitizer on this toolchain
/// does not see it (a 12-line program shows every access under `Mutex.withLock` reported as a
/// race), so helpers built on it would drown a real race in `swift test --sanitize=thread`.
final class TestLock<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
