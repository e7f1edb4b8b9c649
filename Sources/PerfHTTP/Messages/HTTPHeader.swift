/// One header field of an HTTP message: a name (compared without regard to case) and its value.
struct HTTPHeader: Sendable, Hashable {
    /// The field name as it was written, such as `Content-Type`.
    var name: String
    /// The field value, without surrounding whitespace.
    var value: String

    /// Creates a header field.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The field value.
    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the field is called `name`, ignoring ASCII case.
    func hasName(_ name: String) -> Bool {
        self.name.utf8.count == name.utf8.count && self.name.lowercased() == name.lowercased()
    }
}

extension [HTTPHeader] {
    /// The value of the first field called `name` (ignoring case), or nil.
    func value(of name: String) -> String? {
        first { $0.hasName(name) }?.value
    }

    /// The values of every field called `name` (ignoring case), in order.
    func values(of name: String) -> [String] {
        filter { $0.hasName(name) }.map(\.value)
    }
}
