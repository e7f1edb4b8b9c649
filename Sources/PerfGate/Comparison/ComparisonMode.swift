/// How a comparison's two sides were measured, and why that way: what a report states first.
public struct ComparisonMode: Sendable, Codable, Equatable {
    /// The kind of comparison.
    public enum Kind: String, Sendable, Codable, Equatable {
        /// Two builds measured round by round on this machine in this job (``PairedGate``).
        case paired
        /// A new run against figures stored in a file, perhaps from another machine.
        case unpaired
    }

    /// The kind of comparison.
    public var kind: Kind
    /// What the base side is, for example "commit 7493244 (the commit baselines/quick.json
    /// records)".
    public var base: String
    /// What the head side is, for example "the working tree at 300be5e with uncommitted changes".
    public var head: String
    /// Why this mode, in one sentence.
    public var reason: String

    /// Creates a mode.
    public init(kind: Kind, base: String, head: String, reason: String) {
        self.kind = kind
        self.base = base
        self.head = head
        self.reason = reason
    }

    /// One line for a report: "Paired: head … against base …. reason".
    public var summary: String {
        let name = kind == .paired ? "Paired A/B" : "Unpaired"
        return "\(name): \(head) against \(base). \(reason)"
    }
}
