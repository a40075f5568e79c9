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

/// An event saved in a projection's state is written as its own payload fields and read
/// back by its own reader (as a replay reads it): the one registration, not a second codec.
/// A type opts in with `Codable` witnesses that call these.
extension CatalogueEvent {
    init(savedFrom decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(Fields(try JSONTape.parse(Array(text.utf8)), Self.type, mode: .fold))
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(Self.type): \(error)"))
        }
    }
    func save(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(JSONWriter.string(.object(payloadFields)))
    }
}
