import ThiduaLog

/// A field of an event as people and forms see it: its name, what it holds, whether it is
/// required, and what it means (in Vietnamese and English). `thidua event TYPE --help`,
/// the typed commands and the web form are built from these; the decoders read the same
/// names (a test checks that they agree).
public struct FieldSpec: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// A non-empty string.
        case text
        /// An id of the event-id alphabet (units, groups, criteria, codes).
        case id
        /// A calendar date `YYYY-MM-DD`.
        case date
        /// An exact decimal within a range.
        case decimal(DecimalRange)
        /// A whole number within a range.
        case integer(ClosedRange<Int>)
        /// One of these words.
        case choice([String])
        /// A SHA-256, 64 lowercase hex characters.
        case sha256
        /// An Ed25519 public key, base64 of the 32 raw bytes.
        case publicKey
        /// A keyid, 32 lowercase hex characters.
        case keyID
        /// A file, in base64 (with its SHA-256 beside it).
        case file
        /// A list of values of one kind.
        case list(Kind)
        /// A list of objects with these fields.
        case objects([FieldSpec])
        /// An object with these fields.
        case object([FieldSpec])
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    public let vi: String
    public let en: String

    public init(_ name: String, _ kind: Kind, required: Bool = true, vi: String, en: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.vi = vi
        self.en = en
    }

    public func meaning(_ lang: Language) -> String { lang == .vi ? vi : en }

    // Fields many events share.
    public static let unit = FieldSpec(
        "unit", .id, vi: "mã đơn vị (ví dụ h-nam-po)", en: "the unit's id (e.g. h-nam-po)")
    public static let group = FieldSpec("group", .id, vi: "mã cụm hoặc khối thi đua", en: "the cluster's or bloc's id")
    public static let criterion = FieldSpec(
        "criterion", .id, vi: "mã tiêu chí trong bảng điểm (ví dụ B4)",
        en: "the rubric criterion's id (e.g. B4)")
    public static let reason = FieldSpec("reason", .text, vi: "lý do", en: "why")
    public static let effective = FieldSpec("effective", .date, vi: "ngày có hiệu lực", en: "the date it takes effect")
    public static let evidence = FieldSpec(
        "evidence",
        .objects([
            FieldSpec(
                "sha256", .sha256, vi: "SHA-256 của tài liệu (sha256sum)", en: "the document's SHA-256 (sha256sum)"),
            FieldSpec("name", .text, required: false, vi: "tên tài liệu", en: "the document's name"),
        ]), required: false, vi: "minh chứng: tài liệu kèm theo", en: "evidence: the documents behind it")
}

extension DecimalRange: Equatable {
    public static func == (a: DecimalRange, b: DecimalRange) -> Bool {
        a.wholeDigits == b.wholeDigits && a.decimals == b.decimals && a.min == b.min && a.max == b.max
    }
}

extension Fraction: JSONRepresentable {
    /// The exact decimal (a value read from a payload has at most 18 decimals).
    public var json: JSON { .number(decimalText(maxPlaces: 18)) }
}
