#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A joinable OS thread of the service: a worker or the housekeeper.
///
/// The service runs its workers on real threads rather than Swift tasks: they block on condition variables and
/// burn CPU, which would starve the cooperative pool.
struct ServiceThread: Sendable {
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

    /// Starts a thread that runs `body`, or returns `nil` when the system refuses one.
    ///
    /// - Parameters:
    ///   - body: The work; the thread ends when it returns.
    static func start(_ body: @escaping @Sendable () -> Void) -> ServiceThread? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return ServiceThread(handle: thread)
        #else
        var thread: pthread_t?
        let result = pthread_create(
            &thread,
            nil,
            { raw in
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard result == 0, let thread else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return ServiceThread(handle: thread)
        #endif
    }

    /// The calling thread.
    static var current: ServiceThread {
        ServiceThread(handle: pthread_self())
    }

    /// Whether this is the calling thread.
    var isCurrent: Bool {
        pthread_equal(handle, pthread_self()) != 0
    }

    /// Whether `other` is the same thread as this one.
    ///
    /// - Parameter other: Another thread.
    func isSameThread(as other: ServiceThread) -> Bool {
        pthread_equal(handle, other.handle) != 0
    }

    /// Waits for the thread to end; a thread cannot join itself, so from the thread itself this detaches it.
    func join() {
        if isCurrent {
            pthread_detach(handle)
        } else {
            pthread_join(handle, nil)
        }
    }
}
