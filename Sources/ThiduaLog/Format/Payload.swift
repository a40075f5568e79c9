/// A signed event's payload with the fields every payload must carry (integrity spec §2):
/// `"v": 1`, a PascalCase past-tense `type`, a unique `id` and the signer's `issuedAt`.
public struct Payload: Sendable, Equatable {
    public static let maxBytes = 64 * 1024

    /// The payload bytes exactly as signed.
    public var bytes: [UInt8] { tape.bytes }
    /// The payload read once, without a tree: fields are taken from it as they are asked for.
    public let tape: JSONTape
    public let type: String
    /// The log layer's event `type` names, if it names one.
    public let keyEvent: KeyEvent?
    public let id: String
    public let issuedAt: Timestamp
    /// The node of its `log` member's value in `tape` (nil when it has none): the log it
    /// is signed for (`thidua-keys/2`), compared by the ordered checks of every entry.
    public let logNode: Int?

    public init(bytes: [UInt8]) throws(PayloadError) {
        guard bytes.count <= Payload.maxBytes else { throw .tooLarge(bytes.count) }
        let tape: JSONTape
        do { tape = try JSONTape.parse(bytes) } catch { throw .notJSON(error) }
        guard tape.kind(JSONTape.root) == .object else { throw .notObject(tape.typeName(JSONTape.root)) }
        // The fields every payload carries, and `log`, found in one pass over its members.
        var (v, typeNode, idNode, issuedNode, log): (Int?, Int?, Int?, Int?, Int?) = (nil, nil, nil, nil, nil)
        tape.forEachKey(JSONTape.root) { k, value in
            switch k.count {
            case 1 where JSONTape.same(k, "v"): v = value
            case 2 where JSONTape.same(k, "id"): idNode = value
            case 3 where JSONTape.same(k, "log"): log = value
            case 4 where JSONTape.same(k, "type"): typeNode = value
            case 8 where JSONTape.same(k, "issuedAt"): issuedNode = value
            default: break
            }
        }
        guard let v else { throw .missing("v") }
        guard tape.withNumberBytes(v, { JSONTape.same($0, "1") }) == true else {
            throw .wrongVersion(JSONWriter.string(tape.json(v)))
        }
        guard let type = typeNode.flatMap(tape.string) else { throw .missing("type") }
        guard Payload.isPascalCase(type) else { throw .badType(type) }
        guard let id = idNode.flatMap(tape.string) else { throw .missing("id") }
        guard Payload.isValidID(id) else { throw .badID(id) }
        // Read from its bytes: the text is made only to say what is wrong with it.
        guard let issuedNode, let read = tape.withStringBytes(issuedNode, Timestamp.init(rfc3339Bytes:)) else {
            throw .missing("issuedAt")
        }
        guard let t = read else { throw .badIssuedAt(tape.string(issuedNode) ?? "") }
        logNode = log
        self.tape = tape
        self.type = type
        keyEvent = KeyEvent(type: type)
        self.id = id
        self.issuedAt = t
    }

    /// One member of the payload as a tree (nil when absent).
    public func field(_ key: String) -> JSON? { tape.member(JSONTape.root, key).map { tape.json($0) } }

    public static func == (a: Payload, b: Payload) -> Bool { a.bytes == b.bytes }

    /// Builds payload bytes: the fields every payload carries, then `fields` in order.
    /// - Parameter log: the origin of the log the payload is for (`"log"`, which
    ///   `thidua-keys/2` requires of every payload after the genesis); nil leaves it out.
    public static func make(type: String, id: String, issuedAt: String, log: String?, fields: [JSON.Member]) -> [UInt8]
    {
        JSONWriter.write(
            .object(
                JSON.members(["v": 1, "type": type.json, "id": id.json, "issuedAt": issuedAt.json, "log": log?.json])
                    + fields))
    }

    /// 1–64 characters of `[A-Za-z0-9._:-]`.
    public static func isValidID(_ id: String) -> Bool {
        var text = id
        return text.withUTF8 { u in
            (1...64).contains(u.count)
                && u.allSatisfy { c in
                    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46 || c == 95
                        || c == 58 || c == 45
                }
        }
    }

    /// An ASCII letter-and-digit name starting with an upper-case letter (`PledgeSigned`).
    public static func isPascalCase(_ s: String) -> Bool {
        var text = s
        return text.withUTF8 { u in
            guard let f = u.first, f >= 65 && f <= 90, u.count <= 64 else { return false }
            return u.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
        }
    }
}

public enum PayloadError: Error, Equatable, CustomStringConvertible {
    case tooLarge(Int)
    case notJSON(JSONError)
    case notObject(String)
    case missing(String)
    case wrongVersion(String)
    case badType(String)
    case badID(String)
    case badIssuedAt(String)

    public var description: String {
        switch self {
        case .tooLarge(let n):
            return "payload is \(n) bytes; the limit is \(Payload.maxBytes) (64 KiB): split it into several events"
        case .notJSON(let e): return "payload is not valid JSON: \(e)"
        case .notObject(let t): return "payload must be a JSON object, got \(t)"
        case .missing(let f): return "payload has no \"\(f)\"; every event carries v, type, id and issuedAt"
        case .wrongVersion(let v): return "payload \"v\" is \(v); this log reads version 1 (\"v\": 1)"
        case .badType(let t): return "payload type \"\(t)\" is not a PascalCase name (e.g. PledgeSigned)"
        case .badID(let id): return "payload id \"\(id.prefix(80))\" must be 1–64 characters of A–Z a–z 0–9 . _ : -"
        case .badIssuedAt(let s):
            return
                "payload issuedAt \"\(s.prefix(80))\" is not an RFC 3339 time with offset (e.g. "
                + "2025-03-01T08:00:00+07:00)"
        }
    }
}
