import Foundation
import PerfGate

/// `changepoint-bench`: runs the change-point detector on series files and prints what it finds.
///
/// Usage: `changepoint-bench [--significance P] [--permutations N] [--minimum-segment N]
/// [--seed N] FILE...`. Each file holds one value a line, oldest first (`nan` allowed). For each
/// file it prints one JSON object a line: the file, its length, the detector's seconds (the
/// detection only, not the reading) and the change points. Used by Benchmarks/changepoints/run.sh.
@main
struct ChangePointBench {
    static func main() {
        var configuration = ChangePointConfiguration.default
        var files: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--significance", "--permutations", "--minimum-segment", "--seed", "--local-window":
                guard let text = arguments.popFirst() else { fail("\(argument) needs a value.") }
                switch argument {
                case "--significance": configuration.significance = number(text, argument)
                case "--permutations": configuration.permutations = Int(number(text, argument))
                case "--minimum-segment": configuration.minimumSegment = Int(number(text, argument))
                case "--local-window": configuration.localWindow = Int(number(text, argument))
                default:
                    guard let seed = UInt64(text) else { fail("--seed must be a whole number, not '\(text)'.") }
                    configuration.seed = seed
                }
            default:
                files.append(argument)
            }
        }
        guard !files.isEmpty else { fail("no series file given.") }
        let detector = ChangePointDetector(configuration: configuration)
        for file in files {
            let series = read(file)
            let clock = ContinuousClock()
            let start = clock.now
            let changePoints = detector.changePoints(in: series)
            let elapsed = clock.now - start
            let seconds =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let points = changePoints.map { point in
                "{\"index\":\(point.index),\"p_value\":\(point.pValue),"
                    + "\"mean_before\":\(point.meanBefore),\"mean_after\":\(point.meanAfter),"
                    + "\"relative_change\":\(point.relativeChange),"
                    + "\"interval\":[\(point.interval.lowerBound),\(point.interval.upperBound)]}"
            }
            print(
                "{\"file\":\(quoted(file)),\"length\":\(series.count),\"seconds\":\(seconds),"
                    + "\"change_points\":[\(points.joined(separator: ","))]}"
            )
        }
    }

    /// The values of a file, one a line; exits 65 naming the line when one is not a number.
    static func read(_ file: String) -> [Double] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            fail("cannot read '\(file)'.", code: 66)
        }
        var values: [Double] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let value = Double(trimmed) else {
                fail("\(file):\(number + 1): '\(trimmed)' is not a number.", code: 65)
            }
            values.append(value)
        }
        return values
    }

    static func number(_ text: String, _ option: String) -> Double {
        guard let value = Double(text), value.isFinite else { fail("\(option) must be a number, not '\(text)'.") }
        return value
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func fail(_ message: String, code: Int32 = 64) -> Never {
        FileHandle.standardError.write(Data("changepoint-bench: \(message)\n".utf8))
        exit(code)
    }
}
