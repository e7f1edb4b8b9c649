import PerfGate
import Synchronization

/// A progress line that many threads may update: throttled to five updates a second, with an
/// ETA from the elapsed time; silent when standard error is not a terminal.
final class ProgressReporter: Sendable {
    private struct State {
        var line: ProgressLine
        var lastUpdate: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    private let started = ContinuousClock.now
    private static let steps = 1_000

    init(terminal: Terminal, sink: TextSink) {
        state = Mutex(State(line: ProgressLine(terminal: terminal, sink: sink), lastUpdate: nil))
    }

    /// Shows `fraction` done with a label.
    func update(_ fraction: Double, _ label: String) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard state.line.isEnabled else { return }
            if let last = state.lastUpdate, now - last < .milliseconds(200), fraction < 1 { return }
            state.lastUpdate = now
            let completed = Int((min(max(fraction, 0), 1) * Double(Self.steps)).rounded())
            state.line.update(label: label, completed: completed, total: Self.steps, elapsed: now - started)
        }
    }

    /// Clears the line.
    func finish() {
        state.withLock { $0.line.finish() }
    }
}
