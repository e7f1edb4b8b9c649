/// Checks Prometheus text exposition for the structural faults `promtool check metrics` does not
/// catch: cumulative histogram buckets, `+Inf` equal to `_count`, unique series, contiguous
/// families, escaping, and no NaN.
///
/// It reads the format line by line; each problem is one sentence naming the line.
public enum PrometheusExpositionValidator {
    /// Every problem found, in line order; empty when the text is sound.
    ///
    /// - Complexity: O(n log n) in the number of samples.
    public static func problems(in text: String) -> [String] {
        var checker = Checker()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            checker.check(line: String(line), number: offset + 1)
        }
        checker.finish()
        if !text.isEmpty && !text.hasSuffix("\n") { checker.problems.append("The text does not end with a newline.") }
        return checker.problems
    }

    private struct Sample {
        var name: String
        var labels: [(String, String)]
        var value: Double
        var line: Int
    }

    private struct Checker {
        var problems: [String] = []
        var types: [String: String] = [:]
        var helps: Set<String> = []
        var finishedFamilies: Set<String> = []
        var currentFamily: String?
        var seriesSeen: Set<String> = []
        var histogramSamples: [String: [Sample]] = [:]

        mutating func check(line: String, number: Int) {
            if line.isEmpty { return }
            if line.hasPrefix("#") {
                checkComment(line, number: number)
                return
            }
            guard let sample = parseSample(line, number: number) else { return }
            let family = familyName(of: sample.name)
            enter(family, number: number)
            guard let type = types[family] else {
                problems.append("Line \(number): sample '\(sample.name)' has no # TYPE line before it.")
                return
            }
            let key =
                sample.name + "{"
                + sample.labels.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
            if !seriesSeen.insert(key).inserted {
                problems.append("Line \(number): series \(key) appears more than once.")
            }
            if sample.value.isNaN { problems.append("Line \(number): '\(sample.name)' is NaN.") }
            switch type {
            case "counter":
                if !family.hasSuffix("_total") {
                    problems.append("Line \(number): counter '\(family)' should end in _total.")
                }
                if sample.value < 0 { problems.append("Line \(number): counter '\(sample.name)' is negative.") }
            case "histogram":
                histogramSamples[family, default: []].append(sample)
            default:
                break
            }
        }

        mutating func checkComment(_ line: String, number: Int) {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
            guard parts.count >= 3, parts[1] == "HELP" || parts[1] == "TYPE" else { return }
            let name = parts[2]
            if !Self.isMetricName(name) { problems.append("Line \(number): '\(name)' is not a valid metric name.") }
            enter(name, number: number)
            if parts[1] == "HELP" {
                if !helps.insert(name).inserted { problems.append("Line \(number): second # HELP for '\(name)'.") }
                if let text = parts.count > 3 ? parts[3] : nil, !Self.hasValidEscapes(text, allowQuote: false) {
                    problems.append("Line \(number): help text of '\(name)' has an invalid escape.")
                }
            } else {
                let type = parts.count > 3 ? parts[3] : ""
                if !["counter", "gauge", "histogram", "summary", "untyped"].contains(type) {
                    problems.append("Line \(number): '\(type)' is not a metric type.")
                }
                if types[name] != nil { problems.append("Line \(number): second # TYPE for '\(name)'.") }
                types[name] = type
            }
        }

        mutating func enter(_ family: String, number: Int) {
            guard family != currentFamily else { return }
            if let currentFamily { finishedFamilies.insert(currentFamily) }
            if finishedFamilies.contains(family) {
                problems.append("Line \(number): family '\(family)' is not contiguous; its lines must stand together.")
            }
            currentFamily = family
        }

        func familyName(of sampleName: String) -> String {
            for suffix in ["_bucket", "_sum", "_count"] where sampleName.hasSuffix(suffix) {
                let stem = String(sampleName.dropLast(suffix.count))
                if types[stem] == "histogram" || types[stem] == "summary" { return stem }
            }
            return sampleName
        }

        mutating func parseSample(_ line: String, number: Int) -> Sample? {
            var rest = Substring(line)
            let name = rest.prefix { $0 != "{" && $0 != " " }
            rest = rest.dropFirst(name.count)
            guard Self.isMetricName(String(name)) else {
                problems.append("Line \(number): '\(name)' is not a valid metric name.")
                return nil
            }
            var labels: [(String, String)] = []
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let labelName = rest.prefix { $0 != "=" }
                    rest = rest.dropFirst(labelName.count)
                    guard Self.isLabelName(String(labelName)), rest.hasPrefix("=\"") else {
                        problems.append("Line \(number): malformed label '\(labelName)'.")
                        return nil
                    }
                    rest = rest.dropFirst(2)
                    var value = ""
                    var closed = false
                    while let character = rest.first {
                        rest = rest.dropFirst()
                        if character == "\\" {
                            guard let escaped = rest.first, "\\\"n".contains(escaped) else {
                                problems.append("Line \(number): label '\(labelName)' has an invalid escape.")
                                return nil
                            }
                            value.append(escaped == "n" ? "\n" : escaped)
                            rest = rest.dropFirst()
                        } else if character == "\"" {
                            closed = true
                            break
                        } else if character == "\n" {
                            break
                        } else {
                            value.append(character)
                        }
                    }
                    guard closed else {
                        problems.append("Line \(number): label '\(labelName)' value is not closed.")
                        return nil
                    }
                    if labels.contains(where: { $0.0 == labelName }) {
                        problems.append("Line \(number): label '\(labelName)' appears twice.")
                    }
                    labels.append((String(labelName), value))
                    if rest.first == "," { rest = rest.dropFirst() }
                    if rest.isEmpty {
                        problems.append("Line \(number): labels are not closed.")
                        return nil
                    }
                }
                rest = rest.dropFirst()
            }
            let fields = rest.split(separator: " ", omittingEmptySubsequences: true)
            guard (1...2).contains(fields.count), let value = Self.parseValue(String(fields[0])) else {
                problems.append("Line \(number): '\(line)' has no valid value.")
                return nil
            }
            if fields.count == 2 && Int64(fields[1]) == nil {
                problems.append("Line \(number): timestamp '\(fields[1])' is not an integer.")
            }
            return Sample(name: String(name), labels: labels, value: value, line: number)
        }

        mutating func finish() {
            for (family, samples) in histogramSamples.sorted(by: { $0.key < $1.key }) {
                checkHistogram(family, samples)
            }
        }

        mutating func checkHistogram(_ family: String, _ samples: [Sample]) {
            var groups: [String: (buckets: [(Double, Double, Int)], sum: Double?, count: Double?)] = [:]
            for sample in samples {
                let others = sample.labels.filter { $0.0 != "le" }.sorted { $0.0 < $1.0 }
                let key = others.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
                var group = groups[key] ?? ([], nil, nil)
                if sample.name == family + "_bucket" {
                    guard let le = sample.labels.first(where: { $0.0 == "le" }), let bound = Self.parseValue(le.1)
                    else {
                        problems.append("Line \(sample.line): bucket of '\(family)' has no valid le label.")
                        continue
                    }
                    group.buckets.append((bound, sample.value, sample.line))
                } else if sample.name == family + "_sum" {
                    group.sum = sample.value
                } else if sample.name == family + "_count" {
                    group.count = sample.value
                } else {
                    problems.append("Line \(sample.line): '\(sample.name)' does not belong to histogram '\(family)'.")
                }
                groups[key] = group
            }
            for (key, group) in groups.sorted(by: { $0.key < $1.key }) {
                let series = key.isEmpty ? family : "\(family){\(key)}"
                for (previous, next) in zip(group.buckets, group.buckets.dropFirst()) {
                    if next.0 <= previous.0 {
                        problems.append("Line \(next.2): buckets of \(series) are not in increasing le order.")
                    }
                    if next.1 < previous.1 {
                        problems.append(
                            "Line \(next.2): buckets of \(series) are not cumulative (\(next.1) < \(previous.1))."
                        )
                    }
                }
                guard let last = group.buckets.last, last.0 == .infinity else {
                    problems.append("Histogram \(series) has no le=\"+Inf\" bucket.")
                    continue
                }
                if let count = group.count {
                    if count != last.1 {
                        problems.append("Histogram \(series): +Inf bucket \(last.1) differs from _count \(count).")
                    }
                } else {
                    problems.append("Histogram \(series) has no _count.")
                }
                if group.sum == nil { problems.append("Histogram \(series) has no _sum.") }
            }
        }

        static func parseValue(_ text: String) -> Double? {
            switch text {
            case "+Inf", "Inf": return .infinity
            case "-Inf": return -.infinity
            case "NaN": return .nan
            default: return Double(text)
            }
        }

        static func isMetricName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first.isASCIILetterOrUnderscore || first == ":" else {
                return false
            }
            return name.unicodeScalars.allSatisfy {
                $0.isASCIILetterOrUnderscore || $0 == ":" || ("0"..."9").contains($0)
            }
        }

        static func isLabelName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first.isASCIILetterOrUnderscore, !name.hasPrefix("__") else {
                return false
            }
            return name.unicodeScalars.allSatisfy { $0.isASCIILetterOrUnderscore || ("0"..."9").contains($0) }
        }

        static func hasValidEscapes(_ text: String, allowQuote: Bool) -> Bool {
            var iterator = text.makeIterator()
            while let character = iterator.next() {
                guard character == "\\" else { continue }
                guard let escaped = iterator.next() else { return false }
                if escaped == "\\" || escaped == "n" || (allowQuote && escaped == "\"") { continue }
                return false
            }
            return true
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetterOrUnderscore: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_"
    }
}
