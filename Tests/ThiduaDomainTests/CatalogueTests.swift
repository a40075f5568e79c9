import TestSupport
import Testing
import ThiduaLog

@testable import ThiduaDomain

/// Every event type writes the payload it reads: one round trip per type, and the fields
/// its registration lists are exactly the fields its decoder reads and its encoder writes.
@Suite struct CatalogueTests {
    static let key = ThiduaDomainTests.key("catalogue").publicKey.base64
    static let sha = String(repeating: "ab", count: 32)
    static let rubricFile = Array(
        #"""
        {"rubric":"r","name":"R","version":1,"inForce":{"from":"2025-01-01","to":"2025-12-31"},
         "groups":[{"id":"A","name":"A","max":10,"criteria":[{"id":"A1","name":"A1","kind":"assessed","max":10}]}],
         "bands":[{"id":"x","vi":"X","en":"X","minTotal":0}]}
        """#.utf8)

    /// A value of every type, with every optional field given.
    static func sample(_ type: String) throws -> DomainEvent {
        let d = { (t: String) in Fraction(decimal: t)! }
        switch type {
        case LogOpened.type:
            return .logOpened(
                LogOpened(
                    origin: "o.vn/x", logKey: key, rootKeys: [key], rules: "thidua-emulation/2", title: "Sổ thi đua"))
        case KeyRegistered.type:
            return .keyRegistered(KeyRegistered(publicKey: key, role: "unit", scope: "u1", name: "Đại diện xã A"))
        case KeyRevoked.type:
            return .keyRevoked(KeyRevoked(keyid: String(repeating: "0a", count: 16), reason: "mất khóa"))
        case LogKeyRotated.type: return .logKeyRotated(LogKeyRotated(logKey: key, reason: "đổi khóa"))
        case MovementLaunched.type:
            return .movementLaunched(
                MovementLaunched(
                    movement: "pt", name: "Phong trào", theme: "Chủ đề", document: "Chỉ thị 01",
                    period: DateSpan(from: "2025-01-01", to: "2025-12-31"),
                    targets: [
                        Target(
                            number: 3, text: "Cây xanh",
                            indicators: [
                                Indicator(
                                    code: "P03", name: "Cây", unit: "cây", value: d("3868370"), direction: .higher,
                                    parts: ["P03a"]),
                                Indicator(
                                    code: "P03a", name: "Cây phân tán", unit: "cây", value: d("170690.5"),
                                    direction: .lower),
                            ])
                    ]))
        case GroupFormed.type:
            return .groupFormed(
                GroupFormed(
                    group: "g", kind: .bloc, name: "Khối", effective: "2025-01-01",
                    members: [Member(unit: "u1", name: "Trường A"), Member(unit: "u2")]))
        case MembershipChanged.type:
            return .membershipChanged(
                MembershipChanged(group: "g", unit: "u3", name: "Xã C", joined: true, effective: "2025-07-01"))
        case HeadElected.type:
            return .headElected(
                HeadElected(group: "g", unit: "u1", deputy: true, term: DateSpan(from: "2025-01-01", to: "2025-12-31")))
        case UnitSucceeded.type:
            return .unitSucceeded(
                UnitSucceeded(
                    unit: "tp", successors: [Member(unit: "p1", name: "Phường 1"), Member(unit: "p2")], carryTo: "p1",
                    effective: "2025-07-01", reason: "Nghị quyết 1661/NQ-UBTVQH15"))
        case UnitsMerged.type:
            return .unitsMerged(
                UnitsMerged(
                    units: [Member(unit: "p-him-lam"), Member(unit: "x-thanh-xuong", name: "Xã Thanh Xương")],
                    into: Member(unit: "phuong-dbp", name: "Phường Điện Biên Phủ"),
                    carry: ["p-him-lam": [.violations, .tasks]], effective: "2025-07-01",
                    reason: "Nghị quyết 1661/NQ-UBTVQH15"))
        case UnitSplit.type:
            return .unitSplit(
                UnitSplit(
                    unit: "x", into: [Member(unit: "x1", name: "Xã Một"), Member(unit: "x2")],
                    carry: ["x1": Set(FactKind.allCases), "x2": []], effective: "2025-07-01"))
        case UnitRenamed.type:
            return .unitRenamed(UnitRenamed(unit: "u1", name: "Phường Mới", effective: "2025-07-01", reason: "NQ"))
        case UnitEnded.type:
            return .unitEnded(UnitEnded(unit: "h1", effective: "2025-07-01", reason: "Luật 72/2025/QH15"))
        case RubricPublished.type: return .rubricPublished(try RubricPublished(file: rubricFile, groups: ["g"]))
        case PledgeSigned.type:
            return .pledgeSigned(
                PledgeSigned(
                    movement: "pt", unit: "u1", group: "g",
                    targets: [
                        PledgedTarget(code: "CT01", value: d("23270.32")),
                        PledgedTarget(code: "X9", value: d("5"), name: "Chỉ tiêu riêng", unit: "vụ", direction: .lower),
                    ], titles: ["Tập thể lao động xuất sắc"]))
        case IndicatorReported.type:
            return .indicatorReported(
                IndicatorReported(
                    unit: "u1", code: "CT01", value: d("-12.0001"), asOf: "2025-06-30",
                    evidence: [Evidence(sha256: sha, name: "Báo cáo.pdf"), Evidence(sha256: sha)]))
        case TaskCompleted.type:
            return .taskCompleted(
                TaskCompleted(
                    unit: "u1", criterion: "B4", count: 3, note: "3 mô hình", evidence: [Evidence(sha256: sha)]))
        case SelfScoreSubmitted.type:
            return .selfScoreSubmitted(SelfScoreSubmitted(unit: "u1", scores: ["D1": d("9.5"), "D2": d("0")]))
        case ScoreAppraised.type:
            return .scoreAppraised(
                ScoreAppraised(
                    unit: "u1", criterion: "A1", field: .value, from: d("8612000"), to: d("8612"), reason: "đơn vị tính"
                ))
        case ExplanationSubmitted.type:
            return .explanationSubmitted(ExplanationSubmitted(unit: "u1", criterion: "B1", text: "Giải trình"))
        case EvidenceAttached.type:
            return .evidenceAttached(
                EvidenceAttached(unit: "u1", entry: "r-u1-CT01", evidence: [Evidence(sha256: sha, name: "Biên bản")]))
        case BonusAwarded.type:
            return .bonusAwarded(
                BonusAwarded(Adjustment(unit: "u1", item: "sk", points: d("2.5"), reason: "Sáng kiến")))
        case DeductionApplied.type:
            return .deductionApplied(
                DeductionApplied(Adjustment(unit: "u1", item: "bc", points: d("1"), reason: "Chậm")))
        case ViolationReported.type:
            return .violationReported(ViolationReported(unit: "u1", level: "cảnh cáo", description: "Vi phạm"))
        case CommendationAwarded.type:
            return .commendationAwarded(CommendationAwarded(unit: "u1", title: "Bằng khen", decision: "QĐ 1"))
        case CommendationRevoked.type:
            return .commendationRevoked(CommendationRevoked(award: "award-1", reason: "Điều 93", decision: "QĐ 2"))
        case BallotHeld.type:
            return .ballotHeld(BallotHeld(group: "g", round: 1, eligible: 5, present: 4, votes: ["u1": 3, "u2": 1]))
        case RankingPublished.type:
            return .rankingPublished(
                RankingPublished(movement: "pt", scope: "all", size: 193, rubricSha256: [sha], resultSha256: sha))
        default:
            throw DomainError(.unknownType, "type", "no sample for \(type)")
        }
    }

    /// The reader takes fields from the payload in place; a field name written with JSON
    /// escapes is the same field, and the event read is the same (in every mode).
    @Test(arguments: DomainEvent.types)
    func aFieldNameWrittenWithEscapesIsTheSameField(_ type: String) throws {
        let event = try Self.sample(type)
        let bytes = event.payload(id: "e1", issuedAt: "2025-03-01T08:00:00+07:00", log: "o.vn/x")
        guard let first = event.payloadFields.first?.key, let c = first.unicodeScalars.first else { return }
        let escaped = String(format: "\\u%04x", c.value) + first.dropFirst()
        let text = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "\"\(first)\":", with: "\"\(escaped)\":")
        #expect(text.utf8.count > bytes.count)
        for mode in [ReadingMode.strict, .fold] {
            #expect(try DomainEvent(try Payload(bytes: Array(text.utf8)), mode: mode) == event)
        }
    }

    @Test(arguments: DomainEvent.types)
    func everyTypeReadsWhatItWrites(_ type: String) throws {
        let event = try Self.sample(type)
        #expect(event.type == type)
        let bytes = event.payload(id: "e1", issuedAt: "2025-03-01T08:00:00+07:00", log: "o.vn/x")
        let back = try DomainEvent(try Payload(bytes: bytes), mode: .strict)
        #expect(back == event)
        // And writes the same bytes again.
        #expect(back.payload(id: "e1", issuedAt: "2025-03-01T08:00:00+07:00", log: "o.vn/x") == bytes)
    }

    /// The table a payload's type is looked up in finds every type of the catalogue as
    /// itself and nothing else: not a name one byte off, of another case, cut short or
    /// empty. Its slots hold at most two kinds (what keeps the lookup cheap).
    /// Strict reading marks the members it finds by their place: the first 64 in a word,
    /// the others in a list; a member is marked only when found.
    @Test func membersFoundAreMarkedByTheirPlaceBeyondSixtyFourToo() throws {
        var marks = MemberMarks()
        let marked = [0, 1, 63, 64, 65, 130]
        for i in marked { marks.mark(i) }
        for i in 0..<200 { #expect(marks.contains(i) == marked.contains(i), "\(i)") }
        // A payload whose 70th member is the one nobody asked for: that one is named.
        let known = (0..<69).map { "\"unit\($0)\":1" }.joined(separator: ",")
        let f = Fields(try JSONTape.parse(Array("{\(known),\"extra\":1}".utf8)), "T", mode: .strict)
        for k in 0..<69 { #expect(f.has("unit\(k)")) }
        let error = #expect(throws: DomainError.self) { try f.finish() }
        #expect(error?.path == "T.extra")
    }

    @Test func everyTypeIsFoundByItsNameAndNoOtherName() {
        for type in DomainEvent.types {
            #expect(DomainEvent.byType[type]?.type == type)
            for other in [type + "d", String(type.dropLast()), type.lowercased(), type.uppercased(), "X" + type] {
                #expect(DomainEvent.byType[other] == nil, "\(other)")
            }
        }
        for other in ["", "A", "Ab", "Abc", String(repeating: "Z", count: 64), "Thi\u{0111}uaDone"] {
            #expect(DomainEvent.byType[other] == nil, "\(other)")
        }
        #expect(DomainEvent.byType.slots.map(\.count).max() ?? 0 <= 2)
    }

    @Test(arguments: DomainEvent.types)
    func theRegisteredFieldsAreTheFieldsReadAndWritten(_ type: String) throws {
        let kind = try #require(DomainEvent.byType[type])
        let event = try Self.sample(type)
        let payload = try Payload(bytes: event.payload(id: "e1", issuedAt: "2025-03-01T08:00:00+07:00", log: "o.vn/x"))
        let f = Fields(payload.tape, type, mode: .strict)
        _ = try kind.read(f)
        func check(_ f: Fields, _ specs: [FieldSpec]) {
            let names = Set(specs.map(\.name))
            #expect(Set(f.asked) == names, "\(f.path): reads \(Set(f.asked).sorted()), registers \(names.sorted())")
            let written = Set(f.tape.members(f.node).map(\.key)).subtracting(DomainEvent.header)
            #expect(
                written.isSubset(of: names),
                "\(f.path) writes \(written.subtracting(names).sorted()), which it does not register")
            #expect(
                Set(specs.filter(\.required).map(\.name)).isSubset(of: written), "\(f.path) leaves out a required field"
            )
            for child in f.children where child.tape.kind(child.node) == .object {
                let name = child.path.dropFirst(f.path.count + 1).prefix { $0 != "[" }
                guard let spec = specs.first(where: { $0.name == name }) else { continue }
                switch spec.kind {
                case .object(let inner), .objects(let inner): check(child, inner)
                default: break
                }
            }
        }
        check(f, kind.fields)
        #expect(kind.signers.allSatisfy { ["root", "council", "unit", "head", "appraiser", "agency"].contains($0) })
    }

    @Test func theCatalogueIsRegisteredOncePerType() {
        #expect(Set(DomainEvent.types).count == DomainEvent.types.count)
        #expect(DomainEvent.types.count == 28)
    }
}

/// Optional fields left out are left out of the payload, never written as null.
@Suite struct EncoderTests {
    @Test func absentFieldsAreLeftOut() throws {
        let events: [DomainEvent] = [
            .taskCompleted(TaskCompleted(unit: "u1", criterion: "B4")),
            .pledgeSigned(
                PledgeSigned(
                    movement: "pt", unit: "u1", group: "g",
                    targets: [PledgedTarget(code: "CT01", value: Fraction(5))])),
            .movementLaunched(
                MovementLaunched(
                    movement: "pt", name: "P", period: DateSpan(from: "2025-01-01", to: "2025-12-31"),
                    targets: [
                        Target(
                            number: 1, text: "T",
                            indicators: [
                                Indicator(code: "I1", name: "I", unit: "%", value: Fraction(90))
                            ])
                    ])),
            .indicatorReported(IndicatorReported(unit: "u1", code: "I1", value: Fraction(3))),
            .keyRegistered(KeyRegistered(publicKey: "k", role: "council")),
        ]
        for e in events {
            let text = String(decoding: e.payload(id: "x", issuedAt: "2025-01-01T00:00:00Z", log: nil), as: UTF8.self)
            #expect(!text.contains("null"), "\(text)")
            #expect(!text.contains("\"log\""))
        }
        #expect(
            String(
                decoding: DomainEvent.taskCompleted(TaskCompleted(unit: "u1", criterion: "B4"))
                    .payload(id: "x", issuedAt: "2025-01-01T00:00:00Z", log: "o"), as: UTF8.self)
                == #"{"v":1,"type":"TaskCompleted","id":"x","issuedAt":"2025-01-01T00:00:00Z","log":"o","unit":"u1","#
                + #""criterion":"B4"}"#
        )
    }
}

/// The event added to count what adding a type takes (Events/README.md, "Adding an event
/// type"): a unit attaches documents to an entry it made; the explanation shows them.
@Suite struct EvidenceAttachedTests {
    @Test func attachedEvidenceShowsInTheExplanation() throws {
        let d = try DomainLog(
            units: ["u1", "u2"], rubric: rubricFile(criteria: [criterion("A1", "passFail", max: "10")], groupMax: "10"))
        try d.emit("TaskCompleted", id: "t-u1", by: ["u1"], [("unit", s("u1")), ("criterion", s("A1"))])
        let doc = EvidenceAttached(
            unit: "u1", entry: "t-u1",
            evidence: [Evidence(sha256: String(repeating: "0f", count: 32), name: "Biên bản nghiệm thu.pdf")])
        let payload = DomainEvent.evidenceAttached(doc).payload(
            id: "ev-1", issuedAt: "2025-03-02T08:00:00+07:00", log: d.log.origin)
        let i = try d.log.append([try Envelope.sign(payload: payload, keys: [key("u1")])])[0].index
        #expect(try d.unit("u1").attachedEvidence == [Fact(value: doc, entry: i)])
        #expect(
            Report(try d.standings()).explain(unit: "u1")?.contains(
                "Minh chứng bổ sung cho t-u1: Biên bản nghiệm thu.pdf [bản ghi \(i)]") == true)
        // Only the unit's own representative attaches documents to its entries.
        let other = try Envelope.sign(
            payload: DomainEvent.evidenceAttached(doc).payload(
                id: "ev-2", issuedAt: "2025-03-02T08:00:00+07:00",
                log: d.log.origin), keys: [key("u2")])
        #expect(d.refused { _ = try d.log.append([other]) }?.rule == .authority)
    }
}

/// Which types shape the rules is answered by comparing bytes (every entry asks): the same
/// answer as the set of passive types, for every type of the catalogue and names one byte
/// off them.
@Suite struct PassiveTypeTests {
    @Test func theByteComparisonIsTheSetsAnswer() {
        var names = DomainEvent.catalogue.map(\.type) + ["", "X", "IndicatorReporte", "IndicatorReportedX"]
        for t in EmulationRules.passiveTypes {
            names += [String(t.dropLast()) + "x", "x" + t.dropFirst(), t.lowercased(), t + t]
        }
        for name in names {
            #expect(EmulationRules.isPassive(name) == EmulationRules.passiveTypes.contains(name), "\(name)")
        }
        #expect(names.filter(EmulationRules.isPassive).count == EmulationRules.passiveTypes.count)
    }
}
