import ThiduaLog

/// Why a payload is not a valid event of the emulation catalogue.
public struct DomainError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads an event's fields from its JSON, with errors that name the event and the field.
struct Fields {
    let json: JSON
    let path: String

    init(_ json: JSON, _ path: String) { self.json = json; self.path = path }

    func has(_ k: String) -> Bool { json[k] != nil && json[k] != .null }

    func string(_ k: String) throws(DomainError) -> String {
        guard let s = json[k]?.stringValue, !s.isEmpty else { throw DomainError("\(path) needs \"\(k)\" (a non-empty string)") }
        return s
    }

    func optString(_ k: String) throws(DomainError) -> String? {
        guard has(k) else { return nil }
        return try string(k)
    }

    /// An id of a unit, group, criterion …: 1–64 of [a-z0-9._-]... (same alphabet as event ids).
    func id(_ k: String) throws(DomainError) -> String {
        let s = try string(k)
        guard Payload.isValidID(s) else { throw DomainError("\(path).\(k) \"\(s)\" must be 1–64 characters of A–Z a–z 0–9 . _ : -") }
        return s
    }

    /// A decimal given as a JSON number (or a string of digits), kept exact.
    func decimal(_ k: String) throws(DomainError) -> Fraction {
        let text: String?
        switch json[k] {
        case .number(let n)?: text = n
        case .string(let s)?: text = s
        default: text = nil
        }
        guard let text else { throw DomainError("\(path) needs \"\(k)\" (a number)") }
        guard let f = Fraction(decimal: text) else {
            throw DomainError("\(path).\(k) is \(text); write a plain decimal such as 23270.32 (no exponent, at most 18 decimals)")
        }
        return f
    }

    func optDecimal(_ k: String) throws(DomainError) -> Fraction? { has(k) ? try decimal(k) : nil }

    func int(_ k: String) throws(DomainError) -> Int {
        guard let n = json[k]?.intValue else { throw DomainError("\(path) needs \"\(k)\" (a whole number)") }
        return n
    }

    func bool(_ k: String) throws(DomainError) -> Bool {
        guard let b = json[k]?.boolValue else { throw DomainError("\(path) needs \"\(k)\" (true or false)") }
        return b
    }

    /// A calendar date `YYYY-MM-DD` (Vietnam local time, where dates are compared).
    func date(_ k: String) throws(DomainError) -> String {
        let s = try string(k)
        guard Timestamp(date: s) != nil else { throw DomainError("\(path).\(k) \"\(s)\" is not a date YYYY-MM-DD") }
        return s
    }

    func optDate(_ k: String) throws(DomainError) -> String? { has(k) ? try date(k) : nil }

    func array(_ k: String, allowEmpty: Bool = false) throws(DomainError) -> [Fields] {
        guard let a = json[k]?.arrayValue, allowEmpty || !a.isEmpty else {
            throw DomainError("\(path) needs \"\(k)\" (\(allowEmpty ? "an" : "a non-empty") array)")
        }
        return a.enumerated().map { Fields($0.element, "\(path).\(k)[\($0.offset)]") }
    }

    func optArray(_ k: String) throws(DomainError) -> [Fields] { has(k) ? try array(k, allowEmpty: true) : [] }

    func strings(_ k: String) throws(DomainError) -> [String] {
        var out: [String] = []
        for f in try optArray(k) {
            guard let s = f.json.stringValue else { throw DomainError("\(f.path) is not a string") }
            out.append(s)
        }
        return out
    }

    func object(_ k: String) throws(DomainError) -> Fields {
        guard let v = json[k], v.objectValue != nil else { throw DomainError("\(path) needs \"\(k)\" (an object)") }
        return Fields(v, "\(path).\(k)")
    }

    func oneOf(_ k: String, _ allowed: [String], default d: String? = nil) throws(DomainError) -> String {
        if !has(k), let d { return d }
        let s = try string(k)
        guard allowed.contains(s) else { throw DomainError("\(path).\(k) is \"\(s)\"; use one of: \(allowed.joined(separator: ", "))") }
        return s
    }
}

/// A period of local dates, both ends included; `to == nil` is open.
public struct DateSpan: Hashable, Sendable {
    public let from: String
    public let to: String?
    public init(from: String, to: String?) { self.from = from; self.to = to }
    public func contains(_ date: String) -> Bool { from <= date && (to.map { date <= $0 } ?? true) }
    public var text: String { "\(from) – \(to ?? "…")" }
}

extension Timestamp {
    /// The calendar date in Vietnam (UTC+7, no daylight saving), where terms and
    /// effective dates are read.
    public var vietnamDate: String { Timestamp(millis: millis + 7 * 3_600_000).dateText }
}
