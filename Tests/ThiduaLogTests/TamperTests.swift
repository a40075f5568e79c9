import Foundation
import TestSupport
import Testing

@testable import ThiduaLog

/// Every tamper with an exported log or its store is detected, and located where the
/// format allows.
@Suite struct TamperTests {
    /// A log of 10 entries: keys, multi-signed events, Vietnamese text.
    static func makeLog() throws -> (TestLog, [UInt8], SignedNote) {
        let t = try TestLog()
        let a = try t.register("a", scope: "tua-chua")
        let b = try t.register("b", scope: "muong-cha")
        for k in 0..<7 {
            _ = try t.log.append([
                signed(
                    "TaskCompleted", id: "t\(k)", by: k % 2 == 0 ? [a, b] : [a],
                    [.init("unit", .string(k % 2 == 0 ? "Tủa Chùa" : "Mường Chà")), .init("value", .number("\(k).5"))])
            ])
        }
        return (t, try t.export(), try t.log.checkpoint())
    }

    func verify(_ bytes: [UInt8], _ notes: [SignedNote], _ key: NoteVerifierKey) -> EntryFault? {
        do {
            _ = try LogAudit.verify(export: bytes, checkpoints: notes, key: key, catalog: .logLayer)
            return nil
        } catch {
            return error
        }
    }

    /// Byte ranges of each field's value in a line.
    static func fields(_ line: [UInt8]) -> [(String, Range<Int>)] {
        let s = String(decoding: line, as: UTF8.self)
        func range(after key: String, until end: Character) -> Range<Int> {
            let start = s.range(of: key)!.upperBound
            let stop = s[start...].firstIndex(of: end)!
            return s.utf8.distance(from: s.startIndex, to: start)..<s.utf8.distance(from: s.startIndex, to: stop)
        }
        return [
            ("index", range(after: "\"index\":", until: ",")),
            ("receivedAt", range(after: "\"receivedAt\":\"", until: "\"")),
            ("payload", range(after: "\"payload\":\"", until: "\"")),
            ("payloadType", range(after: "\"payloadType\":\"", until: "\"")),
            ("keyid", range(after: "\"keyid\":\"", until: "\"")),
            ("sig", range(after: "\"sig\":\"", until: "\"")),
        ]
    }

    @Test func untouchedLogVerifies() throws {
        let (t, bytes, note) = try Self.makeLog()
        #expect(verify(bytes, [note], t.log.verifierKey) == nil)
    }

    @Test func aFlippedBitInAnyFieldOfAnyLineIsDetectedAndLocated() throws {
        let (t, bytes, note) = try Self.makeLog()
        let lines = Array(ExportLines(bytes: bytes))
        var tried = 0
        var locatedExactly = 0
        for (i, line) in lines.enumerated() {
            for (field, r) in Self.fields(line) {
                for pos in Set([r.lowerBound, (r.lowerBound + r.upperBound) / 2, r.upperBound - 1]) {
                    for bit in [0, 3, 6] {
                        var l = lines
                        l[i][pos] ^= UInt8(1 << bit)
                        tried += 1
                        let fault = verify(Array(l.map { $0 + [0x0A] }.joined()), [note], t.log.verifierKey)
                        guard let fault else {
                            Issue.record("flip of bit \(bit) at byte \(pos) (\(field)) of line \(i) was not detected")
                            continue
                        }
                        if fault.index == i {
                            locatedExactly += 1
                            continue
                        }
                        // Only receivedAt is outside every signature: a flip there that keeps a
                        // valid time is caught by the order rule at the next entry, or by the root.
                        #expect(
                            field == "receivedAt",
                            "line \(i) \(field): fault named \(String(describing: fault.index)): \(fault)")
                        #expect(
                            fault.index == i + 1 && fault.rule == .timeOrder
                                || fault.index == nil && fault.rule == .checkpoint, "\(fault)")
                    }
                }
            }
        }
        #expect(tried > 400)
        #expect(locatedExactly * 10 > tried * 9, "only \(locatedExactly) of \(tried) located exactly")
    }

    @Test func droppedLinesAreDetectedAndLocated() throws {
        let (t, bytes, note) = try Self.makeLog()
        let lines = Array(ExportLines(bytes: bytes))
        for i in lines.indices {
            var l = lines
            l.remove(at: i)
            let fault = verify(Array(l.map { $0 + [0x0A] }.joined()), [note], t.log.verifierKey)
            #expect(fault?.index == i, "dropping line \(i): \(String(describing: fault))")
        }
    }

    @Test func swappedLinesAreDetectedAndLocated() throws {
        let (t, bytes, note) = try Self.makeLog()
        let lines = Array(ExportLines(bytes: bytes))
        for i in 0..<lines.count - 1 {
            var l = lines
            l.swapAt(i, i + 1)
            let fault = verify(Array(l.map { $0 + [0x0A] }.joined()), [note], t.log.verifierKey)
            #expect(
                fault?.index == i && fault?.rule == .lineFormat,
                "swapping \(i) and \(i + 1): \(String(describing: fault))")
        }
    }

    @Test func wrongCheckpointSignaturesAreRefused() throws {
        let (t, bytes, note) = try Self.makeLog()
        // A flipped bit in the signature.
        var text = Array(note.text.utf8)
        text[text.count - 10] ^= 0x01
        if let bad = try? SignedNote(text: String(decoding: text, as: UTF8.self)) {
            #expect(verify(bytes, [bad], t.log.verifierKey)?.rule == .checkpoint)
        }
        // Signed by another key under the log's name.
        let forged = SignedNote.sign(body: note.body, name: t.log.origin, key: testKey("mallory"))
        #expect(verify(bytes, [forged], t.log.verifierKey)?.rule == .checkpoint)
        // The forger's key pinned instead of the log's: it is not the key the genesis names.
        let fault = verify(
            bytes, [forged], NoteVerifierKey(name: t.log.origin, publicKey: testKey("mallory").publicKey))
        #expect(fault?.message.contains("is not a checkpoint key of this log") == true)
        // A checkpoint for a larger tree than the export: entries missing at the end.
        _ = try t.log.append([signed("A", id: "later", by: [t.root])])
        let bigger = try t.log.checkpoint()
        #expect(
            verify(bytes, [bigger], t.log.verifierKey)
                == EntryFault(
                    index: 10, rule: .checkpoint,
                    "the checkpoint covers 11 entries but the log has 10: entries 10…10 are missing"))
        // The smaller checkpoint checks against a longer export (rule 7), the larger covers it.
        #expect(verify(try t.export(), [note, bigger], t.log.verifierKey) == nil)
    }

    @Test func aLineChangedInsideTheStoreIsLocated() throws {
        let (t, _, _) = try Self.makeLog()
        // An attacker with the database drops the trigger and rewrites entry 6's time.
        let stored = try #require(try t.log.store.read { try $0.entry(at: 6) })
        let line = String(decoding: stored.line, as: UTF8.self).replacingOccurrences(
            of: "00:00:07.000Z", with: "00:00:06.500Z")
        #expect(line != String(decoding: stored.line, as: UTF8.self))
        try rawSQL(
            t.dbPath, "DROP TRIGGER entries_no_update; UPDATE entries SET line = CAST('\(line)' AS BLOB) WHERE idx = 6;"
        )
        do {
            _ = try LogAudit.verify(store: t.log.store, key: t.log.verifierKey, catalog: .logLayer)
            Issue.record("not detected")
        } catch let f as EntryFault {
            #expect(f.index == 6)
        }
    }
}
