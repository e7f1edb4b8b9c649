/// A buffer lent by a ``BufferPool``: bytes to fill, and whether the pool keeps it afterwards.
struct PooledBuffer {
    /// The buffer's bytes; at least as many as were asked for.
    var bytes: [UInt8]
    /// Whether the buffer belongs to the pool (`false` for the temporary buffer of a pool miss).
    let isPooled: Bool
}
