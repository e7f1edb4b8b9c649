import Synchronization

/// Collects what is written to its ``sink`` so that a test can read it back.
///
/// Safe to write from several threads; each write is appended whole.
final class TextCapture: Sendable {
    private let storage = Mutex("")

    /// Creates an empty capture.
    init() {}

    /// A sink that appends to this capture.
    var sink: TextSink {
        TextSink { [self] text in
            self.storage.withLock { $0 += text }
        }
    }

    /// Everything written so far.
    var text: String {
        storage.withLock { $0 }
    }
}
