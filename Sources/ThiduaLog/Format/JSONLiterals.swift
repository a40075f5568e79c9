/// JSON written as Swift literals: `["unit": "h-nam-po", "count": 2, "evidence": []]` is an
/// object whose members keep the order written, so a payload or a report reads like the
/// JSON it produces. Numbers are integer literals only (no binary floating point);
/// decimals come from their exact text (`.number("23270.32")`, or `Fraction.json`).
extension JSON: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements.map { Member($0.0, $0.1) }) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }

    /// An object of the members that are present: a nil value leaves its member out.
    public static func object(_ members: KeyValuePairs<String, JSON?>) -> JSON { .object(self.members(members)) }

    /// The members that are present, in order: a nil value leaves its member out.
    public static func members(_ members: KeyValuePairs<String, JSON?>) -> [Member] {
        members.compactMap { k, v in v.map { Member(k, $0) } }
    }
}

/// A value with a JSON form (strings, whole numbers, lists of them).
public protocol JSONRepresentable {
    var json: JSON { get }
}

extension String: JSONRepresentable {
    public var json: JSON { .string(self) }
}

extension Int: JSONRepresentable {
    public var json: JSON { .number(String(self)) }
}

extension Bool: JSONRepresentable {
    public var json: JSON { .bool(self) }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    public var json: JSON { .array(map(\.json)) }
}

extension Optional where Wrapped: JSONRepresentable {
    /// The value's JSON, or nil (a member left out by `JSON.object(_:)`).
    public var json: JSON? { map(\.json) }
}
