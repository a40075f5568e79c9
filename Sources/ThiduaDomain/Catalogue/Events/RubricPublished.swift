import ThiduaLog

/// A rubric (Projections/ file format) published for groups, with the SHA-256 of the file.
public struct RubricPublished: CatalogueEvent, Hashable {
    public static let type = "RubricPublished"
    public static let fields = [
        FieldSpec(
            "file", .file, vi: "tệp bảng điểm (base64; `thidua rubric publish` tự làm)",
            en: "the rubric file (base64; `thidua rubric publish` makes it)"),
        FieldSpec("sha256", .sha256, vi: "SHA-256 của tệp (sha256sum)", en: "the file's SHA-256 (sha256sum)"),
        FieldSpec(
            "groups", .list(.id), vi: "các cụm, khối chấm theo bảng điểm này", en: "the clusters and blocs it scores"),
    ]
    /// The file's bytes, exactly as published.
    public let file: [UInt8]
    public let rubric: Rubric
    public let sha256: String
    public let groups: [String]

    /// Publishes `file` for `groups` (the file is read and checked as the log will check it).
    public init(file: [UInt8], groups: [String]) throws(DomainError) {
        self.file = file
        rubric = try Rubric(bytes: file, mode: .strict, path: "RubricPublished.file")
        sha256 = Hex.encode(SHA256.hash(file).bytes)
        self.groups = groups
    }

    init(_ f: Fields) throws(DomainError) {
        let b64 = try f.string("file")
        let bytes: [UInt8]
        do { bytes = try Base64.decode(b64) } catch {
            throw DomainError(.invalidField, "\(f.path).file", "\(f.path).file is not base64: \(error)")
        }
        let hash = Hex.encode(SHA256.hash(bytes).bytes)
        file = bytes
        sha256 = try f.sha256("sha256")
        guard sha256 == hash else {
            throw DomainError(
                .inconsistent, "\(f.path).sha256", "\(f.path).sha256 is \(sha256) but the file's SHA-256 is \(hash)")
        }
        rubric = try Rubric(bytes: bytes, mode: f.mode, path: "\(f.path).file")
        groups = try f.strings("groups")
        guard !groups.isEmpty else {
            throw DomainError(
                .missingField, "\(f.path).groups", "\(f.path) needs \"groups\": the clusters or blocs the rubric scores"
            )
        }
    }

    var payloadFields: [JSON.Member] {
        JSON.members(["file": Base64.encode(file).json, "sha256": sha256.json, "groups": groups.json])
    }
}
