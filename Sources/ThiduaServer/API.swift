import Foundation
import ThiduaDomain
import ThiduaLog

/// The HTTP API over one log (README: "HTTP API"). Writes need no password: the
/// envelope's signatures are the authentication, checked by the log's rules.
public final class API: @unchecked Sendable {
    public let log: Log
    private let cacheLock = Lock()
    /// The standings at the last size asked, with the ledger they were computed from: the
    /// next size folds only the new entries and scores only the groups they touch.
    private var cached: (ledger: Ledger, standings: Standings)? = nil
    private var verified: (size: Int, ok: Bool, message: String, signatures: Int)? = nil

    /// A projection snapshot is saved when the ledger is this many entries past the newest one.
    public let snapshotEvery: Int

    public init(log: Log, snapshotEvery: Int = Ledger.snapshotEvery) {
        self.log = log
        self.snapshotEvery = snapshotEvery
    }

    public func handle(_ r: Request) -> Response {
        do {
            switch (r.method, r.path) {
            case ("GET", "/"), ("GET", "/index.html"):
                return Response(status: 200, contentType: "text/html; charset=utf-8", body: Dashboard.html)
            case ("GET", "/favicon.ico"):
                return Response(status: 204, contentType: "image/x-icon", body: [])
            case ("GET", "/nop"), ("GET", "/submit"):
                return Response(status: 200, contentType: "text/html; charset=utf-8", body: Dashboard.submitPage)
            case ("GET", "/v1/catalogue"):
                return catalogue()
            case ("GET", "/v1/organisation"):
                return try organisation()
            case ("GET", "/healthz"):
                return .json(200, "{\"ok\":true,\"size\":\(try log.size())}\n")
            case ("POST", "/v1/entries"):
                return append(r)
            case ("POST", "/v1/check"):
                return check(r)
            case ("GET", "/v1/entries"):
                return try entries(r)
            case ("GET", "/v1/checkpoint"):
                return Response(
                    status: 200, contentType: "text/plain; charset=utf-8", body: Array(try log.checkpoint().text.utf8))
            case ("GET", "/v1/proofs/inclusion"):
                guard let i = int(r, "index") else { return .error(400, "give ?index=I (and optionally &size=N)") }
                let n = try int(r, "size") ?? log.size()
                guard i < n, n <= (try log.size()) else {
                    return .error(404, "no entry \(i) in a tree of \(n) entries (the log has \(try log.size()))")
                }
                return .json(200, JSONWriter.string(try log.inclusionProof(index: i, size: n).json) + "\n")
            case ("GET", "/v1/proofs/consistency"):
                guard let m = int(r, "from") else { return .error(400, "give ?from=M (and optionally &to=N)") }
                let n = try int(r, "to") ?? log.size()
                guard m >= 1, m <= n, n <= (try log.size()) else {
                    return .error(404, "no consistency proof from \(m) to \(n) (the log has \(try log.size()) entries)")
                }
                return .json(200, JSONWriter.string(try log.consistencyProof(from: m, to: n).json) + "\n")
            case ("GET", "/v1/rankings"):
                return try rankings(r)
            case ("GET", "/v1/status"):
                return try status()
            case ("GET", let p) where p.hasPrefix("/v1/units/") && p.hasSuffix("/explain"):
                let unit = String(p.dropFirst("/v1/units/".count).dropLast("/explain".count))
                return try explain(unit, r)
            case (_, "/"), (_, "/healthz"), (_, "/v1/entries"), (_, "/v1/check"), (_, "/v1/checkpoint"),
                (_, "/v1/rankings"), (_, "/v1/status"):
                return .error(405, "\(r.method) is not allowed on \(r.path)")
            default:
                return .error(404, "no such resource \(r.path); see README, \"HTTP API\"")
            }
        } catch {
            return .error(error)
        }
    }

    func int(_ r: Request, _ k: String) -> Int? { r.query[k].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } }

    // MARK: writes

    func append(_ r: Request) -> Response {
        let env: Envelope
        do { env = try Envelope(json: r.body) } catch {
            return .error(400, "\(error); send one DSSE envelope as JSON (thidua sign makes one)")
        }
        guard env.payload.count <= Payload.maxBytes else {
            return .error(
                413,
                "the payload is \(env.payload.count) bytes; an event is at most \(Payload.maxBytes) bytes (64 KiB)",
                rule: "payload")
        }
        let out: AppendOutcome
        do { out = try log.append([env])[0] } catch { return API.refusal(error) }
        do {
            let cp = try log.checkpoint()
            let size = try Checkpoint(body: cp.body).size
            let proof = try log.inclusionProof(index: out.index, size: size)
            let body: JSON = [
                "index": out.index.json, "created": out.created.json, "receivedAt": out.receivedAt.receivedAtText.json,
                "inclusionProof": proof.json, "checkpoint": cp.text.json,
            ]
            return .json(out.created ? 201 : 200, JSONWriter.string(body) + "\n")
        } catch {
            return .error(500, "appended at entry \(out.index), but the proof could not be made: \(error)")
        }
    }

    /// The answer to a refused append (or check): the status its category names, the
    /// message, and the integrity rule and entry when a rule refused.
    static func refusal(_ error: AppendError) -> Response {
        if case .idConflict(_, _, let id, let existing) = error {
            return .error(
                error.category.status,
                "id \"\(id)\" is already in the log at entry \(existing) with another envelope (a different payload "
                    + "or other signatures); choose a new id",
                rule: "payload", index: existing,
                vi: "mã \"\(id)\" đã có trong sổ ở bản ghi \(existing) với phong bì khác; chọn mã mới")
        }
        if let f = error.fault {
            return .error(
                f.category.status, f.message, rule: f.rule.slug, index: f.index,
                vi: (f.vi ?? f.message) + " [\(f.rule.vietnamese)]")
        }
        return .error(error)
    }

    /// `POST /v1/check`: every check of an append, appending nothing. The body is a DSSE
    /// envelope, or `{"payload": BASE64, "signers": [BASE64 raw public key, …]}` for a
    /// payload not signed yet (a form checks before it signs).
    func check(_ r: Request) -> Response {
        let json: JSON
        do { json = try JSON.parse(r.body, maxDepth: 8) } catch {
            return .error(
                400,
                "the body is not JSON (\(error)); send a DSSE envelope, or {\"payload\": BASE64, \"signers\": "
                    + "[BASE64 KEY]}"
            )
        }
        let outcome: Log.CheckOutcome
        do {
            if json["signatures"] != nil || json["payloadType"] != nil {
                let env: Envelope
                do { env = try Envelope(value: json) } catch { return .error(400, "\(error)") }
                outcome = try log.check(env)
            } else {
                guard let p = json["payload"]?.stringValue, let payload = try? Base64.decode(p) else {
                    return .error(400, "\"payload\" must be the payload's bytes in base64")
                }
                guard let list = json["signers"]?.arrayValue, !list.isEmpty, list.count <= 16 else {
                    return .error(
                        400, "\"signers\" must list the public keys (base64 of the raw 32 bytes) that will sign")
                }
                var keys: [PublicKey] = []
                for k in list {
                    guard let text = k.stringValue else {
                        return .error(400, "\"signers\" holds \(k.typeName); give base64 strings")
                    }
                    do { keys.append(try PublicKey(base64: text, source: "signers")) } catch {
                        return .error(400, error.description)
                    }
                }
                outcome = try log.check(unsigned: payload, signers: keys)
            }
        } catch {
            return API.refusal(error)
        }
        return .json(200, "{\"ok\":true,\"index\":\(outcome.index),\"alreadyInLog\":\(outcome.alreadyInLog)}\n")
    }

    // MARK: reads

    func entries(_ r: Request) throws -> Response {
        let n = try log.size()
        let from = int(r, "from") ?? 0
        let to = min(int(r, "to") ?? n, n)
        guard from <= to else { return .error(400, "from (\(from)) is after to (\(to))") }
        var resp = Response(status: 200, contentType: "application/x-ndjson", body: [])
        let log = self.log
        resp.stream = { write in
            var batch: [UInt8] = []
            try log.forEachEntry(from: from, to: to) { e in
                batch += e.line + [0x0A]
                if batch.count > 64 * 1024 {
                    try write(batch)
                    batch = []
                }
            }
            if !batch.isEmpty { try write(batch) }
        }
        return resp
    }

    /// Standings at the current size: cached until the next append, then brought up to date
    /// incrementally (the entries since, the groups they touch).
    func standings() throws -> Standings {
        let n = try log.size()
        let c = cacheLock.withLock { cached }
        if let c, c.ledger.size == n { return c.standings }
        var ledger: Ledger
        var previous: Standings? = nil
        if let c, c.ledger.size < n {
            ledger = c.ledger
            ledger.clearChanges()
            previous = c.standings
        } else {
            ledger = try Ledger.resume(log, scope: ReplayScope(size: n)).ledger ?? Ledger()
        }
        try ledger.catchUp(log, to: n)
        // A server that signs checkpoints saves a projection snapshot every
        // `Ledger.snapshotEvery` entries; one without the key, or whose write loses a race
        // with another writer, just saves none this time.
        _ = try? ledger.saveSnapshotIfDue(to: log, every: snapshotEvery)
        let s = Standings(ledger, previous: previous)
        cacheLock.withLock { if (cached?.ledger.size ?? -1) < n { cached = (ledger, s) } }
        return s
    }

    func lang(_ r: Request) -> Language { Language(rawValue: r.query["lang"] ?? "vi") ?? .vi }

    /// The standings a request asks for: at `?asOf=` (a date or time), after `?size=` entries,
    /// or now; or the error response that says why not.
    func standings(_ r: Request) throws -> (Standings?, Response?) {
        if let asOf = r.query["asOf"], !asOf.isEmpty {
            guard let t = ReplayScope.moment(asOf) else {
                return (nil, .error(400, "asOf \"\(asOf)\" is neither a date (2025-06-30) nor an RFC 3339 time"))
            }
            return (Standings(try Ledger.replay(log, until: t)), nil)
        }
        if let text = r.query["size"] {
            let n = try log.size()
            guard let size = Int(text), size >= 1 else {
                return (nil, .error(400, "size \"\(text)\" is not a number of entries (1…\(n))"))
            }
            guard size <= n else { return (nil, .error(404, "size \(size) is larger than the log (\(n) entries)")) }
            return (size == n ? try standings() : Standings(try Ledger.replay(log, size: size)), nil)
        }
        return (try standings(), nil)
    }

    func rankings(_ r: Request) throws -> Response {
        let (found, refusal) = try standings(r)
        guard let st = found else { return refusal! }
        var groups: [String]? = nil
        if let g = r.query["cluster"] ?? r.query["bloc"], !g.isEmpty {
            guard st.groups.contains(where: { $0.group == g }) else {
                return .error(
                    404,
                    "no cluster or bloc \"\(g)\" with a rubric; " + Suggest.listing(g, among: st.groups.map(\.group))
                )
            }
            groups = [g]
        }
        return .json(200, Report(st, lang: lang(r), groups: groups).render(.json))
    }

    func explain(_ unit: String, _ r: Request) throws -> Response {
        let (found, refusal) = try standings(r)
        guard let st = found else { return refusal! }
        let l = lang(r)
        guard let text = Report(st, lang: l).explain(unit: unit) else {
            return .error(404, "unit \"\(unit)\" is not ranked in any cluster or bloc")
        }
        let groups = st.groups.filter { g in g.units.contains { $0.unit == unit } }.map(\.group)
        let detail = Report(st, lang: l, groups: groups).json()
        var units: [JSON] = []
        for g in detail["groups"]?.arrayValue ?? [] {
            for u in g["units"]?.arrayValue ?? [] where u["unit"]?.stringValue == unit { units.append(u) }
        }
        return .json(
            200,
            JSONWriter.string([
                "unit": unit.json, "name": st.name(unit).json, "text": text.json, "standings": .array(units),
            ]) + "\n")
    }

    func status() throws -> Response {
        let note = try log.checkpoint()
        let cp = try Checkpoint(body: note.body)
        let v: (size: Int, ok: Bool, message: String, signatures: Int)
        if let c = cacheLock.withLock({ verified }), c.size == cp.size {
            v = c
        } else {
            do {
                let rep = try LogAudit.verify(store: log.store, key: log.verifierKey, catalog: log.catalog)
                v = (
                    cp.size, true,
                    "\(rep.entries) entries, \(rep.signatures) signatures, authority and Merkle root verified",
                    rep.signatures
                )
            } catch {
                v = (cp.size, false, "\(error)", 0)
            }
            cacheLock.withLock { verified = v }
        }
        return .json(
            200,
            JSONWriter.string([
                "origin": cp.origin.json, "rules": log.rulesName.json, "bindsPayloads": log.bindsPayloads.json,
                "size": cp.size.json, "root": cp.root.base64.json, "checkpoint": note.text.json,
                "logKey": log.verifierKey.description.json, "verified": v.ok.json, "verification": v.message.json,
                "entries": cp.size.json,
                "signatures": v.signatures.json,
            ]) + "\n")
    }
}
