#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A moment in time, as milliseconds since 1970-01-01T00:00:00Z.
///
/// Two text forms: the log's own `receivedAt` (`YYYY-MM-DDTHH:MM:SS.sssZ`, always UTC,
/// always milliseconds) and RFC 3339 with an offset for the signer's `issuedAt` claim.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millis < b.millis }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public var receivedAtText: String {
        let (days, msOfDay) = Self.floorDiv(millis, 86_400_000)
        let (y, m, d) = Self.civil(fromDays: days)
        let h = msOfDay / 3_600_000
        let mi = msOfDay / 60_000 % 60
        let s = msOfDay / 1000 % 60
        let ms = msOfDay % 1000
        guard (0...9999).contains(y) else {
            let date = "\(Self.pad(y, 4))-\(Self.pad(m, 2))-\(Self.pad(d, 2))"
            return date + "T\(Self.pad(h, 2)):\(Self.pad(mi, 2)):\(Self.pad(s, 2)).\(Self.pad(ms, 3))Z"
        }
        // Written byte by byte (the ordered checks of a verification read a date per entry).
        return String(unsafeUninitializedCapacity: 24) { b in
            Self.writeDate(y, m, d, b)
            for (k, c) in [(10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")] as [(Int, Unicode.Scalar)] {
                b[k] = UInt8(ascii: c)
            }
            Self.digits(h, 2, b, at: 11)
            Self.digits(mi, 2, b, at: 14)
            Self.digits(s, 2, b, at: 17)
            Self.digits(ms, 3, b, at: 20)
            return 24
        }
    }

    public var description: String { receivedAtText }

    /// The calendar date (UTC) as `YYYY-MM-DD`.
    public var dateText: String {
        let (days, _) = Self.floorDiv(millis, 86_400_000)
        let (y, m, d) = Self.civil(fromDays: days)
        guard (0...9999).contains(y) else { return String(receivedAtText.prefix { $0 != "T" }) }
        return String(unsafeUninitializedCapacity: 10) { b in
            Self.writeDate(y, m, d, b)
            return 10
        }
    }

    /// `YYYY-MM-DD` into the first 10 bytes of `b` (0 ≤ y ≤ 9999).
    static func writeDate(_ y: Int, _ m: Int, _ d: Int, _ b: UnsafeMutableBufferPointer<UInt8>) {
        digits(y, 4, b, at: 0)
        b[4] = UInt8(ascii: "-")
        digits(m, 2, b, at: 5)
        b[7] = UInt8(ascii: "-")
        digits(d, 2, b, at: 8)
    }

    /// `v` (0 ≤ v < 10^width) as `width` decimal digits at `at`.
    static func digits(_ v: Int, _ width: Int, _ b: UnsafeMutableBufferPointer<UInt8>, at: Int) {
        var v = v
        for k in stride(from: at + width - 1, through: at, by: -1) {
            b[k] = UInt8(48 + v % 10)
            v /= 10
        }
    }

    /// Reads exactly the `receivedAt` form; nil for anything else.
    public init?(receivedAt text: String) {
        var copy = text
        guard let t = copy.withUTF8({ Timestamp(receivedAtBytes: $0) }) else { return nil }
        self = t
    }

    /// Reads exactly `YYYY-MM-DDTHH:MM:SS.sssZ` (24 bytes, upper-case T and Z, a valid
    /// date and time): the one text `receivedAtText` writes for this moment.
    public init?(receivedAtBytes u: UnsafeBufferPointer<UInt8>) {
        guard u.count == 24, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A, u[19] == 0x2E,
            u[23] == 0x5A
        else { return nil }
        var bad = false
        func num(_ a: Int, _ n: Int) -> Int {
            var v = 0
            for k in a..<a + n {
                let c = u[k] &- 48
                if c > 9 { bad = true }
                v = v * 10 + Int(c)
            }
            return v
        }
        let y = num(0, 4)
        let mo = num(5, 2)
        let d = num(8, 2)
        let h = num(11, 2)
        let mi = num(14, 2)
        let s = num(17, 2)
        let ms = num(20, 3)
        guard !bad, (1...12).contains(mo), d >= 1, d <= Self.daysIn(month: mo, year: y), h < 24, mi < 60, s < 60 else {
            return nil
        }
        millis = Int64(Self.days(fromCivil: y, mo, d)) * 86_400_000 + Int64(h * 3_600_000 + mi * 60_000 + s * 1000 + ms)
    }

    /// Reads RFC 3339 `date-time` (§5.6): `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    /// Fractions beyond milliseconds are truncated. Leap seconds (`:60`) are refused.
    public init?(rfc3339 text: String) {
        var copy = text
        guard let t = copy.withUTF8({ Timestamp(rfc3339Bytes: $0) }) else { return nil }
        self = t
    }

    /// The same, from UTF-8 bytes.
    init?(rfc3339Bytes u: UnsafeBufferPointer<UInt8>) {
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= u.count else { return nil }
            var v = 0
            for k in a..<a + n {
                guard u[k] >= 48 && u[k] <= 57 else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            return v
        }
        guard u.count >= 20, let y = num(0, 4), u[4] == UInt8(ascii: "-"), let mo = num(5, 2),
            u[7] == UInt8(ascii: "-"),
            let d = num(8, 2), u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t"),
            let h = num(11, 2), u[13] == UInt8(ascii: ":"), let mi = num(14, 2), u[16] == UInt8(ascii: ":"),
            let s = num(17, 2)
        else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= Self.daysIn(month: mo, year: y), h < 24, mi < 60, s < 60 else {
            return nil
        }
        var i = 19
        var ms = 0
        if i < u.count && u[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < u.count && u[i] >= 48 && u[i] <= 57 {
                if digits < 3 { ms = ms * 10 + Int(u[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { ms *= 10 }
        }
        guard i < u.count else { return nil }
        var offsetMinutes = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            i += 1
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            let sign = u[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = num(i + 1, 2), i + 3 < u.count, u[i + 3] == UInt8(ascii: ":"), let om = num(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        let days = Self.days(fromCivil: y, mo, d)
        millis =
            Int64(days) * 86_400_000 + Int64(h * 3_600_000 + mi * 60_000 + s * 1000 + ms) - Int64(offsetMinutes)
            * 60_000
    }

    /// Reads a calendar date `YYYY-MM-DD` as its first millisecond at the given UTC offset.
    public init?(date text: String, offsetMinutes: Int = 0) {
        guard text.utf8.count == 10, let t = Timestamp(rfc3339: text + "T00:00:00Z") else { return nil }
        self.millis = t.millis - Int64(offsetMinutes) * 60_000
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> (Int, Int) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (Int(q), Int(r))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// Where the log reads the time. Injected, so tests and replays are deterministic.
public protocol Clock: Sendable {
    func now() -> Timestamp
}

/// The machine's wall clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millis: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}

/// A clock that starts at a given moment and advances by a fixed step on every reading.
public final class SteppingClock: Clock, @unchecked Sendable {
    private var current: Int64
    private let step: Int64
    private let lock = Lock()

    public init(start: Timestamp, stepMillis: Int64 = 1) {
        current = start.millis
        step = stepMillis
    }

    public func now() -> Timestamp {
        lock.withLock {
            let t = current
            current += step
            return Timestamp(millis: t)
        }
    }

    /// Moves the clock to `t` (never backwards).
    public func set(_ t: Timestamp) {
        lock.withLock { current = max(current, t.millis) }
    }
}

extension Timestamp: Codable {
    /// Its milliseconds since 1970 (UTC), as a number.
    public init(from decoder: any Decoder) throws { millis = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(millis)
    }
}
