import Foundation
import PerfSupport

/// Formats metric values, relative changes and target bounds for people, the same way in every
/// report.
///
/// Values carry their unit (`12.30 ms`, `2001 req/s`, `45.2 MB`, `1.20%`); ratios are shown as
/// percentages (`99.50%`); counts and unknown units as plain numbers. Changes are signed
/// percentages with one decimal (`+12.3%`). Missing or non-finite values read `n/a`.
enum ReportValueFormatter {
    /// The text shown for a value that is missing or not a finite number.
    static let missing = "n/a"

    /// A value with its unit.
    ///
    /// - Parameters:
    ///   - value: The value in `unit`, or nil.
    ///   - unit: The unit recorded with the metric ("ms", "req/s", "ratio", "MB", "%", "ns", "count").
    static func value(_ value: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return missing }
        switch unit {
        case "ratio": return String(format: "%.2f%%", value * 100)
        case "%": return number(value) + "%"
        case "count", "": return number(value)
        default: return number(value) + " " + unit
        }
    }

    /// A number with about three or four significant digits, without a unit
    /// (``NumberFormat/threeSignificantDigits``).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return missing }
        // Reports have always written negative zero as C's "%.0f" does.
        if value == 0, value.sign == .minus { return "-0" }
        return NumberFormat.threeSignificantDigits.format(value)
    }

    /// A relative change as a signed percentage: `+12.3%`, `-4.0%`, two decimals under 1%
    /// (`+0.25%`, `+0.00%`).
    static func change(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return missing }
        let percent = fraction * 100
        let format =
            switch abs(percent) {
            case 1000...: "%+.0f%%"
            case 1..<1000: "%+.1f%%"
            default: "%+.2f%%"
            }
        let text = String(format: format, percent)
        return text.hasPrefix("-") && text.allSatisfy({ "-0.%".contains($0) }) ? "+" + text.dropFirst() : text
    }

    /// The smallest change a comparison could detect, "±5.0%", or "?" when its interval is unbounded.
    static func detectable(_ row: MetricComparison) -> String {
        guard let change = row.detectableChange, change.isFinite else { return missing }
        return "±" + percent(change)
    }

    /// A fraction as an unsigned percentage: `5%`, `0.5%`, `12.5%`.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return missing }
        let percent = fraction * 100
        let text = percent == percent.rounded() ? String(format: "%.0f", percent) : String(format: "%.1f", percent)
        return text + "%"
    }

    /// A target's bound with its direction: `≥ 2000 req/s`, `≤ 25 ms`.
    static func bound(_ check: TargetCheck) -> String {
        let symbol = check.direction == .atLeast ? "≥" : "≤"
        return symbol + " " + value(check.bound, unit: unit(of: check))
    }

    /// A target check's confidence interval with the unit once: `[1790, 1810] req/s`,
    /// `[99.10%, 99.40%]`.
    static func interval(_ check: TargetCheck) -> String {
        let unit = unit(of: check)
        switch unit {
        case "ratio", "%", "count", "":
            return "[" + value(check.lower, unit: unit) + ", " + value(check.upper, unit: unit) + "]"
        default:
            return "[" + number(check.lower) + ", " + number(check.upper) + "] " + unit
        }
    }

    /// The unit of the metric a target check judges.
    static func unit(of check: TargetCheck) -> String {
        MetricID(identifier: check.metric)?.unit ?? check.target?.metric.unit ?? ""
    }
}
