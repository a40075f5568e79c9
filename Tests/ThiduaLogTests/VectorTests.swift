import Foundation
import TestSupport
import Testing

@testable import ThiduaLog

/// The integrity vectors, made by an implementation of the spec written apart from this
/// project (Fixtures/integrity-v1, a copy of the shared vectors: PROVENANCE.md).
@Suite struct VectorTests {
    /// The copy stays byte-identical to the shared one, when CI names where that is
    /// (THIDUA_SHARED_VECTORS); a user's clone has only the copy.
    @Test func theCopyEqualsTheSharedVectors() throws {
        guard let shared = ProcessInfo.processInfo.environment["THIDUA_SHARED_VECTORS"] else {
            print(
                "skipped: comparing Tests/ThiduaLogTests/Fixtures/integrity-v1 with the shared vectors (set "
                    + "THIDUA_SHARED_VECTORS to their folder)"
            )
            return
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: shared).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let theirs = try Fixtures.bytes(URL(fileURLWithPath: shared).appendingPathComponent(name))
            #expect(
                try Fixtures.bytes(v.appendingPathComponent(name)) == theirs, "\(name) differs from the shared copy")
        }
    }

    let v = Fixtures.vectors
    func note(_ name: String) throws -> SignedNote {
        try SignedNote(text: Fixtures.text(v.appendingPathComponent(name)))
    }
    func key() throws -> NoteVerifierKey {
        try NoteVerifierKey(text: Fixtures.text(v.appendingPathComponent("log-key.txt")))
    }

    @Test func acceptsTheGoodLog() throws {
        let report = try LogAudit.verify(
            export: Fixtures.bytes(v.appendingPathComponent("log.jsonl")), checkpoints: [note("checkpoint")],
            key: key(), catalog: .logLayer)
        #expect(report.entries == 3)
        #expect(report.signatures == 4)
        #expect(report.root.base64 == "7r2aFZlcSi18+LLfQDm9wZYg0lY6xO8xpUY+fS3ay+k=")
    }

    @Test(arguments: [("bad-payload.jsonl", 0), ("bad-swapped.jsonl", 1)])
    func rejectsTheBadLogsNamingTheEntry(_ file: String, _ index: Int) throws {
        let bytes = try Fixtures.bytes(v.appendingPathComponent(file))
        let notes = [try note("checkpoint")]
        let k = try key()
        do {
            _ = try LogAudit.verify(export: bytes, checkpoints: notes, key: k, catalog: .logLayer)
            Issue.record("\(file) was accepted")
        } catch {
            #expect(error.index == index)
        }
    }

    @Test func proofsVerifyAndEqualOurs() throws {
        let cp = try Checkpoint(body: note("checkpoint").body)
        let inc = try InclusionProof(
            json: JSON.parse(Fixtures.bytes(v.appendingPathComponent("inclusion-1-of-3.json"))))
        try inc.verify(root: cp.root)
        let con = try ConsistencyProof(
            json: JSON.parse(Fixtures.bytes(v.appendingPathComponent("consistency-1-to-3.json"))))
        // Our tree over the same lines gives the same proofs.
        let lines = Array(ExportLines(bytes: try Fixtures.bytes(v.appendingPathComponent("log.jsonl"))))
        let store = MemorySubtrees()
        for l in lines { store.append(Entry.leafHash(line: l)) }
        let tree = MerkleTree(source: store)
        #expect(try tree.inclusionProof(index: 1, size: 3) == inc.path)
        #expect(try tree.consistencyProof(from: 1, to: 3) == con.path)
        try con.verify(fromRoot: tree.root(size: 1), toRoot: cp.root)
        #expect(inc.leafHash == Entry.leafHash(line: lines[1]))
    }

    @Test func everyLineIsCanonical() throws {
        for (i, line) in ExportLines(bytes: try Fixtures.bytes(v.appendingPathComponent("log.jsonl"))).enumerated() {
            let e = try Entry(line: line)
            #expect(e.index == i)
            #expect(e.line == line)
        }
    }
}
