import Foundation

/// Verifies the Ed25519 signatures of a run of lines on all cores, ahead of the
/// sequential checks. A keyid is the hash of its key, so a signature that verifies under
/// the key its keyid names is valid whoever knows that key; whether the log knew it at that
/// entry (rule 5) is still checked in order by `Verifier.add`. A line whose signatures
/// cannot be checked here (unknown key, bad signature, bad line) is left to the sequential
/// path, which then names the fault exactly.
public enum SignaturePrecheck {
    public static func run(_ lines: [[UInt8]], known: [KeyID: PublicKey]) -> [Bool] {
        // Keys introduced inside this run (genesis, KeyRegistered) are learned first.
        var keys = known
        let entries = lines.map { try? Entry(line: $0) }
        for e in entries {
            guard let e, let text = String(bytes: e.envelope.payload, encoding: .utf8),
                text.contains("\"KeyRegistered\"") || text.contains("\"LogOpened\""),
                let json = try? JSON.parse(e.envelope.payload)
            else { continue }
            var raws: [String] = []
            if let k = json["publicKey"]?.stringValue { raws.append(k) }
            for r in json["rootKeys"]?.arrayValue ?? [] { if let k = r.stringValue { raws.append(k) } }
            for r in raws { if let k = try? PublicKey(base64: r) { keys[k.keyID] = k } }
        }
        let n = entries.count
        let ok = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
        ok.initialize(repeating: false)
        defer { ok.deallocate() }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64))
        let k = keys
        nonisolated(unsafe) let out = ok
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: n, by: workers) {
                guard let e = entries[i] else { continue }
                let pae = e.envelope.pae
                out[i] = e.envelope.signatures.allSatisfy { s in
                    k[s.keyID].map { $0.verify(signature: s.sig, message: pae) } ?? false
                }
            }
        }
        return Array(ok)
    }
}
