import Testing

@testable import PerfGateCLI

@Suite struct ProgressLineTests {
    static let interactive = Terminal(isStandardOutputATerminal: false, isStandardErrorATerminal: true)

    @Test(arguments: [
        Terminal(),
        Terminal(isStandardOutputATerminal: true),
        Terminal(isStandardErrorATerminal: true, environment: ["CI": "true"]),
        Terminal(isStandardErrorATerminal: true, environment: ["TERM": "dumb"]),
    ])
    func writesNothingWhenStandardErrorIsNotALiveTerminal(terminal: Terminal) {
        let capture = TextCapture()
        var progress = ProgressLine(terminal: terminal, sink: capture.sink)
        progress.update("warming up")
        progress.update(label: "round", completed: 3, total: 10, elapsed: .seconds(30))
        progress.finish()
        #expect(!progress.isEnabled)
        #expect(capture.text.isEmpty)
    }

    @Test func rewritesOneLineInPlaceOnATerminal() {
        let capture = TextCapture()
        var progress = ProgressLine(terminal: Self.interactive, sink: capture.sink)
        progress.update("warming up")
        progress.update("round 1")
        progress.finish()
        #expect(capture.text == "\rwarming up" + "\rround 1   " + "\r       \r")
        #expect(!capture.text.contains("\n"))
    }

    @Test func longLinesAreCutToTheScreenWidth() {
        let capture = TextCapture()
        var progress = ProgressLine(isEnabled: true, columns: 10, sink: capture.sink)
        progress.update("abcdefghijklmnop")
        #expect(capture.text == "\rabcdefgh…")
    }

    @Test func describesCountPercentageAndEstimatedTimeLeft() {
        #expect(
            ProgressLine.describe(label: "round", completed: 3, total: 10, elapsed: .seconds(30))
                == "round 3/10  30%  ETA 1m 10s"
        )
        #expect(
            ProgressLine.describe(label: "round", completed: 0, total: 4, elapsed: .seconds(5))
                == "round 0/4  0%  ETA --"
        )
        #expect(ProgressLine.describe(label: "", completed: 4, total: 4, elapsed: .seconds(5)) == "4/4  100%  ETA 0s")
    }

    @Test(arguments: [
        (Duration.zero, "0s"),
        (.milliseconds(400), "0s"),
        (.milliseconds(600), "1s"),
        (.seconds(42), "42s"),
        (.seconds(60), "1m 00s"),
        (.seconds(185), "3m 05s"),
        (.seconds(3_720), "1h 02m"),
        (.seconds(-5), "0s"),
    ])
    func formatsEstimatedTimes(duration: Duration, expected: String) {
        #expect(ProgressLine.formatETA(duration) == expected)
    }
}
