/// A commit of a bisect's range: its id and the first line of its message.
package struct BisectCommit: Sendable, Equatable, Codable {
    /// The full commit id.
    package var id: String
    /// The first line of its message.
    package var subject: String

    /// Creates a commit.
    package init(id: String, subject: String) {
        self.id = id
        self.subject = subject
    }

    /// The abbreviated id: its first 7 hex digits.
    package var shortID: String { String(id.prefix(7)) }
}
