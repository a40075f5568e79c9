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

    /// The run of plain ASCII that JSON strings and a line's quoted fields are read by, eight
    /// bytes at a time, ends where a byte-by-byte scan ends: at the first quote, backslash,
    /// control character or byte above 0x7F, from every start of texts built to make the
    /// word test's borrows flag later bytes too (0x00, 0x21, 0x22 next to 0x23, 0x5B, 0x5C …).
    @Test func thePlainRunEndsAtTheFirstByteThatIsNotPlain() {
        let odd: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xA0, 0xC3, 0xFF,
        ]
        var seed: UInt64 = 0x2025_0601
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        var ends = [Int](repeating: 0, count: 41)
        for _ in 0..<3000 {
            let n = next() % 41
            let text: [UInt8] = (0..<n).map { _ in next() % 8 == 0 ? odd[next() % odd.count] : UInt8(97 + next() % 26) }
            text.withUnsafeBufferPointer { b in
                for start in 0...n {
                    let naive =
                        text[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 } ?? n
                    #expect(PlainASCII.end(b, from: start) == naive, "\(text) from \(start)")
                    ends[naive - start] += 1
                }
            }
        }
        // Runs of every length to 24 were met: every place in a word, three words deep, was
        // the first byte that is not plain.
        #expect(ends[0...24].allSatisfy { $0 > 0 }, "\(ends)")
    }
}
