/// A key known to the log: from the genesis (root keys) or a `KeyRegistered` entry.
public struct KeyRecord: Sendable, Equatable {
    public let publicKey: PublicKey
    public let role: String
    public let scope: String?
    public let name: String?
    /// The entry that made the key known.
    public let registeredAt: Int
    /// The `KeyRevoked` entry, if any. A revoked key authorises nothing after it.
    public var revokedAt: Int?

    public var isRoot: Bool { role == KeyRing.rootRole }
}

/// A checkpoint key of the log and the tree sizes it signs: the genesis names the first;
/// each `LogKeyRotated` names the next, which signs every checkpoint that includes it.
public struct LogKeyPeriod: Sendable, Equatable {
    public let key: PublicKey
    /// The smallest tree size this key signs (the genesis key: 1; a rotation at entry r: r + 1).
    public let fromSize: Int
    /// The entry that named it.
    public let entry: Int
}

/// The keys of a log, learned from the log alone (integrity spec §2: payloads carry keys
/// as standard base64 of the raw 32 bytes).
///
/// Key events, as the log layer reads them (Events/README.md, "thidua-keys"):
/// - `LogOpened` (entry 0 only): `origin`, `logKey`, `rootKeys`, optional `rules`, `title`;
///   signed by root keys it names.
/// - `KeyRegistered`: `publicKey`, `role`, optional `scope` and `name`; signed by a root key.
/// - `KeyRevoked`: `keyid`, optional `reason`; signed by a root key.
/// - `LogKeyRotated`: `logKey`, optional `reason`; signed by a root key; from the next
///   tree size on, checkpoints are signed by the new key (every rules version).
public struct KeyRing: Sendable {
    public static let rootRole = "root"

    static let header: Set<String> = ["v", "type", "id", "issuedAt", "log"]

    /// 1: `thidua-keys/1`. 2: payloads bound to their log, key events strict.
    public let version: Int
    public private(set) var origin: String = ""
    public private(set) var rulesName: String? = nil
    public private(set) var records: [KeyID: KeyRecord] = [:]
    /// The log's checkpoint keys, oldest first.
    public private(set) var logKeys: [LogKeyPeriod] = []

    public init(version: Int = 1) { self.version = version }

    /// The current checkpoint key.
    public var logKey: PublicKey? { logKeys.last?.key }

    /// The key that signs a checkpoint of `size` entries.
    public func logKey(atSize size: Int) -> PublicKey? {
        logKeys.last { $0.fromSize <= size }?.key ?? logKeys.first?.key
    }

    public func record(_ id: KeyID) -> KeyRecord? { records[id] }

    /// The key with this id, if the log knows it (revoked or not: old signatures still verify).
    public func key(_ id: KeyID) -> PublicKey? { records[id]?.publicKey }

    public var activeRoots: [KeyID] {
        records.filter { $0.value.isRoot && $0.value.revokedAt == nil }.map(\.key).sorted()
    }

    /// Reads the genesis fields. Used for entry 0, before its signatures are checked,
    /// because the genesis names the keys that sign it.
    public static func genesis(_ payload: Payload) throws(EntryFault)
        -> (origin: String, logKey: PublicKey, roots: [PublicKey], rules: String?)
    {
        func fault(_ m: String) -> EntryFault { EntryFault(index: 0, rule: .payload, m) }
        guard payload.keyEvent == .logOpened else {
            throw EntryFault(
                index: 0, rule: .authority, "entry 0 is \(payload.type); a log starts with LogOpened (the genesis)")
        }
        guard let origin = payload.field("origin")?.stringValue, !origin.isEmpty, !origin.contains("\n") else {
            throw fault("LogOpened needs a one-line \"origin\"")
        }
        guard let lk = payload.field("logKey")?.stringValue else {
            throw fault("LogOpened needs \"logKey\" (base64 of the raw Ed25519 key)")
        }
        let logKey: PublicKey
        do { logKey = try PublicKey(base64: lk, source: "LogOpened.logKey") } catch { throw fault(error.description) }
        guard let rk = payload.field("rootKeys")?.arrayValue, !rk.isEmpty else {
            throw fault("LogOpened needs a non-empty \"rootKeys\" array")
        }
        var roots: [PublicKey] = []
        for (k, r) in rk.enumerated() {
            guard let s = r.stringValue else { throw fault("LogOpened.rootKeys[\(k)] is not a string") }
            do { roots.append(try PublicKey(base64: s, source: "LogOpened.rootKeys[\(k)]")) } catch {
                throw fault(error.description)
            }
        }
        guard Set(roots.map(\.keyID)).count == roots.count else { throw fault("LogOpened.rootKeys names a key twice") }
        guard !roots.contains(logKey) else {
            throw fault("LogOpened names its logKey as a root key too; the checkpoint key signs checkpoints only")
        }
        var rules: String? = nil
        if let r = payload.field("rules") {
            guard let s = r.stringValue else { throw fault("LogOpened.rules is not a string") }
            rules = s
        }
        return (origin, logKey, roots, rules)
    }

    /// The key a `KeyRegistered` (`publicKey`) or `LogKeyRotated` (`logKey`) names, read
    /// from its payload ahead of the ordered checks (`AuthorityRules.prepare`, on any
    /// thread), so `admit` and `record` read it once between them.
    public final class PreparedKey: Sendable {
        /// What the field's text reads as (nil: no such field, or not a string).
        let key: Result<PublicKey, KeyError>?

        init(_ payload: Payload, field: String, source: String) {
            key = payload.field(field)?.stringValue.map { t in
                Result { () throws(KeyError) in try PublicKey(base64: t, source: source) }
            }
        }
    }

    /// The key of a `KeyRegistered` or `LogKeyRotated` payload, read (nil for any other).
    public static func prepare(_ payload: Payload) -> PreparedKey? {
        switch payload.keyEvent {
        case .keyRegistered?: return PreparedKey(payload, field: "publicKey", source: "KeyRegistered.publicKey")
        case .logKeyRotated?: return PreparedKey(payload, field: "logKey", source: "LogKeyRotated.logKey")
        default: return nil
        }
    }

    /// Checks a key event's authority and fields, and (version 2) every payload's log binding.
    /// - Parameter prepared: `prepare` of the event's payload (nil: read here).
    public func admit(_ e: SignedEvent, prepared: PreparedKey? = nil) throws(EntryFault) {
        func deny(_ m: String, vi: String? = nil) -> EntryFault {
            EntryFault(index: e.index, rule: .authority, m, vi: vi)
        }
        func bad(_ m: String) -> EntryFault { EntryFault(index: e.index, rule: .payload, m) }
        /// The key the event names (`prepare`), or why not: `missing` when it names none.
        func namedKey(_ missing: String) throws(EntryFault) -> PublicKey {
            switch (prepared ?? KeyRing.prepare(e.payload))?.key {
            case nil: throw bad(missing)
            case .success(let k)?: return k
            case .failure(let error)?: throw bad(error.description)
            }
        }
        // Every signer must be known and not revoked.
        for id in e.signers {
            guard let r = records[id] else {
                throw deny(
                    "key \(id.short) signed \(e.type) but is not a key of this log (not in LogOpened or any "
                        + "KeyRegistered before this entry)",
                    vi: "khóa \(id.short) đã ký \(e.type) nhưng không phải khóa của sổ này (chưa được đăng ký bằng "
                        + "KeyRegistered); đề nghị Hội đồng đăng ký khóa trước")
            }
            if let rev = r.revokedAt {
                throw deny(
                    "key \(id.short) signed \(e.type) but was revoked at entry \(rev) (KeyRevoked)",
                    vi: "khóa \(id.short) đã ký \(e.type) nhưng đã bị thu hồi tại bản ghi \(rev) (KeyRevoked)")
            }
        }
        if version >= 2 {
            try checkBinding(e)
            try checkKeyEventFields(e)
        }
        switch e.keyEvent {
        case .logOpened:
            if e.index != 0 { throw deny("LogOpened is the genesis and may appear only at entry 0") }
        case .keyRegistered:
            try requireRoot(e)
            let key = try namedKey("KeyRegistered needs \"publicKey\" (base64 of the raw Ed25519 key)")
            guard let role = e.field("role")?.stringValue, !role.isEmpty else {
                throw bad("KeyRegistered needs a \"role\"")
            }
            if let existing = records[key.keyID] {
                let revoked =
                    existing.revokedAt.map {
                        " and revoked at entry \($0); a revoked key is never registered again: make a new key"
                    } ?? ""
                throw deny("key \(key.keyID.short) is already registered at entry \(existing.registeredAt)\(revoked)")
            }
            if logKeys.contains(where: { $0.key == key }) {
                throw deny("the log's checkpoint key signs checkpoints only; register another key")
            }
        case .keyRevoked:
            try requireRoot(e)
            guard let k = e.field("keyid")?.stringValue, let id = KeyID(hex: k) else {
                throw bad("KeyRevoked needs \"keyid\" (32 lowercase hex)")
            }
            guard let r = records[id] else {
                throw bad("KeyRevoked names key \(id.short), which this log does not know")
            }
            if let rev = r.revokedAt { throw deny("key \(id.short) is already revoked at entry \(rev)") }
            if r.isRoot && activeRoots == [id] {
                throw deny("key \(id.short) is the last root key; register another root key before revoking it")
            }
        case .logKeyRotated:
            try requireRoot(e)
            let key = try namedKey("LogKeyRotated needs \"logKey\" (base64 of the new raw Ed25519 key)")
            if let old = logKeys.first(where: { $0.key == key }) {
                throw deny(
                    "LogKeyRotated names key \(key.keyID.short), a checkpoint key of this log since entry "
                        + "\(old.entry); rotate to a new key"
                )
            }
            if let r = records[key.keyID] {
                throw deny(
                    "LogKeyRotated names key \(key.keyID.short), registered as a signer (\(r.role)) at entry "
                        + "\(r.registeredAt); the checkpoint key signs checkpoints only"
                )
            }
        default:
            break
        }
    }

    /// `thidua-keys/2`: a payload names the log it is for, so an envelope signed for one
    /// log (last year's, a staging log) is refused by every other.
    private func checkBinding(_ e: SignedEvent) throws(EntryFault) {
        guard e.index > 0 else { return }
        // Bound to this log, the common case: compared in place (the refusals read the value).
        if let n = e.payload.logNode, e.payload.tape.isString(n, origin) { return }
        guard let bound = e.field("log") else {
            throw EntryFault(
                index: e.index, rule: .payload,
                "\(e.type) has no \"log\": under \(rulesName ?? KeyRules.v2) every payload names the log it is for; "
                    + "add \"log\": \"\(origin)\" and sign it again",
                vi:
                    "\(e.type) thiếu \"log\": theo \(rulesName ?? KeyRules.v2) mỗi nội dung phải nêu sổ mà nó thuộc "
                    + "về; "
                    + "thêm \"log\": \"\(origin)\" rồi ký lại (thidua event làm việc này)")
        }
        guard let name = bound.stringValue, name == origin else {
            let shown = bound.stringValue.map { "\"\($0.prefix(120))\"" } ?? bound.typeName
            throw EntryFault(
                index: e.index, rule: .payload,
                "this payload was signed for log \(shown), not for this log (\"\(origin)\"); an envelope signed for "
                    + "another log is refused here: sign a new payload with \"log\": \"\(origin)\"",
                vi: "nội dung này được ký cho sổ \(shown), không phải sổ này (\"\(origin)\"); hãy ký nội dung mới với "
                    + "\"log\": \"\(origin)\"")
        }
    }

    /// `thidua-keys/2`: key events carry exactly their fields (a typo is refused, not kept).
    private func checkKeyEventFields(_ e: SignedEvent) throws(EntryFault) {
        guard let kind = e.keyEvent else { return }
        let tape = e.payload.tape
        // Names compared as bytes: no String is made for a field that is known.
        var unknownBytes: [UInt8]? = nil
        let known = kind.knownNames
        tape.forEachKey(JSONTape.root) { key, _ in
            if unknownBytes == nil,
                !known.contains(where: { $0.withUnsafeBufferPointer { JSONTape.same(key, $0) } })
            {
                unknownBytes = Array(key)
            }
        }
        if let unknownBytes {
            let unknown = String(decoding: unknownBytes, as: UTF8.self)
            let allowed = kind.fields
            throw EntryFault(
                index: e.index, rule: .payload,
                "\(e.type).\(unknown): unknown field\(Suggest.hint(unknown, among: allowed)) (\(e.type) has: "
                    + "\(allowed.sorted().joined(separator: ", ")))",
                vi:
                    "\(e.type).\(unknown): không có trường này (\(e.type) có: "
                    + "\(allowed.sorted().joined(separator: ", ")))"
            )
        }
        for k in KeyRing.textFields {
            if let n = tape.member(JSONTape.root, k), tape.kind(n) != .string {
                throw EntryFault(
                    index: e.index, rule: .payload,
                    "\(e.type).\(k) is \(tape.typeName(n)); write it as a string in quotes")
            }
        }
    }

    /// The fields of key events written as text.
    private static let textFields = ["role", "scope", "name", "reason", "title", "rules"]

    private func requireRoot(_ e: SignedEvent) throws(EntryFault) {
        guard e.signers.contains(where: { records[$0]?.isRoot == true }) else {
            let who = e.signers.map { "\($0.short) (\(records[$0]?.role ?? "unknown"))" }.joined(separator: ", ")
            throw EntryFault(
                index: e.index, rule: .authority,
                "\(e.type) must be signed by a root key of the council; signed by \(who)")
        }
    }

    /// Learns keys from an admitted event.
    /// - Parameter prepared: `prepare` of the event's payload (nil: read here).
    public mutating func record(_ e: SignedEvent, prepared: PreparedKey? = nil) {
        /// The key the event names, when it reads as one.
        func named() -> PublicKey? {
            guard case .success(let k)? = (prepared ?? KeyRing.prepare(e.payload))?.key else { return nil }
            return k
        }
        switch e.keyEvent {
        case .logOpened:
            guard let g = try? KeyRing.genesis(e.payload) else { return }
            origin = g.origin
            logKeys = [LogKeyPeriod(key: g.logKey, fromSize: 1, entry: e.index)]
            rulesName = g.rules
            for r in g.roots {
                records[r.keyID] = KeyRecord(
                    publicKey: r, role: KeyRing.rootRole, scope: nil, name: nil, registeredAt: e.index)
            }
        case .keyRegistered:
            guard let key = named(), let role = e.field("role")?.stringValue else { return }
            records[key.keyID] = KeyRecord(
                publicKey: key, role: role, scope: e.field("scope")?.stringValue,
                name: e.field("name")?.stringValue, registeredAt: e.index)
        case .keyRevoked:
            guard let k = e.field("keyid")?.stringValue, let id = KeyID(hex: k) else { return }
            records[id]?.revokedAt = e.index
        case .logKeyRotated:
            guard let key = named() else { return }
            logKeys.append(LogKeyPeriod(key: key, fromSize: e.index + 1, entry: e.index))
        default:
            break
        }
    }
}
