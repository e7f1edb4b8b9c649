#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a number is written for people: a whole number as an integer, any other with a chosen
/// number of decimals.
///
/// Every message, table and report writes its numbers through one of these, so a whole number
/// never reads `2000.0` in one place and `2000` in another. A format has two parts:
/// - Whole numbers of magnitude below ``integersBelow`` are written as integers (`2000`, `-3`, and
///   `0` for negative zero). Larger ones, and everything that is not whole, take ``decimals``.
/// - ``Decimals`` is Swift's shortest round-trip text (`2.5`, `1e+16`), a fixed count rounded as
///   C's `printf("%.*f")` rounds (`12.346`), or tiers with fewer decimals for larger magnitudes.
///
/// Values that are not finite read as Swift writes them with ``Decimals/shortest`` (`nan`, `inf`)
/// and as `printf` writes them otherwise; callers that show them to people check first.
///
/// ```swift
/// NumberFormat.plain.format(2000)                 // "2000"
/// NumberFormat.plain.format(0.25)                 // "0.25"
/// NumberFormat(decimals: .fixed(3)).format(1.5)   // "1.500"
/// NumberFormat.threeSignificantDigits.format(123.456)  // "123.5"
/// ```
///
/// No Foundation: fixed decimals come from the C library's `vsnprintf`, which is also what
/// Foundation's `String(format:)` calls, so the text is the same as before the move.
package struct NumberFormat: Sendable, Equatable {
    /// How a number that is not written as an integer gets its decimals.
    package enum Decimals: Sendable, Equatable {
        /// Swift's shortest text that reads back as the same `Double`: `2.5`, `0.1`, `1e-05`,
        /// `1000000000000000.0`, `1e+16`.
        case shortest
        /// A fixed count, rounded as C's `printf("%.*f")` rounds the binary value: `12.346` for
        /// three; `2001` for none.
        case fixed(Int)
        /// Fewer decimals for larger magnitudes: the first tier whose magnitude the number's
        /// reaches gives the count, and smaller numbers get `otherwise`. List tiers from the
        /// largest magnitude down.
        case tiered([Tier], otherwise: Int)
    }

    /// A magnitude from which numbers get a given count of decimals.
    package struct Tier: Sendable, Equatable {
        /// The smallest magnitude (absolute value) in the tier.
        package var magnitude: Double
        /// The count of decimals for numbers in the tier.
        package var decimals: Int

        /// Creates a tier.
        ///
        /// - Parameters:
        ///   - magnitude: The smallest magnitude (absolute value) in the tier.
        ///   - decimals: The count of decimals for numbers in the tier.
        package init(from magnitude: Double, decimals: Int) {
            self.magnitude = magnitude
            self.decimals = decimals
        }
    }

    /// Whole numbers of smaller magnitude are written as integers: `2000`, not `2000.0`.
    package var integersBelow: Double
    /// How every other number gets its decimals.
    package var decimals: Decimals

    /// Creates a format.
    ///
    /// - Parameters:
    ///   - integersBelow: Whole numbers of smaller magnitude are written as integers; 10¹⁵ by
    ///     default, below which every whole `Double` is exact and short.
    ///   - decimals: How every other number gets its decimals; ``Decimals/shortest`` by default.
    package init(integersBelow: Double = 1e15, decimals: Decimals = .shortest) {
        self.integersBelow = integersBelow
        self.decimals = decimals
    }

    /// Integers for whole numbers below 10¹⁵, Swift's shortest text for the rest: `3`, `2.5`,
    /// `0.001`, `1000000000000000.0`, `1e+16`. For limits in messages and values in configuration files.
    package static let plain = NumberFormat()

    /// About three significant digits for report tables: integers for whole numbers below 10¹⁵,
    /// else no decimal from 1000 up (`2001`), one from 100 (`123.4`), two from 1 (`12.35`) and
    /// three below (`0.412`).
    package static let threeSignificantDigits = NumberFormat(
        decimals: .tiered(
            [Tier(from: 1000, decimals: 0), Tier(from: 100, decimals: 1), Tier(from: 1, decimals: 2)],
            otherwise: 3
        )
    )

    /// Integers for whole numbers below 10¹², else one decimal from 100 up and three below: `2000`,
    /// `1234.5`, `12.346`. For the summaries `perfgate drive` and `perfgate serve` print.
    package static let summary = NumberFormat(
        integersBelow: 1e12,
        decimals: .tiered([Tier(from: 100, decimals: 1)], otherwise: 3)
    )

    /// The number as text.
    ///
    /// - Parameter value: The number.
    /// - Returns: Its text: an integer when it is whole and below ``integersBelow`` in magnitude,
    ///   else with ``decimals``.
    /// - Complexity: O(1) for `.shortest` and `.fixed`; O(tiers) for `.tiered`.
    package func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < integersBelow, let integer = Int64(exactly: value) {
            return String(integer)
        }
        switch decimals {
        case .shortest:
            return String(value)
        case .fixed(let count):
            return Self.printf(value, decimals: count)
        case .tiered(let tiers, let otherwise):
            let magnitude = abs(value)
            let count = tiers.first { magnitude >= $0.magnitude }?.decimals ?? otherwise
            return Self.printf(value, decimals: count)
        }
    }

    /// `value` with `count` decimals, as C's `printf("%.*f", count, value)` writes it.
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - count: The count of decimals, from 0 to 100 (a count outside is taken as the nearest).
    /// - Complexity: O(1): at most 309 integer digits plus the decimals.
    static func printf(_ value: Double, decimals count: Int) -> String {
        let precision = Int32(min(max(0, count), 100))
        // The longest finite double has 309 integer digits; add a sign, a point and the decimals.
        let capacity = 320 + Int(precision)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let length = withVaList([precision, value]) { arguments in
                vsnprintf(buffer.baseAddress, capacity, "%.*f", arguments)
            }
            guard length > 0 else { return "" }
            let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: min(Int(length), capacity - 1))
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension String {
    /// The number of characters a terminal shows for this string, leaving out ANSI escape sequences.
    ///
    /// A control sequence is `ESC [`, parameters, and a final byte in `0x40...0x7E`: `"\u{1B}[31mab\u{1B}[0m"`
    /// shows two characters.
    ///
    /// - Complexity: O(*n*) in the length of the string.
    package var visibleWidth: Int {
        guard unicodeScalars.contains("\u{1B}") else { return count }
        var visible = String.UnicodeScalarView()
        var scalars = unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                visible.append(scalar)
                continue
            }
            guard scalars.next() == "[" else { continue }
            while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        }
        return String(visible).count
    }
}
