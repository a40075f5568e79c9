import Foundation
import TestSupport
import Testing
import ThiduaSQLite

@testable import ThiduaLog

@Suite struct LogTests {
    @Test func appendsAssignsIndexAndTimeAndProves() throws {
        let t = try TestLog()
        let unit = try t.register("unit-dbp", scope: "dbp")
        let out = try t.log.append([
            signed("TaskCompleted", id: "t1", by: [unit], [.init("unit", .string("Điện Biên Phủ"))])
        ])
        #expect(out.map(\.index) == [2])
        #expect(out[0].created)
        #expect(try t.log.size() == 3)
        let note = try t.log.checkpoint()
        let cp = try Checkpoint(body: note.body)
        #expect(cp.size == 3)
        try note.verify(t.log.verifierKey)
        for i in 0..<3 { try t.log.inclusionProof(index: i).verify(root: cp.root) }
        let line = try #require(try t.log.store.read { try $0.entry(at: 2) })
        #expect(try Entry(line: line.line).receivedAt.receivedAtText == "2025-02-01T00:00:03.000Z")
    }

    @Test func repeatedIDWithSamePayloadIsIdempotent() throws {
        let t = try TestLog()
        let unit = try t.register("u")
        let env = signed("TaskCompleted", id: "t1", by: [unit])
        let first = try t.log.append([env])
        let again = try t.log.append([env])
        #expect(again[0].index == first[0].index)
        #expect(!again[0].created)
        #expect(try t.log.size() == 3)
        // Same id, other payload: refused, naming the entry that holds the id.
        let other = signed("TaskCompleted", id: "t1", by: [unit], [.init("x", .number("1"))])
        #expect(throws: AppendError.idConflict(position: 0, batchSize: 1, id: "t1", existingIndex: 2)) {
            try t.log.append([other])
        }
        // Inside one batch too.
        #expect(
            try t.log.append([signed("A", id: "t2", by: [unit]), signed("A", id: "t2", by: [unit])]).map(\.index) == [
                3, 3,
            ])
    }

    @Test func aBatchIsAllOrNothing() throws {
        let t = try TestLog()
        let unit = try t.register("u")
        let stranger = testKey("stranger")
        let batch = [
            signed("A", id: "a1", by: [unit]), signed("A", id: "a2", by: [unit]), signed("A", id: "a3", by: [stranger]),
        ]
        do {
            _ = try t.log.append(batch)
            Issue.record("accepted")
        } catch {
            #expect(error.fault?.index == 4)
            #expect(error.fault?.rule == .authority)
            #expect(
                error.description.hasPrefix(
                    "envelope 3 of 3: entry 4: key \(stranger.keyID.short) signed this entry but is not a key of "
                        + "this log"
                ))
        }
        #expect(try t.log.size() == 2)
        // The log still takes the good ones afterwards, at the same indices.
        #expect(try t.log.append(Array(batch.prefix(2))).map(\.index) == [2, 3])
    }

    @Test func receivedAtNeverGoesBackwards() throws {
        final class BackwardsClock: Clock, @unchecked Sendable {
            var t: Int64 = 1_800_000_000_000
            func now() -> Timestamp {
                t -= 5000
                return Timestamp(millis: t)
            }
        }
        let dir = TempDir()
        let store = try SQLiteStore(path: dir.path("b.db"), create: true)
        let root = testKey("root")
        let log = try Log.create(
            store: store, origin: "o", logKey: testKey("log"), rootKeys: [root], clock: BackwardsClock())
        _ = try log.append([signed("A", id: "a", by: [root]), signed("A", id: "b", by: [root])])
        var times: [Timestamp] = []
        try log.forEachEntry { times.append(try Entry(line: $0.line).receivedAt) }
        #expect(times == times.sorted())
        #expect(Set(times).count == 1)
    }

    @Test func keyRulesAreEnforcedAndNamed() throws {
        let t = try TestLog()
        let unit = try t.register("u")
        // Only a root key registers keys.
        let k2 = testKey("k2")
        do {
            _ = try t.log.append([
                signed(
                    "KeyRegistered", id: "r2", by: [unit],
                    [.init("publicKey", .string(k2.publicKey.base64)), .init("role", .string("unit"))])
            ])
            Issue.record("accepted")
        } catch {
            #expect(
                error.fault
                    == EntryFault(
                        index: 2, rule: .authority,
                        "KeyRegistered must be signed by a root key of the council; signed by \(unit.keyID.short) "
                            + "(unit)"
                    ))
        }
        // A revoked key signs nothing after its revocation; its old entries stay valid.
        _ = try t.log.append([signed("A", id: "before", by: [unit])])
        let rev = try t.log.append([
            signed(
                "KeyRevoked", id: "rev", by: [t.root],
                [.init("keyid", .string(unit.keyID.hex)), .init("reason", .string("lost laptop"))])
        ])
        do {
            _ = try t.log.append([signed("A", id: "after", by: [unit])])
            Issue.record("accepted")
        } catch {
            #expect(
                error.fault
                    == EntryFault(
                        index: 4, rule: .authority,
                        "key \(unit.keyID.short) signed A but was revoked at entry \(rev[0].index) (KeyRevoked)"))
        }
        // A revoked key is not registered again.
        #expect(throws: AppendError.self) {
            try t.log.append([
                signed(
                    "KeyRegistered", id: "again", by: [t.root],
                    [.init("publicKey", .string(unit.publicKey.base64)), .init("role", .string("unit"))])
            ])
        }
        // The last root key cannot be revoked.
        do {
            _ = try t.log.append([
                signed("KeyRevoked", id: "rr", by: [t.root], [.init("keyid", .string(t.root.keyID.hex))])
            ])
            Issue.record("accepted")
        } catch {
            #expect(
                error.fault?.message
                    == "key \(t.root.keyID.short) is the last root key; register another root key before revoking it")
        }
        // No second genesis.
        #expect(throws: AppendError.self) {
            try t.log.append([signed("LogOpened", id: "g2", by: [t.root], [.init("origin", .string("x"))])])
        }
        // A signature that does not verify.
        let env = signed("A", id: "forged", by: [t.root])
        let forged = try Envelope(payload: payload("A", id: "forged2"), signatures: env.signatures)
        do {
            _ = try t.log.append([forged])
            Issue.record("accepted")
        } catch {
            #expect(error.fault?.rule == .signature)
        }
        #expect(try t.log.size() == 4)
        // And the whole log still verifies.
        _ = try t.log.checkpoint()
        _ = try LogAudit.verify(store: t.log.store, key: t.log.verifierKey, catalog: .logLayer)
    }

    @Test func anotherProcessesAppendsAreSeenBeforeTheNextAppend() throws {
        let t = try TestLog()
        let unit = try t.register("u")
        // A second Log on the same file (as another process would have).
        let other = try Log(store: SQLiteStore(path: t.dbPath), clock: t.clock)
        _ = try other.append([signed("KeyRevoked", id: "rev", by: [t.root], [.init("keyid", .string(unit.keyID.hex))])])
        // The first Log learns of the revocation inside its write transaction.
        #expect(throws: AppendError.self) { try t.log.append([signed("A", id: "late", by: [unit])]) }
    }

    @Test func checkpointIsReusedForTheSameSizeAndNeverForks() throws {
        let t = try TestLog()
        let a = try t.log.checkpoint()
        #expect(try t.log.checkpoint() == a)
        _ = try t.log.append([signed("A", id: "x", by: [t.root])])
        let b = try t.log.checkpoint()
        #expect(try Checkpoint(body: b.body).size == 2)
        // Damage a stored node behind thidua's back: the log refuses to sign.
        _ = try t.log.append([signed("A", id: "y", by: [t.root])])
        try rawSQL(
            t.dbPath, "DROP TRIGGER nodes_no_update; UPDATE nodes SET hash = zeroblob(32) WHERE level = 0 AND idx = 2;")
        #expect { try t.log.checkpoint() } throws: { "\($0)".contains("entry 2 does not hash to the tree's leaf 2") }
        // A damaged interior node under the signed size-2 tree would fork it: refused too.
        let leaf2 = try #require(try t.log.store.read { try $0.entry(at: 2) }).line
        try rawSQL(
            t.dbPath,
            "UPDATE nodes SET hash = X'\(Hex.encode(Entry.leafHash(line: leaf2).bytes))' WHERE level = 0 AND idx = 2;")
        try rawSQL(t.dbPath, "UPDATE nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 0;")
        #expect { try t.log.checkpoint() } throws: { "\($0)".contains("refusing to sign a fork") }
    }

    @Test func initRefusesAStoreThatHoldsALog() throws {
        let t = try TestLog()
        #expect(throws: StoreError.alreadyInitialised(location: t.dbPath)) {
            try Log.create(
                store: SQLiteStore(path: t.dbPath), origin: "o2", logKey: testKey("l"), rootKeys: [testKey("r")],
                clock: t.clock)
        }
        #expect(try t.log.size() == 1)
    }
}

@Suite struct GroupCommitTests {
    /// Many callers at once: each gets its own outcome; a refusal or a repeat among them
    /// changes nothing for the others; the log holds exactly the accepted entries.
    @Test func concurrentAppendsEachGetTheirOwnOutcome() throws {
        let t = try TestLog()
        let unit = try t.register("u")
        let stranger = testKey("stranger")
        let n = 48
        let lock = Lock()
        nonisolated(unsafe) var created: [Int] = []
        nonisolated(unsafe) var repeated: [Int] = []
        nonisolated(unsafe) var refused: [String] = []
        let envs: [Envelope] = (0..<n).map { i in
            switch i % 4 {
            case 0: return signed("A", id: "dup", by: [unit])  // the same envelope, many times
            case 1: return signed("A", id: "bad-\(i)", by: [stranger])  // a key the log does not know
            default: return signed("A", id: "ok-\(i)", by: [unit])
            }
        }
        let g = DispatchGroup()
        for e in envs {
            g.enter()
            Thread {
                defer { g.leave() }
                do {
                    let out = try t.log.append([e])[0]
                    lock.withLock { out.created ? created.append(out.index) : repeated.append(out.index) }
                } catch {
                    lock.withLock { refused.append((error as? AppendError)?.fault?.message ?? "\(error)") }
                }
            }.start()
        }
        g.wait()
        #expect(refused.count == n / 4 && refused.allSatisfy { $0.contains("is not a key of this log") })
        #expect(created.count == n / 2 + 1)  // the ok-… ones and one "dup"
        #expect(Set(created).count == created.count)
        #expect(repeated.count == n / 4 - 1 && Set(repeated).count == 1 && created.contains(repeated[0]))
        #expect(try t.log.size() == 2 + created.count)
        _ = try LogAudit.verify(store: t.log.store, key: t.log.verifierKey, catalog: .logLayer)
    }
}

/// `thidua-keys/2`: a key event carries exactly its fields, and its text fields as text;
/// the refusal names the field and what to write.
@Suite struct KeyEventFieldTests {
    @Test func aKeyEventWithAnUnknownOrUntypedFieldIsRefused() throws {
        let t = try TestLog(fields: [.init("rules", .string(KeyRules.v2))])
        let bound = JSON.Member("log", .string("test.thidua.vn/log"))
        let k = testKey("k")
        let pk = JSON.Member("publicKey", .string(k.publicKey.base64))
        var n = 0
        func refusal(_ type: String, _ fields: [JSON.Member]) -> String? {
            n += 1
            do {
                _ = try t.log.append([signed(type, id: "e\(n)", by: [t.root], [bound] + fields)])
                return nil
            } catch { return error.fault?.message ?? "\(error)" }
        }
        #expect(
            refusal("KeyRegistered", [pk, .init("rol", .string("unit"))])
                == "KeyRegistered.rol: unknown field; did you mean role? (KeyRegistered has: name, publicKey, role, "
                + "scope)")
        #expect(
            refusal("KeyRegistered", [pk, .init("role", .number("5"))])
                == "KeyRegistered.role is a number; write it as a string in quotes")
        #expect(
            refusal("KeyRegistered", [pk, .init("role", .string("unit")), .init("name", .array([.string("a")]))])
                == "KeyRegistered.name is an array; write it as a string in quotes")
        #expect(refusal("KeyRegistered", [pk, .init("role", .string("unit"))]) == nil)
        #expect(
            refusal("KeyRevoked", [.init("keyid", .string(k.keyID.hex)), .init("reason", .object([]))])
                == "KeyRevoked.reason is an object; write it as a string in quotes")
        #expect(refusal("KeyRevoked", [.init("keyid", .string(k.keyID.hex)), .init("reason", .string("lost"))]) == nil)
        #expect(try t.log.size() == 3)
    }

    /// A key event's key is read once, ahead (`KeyRing.prepare`), for both `admit` and
    /// `record`: each gives what it gives when it reads the key itself, for a good key, a
    /// missing one, one that is not a string, not base64, or of small order.
    @Test func aKeyReadAheadIsAdmittedAndRecordedAsWhenReadInPlace() throws {
        let t = try TestLog(fields: [.init("rules", .string(KeyRules.v2))])
        let ring = try t.log.currentRules().keys
        let small = Base64.encode([UInt8](repeating: 0, count: 32))
        let good = testKey("k").publicKey.base64
        var n = 0
        for type in ["KeyRegistered", "LogKeyRotated"] {
            let field = type == "KeyRegistered" ? "publicKey" : "logKey"
            let values: [JSON?] = [.string(good), nil, .number("7"), .string("not base64!"), .string(small)]
            for value in values {
                n += 1
                var fields: [JSON.Member] = [.init("log", .string("test.thidua.vn/log"))]
                if let value { fields.append(.init(field, value)) }
                if type == "KeyRegistered" { fields.append(.init("role", .string("unit"))) }
                let p = try Payload(bytes: payload(type, id: "e\(n)", fields))
                let e = SignedEvent(index: 5, receivedAt: Timestamp(millis: 0), payload: p, signers: [t.root.keyID])
                let ahead = try #require(KeyRing.prepare(p))
                func fault(_ prepared: KeyRing.PreparedKey?) -> String? {
                    do { try ring.admit(e, prepared: prepared) } catch {
                        return error.rule == .payload ? error.message : "\(error.rule): \(error.message)"
                    }
                    return nil
                }
                let inPlace = fault(nil)
                #expect(fault(ahead) == inPlace, "\(type) \(String(describing: value))")
                // What each says, as before keys were read ahead.
                let expected: String? =
                    switch value {
                    case .string(good)?: nil
                    case nil, .number?: "\(type) needs \"\(field)\" (base64 of the "
                    case .string(small)?: "\(type).\(field): refused: it is a point of small order"
                    default: "\(type).\(field): public key is not base64"
                    }
                #expect(
                    expected.map { inPlace?.hasPrefix($0) == true } ?? (inPlace == nil),
                    "\(inPlace ?? "admitted") \(String(describing: value))")
                var (a, b) = (ring, ring)
                a.record(e)
                b.record(e, prepared: ahead)
                #expect(a.records == b.records && a.logKeys == b.logKeys)
                #expect(
                    (a.records.count, a.logKeys.count) != (ring.records.count, ring.logKeys.count) || inPlace != nil)
            }
        }
        let other = try Payload(bytes: payload("KeyRevoked", id: "r", [.init("keyid", .string(t.root.keyID.hex))]))
        #expect(KeyRing.prepare(other) == nil)
    }
}

/// Work spread over threads comes back in the order it was given (the groups of a ranking,
/// the indicators of target progress), whatever the number of items and of threads.
@Suite struct PipelineMapTests {
    @Test func resultsComeBackInOrder() {
        for threads in [1, 2, 3, 8] {
            for n in [0, 1, 2, 5, 100, 1001] {
                let items = Array(0..<n)
                let out = Pipeline<Int, String>.map(items, threads: threads) { "\($0 * $0 + 1)" }
                #expect(out == items.map { "\($0 * $0 + 1)" }, "\(n) items on \(threads) threads")
            }
        }
    }

    /// The second step of an item starts only when the first has run on every item of its
    /// batch and of the batches before it: what the first step learns, the second may use.
    @Test func aSecondStepSeesEveryEarlierFirstStep() throws {
        // The last: fewer items than a dispatch is worth, worked on the calling thread.
        for (threads, batch, n) in [(2, 5, 1200), (8, 7, 1200), (8, 64, 1200), (2, 64, 20)] {
            let lock = Lock()
            nonisolated(unsafe) var learned = Set<Int>()
            let p = Pipeline<Int, (item: Int, missing: Int)>(
                threads: threads, batchSize: batch,
                work: { i in
                    // Uneven work, so that the threads run their chunks out of step.
                    var x = UInt64(i)
                    for _ in 0..<((i * 7919) % 97) * 50 { x = x &* 6_364_136_223_846_793_005 &+ 1 }
                    lock.withLock { _ = learned.insert(i) }
                    return (i, Int(x & 0))
                },
                then: { r in
                    let end = min(n, (r.item / batch + 1) * batch)
                    r.missing = lock.withLock { (0..<end).filter { !learned.contains($0) }.count }
                })
            var missing: [Int] = []
            var order: [Int] = []
            for i in 0..<n {
                try p.push(i) {
                    order.append($0.item)
                    if $0.missing > 0 { missing.append($0.item) }
                }
            }
            try p.finish {
                order.append($0.item)
                if $0.missing > 0 { missing.append($0.item) }
            }
            #expect(order == Array(0..<n))
            #expect(missing == [], "\(n) items, \(threads) threads, batches of \(batch): \(missing.count) too early")
        }
    }
}

/// The audit's parallel stage checks the signature of a key registered just before (in
/// the same batch, on another thread), so the ordered stage never has to: a log that
/// registers keys all year is checked on every core.
@Suite struct PreparedLineTests {
    @Test func keysRegisteredInTheSameBatchAreKnownToItsSignatureChecks() throws {
        let t = try TestLog()
        let keys = (0..<200).map { testKey("k\($0)") }
        _ = try t.log.append(
            keys.enumerated().map { i, k in
                signed(
                    "KeyRegistered", id: "key-\(i)", by: [t.root],
                    [.init("publicKey", .string(k.publicKey.base64)), .init("role", .string("unit"))])
            })
        // Used in the reverse order: the last registered is used first, on another thread.
        _ = try t.log.append(keys.enumerated().reversed().map { i, k in signed("A", id: "a\(i)", by: [k]) })
        let p = PreparedLine.pipeline(genesis: try t.log.store.read { try $0.entry(at: 0)?.line }, catalog: .logLayer)
        var lines: [PreparedLine] = []
        try t.log.forEachEntry { try p.push($0.line) { lines.append($0) } }
        try p.finish { lines.append($0) }
        #expect(lines.count == 401)
        #expect(lines.filter { !$0.signaturesChecked }.count == 0)
        // Each block of 64 entries was hashed on the parallel stage; the root is the log's.
        #expect(lines.filter { $0.block != nil }.count == 401 / 64)
        var v = Verifier(catalog: .logLayer, rootsAt: [64, 100, 128, 400])
        for l in lines { try v.add(l) }
        let leaves = lines.map(\.leaf)
        #expect(v.root == MerkleFrontier.root(of: leaves))
        #expect(v.root == (try t.log.root().root))
        for n in [64, 100, 128, 400] { #expect(v.roots[n] == MerkleFrontier.root(of: leaves.prefix(n)), "size \(n)") }
    }

    /// A block root is used only for the leaves the ordered stage accepted: one made from
    /// other leaves (a line may claim any index) is hashed again, not trusted.
    @Test func aBlockOfOtherLeavesIsNotUsed() throws {
        let t = try TestLog()
        _ = try t.log.append((0..<140).map { signed("A", id: "a\($0)", by: [t.root]) })
        let p = PreparedLine.pipeline(genesis: try t.log.store.read { try $0.entry(at: 0)?.line }, catalog: .logLayer)
        var lines: [PreparedLine] = []
        try t.log.forEachEntry { try p.push($0.line) { lines.append($0) } }
        try p.finish { lines.append($0) }
        #expect(lines.filter { $0.block != nil }.count == 2)
        // The block ending at entry 63 as if entry 10 were another line.
        var other = lines[0..<64].map(\.leaf)
        other[10] = Merkle.leafHash(Array("another line".utf8))
        lines[63].block = PreparedLine.Block(leaves: other, root: MerkleFrontier.root(of: other))
        var v = Verifier(catalog: .logLayer, rootsAt: [64, 100])
        for l in lines { try v.add(l) }
        let leaves = lines.map(\.leaf)
        #expect(v.roots[64] == MerkleFrontier.root(of: leaves.prefix(64)))
        #expect(v.roots[100] == MerkleFrontier.root(of: leaves.prefix(100)))
        #expect(v.root == (try t.log.root().root))
    }
}
