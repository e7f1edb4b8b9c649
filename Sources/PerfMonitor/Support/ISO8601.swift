#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats wall-clock times as ISO 8601 in UTC with milliseconds, without Foundation.
enum ISO8601 {
    /// `2026-11-23T14:30:07.123Z` for a time in seconds since the epoch.
    static func string(secondsSinceEpoch: Double) -> String {
        let safe = secondsSinceEpoch.isFinite ? max(0, secondsSinceEpoch) : 0
        var whole = time_t(safe.rounded(.down))
        var milliseconds = Int(((safe - safe.rounded(.down)) * 1000).rounded(.down))
        if milliseconds >= 1000 {
            whole += 1
            milliseconds -= 1000
        }
        var parts = tm()
        gmtime_r(&whole, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
            + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(milliseconds, 3) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
