/// What a rules type reads from a payload ahead of the ordered checks (`prepare`), on any
/// thread, and is handed back with the same event: an object, so handing it back costs a
/// reference and a class check.
public typealias PreparedPayload = AnyObject & Sendable

/// Who may sign what, decided from the log before an entry. Rules are values: `record`
/// returns nothing and never fails, so replaying the same entries always gives the same
/// state; refusing happens in `admit`, before an entry is appended.
public protocol AuthorityRules: Sendable {
    /// The name an entry-0 `LogOpened` payload gives in `"rules"` to choose these rules
    /// (`thidua-keys/2`, `thidua-emulation/2`, …).
    var name: String { get }
    /// Keys known so far.
    var keys: KeyRing { get }
    /// `keys.key(id)`, without a copy of the key ring (the ordered checks ask it for every
    /// signature). The default reads `keys`.
    func key(_ id: KeyID) -> PublicKey?
    /// Throws a fault (rule 4 or 5), naming the key, the rule and the entry that granted
    /// or revoked it, when the signers may not append `event` here.
    func admit(_ event: SignedEvent) throws(EntryFault)
    /// Learns from an entry that was admitted.
    mutating func record(_ event: SignedEvent)
    /// False only when `record(event)` certainly leaves these rules as they were, so an
    /// open may skip the entry (`AuthorityJournal`). The default is true.
    func shapes(_ event: SignedEvent) -> Bool
    /// Reads what `admit` and `record` need from a payload without the log's state, so a
    /// verification can do it on every core ahead of the ordered checks. The default is nil.
    func prepare(_ payload: Payload) -> (any PreparedPayload)?
    /// `admit`, given what `prepare` read from the same payload (or nil).
    func admit(_ event: SignedEvent, prepared: (any PreparedPayload)?) throws(EntryFault)
    /// `record`, given what `prepare` read from the same payload (or nil).
    mutating func record(_ event: SignedEvent, prepared: (any PreparedPayload)?)
}

extension AuthorityRules {
    public func shapes(_ event: SignedEvent) -> Bool { true }
    public func key(_ id: KeyID) -> PublicKey? { keys.key(id) }
    public func prepare(_ payload: Payload) -> (any PreparedPayload)? { nil }
    public func admit(_ event: SignedEvent, prepared: (any PreparedPayload)?) throws(EntryFault) { try admit(event) }
    public mutating func record(_ event: SignedEvent, prepared: (any PreparedPayload)?) { record(event) }
}

/// The log layer's own rules, also used when the genesis names none:
/// root keys manage keys; any known, unrevoked key may sign any other event.
/// - `thidua-keys/1`: as first written.
/// - `thidua-keys/2`: every payload after the genesis names its log (`"log"`: the origin),
///   and key events have exactly their fields.
public struct KeyRules: AuthorityRules {
    public static let v1 = "thidua-keys/1"
    public static let v2 = "thidua-keys/2"
    public let name: String
    public private(set) var keys: KeyRing

    public init(version: Int = 2) {
        name = version >= 2 ? KeyRules.v2 : KeyRules.v1
        keys = KeyRing(version: version)
    }

    public func admit(_ e: SignedEvent) throws(EntryFault) { try keys.admit(e) }
    public mutating func record(_ e: SignedEvent) { keys.record(e) }
    /// A key event's key (`KeyRing.prepare`), read once for `admit` and `record`.
    public func prepare(_ payload: Payload) -> (any PreparedPayload)? { KeyRing.prepare(payload) }
    public func admit(_ e: SignedEvent, prepared: (any PreparedPayload)?) throws(EntryFault) {
        try keys.admit(e, prepared: prepared as? KeyRing.PreparedKey)
    }
    public mutating func record(_ e: SignedEvent, prepared: (any PreparedPayload)?) {
        keys.record(e, prepared: prepared as? KeyRing.PreparedKey)
    }
    /// Only the genesis and key events change a key ring.
    public func shapes(_ e: SignedEvent) -> Bool { e.index == 0 || e.keyEvent != nil }
}
