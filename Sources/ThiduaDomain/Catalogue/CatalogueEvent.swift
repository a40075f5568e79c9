import ThiduaLog

/// An event of the emulation catalogue: a past-tense value that reads itself from a
/// payload and writes itself back, so no command, demo or test writes a payload by hand.
protocol CatalogueEvent: Sendable, Equatable {
    /// The payload's `type`.
    static var type: String { get }
    /// Its fields, for help and forms; the decoder reads exactly these.
    static var fields: [FieldSpec] { get }
    /// Reads the event from its payload's fields.
    init(_ f: Fields) throws(DomainError)
    /// The payload's own fields (after v, type, id, issuedAt, log), in `fields` order.
    var payloadFields: [JSON.Member] { get }
}

/// One type of the catalogue, registered once (`DomainEvent.catalogue`): this list drives
/// decoding, the catalogue in `thidua types`, `thidua event TYPE --help` and the web form.
public struct EventKind: Sendable {
    public let type: String
    public let fields: [FieldSpec]
    /// The roles of the keys that sign it (`unit` means the unit's own representative).
    public let signers: [String]
    public let vi: String
    public let en: String
    let read: @Sendable (Fields) throws(DomainError) -> DomainEvent

    init<E: CatalogueEvent>(
        _ e: E.Type, signers: [String], vi: String, en: String, _ wrap: @escaping @Sendable (E) -> DomainEvent
    ) {
        type = E.type
        fields = E.fields
        self.signers = signers
        self.vi = vi
        self.en = en
        read = { (f: Fields) throws(DomainError) -> DomainEvent in wrap(try E(f)) }
    }

    public func summary(_ lang: Language) -> String { lang == .vi ? vi : en }
}
