/// One header field of an HTTP message: a name (compared without regard to case) and its value.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name as it was written, such as `Content-Type`.
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// Creates a header field.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The field value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the field is called `name`, ignoring ASCII case.
    public func hasName(_ name: String) -> Bool {
        self.name.utf8.count == name.utf8.count && self.name.lowercased() == name.lowercased()
    }
}

extension [HTTPHeader] {
    /// The value of the first field called `name` (ignoring case), or nil.
    public func value(of name: String) -> String? {
        first { $0.hasName(name) }?.value
    }

    /// The values of every field called `name` (ignoring case), in order.
    public func values(of name: String) -> [String] {
        filter { $0.hasName(name) }.map(\.value)
    }
}
