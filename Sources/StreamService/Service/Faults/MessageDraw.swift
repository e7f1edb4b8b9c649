/// Random draws tied to a message rather than to a thread: each is a hash of the service's seed, the message's
/// sequence number and the purpose of the draw.
///
/// Workers take messages in an order the scheduler decides, so a generator shared by a worker would fail different
/// messages on every run. A counter-based draw does not care who asks: the same seed and sequence give the same
/// draw.
enum MessageDraw {
    /// What a draw is for; each purpose gets an independent stream.
    enum Purpose: UInt64 {
        /// Whether the error-rate fault fails the message.
        case injectedError = 0x0E77
        /// The backend latency of a cache miss.
        case backendLatency = 0xBAC0
    }

    /// A uniform draw in `0..<1` for one message and purpose.
    ///
    /// - Parameters:
    ///   - seed: The service's seed.
    ///   - sequence: The message's sequence number.
    ///   - purpose: What the draw is for.
    /// - Returns: A number in `0..<1` with 53 random bits.
    static func unit(seed: UInt64, sequence: UInt64, purpose: Purpose) -> Double {
        var state = seed ^ PayloadWork.scramble(purpose.rawValue)
        state &+= sequence &* 0xD1B5_4A32_D192_ED03
        let bits = PayloadWork.splitMix(&state)
        return Double(bits >> 11) * 0x1.0p-53
    }
}
