public import Foundation
import PerfHTTP
import PerfMonitor
import PerfSupport

/// Reads suite files, with one-line errors that name the file, the field and the fix.
///
/// The format (every key but `scenarios` is optional):
/// ```json
/// {
///   "name": "quick", "description": "…",
///   "rounds": 5, "warmupRounds": 1, "roundDurationSeconds": 3, "seed": 1, "maxExtraRounds": 4,
///   "timeBudgetSeconds": 170,
///   "quick": {"rounds": 3, "warmupRounds": 1, "roundDurationSeconds": 1.5},
///   "targets": {"minThroughputRPS": 2000, "maxLatencyP95Ms": 25, "minSuccessRate": 0.99,
///               "maxMemoryMB": 100, "maxMonitorOverheadPercent": 2, "maxRecordNsPerOp": 25},
///   "thresholds": {"latency_p95_ms": 0.15},
///   "scenarios": [
///     {"preset": "balanced", "workload": "steady", "rate": 2000, "durationSeconds": 3, "targets": true},
///     {"kind": "monitor-overhead", "preset": "balanced", "rate": 4000}
///   ]
/// }
/// ```
public enum SuiteLoader {
    /// The folder suites live in, relative to the package root.
    public static let folder = "Benchmarks"

    /// The names of the suites in `folder`, sorted.
    public static func availableSuites(in folder: String = folder) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Resolves `--suite`: a path to a JSON file, or the name of a suite in `folder`.
    ///
    /// - Throws: `suiteUnknown` with a did-you-mean suggestion (the CLI exits 64), or the errors
    ///   of ``load(contentsOf:)``.
    public static func resolve(_ nameOrPath: String, in folder: String = folder) throws(PerfGateError) -> Suite {
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            return try load(contentsOf: nameOrPath)
        }
        let path = folder + "/" + nameOrPath + ".json"
        guard FileManager.default.fileExists(atPath: path) else {
            let names = availableSuites(in: folder)
            let hint = Suggestion.closest(to: nameOrPath, among: names).map { " Did you mean '\($0)'?" } ?? ""
            let list =
                names.isEmpty
                ? "no suites were found in '\(folder)/'"
                : "the suites are " + names.map { "'\($0)'" }.joined(separator: ", ")
            throw PerfGateError(
                code: .suiteUnknown,
                message: "There is no suite named '\(nameOrPath)'.\(hint) (\(list))."
            )
        }
        return try load(contentsOf: path)
    }

    /// Reads a suite file.
    public static func load(contentsOf path: String) throws(PerfGateError) -> Suite {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PerfGateError(
                code: .suiteUnreadable,
                message: "The suite file '\(path)' cannot be read; check the path."
            )
        }
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try decode(data, source: path, defaultName: fallbackName)
    }

    /// Decodes a suite from JSON data.
    public static func decode(_ data: Data, source: String, defaultName: String) throws(PerfGateError) -> Suite {
        let document: JSONNode
        do {
            document = try JSONParser.parse { data.withUnsafeBytes($0) }
        } catch {
            throw malformed(source, "is not valid JSON: \(error); fix the syntax")
        }
        guard case .object(let top) = document else { throw malformed(source, "is not a JSON object") }
        let reader = FieldReader(source: source)
        try reader.allowOnly(
            [
                "name", "description", "rounds", "warmupRounds", "roundDurationSeconds", "seed", "maxExtraRounds",
                "timeBudgetSeconds",
                "quick",
                "targets", "thresholds", "scenarios", "start", "ready", "readyTimeout", "stopGracePeriod",
            ],
            in: top,
            at: ""
        )
        let name = try reader.string("name", in: top) ?? defaultName
        if let problem = SuiteName.problem(with: name) {
            throw malformed(
                source,
                "has the name '\(name.debugDescription.dropFirst().dropLast())' (field 'name'): \(problem); "
                    + "a suite's name is a file name in Benchmarks/ and baselines/, such as \"nightly-2\""
            )
        }
        var suite = Suite(
            name: name,
            description: try reader.string("description", in: top) ?? "",
            warmupRounds: try reader.integer("warmupRounds", in: top, range: 0...100) ?? 1,
            rounds: try reader.integer("rounds", in: top, range: 1...1_000) ?? 5,
            roundDurationSeconds: try reader.number("roundDurationSeconds", in: top, range: 0.1...3_600) ?? 3,
            seed: try reader.integer("seed", in: top, range: 0...UInt64.max) ?? 1,
            maxExtraRounds: try reader.integer("maxExtraRounds", in: top, range: 0...100) ?? 4,
            targets: .default,
            thresholds: [:],
            quick: nil,
            scenarios: []
        )
        suite.timeBudgetSeconds = try reader.number("timeBudgetSeconds", in: top, range: 1...86_400)
        if let quick = top["quick"] {
            guard case .object(let quick) = quick else { throw reader.wrongType("quick", "an object") }
            try reader.allowOnly(["rounds", "warmupRounds", "roundDurationSeconds"], in: quick, at: "quick.")
            suite.quick = Suite.QuickSettings(
                rounds: try reader.integer("rounds", in: quick, range: 1...1_000, prefix: "quick.")
                    ?? max(3, suite.rounds / 2),
                roundDurationSeconds: try reader.number(
                    "roundDurationSeconds",
                    in: quick,
                    range: 0.1...3_600,
                    prefix: "quick."
                )
                    ?? suite.roundDurationSeconds / 2,
                warmupRounds: try reader.integer("warmupRounds", in: quick, range: 0...100, prefix: "quick.") ?? 1
            )
        }
        if let targets = top["targets"] {
            guard case .object(let targets) = targets else { throw reader.wrongType("targets", "an object") }
            try reader.allowOnly(
                [
                    "minThroughputRPS", "maxLatencyP95Ms", "minSuccessRate", "maxMemoryMB",
                    "maxMonitorOverheadPercent", "maxRecordNsPerOp",
                ],
                in: targets,
                at: "targets."
            )
            let defaults = PerformanceTargets.default
            suite.targets = PerformanceTargets(
                minThroughputRPS: try reader.number("minThroughputRPS", in: targets, range: 0...1e9, prefix: "targets.")
                    ?? defaults.minThroughputRPS,
                maxLatencyP95Ms: try reader.number("maxLatencyP95Ms", in: targets, range: 0...1e7, prefix: "targets.")
                    ?? defaults.maxLatencyP95Ms,
                minSuccessRate: try reader.number("minSuccessRate", in: targets, range: 0...1, prefix: "targets.")
                    ?? defaults.minSuccessRate,
                maxMemoryMB: try reader.number("maxMemoryMB", in: targets, range: 0...1e7, prefix: "targets.")
                    ?? defaults.maxMemoryMB,
                maxMonitorOverheadPercent: try reader.number(
                    "maxMonitorOverheadPercent",
                    in: targets,
                    range: 0...100,
                    prefix: "targets."
                )
                    ?? defaults.maxMonitorOverheadPercent,
                maxRecordNsPerOp: try reader.number("maxRecordNsPerOp", in: targets, range: 0...1e6, prefix: "targets.")
                    ?? defaults.maxRecordNsPerOp
            )
        }
        if let thresholds = top["thresholds"] {
            guard case .object(let thresholds) = thresholds else {
                throw reader.wrongType("thresholds", "an object")
            }
            try reader.allowOnly(MetricID.allCases.map(\.rawValue), in: thresholds, at: "thresholds.")
            for key in thresholds.keys.sorted() {
                suite.thresholds[key] = try reader.number(
                    key,
                    in: thresholds,
                    range: 0.0001...100,
                    prefix: "thresholds."
                )
            }
        }
        suite.service = try serviceCommand(in: top, reader: reader)
        guard case .array(let scenarios) = top["scenarios"] else {
            throw malformed(
                source,
                top["scenarios"] == nil
                    ? "has no 'scenarios' list; add at least one scenario" : "field 'scenarios' must be a list"
            )
        }
        guard !scenarios.isEmpty else {
            throw malformed(source, "has an empty 'scenarios' list; add at least one scenario")
        }
        var names: Set<String> = []
        for (index, entry) in scenarios.enumerated() {
            let prefix = "scenarios[\(index)]."
            guard case .object(let entry) = entry else {
                throw malformed(source, "field 'scenarios[\(index)]' must be an object")
            }
            try reader.allowOnly(
                [
                    "name", "kind", "preset", "workload", "rate", "durationSeconds", "targets", "slowdownPercent",
                    "url", "operations", "connections", "maxInFlight", "timeout",
                ],
                in: entry,
                at: prefix
            )
            let kindName = try reader.string("kind", in: entry, prefix: prefix) ?? SuiteScenario.Kind.workload.rawValue
            guard let kind = SuiteScenario.Kind(rawValue: kindName) else {
                throw malformed(
                    source,
                    "field '\(prefix)kind' is '\(kindName)'; use "
                        + SuiteScenario.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
                )
            }
            let http = try httpSettings(kind: kind, in: entry, prefix: prefix, service: suite.service, reader: reader)
            if kind == .http, entry["preset"] != nil {
                throw malformed(
                    source,
                    "has '\(prefix)preset' on an http scenario; presets configure the built-in service, so remove it"
                )
            }
            guard
                let preset = try reader.string("preset", in: entry, prefix: prefix)
                    ?? (kind == .http ? SuiteScenario.httpPreset : nil)
            else {
                throw malformed(
                    source,
                    "has no '\(prefix)preset'; name one of the presets ('perfgate list' shows them)"
                )
            }
            let workload =
                try reader.string("workload", in: entry, prefix: prefix) ?? (kind == .workload ? "" : "steady")
            guard !workload.isEmpty else {
                throw malformed(
                    source,
                    "has no '\(prefix)workload'; name one of the workloads ('perfgate list' shows them)"
                )
            }
            let defaultName = kind == .monitorOverhead ? "\(preset)/monitor-overhead" : "\(preset)/\(workload)"
            let name = try reader.string("name", in: entry, prefix: prefix) ?? defaultName
            guard names.insert(name).inserted else {
                throw malformed(
                    source,
                    "has two scenarios named '\(name)' (at '\(prefix)name'); give each a unique 'name'"
                )
            }
            suite.scenarios.append(
                SuiteScenario(
                    name: name,
                    kind: kind,
                    preset: preset,
                    workload: workload,
                    rate: try reader.number("rate", in: entry, range: 1...10_000_000, prefix: prefix),
                    durationSeconds: try reader.number(
                        "durationSeconds",
                        in: entry,
                        range: 0.1...86_400,
                        prefix: prefix
                    ),
                    judgedAgainstTargets: try reader.targetsSwitch(in: entry, prefix: prefix) ?? (kind == .workload),
                    slowdownPercent: try reader.number("slowdownPercent", in: entry, range: 0...10_000, prefix: prefix)
                        ?? 0,
                    targets: try declaredTargets(in: entry, prefix: prefix, reader: reader),
                    http: http
                )
            )
        }
        return suite
    }

    /// The suite's `start` command and its settings, or nil when it has none.
    static func serviceCommand(in top: JSONObject, reader: FieldReader) throws(PerfGateError) -> ServiceCommand? {
        guard let start = try reader.string("start", in: top) else {
            for field in ["ready", "readyTimeout", "stopGracePeriod"] where top[field] != nil {
                throw malformed(reader.source, "has '\(field)' but no 'start'; add the command that starts the service")
            }
            return nil
        }
        let command = ServiceCommand(
            start,
            readinessPath: try reader.string("ready", in: top) ?? "/",
            readyTimeout: .seconds(try reader.number("readyTimeout", in: top, range: 0.1...86_400) ?? 60),
            stopGracePeriod: .seconds(try reader.number("stopGracePeriod", in: top, range: 0...3_600) ?? 5)
        )
        do {
            try command.validate()
        } catch {
            throw PerfGateError(
                code: .suiteMalformed,
                message: error.message.replacingOccurrences(
                    of: "The suite field",
                    with: "The suite file '\(reader.source)' field"
                )
            )
        }
        return command
    }

    /// The most operations a scenario may name (the monitor keeps a histogram for each).
    public static let maximumOperations = 32

    /// An `http` scenario's settings; nil for the other kinds, which may not have them.
    static func httpSettings(
        kind: SuiteScenario.Kind,
        in entry: JSONObject,
        prefix: String,
        service: ServiceCommand?,
        reader: FieldReader
    ) throws(PerfGateError) -> HTTPScenarioSettings? {
        let httpFields = ["url", "operations", "connections", "maxInFlight", "timeout"]
        guard kind == .http else {
            if let field = httpFields.first(where: { entry[$0] != nil }) {
                throw malformed(
                    reader.source,
                    "has '\(prefix)\(field)' on a scenario of kind '\(kind.rawValue)'; only \"kind\": \"http\" "
                        + "scenarios send HTTP requests"
                )
            }
            return nil
        }
        let url: String
        if let given = try reader.string("url", in: entry, prefix: prefix) {
            url = given
        } else if service != nil {
            url = "http://127.0.0.1:{port}"
        } else {
            throw malformed(
                reader.source,
                "has no '\(prefix)url'; give the service's address, such as \"http://127.0.0.1:8080\", or a "
                    + "'start' command that runs it"
            )
        }
        if url.contains("{port}"), service == nil {
            throw malformed(
                reader.source,
                "field '\(prefix)url' uses {port}, the port of the service that 'start' runs, but the suite has "
                    + "no 'start'; give the port or add 'start'"
            )
        }
        let parsed: HTTPURL
        do {
            parsed = try HTTPURL(url.replacingOccurrences(of: "{port}", with: "1"))
        } catch {
            throw malformed(reader.source, "field '\(prefix)url' is not usable: \(sentence(error.message))")
        }
        var operations: [HTTPOperation] = []
        if let list = entry["operations"] {
            guard case .array(let items) = list, !items.isEmpty, items.count <= maximumOperations else {
                throw reader.wrongType(prefix + "operations", "a list of 1 to \(maximumOperations) operations")
            }
            guard parsed.target == "/" else {
                throw malformed(
                    reader.source,
                    "field '\(prefix)url' has the path '\(parsed.target)' and the scenario has operations; "
                        + "give only the origin in 'url' and each path in its operation"
                )
            }
            var names: Set<String> = []
            for (index, item) in items.enumerated() {
                let at = "\(prefix)operations[\(index)]."
                let operation = try httpOperation(item, at: at, reader: reader)
                if let name = operation.name, !names.insert(name).inserted {
                    throw malformed(
                        reader.source,
                        "has two operations named '\(name)' (at '\(at)name'); name each once"
                    )
                }
                operations.append(operation)
            }
        } else {
            do {
                operations = [HTTPOperation(name: nil, template: try HTTPRequestTemplate(path: parsed.target))]
            } catch {
                throw malformed(reader.source, "field '\(prefix)url' is not usable: \(sentence(error.message))")
            }
        }
        let connections = try reader.integer("connections", in: entry, range: 1...10_000, prefix: prefix) ?? 16
        let maxInFlight =
            try reader.integer("maxInFlight", in: entry, range: 1...1_000_000, prefix: prefix) ?? max(1024, connections)
        guard maxInFlight >= connections else {
            throw malformed(
                reader.source,
                "field '\(prefix)maxInFlight' is \(maxInFlight), below its \(connections) connections; "
                    + "make it at least 'connections'"
            )
        }
        return HTTPScenarioSettings(
            url: origin(of: url),
            operations: operations,
            connections: connections,
            maxInFlight: maxInFlight,
            timeoutSeconds: try reader.number("timeout", in: entry, range: 0.001...3_600, prefix: prefix) ?? 10
        )
    }

    /// The origin a URL's text names, `{port}` kept: what comes before its path or query
    /// (`http://127.0.0.1:{port}` of `http://127.0.0.1:{port}/items?id=1`).
    private static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://")?.upperBound else { return url }
        let pathStart = url[schemeEnd...].firstIndex { $0 == "/" || $0 == "?" }
        return pathStart.map { String(url[..<$0]) } ?? url
    }

    private static func httpOperation(
        _ item: JSONNode,
        at prefix: String,
        reader: FieldReader
    ) throws(PerfGateError) -> HTTPOperation {
        guard case .object(let object) = item else { throw reader.wrongType(String(prefix.dropLast()), "an object") }
        try reader.allowOnly(["name", "method", "path", "headers", "body", "weight"], in: object, at: prefix)
        guard let name = try reader.string("name", in: object, prefix: prefix) else {
            throw malformed(reader.source, "has no '\(prefix)name'; name each operation, such as \"report\"")
        }
        guard MetricID.labels(of: "x{operation=\(name)}") != nil else {
            throw malformed(
                reader.source,
                "field '\(prefix)name' is '\(name)'; an operation's name has only letters, digits, '_', '.' and '-'"
            )
        }
        guard let path = try reader.string("path", in: object, prefix: prefix) else {
            throw malformed(reader.source, "has no '\(prefix)path'; give the request's path, such as \"/api/items\"")
        }
        var headers: [HTTPHeader] = []
        if let given = object["headers"] {
            guard case .object(let fields) = given else {
                throw reader.wrongType(prefix + "headers", "an object of header names to values")
            }
            for key in fields.keys.sorted() {
                guard case .string(let value) = fields[key] else {
                    throw reader.wrongType(prefix + "headers." + key, "a string")
                }
                headers.append(HTTPHeader(key, value))
            }
        }
        let method = try reader.string("method", in: object, prefix: prefix) ?? "GET"
        let body = try reader.string("body", in: object, prefix: prefix) ?? ""
        let template: HTTPRequestTemplate
        do {
            template = try HTTPRequestTemplate(method: method, path: path, headers: headers, body: body)
        } catch {
            throw malformed(
                reader.source,
                "has an unusable operation at '\(String(prefix.dropLast()))': \(sentence(error.message))"
            )
        }
        return HTTPOperation(
            name: name,
            template: template,
            weight: try reader.integer("weight", in: object, range: 1...1_000_000, prefix: prefix) ?? 1
        )
    }

    /// A scenario's `"targets"` object: metric identifiers to conditions, such as
    /// `{"throughput_rps": ">= 5000", "latency_p99_ms{operation=report}": "<= 40"}`.
    static func declaredTargets(
        in entry: JSONObject,
        prefix: String,
        reader: FieldReader
    ) throws(PerfGateError) -> [MetricTarget] {
        guard case .object(let object) = entry["targets"] else { return [] }
        var targets: [MetricTarget] = []
        let metricNames = MetricID.allCases.map(\.rawValue)
        for key in object.keys.sorted() {
            let field = "\(prefix)targets.\(key)"
            guard MetricID(identifier: key) != nil, let labels = MetricID.labels(of: key),
                labels.keys.allSatisfy({ $0 == "operation" })
            else {
                let name = String(key.prefix { $0 != "{" })
                let hint = Suggestion.closest(to: name, among: metricNames).map { " (did you mean '\($0)'?)" } ?? ""
                throw malformed(
                    reader.source,
                    "has an unknown metric at '\(field)'\(hint); use a metric identifier such as 'latency_p95_ms', "
                        + "or one operation's as 'latency_p95_ms{operation=NAME}'"
                )
            }
            guard case .string(let text) = object[key], let (direction, bound) = MetricTarget.condition(text) else {
                throw reader.wrongType(
                    field,
                    "a condition such as \">= 5000\" or \"<= 40\" (>= for a floor, <= for a ceiling)"
                )
            }
            targets.append(MetricTarget(metric: key, direction: direction, bound: bound))
        }
        return targets
    }

    /// Another error's message inside a suite error's: without its final period, which the suite
    /// error adds.
    private static func sentence(_ message: String) -> String {
        message.hasSuffix(".") ? String(message.dropLast()) : message
    }

    static func malformed(_ source: String, _ problem: String) -> PerfGateError {
        PerfGateError(code: .suiteMalformed, message: "The suite file '\(source)' \(problem).")
    }

    /// Reads typed fields and names the field and the fix when one is wrong.
    struct FieldReader {
        let source: String

        func wrongType(_ field: String, _ expected: String) -> PerfGateError {
            malformed(source, "field '\(field)' must be \(expected)")
        }

        func allowOnly(_ keys: [String], in object: JSONObject, at prefix: String) throws(PerfGateError) {
            for key in object.keys where !keys.contains(key) {
                let suggestion =
                    Suggestion.closest(to: key, among: keys).map { " (did you mean '\(prefix)\($0)'?)" } ?? ""
                throw malformed(
                    source,
                    "has an unknown field '\(prefix)\(key)'\(suggestion); remove it or fix its name"
                )
            }
        }

        func string(_ key: String, in object: JSONObject, prefix: String = "") throws(PerfGateError) -> String? {
            guard let value = object[key] else { return nil }
            guard case .string(let text) = value, !text.isEmpty else {
                throw wrongType(prefix + key, "a non-empty string")
            }
            return text
        }

        /// A scenario's `"targets"`: true or false switches the suite-wide targets on or off; an
        /// object declares the scenario's own (read by ``declaredTargets(in:prefix:reader:)``) and
        /// keeps the suite-wide ones on.
        func targetsSwitch(in object: JSONObject, prefix: String) throws(PerfGateError) -> Bool? {
            switch object["targets"] {
            case nil: return nil
            case .bool(let flag): return flag
            case .object: return true
            default:
                throw wrongType(
                    prefix + "targets",
                    "true, false, or an object of targets such as {\"throughput_rps\": \">= 5000\"}"
                )
            }
        }

        func bool(_ key: String, in object: JSONObject, prefix: String = "") throws(PerfGateError) -> Bool? {
            guard let value = object[key] else { return nil }
            guard case .bool(let flag) = value else { throw wrongType(prefix + key, "true or false") }
            return flag
        }

        func number(
            _ key: String,
            in object: JSONObject,
            range: ClosedRange<Double>,
            prefix: String = ""
        ) throws(PerfGateError) -> Double? {
            guard let value = object[key] else { return nil }
            let plain = NumberFormat.plain
            let bounds = "from \(plain.format(range.lowerBound)) to \(plain.format(range.upperBound))"
            guard case .number(let number) = value else {
                throw wrongType(prefix + key, "a number \(bounds)")
            }
            guard range.contains(number.doubleValue) else {
                throw malformed(source, "field '\(prefix)\(key)' is \(number.text); it must be \(bounds)")
            }
            return number.doubleValue
        }

        /// An integer field, read exactly over `T`'s range (``JSONNumber/exactly(_:)``), then
        /// checked against `range`.
        func integer<T: FixedWidthInteger>(
            _ key: String,
            in object: JSONObject,
            range: ClosedRange<T>,
            prefix: String = ""
        ) throws(PerfGateError) -> T? {
            guard let value = object[key] else { return nil }
            let bounds = "from \(range.lowerBound) to \(range.upperBound)"
            guard case .number(let number) = value else {
                throw wrongType(prefix + key, "a number (a whole number \(bounds))")
            }
            guard let integer = number.exactly(T.self) else {
                throw malformed(
                    source,
                    "field '\(prefix)\(key)' is \(number.text); it must be a whole number \(bounds)"
                )
            }
            guard range.contains(integer) else {
                throw malformed(source, "field '\(prefix)\(key)' is \(number.text); it must be \(bounds)")
            }
            return integer
        }
    }
}
