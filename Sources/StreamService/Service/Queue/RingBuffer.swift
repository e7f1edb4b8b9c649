/// A first-in, first-out queue in one growable circular array.
///
/// Storage starts small and doubles when full, so a queue sized for ten million messages costs nothing until it
/// fills; it never shrinks. Not thread-safe: the service keeps its rings under its queue lock.
struct RingBuffer<Element> {
    private var storage: [Element?]
    private var head = 0
    /// The number of elements in the queue.
    private(set) var count = 0

    /// Creates an empty queue.
    ///
    /// - Parameter initialCapacity: The slots to allocate up front; at least 1.
    init(initialCapacity: Int = 16) {
        storage = Array(repeating: nil, count: max(1, initialCapacity))
    }

    /// Whether the queue holds no element.
    var isEmpty: Bool { count == 0 }

    /// The oldest element, or `nil` when the queue is empty.
    var first: Element? {
        count > 0 ? storage[head] : nil
    }

    /// Adds an element at the back.
    ///
    /// - Complexity: Amortized O(1); O(`count`) when the storage doubles.
    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    /// Removes and returns the oldest element, or `nil` when the queue is empty.
    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    /// Removes every element, oldest first, into `destination`.
    ///
    /// - Complexity: O(`count`).
    mutating func drain(into destination: inout [Element]) {
        destination.reserveCapacity(destination.count + count)
        while let element = popFirst() { destination.append(element) }
    }

    private mutating func grow() {
        var larger = [Element?](repeating: nil, count: storage.count * 2)
        for offset in 0..<count {
            larger[offset] = storage[(head + offset) % storage.count]
        }
        storage = larger
        head = 0
    }
}
