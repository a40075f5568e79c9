import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog

/// `thidua event TYPE --field value …` (issue 15): for every type of the catalogue, the
/// command's payload is byte for byte what the type's encoder writes; on the demo log the
/// commands a leader, the appraiser, the inspectorate and the council use append.
@Suite struct TypedCommandTests {
    /// The command-line options that say `event`'s fields (what a person would type).
    static func arguments(_ event: DomainEvent, _ dir: TempDir) throws -> [String] {
        let kind = try #require(DomainEvent.catalogue.first { $0.type == event.type })
        var args: [String] = []
        func scalar(_ v: JSON) -> String {
            switch v {
            case .number(let n): return n
            case .string(let s): return s
            case .bool(let b): return b ? "true" : "false"
            default: return JSONWriter.string(v)
            }
        }
        func file(_ v: JSON) throws -> String {
            let path = dir.path("arg-\(args.count).json")
            try Data(JSONWriter.write(v)).write(to: URL(fileURLWithPath: path))
            return "@" + path
        }
        for m in event.payloadFields {
            let spec = try #require(kind.fields.first { $0.name == m.key })
            let name = "--" + EventCommandsNames.option(m.key)
            switch spec.kind {
            case .object(let subs):
                for s in subs {
                    if let v = m.value[s.name] { args += [name + "-" + EventCommandsNames.option(s.name), scalar(v)] }
                }
            case .objects(let subs):
                let nested = subs.contains {
                    switch $0.kind {
                    case .objects, .object: return true
                    default: return false
                    }
                }
                if nested {
                    args += [name, try file(m.value)]
                } else {
                    for item in m.value.arrayValue ?? [] {
                        let parts = (item.objectValue ?? []).map { p -> String in
                            let text =
                                p.value.arrayValue.map { $0.map(scalar).joined(separator: "+") } ?? scalar(p.value)
                            return p.key + "=" + text.replacingOccurrences(of: ",", with: "\\,")
                        }
                        args += [name, parts.joined(separator: ",")]
                    }
                }
            case .list:
                for v in m.value.arrayValue ?? [] { args += [name, scalar(v)] }
            case .file:
                let path = dir.path("file-\(args.count)")
                try Data(try Base64.decode(m.value.stringValue ?? "")).write(to: URL(fileURLWithPath: path))
                args += [name, path]
            default:
                args += [name, scalar(m.value)]
            }
        }
        return args
    }

    @Test(arguments: DomainEvent.types.filter { $0 != LogOpened.type })
    func theCommandWritesWhatTheEncoderWrites(_ type: String) throws {
        let dir = TempDir()
        let event = try CatalogueTests.sample(type)
        let args =
            ["event", type] + (try Self.arguments(event, dir))
            + ["--log", "o.vn/x", "--id", "e1", "--issued-at", "2025-03-01T08:00:00+07:00"]
        let r = try thidua(args, in: dir)
        #expect(r.status == 0, "\(args.joined(separator: " ")): \(r.err)")
        let expected = event.payload(id: "e1", issuedAt: "2025-03-01T08:00:00+07:00", log: "o.vn/x")
        #expect(r.out == String(decoding: expected, as: UTF8.self) + "\n", "\(args.joined(separator: " "))")
    }

    /// On the demo log: each command signed by the key that may sign it appends, and the
    /// log still verifies; mistakes are refused with the option named.
    @Test func theCommandsOfEachRoleAppendToTheDemo() throws {
        let dir = TempDir()
        #expect(try thidua(["demo", "--db", "demo.db", "--keys", "keys"], in: dir).status == 0)
        let evidence = dir.path("bien-ban.pdf")
        try Data("Biên bản nghiệm thu".utf8).write(to: URL(fileURLWithPath: evidence))
        let steps: [(key: String, args: [String])] = [
            (
                "xa-nam-ke",
                [
                    "IndicatorReported", "--unit", "xa-nam-ke", "--code", "VL", "--value", "152,5", "--as-of",
                    "2025-12-20", "--evidence", evidence,
                ]
            ),
            ("xa-nam-ke", ["TaskCompleted", "--unit", "xa-nam-ke", "--criterion", "C3", "--note", "Xóa 52 nhà tạm"]),
            (
                "xa-nam-ke",
                [
                    "SelfScoreSubmitted", "--unit", "xa-nam-ke", "--scores", "criterion=A4,points=4", "--scores",
                    "criterion=B3,points=3.5",
                ]
            ),
            (
                "xa-nam-ke",
                [
                    "ExplanationSubmitted", "--unit", "xa-nam-ke", "--criterion", "A1", "--text",
                    "Giải trình thu ngân sách",
                ]
            ),
            (
                "noi-vu",
                [
                    "ScoreAppraised", "--unit", "xa-nam-ke", "--criterion", "A1", "--field", "value", "--from", "3.2",
                    "--to", "3.4", "--reason", "Bổ sung chứng từ",
                ]
            ),
            (
                "noi-vu",
                [
                    "BonusAwarded", "--unit", "xa-nam-ke", "--item", "sang-kien", "--points", "1", "--reason",
                    "Sáng kiến",
                ]
            ),
            (
                "noi-vu",
                [
                    "DeductionApplied", "--unit", "xa-nam-ke", "--item", "bao-cao-cham", "--points", "0,5", "--reason",
                    "Chậm",
                ]
            ),
            (
                "thanh-tra",
                ["ViolationReported", "--unit", "xa-nam-ke", "--level", "khiển trách", "--description", "Chậm hồ sơ"]
            ),
            (
                "council",
                [
                    "HeadElected", "--group", "cum-xa-bien-gioi", "--unit", "xa-muong-nhe", "--role", "head",
                    "--term-from", "2026-01-01", "--term-to", "2026-12-31",
                ]
            ),
            (
                "council",
                ["UnitRenamed", "--unit", "xa-nam-ke", "--name", "Xã Nậm Kè (mới)", "--effective", "2026-01-01"]
            ),
            (
                "council",
                [
                    "CommendationAwarded", "--unit", "xa-muong-nhe", "--title", "Cờ thi đua của UBND tỉnh",
                    "--decision", "QĐ (minh họa)",
                ]
            ),
        ]
        for (key, args) in steps {
            let r = try thidua(
                ["event"] + args + ["--db", "demo.db", "--key", "keys/\(key).pem", "--append"], in: dir)
            #expect(r.status == 0, "\(args[0]): \(r.err)")
            #expect(r.err.contains("appended as entry"), "\(args[0]): \(r.err)")
        }
        #expect(try thidua(["verify", "--db", "demo.db"], in: dir).status == 0)
        // A mistake is refused before anything is written, with the option named.
        let typo = try thidua(
            [
                "event", "TaskCompleted", "--unit", "xa-nam-ke", "--criterion", "C9", "--db", "demo.db", "--key",
                "keys/xa-nam-ke.pem", "--append", "--lang", "vi",
            ], in: dir)
        #expect(typo.status == 65 && typo.err.contains("--criterion: không có tiêu chí C9"), "\(typo.err)")
        let number = try thidua(
            [
                "event", "IndicatorReported", "--unit", "xa-nam-ke", "--code", "VL", "--value", "1.250,5", "--db",
                "demo.db",
            ], in: dir)
        #expect(number.status == 64 && number.err.contains("--value \"1.250,5\" is not a number"), "\(number.err)")
        let missing = try thidua(["event", "TaskCompleted", "--unit", "xa-nam-ke", "--db", "demo.db"], in: dir)
        #expect(missing.status == 64 && missing.err.contains("--criterion ID is required"), "\(missing.err)")
        let option = try thidua(["event", "TaskCompleted", "--unti", "xa-nam-ke", "--db", "demo.db"], in: dir)
        #expect(option.status == 64 && option.err.contains("did you mean --unit?"), "\(option.err)")
        // --help lists every field with its meaning, in Vietnamese too.
        let help = try thidua(["event", "IndicatorReported", "--help", "--lang", "vi"], in: dir)
        #expect(
            help.status == 0 && help.out.contains("--as-of YYYY-MM-DD") && help.out.contains("số liệu tính đến ngày"))
    }

    /// `thidua rubric check` shows what a rubric would change before it is published.
    @Test func aRubricIsCheckedThenPublished() throws {
        let dir = TempDir()
        #expect(try thidua(["demo", "--db", "demo.db", "--keys", "keys"], in: dir).status == 0)
        let original = try String(
            contentsOf: Package.projections.appendingPathComponent("rubric-cum-xa-2025.json"), encoding: .utf8)
        try original.replacingOccurrences(of: "\"floorPercent\": 90}", with: "\"floorPercent\": 85}")
            .write(toFile: dir.path("r.json"), atomically: true, encoding: .utf8)
        let check = try thidua(["rubric", "check", "r.json", "--db", "demo.db", "--lang", "vi"], in: dir)
        #expect(check.status == 0 && check.out.hasPrefix("ĐẠT: r.json là bảng điểm cum-xa-2025"))
        #expect(
            check.out.contains("Xã Mường Phăng [xa-muong-phang], Cụm thi đua các phường, xã vùng thấp: 94,60 → 94,60"))
        #expect(check.out.contains("xếp loại Hoàn thành tốt nhiệm vụ → Hoàn thành xuất sắc nhiệm vụ"))
        try original.replacingOccurrences(of: "\"floorPercent\": 90}", with: "\"floorPercnt\": 90}")
            .write(toFile: dir.path("typo.json"), atomically: true, encoding: .utf8)
        let typo = try thidua(["rubric", "check", "typo.json", "--lang", "vi"], in: dir)
        #expect(typo.status == 65 && typo.err.contains("floorPercnt: không có trường này; có phải là floorPercent?"))
        let publish = try thidua(
            [
                "rubric", "publish", "r.json", "--group", "cum-xa-vung-thap", "--key", "keys/council.pem", "--db",
                "demo.db", "--append",
            ], in: dir)
        #expect(publish.status == 0 && publish.err.contains("appended as entry"), "\(publish.err)")
        let rank = try thidua(
            ["rank", "--db", "demo.db", "--cluster", "cum-xa-vung-thap", "--format", "json"], in: dir)
        let sha = try #require(
            try JSON.parse(Array(rank.out.utf8))["groups"]?.arrayValue?.first?["rubricSha256"]?.stringValue)
        #expect(
            sha == Hex.encode(SHA256.hash(Array(try Data(contentsOf: dir.url.appendingPathComponent("r.json")))).bytes))
    }
}

/// The option name of a field, as the command writes it (`asOf` → `as-of`).
enum EventCommandsNames {
    static func option(_ field: String) -> String {
        field.map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
    }
}
