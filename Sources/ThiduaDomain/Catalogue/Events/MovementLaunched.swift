import ThiduaLog

/// An indicator of a movement's targets: one measurable number.
public struct Indicator: Hashable, Sendable, Codable {
    public enum Direction: String, Sendable, Codable { case higher, lower }
    public let code: String
    public let name: String
    public let unit: String
    public let value: Fraction
    public let direction: Direction
    /// Codes of indicators whose values should add up to this one (a data-quality check).
    public let parts: [String]

    public init(
        code: String, name: String, unit: String, value: Fraction, direction: Direction = .higher, parts: [String] = []
    ) {
        self.code = code
        self.name = name
        self.unit = unit
        self.value = value
        self.direction = direction
        self.parts = parts
    }

    static let fields = [
        FieldSpec("code", .id, vi: "mã chỉ tiêu (ví dụ CT01)", en: "the indicator's code (e.g. CT01)"),
        FieldSpec("name", .text, vi: "tên chỉ tiêu", en: "the indicator's name"),
        FieldSpec(
            "unit", .text, vi: "đơn vị tính (tỷ đồng, %, người…)", en: "the unit of measure (tỷ đồng, %, người…)"),
        FieldSpec("value", .decimal(.value), vi: "giá trị chỉ tiêu", en: "the target value"),
        FieldSpec(
            "direction", .choice(["higher", "lower"]), required: false,
            vi: "higher: cao hơn là tốt (mặc định); lower: thấp hơn là tốt",
            en: "higher: more is better (default); lower: less is better"),
        FieldSpec(
            "parts", .list(.id), required: false, vi: "mã các chỉ tiêu thành phần cộng lại bằng chỉ tiêu này",
            en: "codes of the indicators that add up to this one"),
    ]

    init(_ i: Fields) throws(DomainError) {
        code = try i.id("code")
        name = try i.string("name")
        unit = try i.string("unit")
        value = try i.decimal("value", .value)
        direction = try i.oneOf("direction", ["higher", "lower"], default: "higher") == "lower" ? .lower : .higher
        parts = try i.strings("parts")
    }

    var json: JSON {
        .object(
            JSON.members([
                "code": code.json, "name": name.json, "unit": unit.json, "value": value.json,
                "direction": direction == .lower ? "lower" : nil, "parts": parts.isEmpty ? nil : .some(parts.json),
            ]))
    }
}

/// A numbered target of a movement (chỉ tiêu), with one or more indicators.
public struct Target: Hashable, Sendable {
    public let number: Int
    public let text: String
    public let indicators: [Indicator]

    public init(number: Int, text: String, indicators: [Indicator]) {
        self.number = number
        self.text = text
        self.indicators = indicators
    }
}

/// A movement launched (phát động): its theme, period and numbered targets.
public struct MovementLaunched: CatalogueEvent, Hashable {
    public static let type = "MovementLaunched"
    public static let fields = [
        FieldSpec("movement", .id, vi: "mã phong trào", en: "the movement's id"),
        FieldSpec("name", .text, vi: "tên phong trào", en: "the movement's name"),
        FieldSpec("theme", .text, required: false, vi: "chủ đề", en: "its theme"),
        FieldSpec(
            "document", .text, required: false, vi: "văn bản phát động (số, ngày)",
            en: "the launching document (number, date)"),
        FieldSpec(
            "period",
            .object([
                FieldSpec("from", .date, vi: "từ ngày", en: "from"), FieldSpec("to", .date, vi: "đến ngày", en: "to"),
            ]),
            vi: "thời gian của phong trào", en: "the movement's period"),
        FieldSpec(
            "targets",
            .objects([
                FieldSpec(
                    "number", .integer(IntRange.targetNumber), vi: "số thứ tự chỉ tiêu", en: "the target's number"),
                FieldSpec(
                    "text", .text, vi: "nội dung chỉ tiêu như văn bản ghi", en: "the target as the document words it"),
                FieldSpec(
                    "indicators", .objects(Indicator.fields), vi: "các chỉ số đo được",
                    en: "its measurable " + "indicators"),
            ]), vi: "các chỉ tiêu", en: "the targets"),
    ]
    public let movement: String
    public let name: String
    public let theme: String?
    public let document: String?
    public let period: DateSpan
    public let targets: [Target]

    public init(
        movement: String, name: String, theme: String? = nil, document: String? = nil, period: DateSpan,
        targets: [Target]
    ) {
        self.movement = movement
        self.name = name
        self.theme = theme
        self.document = document
        self.period = period
        self.targets = targets
    }

    init(_ f: Fields) throws(DomainError) {
        movement = try f.id("movement")
        name = try f.string("name")
        theme = try f.optString("theme")
        document = try f.optString("document")
        let p = try f.object("period")
        period = DateSpan(from: try p.date("from"), to: try p.date("to"))
        var ts: [Target] = []
        var codes: Set<String> = []
        for t in try f.array("targets") {
            var inds: [Indicator] = []
            for i in try t.array("indicators") {
                let ind = try Indicator(i)
                guard codes.insert(ind.code).inserted else {
                    throw DomainError(
                        .inconsistent, "\(i.path).code", "\(i.path).code \"\(ind.code)\" is used twice in this movement"
                    )
                }
                inds.append(ind)
            }
            ts.append(
                Target(number: try t.int("number", IntRange.targetNumber), text: try t.string("text"), indicators: inds)
            )
        }
        targets = ts
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "movement": movement.json, "name": name.json, "theme": theme.json, "document": document.json,
            "period": ["from": period.from.json, "to": period.to.json ?? nil],
            "targets": .array(
                targets.map { t in
                    ["number": t.number.json, "text": t.text.json, "indicators": .array(t.indicators.map(\.json))]
                }),
        ])
    }
}

extension MovementLaunched: Codable {
    public init(from decoder: any Decoder) throws { try self.init(savedFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try save(to: encoder) }
}
