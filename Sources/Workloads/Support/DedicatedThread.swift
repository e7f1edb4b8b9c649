#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts detached OS threads for work that must not run on Swift's cooperative pool: a sender
/// that sleeps and spins until each intended instant would starve the pool's few threads.
enum DedicatedThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new detached thread.
    ///
    /// - Parameters:
    ///   - name: What the thread is for, named in the error if it cannot start.
    ///   - body: The work; the thread ends when it returns.
    /// - Throws: ``WorkloadsError`` with code `thread_start_failed` when the system refuses a thread.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(WorkloadsError) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Glibc)
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                guard let raw else { return nil }
                let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
                body.run()
                return nil
            },
            context
        )
        #else
        var thread: pthread_t?
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
                body.run()
                return nil
            },
            context
        )
        #endif
        if result != 0 {
            Unmanaged<Body>.fromOpaque(context).release()
            throw WorkloadsError(
                code: "thread_start_failed",
                message: "The load driver could not start its \(name) thread (pthread_create returned \(result)).",
                cause: String(cString: strerror(result))
            )
        }
    }
}
