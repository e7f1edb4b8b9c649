#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a ``DedicatedThread`` could not start: the system refused a thread.
///
/// Each module turns it into its own error with the sentence its users expect; the fields are the
/// facts such a sentence needs.
package struct ThreadStartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the thread was for, as given to ``DedicatedThread/start(name:scheduling:_:)``.
    package var threadName: String
    /// The error number `pthread_create` returned, such as `EAGAIN`.
    package var errorNumber: Int32

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - threadName: What the thread was for.
    ///   - errorNumber: The error number `pthread_create` returned.
    package init(threadName: String, errorNumber: Int32) {
        self.threadName = threadName
        self.errorNumber = errorNumber
    }

    /// The system's words for the error number, such as "Resource temporarily unavailable".
    package var reason: String { String(cString: strerror(errorNumber)) }

    /// "The 'service worker' thread could not start: Resource temporarily unavailable
    /// (pthread_create returned 11)."
    package var description: String {
        "The '\(threadName)' thread could not start: \(reason) (pthread_create returned \(errorNumber))."
    }
}
