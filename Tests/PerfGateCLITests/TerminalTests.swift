import Testing

@testable import PerfGateCLI

@Suite struct TerminalTests {
    @Test func colourNeedsATerminalAndNoNoColor() {
        #expect(!Terminal().supportsColor(on: .standardOutput))
        let terminal = Terminal(isStandardOutputATerminal: true)
        #expect(terminal.supportsColor(on: .standardOutput))
        #expect(!terminal.supportsColor(on: .standardError))
        var suppressed = terminal
        suppressed.environment["NO_COLOR"] = "1"
        #expect(!suppressed.supportsColor(on: .standardOutput))
        suppressed.environment["NO_COLOR"] = ""
        #expect(suppressed.supportsColor(on: .standardOutput), "an empty NO_COLOR does not count")
        suppressed.environment["TERM"] = "dumb"
        #expect(!suppressed.supportsColor(on: .standardOutput))
    }

    @Test(arguments: [("true", true), ("1", true), ("github", true), ("false", false), ("0", false), ("", false)])
    func continuousIntegrationFollowsTheCIVariable(value: String, expected: Bool) {
        let terminal = Terminal(isStandardErrorATerminal: true, environment: ["CI": value])
        #expect(terminal.isContinuousIntegration == expected)
        #expect(terminal.supportsLiveUpdates(on: .standardError) == !expected)
    }

    @Test func paletteDoesNothingWhenDisabled() {
        let off = Palette(terminal: Terminal(), stream: .standardOutput)
        #expect(off.red("FAIL") == "FAIL")
        #expect(off.paint("x", .bold, .green) == "x")
        let on = Palette(terminal: Terminal(isStandardOutputATerminal: true), stream: .standardOutput)
        #expect(on.red("FAIL") == "\u{1B}[31mFAIL\u{1B}[0m")
        #expect(on.paint("x", .bold, .green) == "\u{1B}[1;32mx\u{1B}[0m")
        #expect(on.paint("x") == "x")
    }
}
