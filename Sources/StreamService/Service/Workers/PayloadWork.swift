/// The CPU work of processing one message: the kernels a worker runs over a payload and a response.
///
/// Every kernel returns a value that depends on all the bytes it read, and the worker folds those values into a
/// digest it publishes, so the optimizer cannot drop the work.
enum PayloadWork {
    /// The bytes of a payload header: the key (8 bytes), the payload size (4) and ``magic`` (4).
    static let headerSize = 16
    /// The last four bytes of a payload header.
    static let magic: UInt32 = 0x5047_4154

    private static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3
    private static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// One step of SplitMix64: adds the golden ratio to `state` and returns a scramble of it.
    @inline(__always)
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= golden
        return scramble(state)
    }

    /// The SplitMix64 finalizer: a bijective scramble of 64 bits.
    @inline(__always)
    static func scramble(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Writes the payload for `key` into the first `count` bytes: a header when it fits, then bytes from a SplitMix64
    /// stream seeded by the key, so the same key always gives the same payload.
    ///
    /// - Parameters:
    ///   - buffer: The buffer; at least `count` bytes long.
    ///   - count: The payload size.
    ///   - key: The message's key.
    /// - Complexity: O(`count`).
    static func fill(_ buffer: inout [UInt8], count: Int, key: UInt64) {
        buffer.withUnsafeMutableBytes { raw in
            let count = min(count, raw.count)
            var offset = 0
            if count >= headerSize {
                raw.storeBytes(of: key.littleEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: UInt32(truncatingIfNeeded: count).littleEndian, toByteOffset: 8, as: UInt32.self)
                raw.storeBytes(of: magic.littleEndian, toByteOffset: 12, as: UInt32.self)
                offset = headerSize
            }
            var state = key ^ fnvOffset
            while offset + 8 <= count {
                raw.storeBytes(of: splitMix(&state), toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            var last = splitMix(&state)
            while offset < count {
                raw[offset] = UInt8(truncatingIfNeeded: last)
                last >>= 8
                offset += 1
            }
        }
    }

    /// Parses the header of the payload in the first `count` bytes and sums every byte.
    ///
    /// - Parameters:
    ///   - buffer: The buffer ``fill(_:count:key:)`` wrote.
    ///   - count: The payload size.
    ///   - key: The key the payload must carry.
    /// - Returns: Whether the header, when the payload has one, names `key`, `count` and ``magic``; and the sum.
    /// - Complexity: O(`count`).
    static func validate(_ buffer: [UInt8], count: Int, key: UInt64) -> (isValid: Bool, checksum: UInt64) {
        buffer.withUnsafeBytes { raw in
            let count = min(count, raw.count)
            var isValid = true
            if count >= headerSize {
                let storedKey = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                let storedCount = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
                let storedMagic = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
                isValid = storedKey == key && Int(storedCount) == count && storedMagic == magic
            }
            var sum: UInt64 = 0
            var offset = 0
            while offset + 8 <= count {
                sum &+= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            while offset < count {
                sum &+= UInt64(raw[offset])
                offset += 1
            }
            return (isValid, sum)
        }
    }

    /// Runs `passes` passes of FNV-1a over the first `count` bytes, each pass seeded by the previous one's hash, then
    /// a partial pass over the first `extraBytes` bytes (cycling through the payload when it is larger).
    ///
    /// FNV-1a is a chain of dependent multiplications, so its cost per byte is steady and cannot be vectorized away.
    ///
    /// - Parameters:
    ///   - buffer: The bytes.
    ///   - count: The number of bytes in a pass.
    ///   - passes: The number of full passes.
    ///   - extraBytes: The bytes hashed after the full passes.
    ///   - seed: Mixed into the starting hash.
    /// - Returns: The final hash.
    /// - Complexity: O(`passes` × `count` + `extraBytes`).
    static func transform(_ buffer: [UInt8], count: Int, passes: Int, extraBytes: Int = 0, seed: UInt64) -> UInt64 {
        buffer.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = min(count, bytes.count)
            var hash = fnvOffset ^ seed
            guard count > 0 else { return hash }
            for pass in 0..<max(0, passes) {
                for index in 0..<count {
                    hash = (hash ^ UInt64(bytes[index])) &* fnvPrime
                }
                hash ^= UInt64(truncatingIfNeeded: pass)
            }
            var remaining = max(0, extraBytes)
            while remaining > 0 {
                let length = min(remaining, count)
                for index in 0..<length {
                    hash = (hash ^ UInt64(bytes[index])) &* fnvPrime
                }
                remaining -= length
            }
            return hash
        }
    }

    /// Runs `iterations` rounds of the SplitMix64 scramble, each on the previous round's output.
    ///
    /// - Parameters:
    ///   - value: The starting value.
    ///   - iterations: The number of rounds.
    /// - Returns: The last round's output.
    /// - Complexity: O(`iterations`).
    static func mix(_ value: UInt64, iterations: Int) -> UInt64 {
        var state = value
        var result = value
        for _ in 0..<max(0, iterations) {
            result = scramble(result ^ splitMix(&state))
        }
        return result
    }

    /// A response of `count` bytes derived from `digest`.
    ///
    /// - Complexity: O(`count`).
    static func response(digest: UInt64, count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        fill(&bytes, count: bytes.count, key: digest)
        return bytes
    }

    /// The stored form of a response: the response as is, or — when `passes` is above 0 — its first half after
    /// `passes` transform passes over the whole, standing in for compression.
    ///
    /// - Complexity: O(`passes` × `response.count`).
    static func stored(_ response: [UInt8], compressionPasses passes: Int) -> [UInt8] {
        guard passes > 0 else { return response }
        let hash = transform(response, count: response.count, passes: passes, seed: 0)
        var half = Array(response.prefix(response.count / 2))
        if !half.isEmpty { half[0] ^= UInt8(truncatingIfNeeded: hash) }
        return half
    }

    /// The work of reading a stored response: `passes` transform passes over it (decompression), or a checksum.
    ///
    /// - Complexity: O(max(1, `passes`) × `stored.count`).
    static func read(_ stored: [UInt8], decompressionPasses passes: Int) -> UInt64 {
        if passes > 0 {
            return transform(stored, count: stored.count, passes: passes, seed: 1)
        }
        return validate(stored, count: stored.count, key: 0).checksum
    }
}
