/// The work each endpoint does: deterministic CPU work sized by the constants below.
///
/// To see the gate catch a regression, make one endpoint slower by editing its constant, such as
/// `reportWorkIterations` from 400_000 to 480_000 (20% more work), and run
/// `perfgate check --suite example-api`.
enum Workload {
    /// Rounds of arithmetic behind one `GET /api/dashboard` (about 0.2 ms in a release build).
    static let dashboardWorkIterations = 60_000
    /// Rounds of arithmetic behind one `POST /api/reports/generate` (about 1.5 ms in a release build).
    static let reportWorkIterations = 400_000
    /// Rounds of arithmetic behind each message of `GET /api/stream`.
    static let streamWorkIterationsPerMessage = 5_000

    /// The figures the work computes: a seeded walk over synthetic orders, so the same seed
    /// and iterations always give the same figures.
    struct Figures: Sendable, Equatable {
        /// Orders seen.
        var orders: Int
        /// Their total amount, in cents.
        var revenueCents: Int
        /// The distinct customers among them, estimated from a 64-bit sketch.
        var customers: Int
        /// Orders above 100.00.
        var largeOrders: Int
        /// A checksum of the walk.
        var checksum: UInt64
    }

    /// Walks `iterations` synthetic orders from `seed`.
    ///
    /// - Parameters:
    ///   - iterations: The orders to walk; the work is proportional to it.
    ///   - seed: Where the walk starts, such as a hash of the user id.
    /// - Complexity: O(iterations).
    static func figures(iterations: Int, seed: UInt64) -> Figures {
        var state = seed
        var revenue = 0
        var large = 0
        var sketch: UInt64 = 0
        for _ in 0..<max(0, iterations) {
            // SplitMix64: one step per order.
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            value ^= value >> 31
            let amount = Int(value % 20_000)
            revenue &+= amount
            if amount > 10_000 { large &+= 1 }
            sketch |= 1 << ((value >> 40) % 64)
        }
        return Figures(
            orders: max(0, iterations),
            revenueCents: revenue,
            customers: sketch.nonzeroBitCount,
            largeOrders: large,
            checksum: state ^ sketch
        )
    }

    /// A stable 64-bit hash of a text (FNV-1a), to seed a walk from a user id.
    static func seed(for text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
