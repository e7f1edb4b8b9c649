import Foundation
import PerfMonitor
import StreamService
import Testing

@testable import PerfGate

/// Seeded mutations of a valid result, suite and config: every mutated file is either accepted as
/// a valid file (it decodes, and what it decodes to writes and reads back equal) or refused with
/// an input error (the CLI's exit 65). A crash or a hang fails the whole test run.
@Suite struct LoaderFuzzTests {
    /// Mutated files per kind; three kinds.
    static let filesPerKind = 400

    static let suiteText = #"""
        {"name": "fuzz", "rounds": 3, "warmupRounds": 1, "roundDurationSeconds": 1, "seed": 7,
         "targets": {"maxLatencyP95Ms": 25, "minSuccessRate": 0.99},
         "thresholds": {"latency_p95_ms": 0.15},
         "scenarios": [
           {"preset": "balanced", "workload": "steady", "rate": 2000, "targets": true},
           {"kind": "monitor-overhead", "preset": "balanced", "workload": "steady", "rate": 3000}
         ]}
        """#

    /// Tokens a hostile or careless edit puts where a value was.
    static let tokens = [
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "-1", "1.5", "1e308", "-1e308",
        "1e-300", "0", "-0", "NaN", "null", "true", "\"x\"", "[]", "{}", "1e999", "\"../x\"", "\"\\u0000\"",
        "9.223372036854776e18", "[[[[[[[[", "\"", ",", ":",
    ]

    static func mutate(_ original: [UInt8], _ random: inout TestRandom) -> [UInt8] {
        var bytes = original
        for _ in 0..<(1 + Int(random.next() % 3)) {
            guard !bytes.isEmpty else { return Array("{}".utf8) }
            let at = Int(random.next() % UInt64(bytes.count))
            let token = Array(tokens[Int(random.next() % UInt64(tokens.count))].utf8)
            switch random.next() % 7 {
            case 0:
                bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(random.next() % 24)))
            case 2:
                bytes.insert(contentsOf: token, at: at)
            case 3:
                // Replace the next number (or literal) with a token.
                guard
                    let start = bytes[at...].firstIndex(where: {
                        (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "t")
                    })
                else { continue }
                let end =
                    bytes[start...].firstIndex(where: { [0x2C, 0x7D, 0x5D, 0x0A, 0x20].contains($0) }) ?? bytes.count
                bytes.replaceSubrange(start..<end, with: token)
            case 4:
                bytes.removeSubrange(at...)
            case 5:
                let length = min(bytes.count - at, 1 + Int(random.next() % 64))
                bytes.insert(contentsOf: bytes[at..<(at + length)], at: at)
            default:
                let other = Int(random.next() % UInt64(bytes.count))
                bytes.swapAt(at, other)
            }
        }
        return bytes
    }

    @Test func mutatedResultsAreValidOrRefusedAsMalformed() throws {
        var random = TestRandom(seed: 0x2026_1201)
        let original = [UInt8](try ResultStore.encode(ResultStoreTests.sampleResult()))
        var accepted = 0
        var refused: [String: Int] = [:]
        for _ in 0..<Self.filesPerKind {
            let data = Data(Self.mutate(original, &random))
            do {
                let result = try ResultStore.decode(data, source: "fuzz.json")
                let again = try? ResultStore.decode(ResultStore.encode(result), source: "again.json")
                #expect(again == result)
                accepted += 1
            } catch {
                #expect(GateInputError.isInputError(error.code), "\(error.code): \(error.message)")
                #expect(error.message.hasPrefix("The result file 'fuzz.json'"), "\(error.message)")
                refused[error.code.rawValue, default: 0] += 1
            }
        }
        print("fuzz results: \(accepted) accepted as valid, refused (exit 65): \(refused.sorted { $0.key < $1.key })")
        // Seeded, so the split is fixed; both outcomes occur.
        #expect(accepted > 0 && refused.values.reduce(0, +) > Self.filesPerKind / 2)
    }

    @Test func mutatedSuitesAreValidOrRefusedAsMalformed() throws {
        var random = TestRandom(seed: 0x5017_E5)
        let original = Array(Self.suiteText.utf8)
        #expect(throws: Never.self) { try SuiteLoader.decode(Data(original), source: "fuzz.json", defaultName: "fuzz") }
        var accepted = 0
        var refused: [String: Int] = [:]
        for _ in 0..<Self.filesPerKind {
            do {
                let suite = try SuiteLoader.decode(
                    Data(Self.mutate(original, &random)),
                    source: "fuzz.json",
                    defaultName: "fuzz"
                )
                #expect(SuiteName.problem(with: suite.name) == nil)
                #expect(!suite.scenarios.isEmpty)
                accepted += 1
            } catch {
                #expect(GateInputError.isSuiteError(error.code), "\(error.code): \(error.message)")
                refused[error.code.rawValue, default: 0] += 1
            }
        }
        print("fuzz suites: \(accepted) accepted as valid, refused (exit 65): \(refused.sorted { $0.key < $1.key })")
        #expect(accepted > 0 && refused.values.reduce(0, +) > 0)
    }

    @Test func mutatedConfigsAreValidOrRefusedAsMalformed() throws {
        var random = TestRandom(seed: 0xC0_F16)
        let original = Array(OptimizationConfig.balanced(cores: 2).jsonString().utf8)
        var accepted = 0
        var refused: [String: Int] = [:]
        for _ in 0..<Self.filesPerKind {
            do {
                let config = try OptimizationConfig(
                    jsonData: Data(Self.mutate(original, &random)),
                    source: "fuzz.json",
                    cores: 2
                )
                #expect(config.validate().isEmpty)
                accepted += 1
            } catch {
                #expect(
                    [StreamServiceError.Code.configMalformed, .configInvalid]
                        .contains(error.code),
                    "\(error.code): \(error.message)"
                )
                refused[error.code.rawValue, default: 0] += 1
            }
        }
        print("fuzz configs: \(accepted) accepted as valid, refused (exit 65): \(refused.sorted { $0.key < $1.key })")
        #expect(accepted > 0 && refused.values.reduce(0, +) > 0)
    }
}

/// The codes of loader errors that are the input's fault (the CLI exits 65 on them).
enum GateInputError {
    /// Whether the code is one a result's content earns.
    static func isInputError(_ code: PerfGateError.Code) -> Bool {
        [PerfGateError.Code.resultMalformed, .resultSchema, .resultTooLarge].contains(code)
    }

    /// Whether the code is one of a suite's.
    static func isSuiteError(_ code: PerfGateError.Code) -> Bool {
        [PerfGateError.Code.suiteUnknown, .suiteUnreadable, .suiteMalformed, .suitePreset, .suiteWorkload]
            .contains(code)
    }
}
