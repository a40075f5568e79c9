import Foundation
import TestSupport
import Testing

@testable import ThiduaLog

/// The byte-level reader of log lines (issue 12) accepts exactly what the general reader
/// (JSON, then the canonical re-serialisation compared byte for byte) accepts, and gives
/// the same entry: checked on real lines, the integrity vectors' lines, and 24,000 mutations.
@Suite struct EntryScannerTests {
    /// Lines of a small log with one and two signatures, escapes in the payload, and a
    /// long index.
    func lines() throws -> [[UInt8]] {
        let a = testKey("a")
        let b = testKey("b")
        var out: [[UInt8]] = []
        for (i, keys) in [[a], [a, b], [b, a]].enumerated() {
            let env = signed("TaskCompleted", id: "t\(i)", by: keys, [.init("note", .string("Xã \"Nậm Kè\"\n\\ ✓"))])
            let t = Timestamp(millis: 1_735_689_600_123 + Int64(i) * 86_400_017)
            out.append(Entry(index: [0, 7, 123_456_789_012][i], receivedAt: t, envelope: env).line)
        }
        let log = try Fixtures.bytes(Fixtures.vectors.appendingPathComponent("log.jsonl"))
        out += log.split(separator: 0x0A).map(Array.init)
        return out
    }

    func general(_ line: [UInt8]) -> Entry? { try? Entry.general(line: line, trusted: false) }

    @Test func canonicalLinesReadTheSameBothWays() throws {
        for line in try lines() {
            let fast = try #require(EntryScanner.scan(line), "\(String(decoding: line, as: UTF8.self))")
            #expect(fast == general(line))
            #expect(fast.line == line)
        }
    }

    /// Every single-byte change, insertion and deletion of a few lines, and random byte
    /// changes of all: the scanner accepts a line only if the general reader does, with
    /// the same entry (it may decline more: those lines take the general path).
    @Test func mutatedLinesAreNeverAcceptedByTheScannerAlone() throws {
        var rng = SplitMix(seed: 16)
        var checked = 0
        var acceptedByBoth = 0
        let interesting: [UInt8] = Array("{}[]\":,0123456789abcdefABCDEF+/=-_ \\xZT.".utf8) + [0x00, 0x80, 0xC3, 0xFF]
        for line in try lines() {
            var variants: [[UInt8]] = []
            for _ in 0..<4000 {
                var m = line
                let k = rng.next(m.count)
                switch rng.next(3) {
                case 0: m[k] = interesting[rng.next(interesting.count)]
                case 1: m.insert(interesting[rng.next(interesting.count)], at: k)
                default: m.remove(at: k)
                }
                variants.append(m)
            }
            for m in variants where m != line {
                checked += 1
                guard let fast = EntryScanner.scan(m) else { continue }
                let slow = general(m)
                #expect(slow == fast, "the scanner accepted what the general reader refuses: \(Array(m))")
                if slow != nil { acceptedByBoth += 1 }
            }
        }
        #expect(checked > 20_000)
        print("SCANNER \(checked) mutated lines, \(acceptedByBoth) still canonical and read alike by both readers")
    }

    @Test func strictTimeReadsOnlyTheCanonicalForm() {
        for (text, ok) in [
            ("2025-06-30T10:10:00.000Z", true), ("2024-02-29T23:59:59.999Z", true), ("2025-02-29T00:00:00.000Z", false),
            ("2025-06-30t10:10:00.000Z", false), ("2025-06-30T10:10:00.000z", false),
            ("2025-06-30T10:10:00.00Z", false),
            ("2025-06-30T24:00:00.000Z", false), ("2025-06-30T10:60:00.000Z", false),
            ("2025-13-30T10:10:00.000Z", false),
            ("2025-06-30T10:10:00.000+", false), ("+025-06-30T10:10:00.000Z", false),
        ] {
            let t = Timestamp(receivedAt: text)
            #expect((t != nil) == ok, "\(text)")
            if let t { #expect(t.receivedAtText == text) }
        }
    }
}
