/// An entry whose envelope, signatures and payload have been checked, with the keys
/// that signed it. This is what authority rules and projections read.
public struct SignedEvent: Sendable {
    public let index: Int
    public let receivedAt: Timestamp
    public let payload: Payload
    /// The keys whose signatures verified, sorted by keyid.
    public let signers: [KeyID]

    public init(index: Int, receivedAt: Timestamp, payload: Payload, signers: [KeyID]) {
        self.index = index; self.receivedAt = receivedAt; self.payload = payload; self.signers = signers
    }

    /// Reads a log line into its event, without checking signatures or authority (a replay
    /// of lines already verified; `trusted` as in `Entry(line:trusted:)`).
    public init(line: [UInt8], trusted: Bool = false) throws {
        let entry = try Entry(line: line, trusted: trusted)
        self.init(index: entry.index, receivedAt: entry.receivedAt, payload: try Payload(bytes: entry.envelope.payload),
                  signers: entry.envelope.keyIDs)
    }

    public var type: String { payload.type }
    public var json: JSON { payload.json }
}

/// The rules of the integrity spec §7, numbered as there, so every fault names one.
public enum IntegrityRule: Int, Sendable, CustomStringConvertible, CaseIterable {
    case lineFormat = 1, timeOrder, signature, payload, authority, checkpoint, consistency

    public var description: String {
        switch self {
        case .lineFormat: return "rule 1 (line format)"
        case .timeOrder: return "rule 2 (receivedAt order)"
        case .signature: return "rule 3 (signatures)"
        case .payload: return "rule 4 (payload)"
        case .authority: return "rule 5 (authority)"
        case .checkpoint: return "rule 6 (checkpoint)"
        case .consistency: return "rule 7 (consistency)"
        }
    }

    public var slug: String {
        switch self {
        case .lineFormat: return "line-format"
        case .timeOrder: return "time-order"
        case .signature: return "signature"
        case .payload: return "payload"
        case .authority: return "authority"
        case .checkpoint: return "checkpoint"
        case .consistency: return "consistency"
        }
    }
}

/// Why an entry is not acceptable at its place in the log.
public struct EntryFault: Error, Equatable, CustomStringConvertible {
    /// The entry at fault, when there is one.
    public let index: Int?
    public let rule: IntegrityRule
    public let message: String

    public init(index: Int?, rule: IntegrityRule, _ message: String) {
        self.index = index; self.rule = rule; self.message = message
    }

    public var description: String {
        if let index { return "entry \(index): \(message) [\(rule)]" }
        return "\(message) [\(rule)]"
    }
}

/// Who may sign what, decided from the log before an entry. Rules are values: `record`
/// returns nothing and never fails, so replaying the same entries always gives the same
/// state; refusing happens in `admit`, before an entry is appended.
public protocol AuthorityRules: Sendable {
    /// The name an entry-0 `LogOpened` payload gives in `"rules"` to choose these rules.
    static var name: String { get }
    /// Keys known so far.
    var keys: KeyRing { get }
    /// Throws an `.authority` fault, naming the key, the rule and the entry that
    /// granted or revoked it, when the signers may not append `event` here.
    func admit(_ event: SignedEvent) throws(EntryFault)
    /// Learns from an entry that was admitted.
    mutating func record(_ event: SignedEvent)
}

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

/// The keys of a log, learned from the log alone (integrity spec §2: payloads carry keys
/// as standard base64 of the raw 32 bytes).
///
/// Key events, as the log layer reads them:
/// - `LogOpened` (entry 0 only): `origin`, `logKey`, `rootKeys`, optional `rules`;
///   signed by root keys it names.
/// - `KeyRegistered`: `publicKey`, `role`, optional `scope` and `name`; signed by a root key.
/// - `KeyRevoked`: `keyid`, optional `reason`; signed by a root key.
public struct KeyRing: Sendable {
    public static let rootRole = "root"

    public private(set) var origin: String = ""
    public private(set) var logKey: PublicKey? = nil
    public private(set) var rulesName: String? = nil
    public private(set) var records: [KeyID: KeyRecord] = [:]

    public init() {}

    public func record(_ id: KeyID) -> KeyRecord? { records[id] }

    /// The key with this id, if the log knows it (revoked or not: old signatures still verify).
    public func key(_ id: KeyID) -> PublicKey? { records[id]?.publicKey }

    public var activeRoots: [KeyID] { records.filter { $0.value.isRoot && $0.value.revokedAt == nil }.map(\.key).sorted() }

    /// Reads the genesis fields. Used for entry 0, before its signatures are checked,
    /// because the genesis names the keys that sign it.
    public static func genesis(_ payload: Payload) throws(EntryFault) -> (origin: String, logKey: PublicKey, roots: [PublicKey], rules: String?) {
        func fault(_ m: String) -> EntryFault { EntryFault(index: 0, rule: .payload, m) }
        guard payload.type == "LogOpened" else {
            throw EntryFault(index: 0, rule: .authority, "entry 0 is \(payload.type); a log starts with LogOpened (the genesis)")
        }
        guard let origin = payload.json["origin"]?.stringValue, !origin.isEmpty, !origin.contains("\n") else {
            throw fault("LogOpened needs a one-line \"origin\"")
        }
        guard let lk = payload.json["logKey"]?.stringValue else { throw fault("LogOpened needs \"logKey\" (base64 of the raw Ed25519 key)") }
        let logKey: PublicKey
        do { logKey = try PublicKey(base64: lk, source: "LogOpened.logKey") } catch { throw fault(error.description) }
        guard let rk = payload.json["rootKeys"]?.arrayValue, !rk.isEmpty else { throw fault("LogOpened needs a non-empty \"rootKeys\" array") }
        var roots: [PublicKey] = []
        for (k, r) in rk.enumerated() {
            guard let s = r.stringValue else { throw fault("LogOpened.rootKeys[\(k)] is not a string") }
            do { roots.append(try PublicKey(base64: s, source: "LogOpened.rootKeys[\(k)]")) } catch { throw fault(error.description) }
        }
        guard Set(roots.map(\.keyID)).count == roots.count else { throw fault("LogOpened.rootKeys names a key twice") }
        var rules: String? = nil
        if let r = payload.json["rules"] {
            guard let s = r.stringValue else { throw fault("LogOpened.rules is not a string") }
            rules = s
        }
        return (origin, logKey, roots, rules)
    }

    /// Checks a key event's authority and fields.
    public func admit(_ e: SignedEvent) throws(EntryFault) {
        func deny(_ m: String) -> EntryFault { EntryFault(index: e.index, rule: .authority, m) }
        func bad(_ m: String) -> EntryFault { EntryFault(index: e.index, rule: .payload, m) }
        // Every signer must be known and not revoked.
        for id in e.signers {
            guard let r = records[id] else {
                throw deny("key \(id.short) signed \(e.type) but is not a key of this log (not in LogOpened or any KeyRegistered before this entry)")
            }
            if let rev = r.revokedAt {
                throw deny("key \(id.short) signed \(e.type) but was revoked at entry \(rev) (KeyRevoked)")
            }
        }
        switch e.type {
        case "LogOpened":
            if e.index != 0 { throw deny("LogOpened is the genesis and may appear only at entry 0") }
        case "KeyRegistered":
            try requireRoot(e)
            guard let pk = e.json["publicKey"]?.stringValue else { throw bad("KeyRegistered needs \"publicKey\" (base64 of the raw Ed25519 key)") }
            let key: PublicKey
            do { key = try PublicKey(base64: pk, source: "KeyRegistered.publicKey") } catch { throw bad(error.description) }
            guard let role = e.json["role"]?.stringValue, !role.isEmpty else { throw bad("KeyRegistered needs a \"role\"") }
            _ = role
            if let existing = records[key.keyID] {
                throw deny("key \(key.keyID.short) is already registered at entry \(existing.registeredAt)\(existing.revokedAt.map { " and revoked at entry \($0); a revoked key is never registered again: make a new key" } ?? "")")
            }
            if key.keyID == logKey?.keyID { throw deny("the log's checkpoint key signs checkpoints only; register another key") }
        case "KeyRevoked":
            try requireRoot(e)
            guard let k = e.json["keyid"]?.stringValue, let id = KeyID(hex: k) else { throw bad("KeyRevoked needs \"keyid\" (32 lowercase hex)") }
            guard let r = records[id] else { throw bad("KeyRevoked names key \(id.short), which this log does not know") }
            if let rev = r.revokedAt { throw deny("key \(id.short) is already revoked at entry \(rev)") }
            if r.isRoot && activeRoots == [id] { throw deny("key \(id.short) is the last root key; register another root key before revoking it") }
        default:
            break
        }
    }

    private func requireRoot(_ e: SignedEvent) throws(EntryFault) {
        guard e.signers.contains(where: { records[$0]?.isRoot == true }) else {
            let who = e.signers.map { "\($0.short) (\(records[$0]?.role ?? "unknown"))" }.joined(separator: ", ")
            throw EntryFault(index: e.index, rule: .authority, "\(e.type) must be signed by a root key of the council; signed by \(who)")
        }
    }

    /// Learns keys from an admitted event.
    public mutating func record(_ e: SignedEvent) {
        switch e.type {
        case "LogOpened":
            guard let g = try? KeyRing.genesis(e.payload) else { return }
            origin = g.origin
            logKey = g.logKey
            rulesName = g.rules
            for r in g.roots {
                records[r.keyID] = KeyRecord(publicKey: r, role: KeyRing.rootRole, scope: nil, name: nil, registeredAt: e.index)
            }
        case "KeyRegistered":
            guard let pk = e.json["publicKey"]?.stringValue, let key = try? PublicKey(base64: pk),
                  let role = e.json["role"]?.stringValue else { return }
            records[key.keyID] = KeyRecord(publicKey: key, role: role, scope: e.json["scope"]?.stringValue,
                                           name: e.json["name"]?.stringValue, registeredAt: e.index)
        case "KeyRevoked":
            guard let k = e.json["keyid"]?.stringValue, let id = KeyID(hex: k) else { return }
            records[id]?.revokedAt = e.index
        default:
            break
        }
    }
}

/// The log layer's own rules ("thidua-keys/1", also used when the genesis names none):
/// root keys manage keys; any known, unrevoked key may sign any other event.
public struct KeyRules: AuthorityRules {
    public static let name = "thidua-keys/1"
    public private(set) var keys = KeyRing()
    public init() {}
    public func admit(_ e: SignedEvent) throws(EntryFault) { try keys.admit(e) }
    public mutating func record(_ e: SignedEvent) { keys.record(e) }
}

/// Chooses the rules a log runs under, by the name its genesis gives.
public struct RulesCatalog: Sendable {
    private var makers: [String: @Sendable () -> any AuthorityRules]

    /// The log layer alone: `thidua-keys/1`.
    public static let logLayer = RulesCatalog(makers: [KeyRules.name: { KeyRules() }])

    public func adding<R: AuthorityRules>(_ make: @escaping @Sendable () -> R) -> RulesCatalog {
        var c = self
        c.makers[R.name] = { make() }
        return c
    }

    public var names: [String] { makers.keys.sorted() }

    /// Fresh rules for a log whose genesis names `name` (nil: the log layer's).
    public func rules(named name: String?) throws(EntryFault) -> any AuthorityRules {
        let n = name ?? KeyRules.name
        guard let make = makers[n] else {
            throw EntryFault(index: 0, rule: .authority, "the genesis names rules \"\(n)\", which this thidua does not know (it knows \(names.joined(separator: ", ")))")
        }
        return make()
    }
}

/// Checks one entry's signatures and payload against the rules of the log before it:
/// the same code for append and verify.
public enum EntryChecks {
    /// - Parameter rules: the rules after entries [0, index); nil for entry 0.
    /// - Returns: the signed event and, for entry 0, the rules its genesis chose.
    ///   - signaturesChecked: the Ed25519 signatures were already verified (by
    ///     `SignaturePrecheck`, in parallel) under the keys their keyids name; the keys must
    ///     still be known to the log at this entry, which is checked here.
    public static func check(envelope: Envelope, index: Int, receivedAt: Timestamp, rules: (any AuthorityRules)?,
                             catalog: RulesCatalog, signaturesChecked: Bool = false) throws(EntryFault) -> (SignedEvent, (any AuthorityRules)?) {
        func parse() throws(EntryFault) -> Payload {
            do { return try Payload(bytes: envelope.payload) } catch {
                throw EntryFault(index: index, rule: .payload, error.description)
            }
        }
        let message = envelope.pae
        let payload: Payload
        var fresh: (any AuthorityRules)? = nil
        if index == 0 {
            // The genesis names the keys that sign it, so it is read first.
            payload = try parse()
            let g = try KeyRing.genesis(payload)
            fresh = try catalog.rules(named: g.rules)
            let roots = Dictionary(uniqueKeysWithValues: g.roots.map { ($0.keyID, $0) })
            for s in envelope.signatures {
                guard let key = roots[s.keyID] else {
                    throw EntryFault(index: 0, rule: .authority, "key \(s.keyID.short) signed the genesis but is not one of its rootKeys")
                }
                if !signaturesChecked { try verify(s, key, message, index) }
            }
        } else {
            // Signatures first (DSSE: verify before parsing), with keys the log knew before.
            guard let rules else { throw EntryFault(index: index, rule: .authority, "no genesis before this entry") }
            for s in envelope.signatures {
                guard let key = rules.keys.key(s.keyID) else {
                    throw EntryFault(index: index, rule: .authority, "key \(s.keyID.short) signed this entry but is not a key of this log (not in LogOpened or any KeyRegistered before it)")
                }
                if !signaturesChecked { try verify(s, key, message, index) }
            }
            payload = try parse()
        }
        let event = SignedEvent(index: index, receivedAt: receivedAt, payload: payload, signers: envelope.keyIDs)
        if index == 0 {
            // The genesis is authorised by its own root keys, checked above.
            var r = fresh!
            r.record(event)
            return (event, r)
        }
        try rules!.admit(event)
        return (event, nil)
    }

    private static func verify(_ s: Envelope.Signature, _ key: PublicKey, _ message: [UInt8], _ index: Int) throws(EntryFault) {
        guard key.verify(signature: s.sig, message: message) else {
            throw EntryFault(index: index, rule: .signature, "signature by key \(s.keyID.short) does not verify over the payload: the payload or the signature was altered, or another key signed it")
        }
    }
}
