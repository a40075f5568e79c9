import Foundation
import TestSupport
import Testing
import ThiduaDemo
import ThiduaDomain
import ThiduaLog

@testable import ThiduaServer

/// Hostile input against the demo log: every malformed envelope, payload, key,
/// checkpoint and HTTP request gets a clear refusal, and the log is unchanged. The counts
/// are printed for the note ("FUZZ …").
@Suite(.serialized) struct FuzzTests {
    static func mutate(_ b: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var m = b
        switch Int.random(in: 0..<7, using: &rng) {
        case 0 where !m.isEmpty:
            m[Int.random(in: 0..<m.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
        case 1: m = Array(m.prefix(Int.random(in: 0...m.count, using: &rng)))
        case 2 where !m.isEmpty: m.remove(at: Int.random(in: 0..<m.count, using: &rng))
        case 3: m.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...m.count, using: &rng))
        case 4: m += m.suffix(Int.random(in: 0...min(40, m.count), using: &rng))
        case 5:
            let i = Int.random(in: 0...m.count, using: &rng)
            m.insert(contentsOf: Array(#","payload":"AAAA""#.utf8), at: i)
        default:
            if let i = m.firstIndex(of: UInt8(ascii: "A")) { m[i] = UInt8(ascii: "-") }
        }
        return m
    }

    @Test func malformedEnvelopesPayloadsAndKeysAreRefusedAndTheLogIsUnchanged() throws {
        let dir = TempDir()
        let api = try demoAPI(dir)
        let log = api.log
        let size0 = try log.size()
        let root0 = try log.root().root
        let original = payload("fuzz-base", unit: "xa-nam-ke", criterion: "A3")
        let good = try Envelope.sign(payload: original, keys: [DemoLog.key("xa-nam-ke")]).canonicalJSON
        var rng = SplitMix(state: 20_251_222)
        var tried = 0
        var refused = 0
        var acceptedEquivalent = 0
        var wronglyAccepted = 0
        func attempt(_ bytes: [UInt8]) {
            tried += 1
            let env: Envelope
            do { env = try Envelope(json: bytes) } catch {
                refused += 1
                return
            }
            do {
                let out = try log.append([env])
                // Accepted: only a re-encoding of the valid envelope (same payload, same valid
                // signatures) may be; anything else is a wrong acceptance.
                if env.payload == original && out[0].index == size0 {
                    acceptedEquivalent += 1
                } else {
                    wronglyAccepted += 1
                }
            } catch {
                #expect(!error.description.isEmpty)
                refused += 1
            }
        }
        // Random mutations of a valid envelope's bytes.
        for _ in 0..<1500 {
            var m = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) { m = Self.mutate(m, &rng) }
            attempt(m)
        }
        // Payload-level cases, each properly signed so only the payload is at fault.
        func signed(_ p: [UInt8], by label: String = "xa-nam-ke") throws -> [UInt8] {
            try Envelope.sign(payload: p, keys: [DemoLog.key(label)]).canonicalJSON
        }
        var cases: [[UInt8]] = []
        cases.append(try signed([0xff, 0xfe] + original))  // invalid UTF-8
        cases.append(
            // deep nesting
            try signed(Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)))
        cases.append(
            try signed(
                Array(
                    (#"{"v":1,"v":1,"type":"TaskCompleted","id":"d","log":"thidua.dienbien.gov.vn/2025","#
                        + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"xa-nam-ke","criterion":"A3"}"#)
                        .utf8)))  // duplicate key
        // > 64 KiB
        cases.append(try signed(payload("huge", extra: #","note":""# + String(repeating: "x", count: 70_000) + #"""#)))
        cases.append(try signed(payload("revoked", unit: "xa-nam-ke"), by: "hd-tp"))  // a revoked key
        // clock skew
        cases.append(try signed(payload("skew", extra: "").map { $0 }.withIssuedAt("2099-01-01T00:00:00+07:00")))
        cases.append(
            try signed(
                Array(
                    (#"{"v":1,"type":"TaskCompleted","id":"self-B1","log":"thidua.dienbien.gov.vn/2025","#
                        + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"xa-nam-ke","criterion":"A3","#
                        + #""count":-3}"#)
                        .utf8)))
        cases.append(
            try signed(
                Array(
                    (#"{"v":1,"type":"IndicatorReported","id":"x","log":"thidua.dienbien.gov.vn/2025","#
                        + #""issuedAt":"2025-12-22T08:00:00+07:00","unit":"xa-nam-ke","code":"VL","#
                        + #""value":"1e999"}"#)
                        .utf8)))
        cases.append(
            try signed(
                Array(
                    (#"{"v":2,"type":"TaskCompleted","id":"v2","log":"thidua.dienbien.gov.vn/2025","#
                        + #""issuedAt":"2025-12-22T08:00:00+07:00"}"#)
                        .utf8)))
        cases.append(try signed(payload("pledge-xa-nam-ke")))  // an id already used, other payload
        cases.append(
            Array(
                String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"sig\":\"", with: "\"sig\":\"+/-_")
                    .utf8))  // mixed base64
        cases.append(
            Array(#"{"payload":"e30=","payloadType":"application/vnd.thidua.event.v1+json","signatures":[]}"#.utf8))
        cases.append(
            Array(#"{"payload":"e30=","payloadType":"text/plain","signatures":[{"keyid":"00","sig":"AA=="}]}"#.utf8))
        for c in cases { attempt(c) }
        // The valid envelope itself, last: accepted once.
        attempt(good)
        print(
            "FUZZ envelopes: \(tried) tried, \(refused) refused, \(acceptedEquivalent) accepted "
                + "(the valid envelope or an equivalent encoding), \(wronglyAccepted) wrongly accepted"
        )
        #expect(wronglyAccepted == 0)
        #expect(acceptedEquivalent >= 1)
        // Nothing but that one entry was added, and the log's prefix is untouched.
        #expect(try log.size() == size0 + 1)
        #expect(try log.root(size: size0).root == root0)
        _ = try LogAudit.verify(store: log.store, key: log.verifierKey, catalog: EmulationRules.catalog)
    }

    @Test func malformedKeysAndCheckpointsGetClearErrors() throws {
        var rng = SplitMix(state: 7)
        let key = DemoLog.key("council")
        let pem = Array(key.pem.utf8)
        let note = SignedNote.sign(
            body: "o.t/l\n3\n\(Base64.encode([UInt8](repeating: 1, count: 32)))\n", name: "o.t/l", key: key)
        let vkey = NoteVerifierKey(name: "o.t/l", publicKey: key.publicKey)
        var tried = 0
        var wrong = 0
        var refusedKeys = 0
        var otherKeys = 0
        var refusedNotes = 0
        for _ in 0..<600 {
            tried += 1
            let m = Self.mutate(pem, &rng)
            do {
                // Any 32-byte seed is an Ed25519 key: a mutation may give another, well-formed
                // key. It must then round-trip exactly; anything malformed must be refused.
                let k = try PrivateKey(pem: String(decoding: m, as: UTF8.self))
                if k.publicKey != key.publicKey { otherKeys += 1 }
                if (try? PrivateKey(pem: k.pem))?.publicKey != k.publicKey { wrong += 1 }
            } catch {
                refusedKeys += 1
                if "\(error)".isEmpty { wrong += 1 }
            }
        }
        for _ in 0..<600 {
            tried += 1
            let m = Self.mutate(Array(note.text.utf8), &rng)
            guard let n = try? SignedNote(text: String(decoding: m, as: UTF8.self)) else {
                refusedNotes += 1
                continue
            }
            // A changed note may parse; it must not verify unless its body and signature are intact.
            if (try? n.verify(vkey)) != nil && n.body != note.body { wrong += 1 }
        }
        print(
            "FUZZ keys and checkpoints: \(tried) tried, \(refusedKeys) keys refused, "
                + "\(otherKeys) mutated into another well-formed key, \(refusedNotes) notes refused, "
                + "\(wrong) wrongly accepted"
        )
        #expect(wrong == 0)
    }

    @Test func malformedHTTPRequestsGet4xxNeverA5xxAndNeverTouchTheLog() throws {
        let dir = TempDir()
        var limits = Limits()
        limits.readTimeoutSeconds = 1
        limits.maxConnections = 1000
        limits.maxPerClient = 1000  // 16 fuzzing threads from one address, on purpose
        let live = try Live(try demoAPI(dir), limits: limits)
        let size0 = try live.api.log.size()
        let good = try envelope(payload("http-fuzz"), by: "xa-nam-ke")
        let request = Array("POST /v1/entries HTTP/1.1\r\nHost: x\r\nContent-Length: \(good.count)\r\n\r\n".utf8) + good
        var rng = SplitMix(state: 42)
        nonisolated(unsafe) var tried = 0
        nonisolated(unsafe) var fourxx = 0
        nonisolated(unsafe) var accepted = 0
        nonisolated(unsafe) var fivexx = 0
        nonisolated(unsafe) var silent = 0
        let lock = Lock()
        var corpus: [[UInt8]] = []
        for _ in 0..<300 {
            var m = request
            for _ in 0..<Int.random(in: 1...4, using: &rng) { m = Self.mutate(m, &rng) }
            corpus.append(m)
        }
        corpus += [
            Array("GET /v1/entries?from=-5&to=zz HTTP/1.1\r\n\r\n".utf8), Array("GET /%ZZ%00 HTTP/1.1\r\n\r\n".utf8),
            Array("GET /v1/rankings?asOf=yesterday HTTP/1.1\r\n\r\n".utf8),
            Array("GET /v1/proofs/consistency?from=0 HTTP/1.1\r\n\r\n".utf8),
            Array("\r\n\r\n".utf8), [UInt8](repeating: 0, count: 100), Array("GET / HTTP/9.9\r\n\r\n".utf8),
        ]
        let all = corpus
        // 16 client threads of their own (not the global queue, which serves the server).
        let group = DispatchGroup()
        for t in 0..<16 {
            group.enter()
            Thread {
                defer { group.leave() }
                for i in stride(from: t, to: all.count, by: 16) {
                    let reply = live.raw(all[i])
                    let status = Int(reply.dropFirst(9).prefix(3)) ?? 0
                    lock.withLock {
                        tried += 1
                        switch status {
                        case 200..<300: accepted += 1
                        case 400..<500: fourxx += 1
                        case 500...: fivexx += 1
                        default: silent += 1  // the connection closed without a reply (e.g. empty request)
                        }
                    }
                }
            }.start()
        }
        group.wait()
        print(
            "FUZZ HTTP: \(tried) requests, \(fourxx) got 4xx, \(accepted) accepted (valid after mutation), "
                + "\(fivexx) got 5xx, \(silent) closed without reply"
        )
        #expect(fivexx == 0)
        // The server still answers, and only valid envelopes were appended (at most the one).
        #expect(try curl([live.base + "/healthz"]).out.hasPrefix("{\"ok\":true"))
        #expect(try live.api.log.size() <= size0 + 1)
        _ = try LogAudit.verify(
            store: live.api.log.store, key: live.api.log.verifierKey, catalog: EmulationRules.catalog)
        live.server.stop()
    }
}

extension Array where Element == UInt8 {
    /// The payload with its issuedAt replaced (for clock-skew cases).
    func withIssuedAt(_ t: String) -> [UInt8] {
        let s = String(decoding: self, as: UTF8.self)
        guard let r = s.range(of: #""issuedAt":""#), let end = s[r.upperBound...].firstIndex(of: "\"") else {
            return self
        }
        return Array((String(s[..<r.upperBound]) + t + String(s[end...])).utf8)
    }
}
