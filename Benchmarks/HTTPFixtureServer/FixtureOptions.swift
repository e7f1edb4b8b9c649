/// The fixture server's command line:
/// `[--port N] [--delay-ms MS] [--spin-us US] [--stall-after S --stall-for S]`.
struct FixtureOptions: Sendable, Equatable {
    /// The port to listen on (0: the system picks one, printed on the first line).
    var port = 0
    /// When and how each request is answered.
    var schedule = ResponseSchedule(delay: .zero, stall: nil)
    /// How long before each answer is due the connection's thread stops sleeping and spins.
    var spin = Duration.zero
    /// Whether `--help` was asked for.
    var showsHelp = false

    static let synopsis =
        "http-fixture-server [--port N] [--delay-ms MS] [--spin-us US] [--stall-after SECONDS --stall-for SECONDS]"

    static let help = """
        USAGE: \(synopsis)

        Answers GET / with "ok" on 127.0.0.1, exactly --delay-ms after each request arrives (0), one
        thread per connection. With --stall-after and --stall-for, it answers nothing for --stall-for
        seconds from --stall-after seconds after the first request: requests arriving in the stall, and
        those in progress, wait until it ends. With --spin-us, a connection's thread sleeps until that
        many microseconds before the answer is due and spins on the clock for the rest, so that a
        wake-up up to that late does not delay the answer (at the cost of that much CPU per request).
        Prints "listening on 127.0.0.1:PORT" on the first line of standard output; SIGINT or SIGTERM
        stops it, and it then prints on standard error how late its answers were: the time from each
        answer's due instant to when the answer was ready to send (the fixture's own error, which a
        client's measured latency includes).
        """

    /// A command-line mistake, said in one sentence.
    struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Parses the arguments (without the program name).
    ///
    /// - Throws: ``UsageError`` for an unknown option, a missing or bad value, or only one of
    ///   `--stall-after` and `--stall-for`.
    init(arguments: [String]) throws(UsageError) {
        var stallAfter: Double?
        var stallFor: Double?
        var index = 0
        func value(of option: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(description: "\(option) needs a value.") }
            return arguments[index]
        }
        func number(_ text: String, for option: String, in range: ClosedRange<Double>) throws(UsageError) -> Double {
            guard let number = Double(text), range.contains(number) else {
                throw UsageError(
                    description: "\(option) '\(text)' is not a number in \(range.lowerBound)...\(range.upperBound)."
                )
            }
            return number
        }
        while index < arguments.count {
            let option = arguments[index]
            switch option {
            case "--help", "-h":
                showsHelp = true
            case "--port":
                let text = try value(of: option)
                guard let port = Int(text), (0...65_535).contains(port) else {
                    throw UsageError(description: "--port '\(text)' is not a port in 0...65535.")
                }
                self.port = port
            case "--delay-ms":
                schedule.delay = .milliseconds(try number(value(of: option), for: option, in: 0...600_000))
            case "--spin-us":
                spin = .microseconds(try number(value(of: option), for: option, in: 0...100_000))
            case "--stall-after":
                stallAfter = try number(value(of: option), for: option, in: 0...86_400)
            case "--stall-for":
                stallFor = try number(value(of: option), for: option, in: 0.001...3_600)
            default:
                throw UsageError(description: "'\(option)' is not an option.")
            }
            index += 1
        }
        switch (stallAfter, stallFor) {
        case (nil, nil):
            break
        case (let after?, let length?):
            schedule.stall = ResponseSchedule.Stall(after: .seconds(after), length: .seconds(length))
        default:
            throw UsageError(description: "--stall-after and --stall-for go together; give both or neither.")
        }
    }
}
