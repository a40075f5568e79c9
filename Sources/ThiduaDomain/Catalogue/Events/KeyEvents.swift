import ThiduaLog

// The log layer's key events, as the catalogue reads and writes them. Their authority and
// validity (known signers, root keys, valid public keys) are ThiduaLog's `KeyRing`'s.

/// The genesis: entry 0 of every log (written by `thidua init`).
public struct LogOpened: CatalogueEvent, Hashable {
    public static let type = "LogOpened"
    public static let fields = [
        FieldSpec("origin", .text, vi: "tên của sổ trong các checkpoint", en: "the log's name in checkpoints"),
        FieldSpec("logKey", .publicKey, vi: "khóa ký checkpoint (khóa công khai)", en: "the checkpoint key (public)"),
        FieldSpec("rootKeys", .list(.publicKey), vi: "khóa gốc của Hội đồng", en: "the council's root keys"),
        FieldSpec("rules", .text, required: false, vi: "bộ quy tắc của sổ", en: "the rules the log runs under"),
        FieldSpec("title", .text, required: false, vi: "tiêu đề", en: "a title"),
    ]
    public let origin: String
    public let logKey: String
    public let rootKeys: [String]
    public let rules: String?
    public let title: String?

    public init(origin: String, logKey: String, rootKeys: [String], rules: String?, title: String?) {
        self.origin = origin
        self.logKey = logKey
        self.rootKeys = rootKeys
        self.rules = rules
        self.title = title
    }

    init(_ f: Fields) throws(DomainError) {
        origin = try f.string("origin")
        logKey = try f.string("logKey")
        rootKeys = try f.strings("rootKeys")
        rules = try f.optString("rules")
        title = try f.optString("title")
    }

    var payloadFields: [JSON.Member] {
        JSON.members([
            "origin": origin.json, "logKey": logKey.json, "rootKeys": rootKeys.json, "rules": rules.json,
            "title": title.json,
        ])
    }
}

/// A key made known to the log, with its role (and, for a unit's representative, the unit).
public struct KeyRegistered: CatalogueEvent, Hashable {
    public static let type = "KeyRegistered"
    public static let fields = [
        FieldSpec(
            "publicKey", .publicKey, vi: "khóa công khai (base64 của 32 byte; `thidua keygen` in ra)",
            en: "the public key (base64 of the 32 raw bytes; `thidua keygen` prints it)"),
        FieldSpec(
            "role", .choice(EmulationRules.roles),
            vi:
                "vai trò: root, council (Hội đồng), unit (đại diện đơn vị), appraiser (thẩm định), agency (cơ quan "
                + "báo vi phạm)",
            en: "the role: root, council, unit (a unit's representative), appraiser, agency (reports violations)"),
        FieldSpec(
            "scope", .id, required: false, vi: "với vai trò unit: mã đơn vị mà khóa đại diện",
            en: "for role unit: the unit the key represents"),
        FieldSpec("name", .text, required: false, vi: "người hoặc cơ quan giữ khóa", en: "who holds the key"),
    ]
    public let publicKey: String
    public let role: String
    public let scope: String?
    public let name: String?

    public init(publicKey: String, role: String, scope: String? = nil, name: String? = nil) {
        self.publicKey = publicKey
        self.role = role
        self.scope = scope
        self.name = name
    }

    init(_ f: Fields) throws(DomainError) {
        publicKey = try f.string("publicKey")
        role = try f.string("role")
        scope = try f.optString("scope")
        name = try f.optString("name")
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["publicKey": publicKey.json, "role": role.json, "scope": scope.json, "name": name.json])
    }
}

/// A key that authorises nothing from this entry on.
public struct KeyRevoked: CatalogueEvent, Hashable {
    public static let type = "KeyRevoked"
    public static let fields = [
        FieldSpec("keyid", .keyID, vi: "mã khóa (32 ký tự hex)", en: "the keyid (32 hex characters)"),
        FieldSpec("reason", .text, required: false, vi: "lý do thu hồi", en: "why"),
    ]
    public let keyid: String
    public let reason: String?

    public init(keyid: String, reason: String? = nil) {
        self.keyid = keyid
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        keyid = try f.string("keyid")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] { JSON.members(["keyid": keyid.json, "reason": reason.json]) }
}

/// A new checkpoint key: it signs every checkpoint that includes this entry.
public struct LogKeyRotated: CatalogueEvent, Hashable {
    public static let type = "LogKeyRotated"
    public static let fields = [
        FieldSpec(
            "logKey", .publicKey, vi: "khóa ký checkpoint mới (khóa công khai)", en: "the new checkpoint key (public)"),
        FieldSpec("reason", .text, required: false, vi: "lý do đổi khóa", en: "why"),
    ]
    public let logKey: String
    public let reason: String?

    public init(logKey: String, reason: String? = nil) {
        self.logKey = logKey
        self.reason = reason
    }

    init(_ f: Fields) throws(DomainError) {
        logKey = try f.string("logKey")
        reason = try f.optString("reason")
    }

    var payloadFields: [JSON.Member] { JSON.members(["logKey": logKey.json, "reason": reason.json]) }
}
