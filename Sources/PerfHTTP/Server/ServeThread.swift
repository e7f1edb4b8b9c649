#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An OS thread of the HTTP server: the accept loop (joined at shutdown) or one connection (detached, counted).
///
/// The server blocks in `poll` and `recv`, which must not happen on Swift's few cooperative threads.
struct ServeThread: Sendable {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    #if canImport(Glibc)
    private let handle: pthread_t
    #else
    // `pthread_t` is a pointer on Darwin, which is not `Sendable`: keep its bits instead.
    private let bits: UInt
    private var handle: pthread_t { pthread_t(bitPattern: bits).unsafelyUnwrapped }
    private init(handle: pthread_t) { bits = UInt(bitPattern: handle) }
    #endif

    /// Starts a joinable thread running `body`.
    ///
    /// - Parameter body: The work; the thread ends when it returns.
    /// - Returns: The thread, or the `pthread_create` error number when the system refuses one.
    static func start(_ body: @escaping @Sendable () -> Void) -> Result<ServeThread, ServeThreadRefusal> {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        return create(body, attributes: &attributes).map { ServeThread(handle: $0) }
    }

    /// Starts a detached thread running `body`; nobody joins it.
    ///
    /// - Parameter body: The work; the thread ends when it returns.
    /// - Returns: Nothing, or the `pthread_create` error number when the system refuses a thread.
    static func detach(_ body: @escaping @Sendable () -> Void) -> Result<Void, ServeThreadRefusal> {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        return create(body, attributes: &attributes).map { _ in () }
    }

    private static func create(
        _ body: @escaping @Sendable () -> Void,
        attributes: inout pthread_attr_t
    ) -> Result<pthread_t, ServeThreadRefusal> {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return .failure(ServeThreadRefusal(errorNumber: result))
        }
        return .success(thread)
        #else
        var thread: pthread_t?
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard result == 0, let thread else {
            Unmanaged<Body>.fromOpaque(context).release()
            return .failure(ServeThreadRefusal(errorNumber: result))
        }
        return .success(thread)
        #endif
    }

    /// Waits for the thread to end.
    func join() {
        pthread_join(handle, nil)
    }
}

/// Why the system refused a thread: the `pthread_create` error number.
struct ServeThreadRefusal: Error, Sendable {
    /// The error number `pthread_create` returned.
    var errorNumber: Int32

    /// The system's words for it.
    var description: String { String(cString: strerror(errorNumber)) }
}
