import PerfSupport

/// Reads the top-level object of a JSON config file into an ``OptimizationConfig``, collecting every problem
/// instead of stopping at the first.
///
/// The object comes from ``JSONParser``, so an integer setting is read exactly (``JSONNumber/exactly(_:)``, the
/// rule every loader shares), and an unknown key is still there to report.
struct ConfigFileReader {
    /// The keys allowed at the top level of a config file.
    static let topLevelKeys = ["preset", "name", "level"] + ConfigField.groups

    /// The number of active cores the presets are sized for.
    let cores: Int
    /// Every problem found so far, each a whole sentence naming the key path, the value and the fix.
    private(set) var problems: [String] = []
    /// The key paths already reported, so that validation does not report them again.
    private var pathsWithProblems: Set<String> = []

    /// Creates a reader whose presets are sized for the given number of active cores.
    init(cores: Int) {
        self.cores = cores
    }

    /// Reads a config file's top-level object; check ``problems`` afterwards.
    ///
    /// Settings the object does not give take the values of its `preset`, or of the balanced preset. A missing
    /// `name` or `level` takes the preset's when every setting equals the preset's, and `"custom"` otherwise.
    ///
    /// - Returns: The configuration, which is only meaningful when ``problems`` is empty.
    mutating func read(_ object: JSONObject) -> OptimizationConfig {
        let base = readBase(object["preset"])
        var config = base
        var name: String?
        var level: PerformanceLevel?
        for member in object.members.sorted(by: { $0.key < $1.key }) {
            let (key, value) = (member.key, member.value)
            switch key {
            case "preset":
                continue
            case "name":
                name = readName(value)
            case "level":
                level = readLevel(value)
            case _ where ConfigField.groups.contains(key):
                readGroup(key, value, into: &config)
            default:
                reportUnknownTopLevelKey(key)
            }
        }
        var settingsOnly = config
        settingsOnly.name = base.name
        settingsOnly.level = base.level
        let keepsPresetSettings = settingsOnly == base
        config.name = name ?? (keepsPresetSettings ? base.name : "custom")
        config.level = level ?? (keepsPresetSettings ? base.level : .custom)
        for problem in config.validate() where !pathsWithProblems.contains(problem.field) {
            problems.append(problem.description)
        }
        return config
    }

    private mutating func readBase(_ json: JSONNode?) -> OptimizationConfig {
        let fallback = OptimizationConfig.balanced(cores: cores)
        guard let json else { return fallback }
        guard case .string(let presetName) = json else {
            report("preset", "'preset' is \(Self.describe(json)), but it must be a preset name such as \"balanced\".")
            return fallback
        }
        guard let preset = OptimizationConfig.knownPreset(named: presetName, cores: cores) else {
            report("preset", Self.choiceProblem("preset", presetName, choices: OptimizationConfig.presetNames))
            return fallback
        }
        return preset
    }

    private mutating func readName(_ json: JSONNode) -> String? {
        guard case .string(let name) = json else {
            report("name", "'name' is \(Self.describe(json)), but it must be a string such as \"my-config\".")
            return nil
        }
        return name
    }

    private mutating func readLevel(_ json: JSONNode) -> PerformanceLevel? {
        let choices = PerformanceLevel.allCases.map(\.rawValue)
        guard case .string(let text) = json else {
            report("level", "'level' is \(Self.describe(json)), but it must be one of \(Self.quoted(choices)).")
            return nil
        }
        guard let level = PerformanceLevel(rawValue: text) else {
            report("level", Self.choiceProblem("level", text, choices: choices))
            return nil
        }
        return level
    }

    private mutating func readGroup(_ group: String, _ json: JSONNode, into config: inout OptimizationConfig) {
        let fields = ConfigField.all.filter { $0.group == group }
        guard case .object(let object) = json else {
            let example = fields.first.map { "{\"\($0.key)\": \($0.read(config).jsonText)}" } ?? "{}"
            report(
                group,
                "'\(group)' is \(Self.describe(json)), but it must be an object of settings such as \(example)."
            )
            return
        }
        for member in object.members.sorted(by: { $0.key < $1.key }) {
            let (key, value) = (member.key, member.value)
            guard let field = fields.first(where: { $0.key == key }) else {
                reportUnknownKey(key, in: group, fields: fields)
                continue
            }
            guard let decoded = Self.decode(value, as: field.kind) else {
                let problem = ConfigProblem(field: field.path, value: Self.describe(value), allowed: field.allowed)
                report(field.path, problem.description)
                continue
            }
            field.write(&config, decoded)
        }
    }

    private mutating func reportUnknownKey(_ key: String, in group: String, fields: [ConfigField]) {
        let path = "\(group).\(key)"
        if let home = ConfigField.all.first(where: { $0.key == key }) {
            report(path, "'\(path)' is not a setting of '\(group)'; move it into '\(home.group)' as '\(home.path)'.")
            return
        }
        guard let closest = Suggestion.closest(to: key, among: fields.map(\.key)) else {
            let keys = Self.quoted(fields.map(\.key), mark: "'")
            report(path, "'\(path)' is not a known setting; the settings of '\(group)' are \(keys).")
            return
        }
        var sentence = "'\(path)' is not a known setting; did you mean '\(group).\(closest)'?"
        if closest.hasSuffix("Ms"), !key.hasSuffix("Ms") {
            sentence += " Durations are numbers of milliseconds under keys ending in 'Ms'."
        }
        report(path, sentence)
    }

    private mutating func reportUnknownTopLevelKey(_ key: String) {
        if let home = ConfigField.all.first(where: { $0.key == key }) {
            report(key, "'\(key)' is not a top-level key; move it into the '\(home.group)' object as '\(home.path)'.")
        } else if let suggestion = Suggestion.closest(to: key, among: Self.topLevelKeys) {
            report(key, "'\(key)' is not a known key; did you mean '\(suggestion)'?")
        } else {
            let keys = Self.quoted(Self.topLevelKeys, mark: "'")
            report(key, "'\(key)' is not a known key; the top-level keys are \(keys).")
        }
    }

    private mutating func report(_ path: String, _ sentence: String) {
        problems.append(sentence)
        pathsWithProblems.insert(path)
    }
}

extension ConfigFileReader {
    /// The value of a setting of the given kind, or `nil` when the JSON value has the wrong type or cannot be
    /// represented, such as a whole number too large for an `Int` or a fraction where a count belongs.
    static func decode(_ json: JSONNode, as kind: ConfigField.Kind) -> ConfigField.Value? {
        switch (kind, json) {
        case (.count, .number(let number)): number.exactly(Int.self).map(ConfigField.Value.count)
        case (.milliseconds, .number(let number)):
            ConfigField.duration(milliseconds: number.doubleValue).map(ConfigField.Value.duration)
        case (.fraction, .number(let number)): .fraction(number.doubleValue)
        case (.flag, .bool(let flag)): .flag(flag)
        default: nil
        }
    }

    /// A JSON value as a message shows it: numbers and literals as written, strings quoted, containers by kind.
    static func describe(_ json: JSONNode) -> String {
        switch json {
        case .string(let text): "the string \"\(text)\""
        case .bool(let flag): String(flag)
        case .number(let number):
            number.exactly(Int.self).map { String($0) } ?? ConfigField.jsonNumber(number.doubleValue)
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A sentence for a string key whose value is not one of a few choices.
    private static func choiceProblem(_ path: String, _ value: String, choices: [String]) -> String {
        let sentence = "'\(path)' is \"\(value)\", but it must be one of \(quoted(choices))"
        guard let suggestion = Suggestion.closest(to: value, among: choices) else { return sentence + "." }
        return sentence + "; did you mean \"\(suggestion)\"?"
    }

    /// Names quoted and separated by commas.
    private static func quoted(_ names: [String], mark: String = "\"") -> String {
        names.map { mark + $0 + mark }.joined(separator: ", ")
    }
}
