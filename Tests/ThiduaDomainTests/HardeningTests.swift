import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog

/// The attacks of the hardening issue, each written as the attack, each asserting the
/// refusal or the survival.
@Suite struct HardeningTests {
    /// The poison values, appended under thidua-emulation/1 (which did not check ranges):
    /// the replay, the scores, every report, attestations and diffs go on without them,
    /// and a warning names each entry.
    @Test func poisonEntriesInAnOldLogBecomeWarningsNotTraps() throws {
        let d = try DomainLog(
            units: ["u1", "u2"], indicators: [("I1", "3", "higher")],
            rubric: rubricFile(
                criteria: [
                    quantitative("A1", "I1", max: "10"), criterion("A2", "count", max: "5", perItem: "1"),
                    criterion("A3", "assessed", max: "10"),
                ], groupMax: "25"),
            rules: EmulationRules.v1)
        try d.report("u2", "I1", "4")
        let poison = [
            try d.report("u1", "I1", "100000000000000000000000.00000000000001"),
            try d.report("u1", "I1", "999999999999999999.999999999999999999"),
            try d.emit(
                "TaskCompleted", by: ["u1"],
                [("unit", s("u1")), ("criterion", s("A2")), ("count", n("9223372036854775807"))]),
            try d.emit(
                "TaskCompleted", by: ["u1"],
                [("unit", s("u1")), ("criterion", s("A2")), ("count", n("9223372036854775807"))]),
            try d.emit(
                "SelfScoreSubmitted", by: ["u1"],
                [
                    ("unit", s("u1")),
                    (
                        "scores",
                        .array([
                            obj([("criterion", s("A3")), ("points", n("100000000000000000000000.00000000000001"))])
                        ])
                    ),
                ]),
        ]
        let st = try d.standings()
        let g = try #require(st.groups.first)
        #expect(g.units.map(\.unit) == ["u2", "u1"])
        #expect(try d.unit("u2").total.description == "10.00")  // the only report, the best in the group
        for e in poison {
            #expect(st.warnings.contains { $0.entry == e }, "entry \(e) should be named by a warning")
        }
        // Every output and audit path runs to its end.
        for lang in Language.allCases {
            for f in ReportFormat.allCases { #expect(!Report(st, lang: lang).render(f).isEmpty) }
            #expect(Report(st, lang: lang).explain(unit: "u1") != nil)
        }
        #expect(CanonicalRanking.sha256(st, scope: "all").count == 64)
        var events: [SignedEvent] = []
        try d.log.forEachEntry { events.append(try SignedEvent(line: $0.line)) }
        let without = Standings(Ledger.replay(events, excluding: Set(poison)))
        #expect(RankingDiff(before: st, after: without).changes.isEmpty)
    }

    /// The same numbers are refused at append under thidua-emulation/2, naming the field and the limit.
    @Test(arguments: [
        (
            "IndicatorReported", #"{"unit":"u1","code":"I1","value":100000000000000000000000.00000000000001}"#,
            "IndicatorReported.value is 100000000000000000000000.00000000000001; it must be at most 12 digits before "
                + "the point and 4 after"
        ),
        (
            "IndicatorReported", #"{"unit":"u1","code":"I1","value":100000000000000000000000000000000000000000.5}"#,
            "IndicatorReported.value is 100000000000000000000000000000000000000000.5; it must be at most 12 digits "
                + "before the point and 4 after"
        ),
        (
            "TaskCompleted", #"{"unit":"u1","criterion":"A2","count":9223372036854775807}"#,
            "TaskCompleted.count is 9223372036854775807; it must be between 1 and 1000000"
        ),
        (
            "SelfScoreSubmitted", #"{"unit":"u1","scores":[{"criterion":"A3","points":1001}]}"#,
            "SelfScoreSubmitted.scores[0].points is 1001; it must be between 0 and 1000, at most 2 decimals"
        ),
        (
            "IndicatorReported", #"{"unit":"u1","code":"I1","value":"85"}"#,
            "IndicatorReported.value is the string \"85\"; write the number without quotes"
        ),
        (
            "IndicatorReported", #"{"unit":"u1","code":"I1","value":85,"asof":"2025-06-30"}"#,
            "IndicatorReported.asof: unknown field; did you mean asOf? (IndicatorReported has: asOf, code, evidence, "
                + "id, issuedAt, log, type, unit, v, value)"
        ),
        (
            "TaskCompleted", #"{"unit":"u1","criterion":"A2","evidense":[]}"#,
            "TaskCompleted.evidense: unknown field; did you mean evidence? (TaskCompleted has: count, criterion, "
                + "evidence, id, issuedAt, log, note, type, unit, v)"
        ),
        (
            "TaskCompleted", #"{"unit":"u1","criterion":"B9"}"#,
            "TaskCompleted.criterion: criterion B9 is not in test-rubric (cum) (its count/passFail criteria: A2)"
        ),
        (
            "TaskCompleted", #"{"unit":"u1","criterion":"A3"}"#,
            "TaskCompleted.criterion: criterion A3 of test-rubric (cum) is assessed; this event is for count or "
                + "passFail criteria (A2)"
        ),
        (
            "IndicatorReported", #"{"unit":"u1","code":"I2","value":5}"#,
            "IndicatorReported.code: indicator I2 is defined by no movement and not in u1's pledge; did you mean I1? "
                + "(known: I1)"
        ),
    ])
    func strictRulesRefuseWhatTheOldOnesLetIn(_ type: String, _ fields: String, _ message: String) throws {
        let d = try DomainLog(
            units: ["u1", "u2"],
            rubric: rubricFile(
                criteria: [
                    criterion("A2", "count", max: "5", perItem: "1"),
                    criterion("A3", "assessed", max: "10"),
                ], groupMax: "15"))
        let extra = try #require(JSON.parse(fields).objectValue)
        let f = d.refused { try d.emit(type, by: ["u1"], extra.map { ($0.key, $0.value) }) }
        #expect(f?.rule == .payload)
        #expect(f?.message == message)
    }

    /// A rubric with a typo is refused, with the field and the name it meant.
    @Test func aRubricWithATypoIsRefusedWithTheFieldItMeant() throws {
        let d = try DomainLog(units: ["u1", "u2"])
        let typo = rubricFile(
            criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10",
            bands: [
                obj([
                    ("id", s("tot")), ("vi", s("Tốt")), ("en", s("Good")), ("minTotal", n("80")),
                    ("floorPercnt", n("80")),
                ]),
                obj([("id", s("khong")), ("vi", s("Không")), ("en", s("No")), ("minTotal", n("0"))]),
            ], minBand: "tot")
        let f = d.refused { try d.publish(typo, groups: ["cum"]) }
        #expect(
            f?.message
                == "RubricPublished.file.bands[0].floorPercnt: unknown field; did you mean floorPercent? "
                + "(RubricPublished.file.bands[0] has: en, floorPercent, id, minTotal, vi)"
        )
        // Under thidua-emulation/1 it went in (and lost its floor): that is why it is v2 now.
        let old = try DomainLog(units: ["u1", "u2"], rules: EmulationRules.v1)
        #expect(old.refused { try old.publish(typo, groups: ["cum"]) } == nil)
    }

    /// A unit's envelope from another log where the same key is registered (last year's, a
    /// staging log) is refused, and the message says so.
    @Test func anEnvelopeSignedForAnotherLogIsRefused() throws {
        let d = try DomainLog(units: ["u1", "u2"], indicators: [("I1", "100", "higher")])
        let payload = Payload.make(
            type: "IndicatorReported", id: "r-other", issuedAt: "2025-12-01T08:00:00+07:00",
            log: "staging.thidua.vn/2025",
            fields: JSON.members(["unit": s("u1"), "code": s("I1"), "value": n("150")]))
        let f = d.refused { _ = try d.log.append([try Envelope.sign(payload: payload, keys: [key("u1")])]) }
        #expect(f?.rule == .payload)
        #expect(
            f?.message.hasPrefix(
                "this payload was signed for log \"staging.thidua.vn/2025\", not for this log "
                    + "(\"test.thidua.vn/domain\")"
            ) == true)
        // Without a binding at all, it is refused too.
        let unbound = Payload.make(
            type: "IndicatorReported", id: "r-none", issuedAt: "2025-12-01T08:00:00+07:00", log: nil,
            fields: JSON.members(["unit": s("u1"), "code": s("I1"), "value": n("150")]))
        let g = d.refused { _ = try d.log.append([try Envelope.sign(payload: unbound, keys: [key("u1")])]) }
        #expect(g?.message.hasPrefix("IndicatorReported has no \"log\"") == true)
    }

    /// The four small-order keys and a non-canonical one are refused by KeyRegistered,
    /// with the reason; none can be registered, so no signature without a private key lands.
    @Test(arguments: [
        ("identity", "0100000000000000000000000000000000000000000000000000000000000000"),
        ("order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        ("order 4", "0000000000000000000000000000000000000000000000000000000000000000"),
        ("order 8", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        ("y = p", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ])
    func weakPublicKeysAreRefused(_ what: String, _ hex: String) throws {
        let raw = try #require(Hex.decode(hex))
        for rules in [EmulationRules.v1, EmulationRules.v2] {
            let d = try DomainLog(units: ["u1", "u2"], rules: rules)
            let f = d.refused {
                try d.emit(
                    "KeyRegistered", by: ["council"],
                    [("publicKey", s(Base64.encode(raw))), ("role", s("unit")), ("scope", s("u1"))])
            }
            #expect(f?.rule == .payload, "\(what) under \(rules)")
            #expect(
                f?.message.contains("refused") == true
                    && f?.message.contains(what == "y = p" ? "non-canonical" : "small order") == true)
        }
    }

    /// A known payload with an all-zero signature, or signed by a stranger, is refused
    /// before "already in the log" is said; another valid envelope for it is a conflict.
    @Test func repeatsAreAnsweredOnlyAfterTheSignatureVerifies() throws {
        let d = try DomainLog(units: ["u1", "u2"], indicators: [("I1", "100", "higher")])
        let payload = Payload.make(
            type: "IndicatorReported", id: "r1", issuedAt: "2025-12-01T08:00:00+07:00", log: d.log.origin,
            fields: JSON.members(["unit": s("u1"), "code": s("I1"), "value": n("150")]))
        let good = try Envelope.sign(payload: payload, keys: [key("u1")])
        let first = try d.log.append([good])[0]
        #expect(
            try d.log.append([good])[0]
                == AppendOutcome(index: first.index, created: false, receivedAt: first.receivedAt))
        let zero = try Envelope(
            payload: payload, signatures: [.init(keyID: key("u1").keyID, sig: Array(repeating: 0, count: 64))])
        #expect(d.refused { _ = try d.log.append([zero]) }?.rule == .signature)
        let stranger = try Envelope.sign(payload: payload, keys: [key("mallory")])
        #expect(d.refused { _ = try d.log.append([stranger]) }?.rule == .authority)
        let countersigned = try Envelope.sign(payload: payload, keys: [key("u1"), key("u2")])
        #expect(throws: AppendError.idConflict(position: 0, batchSize: 1, id: "r1", existingIndex: first.index)) {
            _ = try d.log.append([countersigned])
        }
    }

    /// `check` runs every check of an append and appends nothing; an unsigned payload is
    /// checked with the signer's public key.
    @Test func checkAppendsNothing() throws {
        let d = try DomainLog(units: ["u1", "u2"], indicators: [("I1", "100", "higher")])
        let size = try d.log.size()
        let payload = Payload.make(
            type: "IndicatorReported", id: "c1", issuedAt: "2025-12-01T08:00:00+07:00", log: d.log.origin,
            fields: JSON.members(["unit": s("u1"), "code": s("I1"), "value": n("150")]))
        #expect(
            try d.log.check(Envelope.sign(payload: payload, keys: [key("u1")]))
                == Log.CheckOutcome(index: size, alreadyInLog: false))
        #expect(
            try d.log.check(unsigned: payload, signers: [key("u1").publicKey])
                == Log.CheckOutcome(index: size, alreadyInLog: false))
        #expect(throws: AppendError.self) { try d.log.check(unsigned: payload, signers: [key("u2").publicKey]) }
        #expect(try d.log.size() == size)
    }

    /// Random valid-but-extreme numbers in every numeric field of every event: no trap, and
    /// every replay gives a ranking or a warning naming the entry.
    @Test func replayFuzzNeverTraps() throws {
        var rng = SplitMix(seed: 20_261_127)
        let numbers = [
            "0", "-0", "0.0001", "-0.0001", "1", "3", "999999999999.9999", "-999999999999.9999", "1000000000000",
            "100000000000000000000000.00000000000001", "999999999999999999.999999999999999999",
            "99999999999999999999999999999999999999", "-99999999999999999999999999999999999999",
            "100000000000000000000000000000000000000000", "9223372036854775807", "-9223372036854775808", "1e5", "0.5",
            "2050",
            "1000000000", "1000", "1001", "100", "-1", "12345.6789",
        ]
        func num() -> JSON { .number(numbers[rng.next(numbers.count)]) }
        func int() -> JSON {
            .number(["0", "1", "2", "5", "1000000", "1000001", "9223372036854775807", "-1"][rng.next(8)])
        }
        var tried = 0
        var warned = 0
        var ranked = 0
        var uncomputable = 0
        for round in 0..<300 {
            var events: [SignedEvent] = []
            func add(_ type: String, _ fields: KeyValuePairs<String, JSON>) throws {
                let bytes = Payload.make(
                    type: type, id: "f\(events.count)", issuedAt: "2025-03-01T08:00:00+07:00", log: "fuzz",
                    fields: fields.map { JSON.Member($0.key, $0.value) })
                events.append(
                    SignedEvent(
                        index: events.count, receivedAt: Timestamp(millis: 1_740_000_000_000 + Int64(events.count)),
                        payload: try Payload(bytes: bytes), signers: []))
            }
            try add(
                "LogOpened",
                [
                    "origin": s("fuzz"), "logKey": s(key("log").publicKey.base64),
                    "rootKeys": .array([s(key("council").publicKey.base64)]),
                ])
            try add(
                "MovementLaunched",
                [
                    "movement": s("m"), "name": s("M"),
                    "period": obj([("from", s("2025-01-01")), ("to", s("2025-12-31"))]),
                    "targets": .array([
                        obj([
                            ("number", int()), ("text", s("T")),
                            (
                                "indicators",
                                .array([
                                    obj([
                                        ("code", s("I1")), ("name", s("I1")),
                                        ("unit", s(rng.next(2) == 0 ? "%" : "tỷ")), ("value", num()),
                                        ("direction", s(rng.next(2) == 0 ? "higher" : "lower")),
                                    ]),
                                    obj([
                                        ("code", s("I2")), ("name", s("I2")), ("unit", s("người")), ("value", num()),
                                        ("parts", .array([s("I1")])),
                                    ]),
                                ])
                            ),
                        ])
                    ]),
                ])
            try add(
                "GroupFormed",
                [
                    "group": s("g"), "kind": s("cluster"), "name": s("G"), "effective": s("2025-01-01"),
                    "members": .array(["a", "b", "c"].map { obj([("unit", s($0))]) }),
                ])
            let rubric = JSONWriter.write(
                obj([
                    ("rubric", s("r")), ("name", s("R")), ("version", rng.next(4) == 0 ? int() : n("1")),
                    ("inForce", obj([("from", s("2025-01-01")), ("to", s("2025-12-31"))])),
                    (
                        "groups",
                        .array([
                            obj([
                                ("id", s("A")), ("name", s("A")), ("max", n("40")),
                                (
                                    "criteria",
                                    .array([
                                        quantitative("A1", "I1", max: "10"), quantitative("A2", "I2", max: "10"),
                                        criterion("A3", "count", max: "10", perItem: rng.next(2) == 0 ? "1" : "0.01"),
                                        criterion("A4", "assessed", max: "10"),
                                    ])
                                ),
                            ])
                        ])
                    ),
                    ("bonuses", .array([item("b", cap: "5")])), ("deductions", .array([item("d", cap: "5")])),
                    (
                        "bands",
                        .array([
                            obj([
                                ("id", s("x")), ("vi", s("X")), ("en", s("X")), ("minTotal", n("30")),
                                ("floorPercent", n("50")),
                            ]),
                            obj([("id", s("y")), ("vi", s("Y")), ("en", s("Y")), ("minTotal", n("0"))]),
                        ])
                    ),
                    ("tieBreak", .array([s("criteriaAtMax"), s("fewerDeductions"), s("ballot")])),
                    ("lowerIsBetterZeroRatio", rng.next(3) == 0 ? num() : n("2")),
                ]))
            try add(
                "RubricPublished",
                [
                    "file": s(Base64.encode(rubric)), "sha256": s(Hex.encode(SHA256.hash(rubric).bytes)),
                    "groups": .array([s("g")]),
                ])
            for u in ["a", "b", "c"] where rng.next(3) > 0 {
                try add(
                    "PledgeSigned",
                    [
                        "movement": s("m"), "unit": s(u), "group": s("g"),
                        "targets": .array([
                            obj([("code", s("I1")), ("value", num())]), obj([("code", s("I2")), ("value", num())]),
                        ]),
                    ])
            }
            for _ in 0..<(6 + rng.next(10)) {
                let u = s(["a", "b", "c"][rng.next(3)])
                switch rng.next(7) {
                case 0, 1:
                    try add(
                        "IndicatorReported", ["unit": u, "code": s(rng.next(2) == 0 ? "I1" : "I2"), "value": num()])
                case 2: try add("TaskCompleted", ["unit": u, "criterion": s("A3"), "count": int()])
                case 3:
                    try add(
                        "SelfScoreSubmitted",
                        ["unit": u, "scores": .array([obj([("criterion", s("A4")), ("points", num())])])])
                case 4:
                    let (c, field) = [("A1", "value"), ("A3", "count"), ("A4", "points")][rng.next(3)]
                    try add(
                        "ScoreAppraised",
                        [
                            "unit": u, "criterion": s(c), "field": s(field), "from": num(),
                            "to": num(), "reason": s("r"),
                        ])
                case 5:
                    try add(
                        rng.next(2) == 0 ? "BonusAwarded" : "DeductionApplied",
                        ["unit": u, "item": s(rng.next(2) == 0 ? "b" : "d"), "points": num(), "reason": s("r")])
                default:
                    try add(
                        "BallotHeld",
                        [
                            "group": s("g"), "round": int(), "eligible": int(), "present": int(),
                            "votes": .array([obj([("unit", u), ("votes", int())])]),
                        ])
                }
            }
            tried += events.count
            let st = Standings(Ledger.replay(events))
            warned += st.warnings.count
            if !st.groups.isEmpty { ranked += 1 }
            uncomputable +=
                st.warnings.filter { if case .notComputable = $0.finding { return true } else { return false } }.count
            // Every entry that is not in the ranking's inputs is named, or the ranking exists.
            #expect(!st.groups.isEmpty || !st.warnings.isEmpty, "round \(round): neither a ranking nor a warning")
            for f in ReportFormat.allCases { _ = Report(st, lang: .vi).render(f) }
            _ = CanonicalRanking.sha256(st, scope: "all")
            _ = Report(st, lang: .en).explain(unit: "a")
        }
        // Values within the ranges never exceed what exact arithmetic holds.
        #expect(uncomputable == 0)
        print(
            "FUZZ replay: 300 logs, \(tried) entries with extreme numbers, \(ranked) ranked, \(warned) warnings, "
                + "\(uncomputable) not computable, 0 traps"
        )
    }
}

/// CSV by RFC 4180 on bytes, not on what a font shows; formulas neutralised.
@Suite struct CSVTests {
    @Test func csvQuotesByBytesAndNeutralisesFormulas() throws {
        let names = [
            "u1": "Phường A,\u{301} Điện Biên", "u2": "Xã B\rMường Nhé", "u3": "=HYPERLINK(\"http://x\")", "u4": "-1+2",
            "u5": "@SUM(A1)",
        ]
        let d = try DomainLog(
            units: ["u1", "u2", "u3", "u4", "u5"],
            rubric: rubricFile(
                criteria: [criterion("A1", "assessed", max: "10")], groupMax: "10",
                deductions: [item("d", cap: "5")]), names: names)
        try d.emit(
            "DeductionApplied", by: ["council"],
            [("unit", s("u2")), ("item", s("d")), ("points", n("2")), ("reason", s("Chậm"))])
        let csv = Report(try d.standings()).render(.csv)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 6)  // the header and one row a unit: no row split by U+0301 or a bare CR
        #expect(csv.contains("\"Phường A,\u{301} Điện Biên\""))
        #expect(csv.contains("\"Xã B\rMường Nhé\""))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(csv.contains(",'-1+2,") && csv.contains(",'@SUM(A1),"))
        // Numbers stay numbers, a negative total too.
        #expect(csv.contains(",-2.00,"))
    }
}
