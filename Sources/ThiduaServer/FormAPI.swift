import Foundation
import ThiduaDomain
import ThiduaLog

/// What the web form ("Nộp báo cáo") reads to build itself: the event catalogue as
/// registered (`GET /v1/catalogue`), and the log's keys, units, groups, rubrics and
/// indicators as they stand (`GET /v1/organisation`). Reads only; the form signs in the
/// browser and sends the envelope to `POST /v1/check` and `POST /v1/entries`.
extension API {
    static func fieldJSON(_ f: FieldSpec) -> JSON {
        var m: [JSON.Member] = [
            .init("name", f.name.json), .init("required", f.required.json), .init("vi", f.vi.json),
            .init("en", f.en.json),
        ]
        m += kindJSON(f.kind)
        return .object(m)
    }

    static func kindJSON(_ k: FieldSpec.Kind) -> [JSON.Member] {
        switch k {
        case .text: return [.init("kind", "text")]
        case .id: return [.init("kind", "id")]
        case .date: return [.init("kind", "date")]
        case .decimal(let r):
            return [.init("kind", "decimal"), .init("rangeVi", r.vi.json), .init("rangeEn", r.text.json)]
        case .integer(let r):
            return [
                .init("kind", "integer"), .init("min", r.lowerBound.json),
                .init("max", min(r.upperBound, 1 << 53).json),
            ]
        case .choice(let words): return [.init("kind", "choice"), .init("choices", words.json)]
        case .sha256: return [.init("kind", "sha256")]
        case .publicKey: return [.init("kind", "publicKey")]
        case .keyID: return [.init("kind", "keyID")]
        case .file: return [.init("kind", "file")]
        case .list(let inner): return [.init("kind", "list"), .init("of", .object(kindJSON(inner)))]
        case .objects(let fs): return [.init("kind", "objects"), .init("fields", .array(fs.map(fieldJSON)))]
        case .object(let fs): return [.init("kind", "object"), .init("fields", .array(fs.map(fieldJSON)))]
        }
    }

    /// `GET /v1/catalogue`: every event type with who signs it and its fields.
    func catalogue() -> Response {
        let kinds: [JSON] = DomainEvent.catalogue.filter { $0.type != LogOpened.type }.map { k in
            [
                "type": k.type.json, "signers": k.signers.json, "vi": k.vi.json, "en": k.en.json,
                "fields": .array(k.fields.map(API.fieldJSON)),
            ]
        }
        return .json(200, JSONWriter.string(["types": .array(kinds)]) + "\n")
    }

    /// `GET /v1/organisation`: keys, units, groups with their rubric's criteria and items,
    /// movements and indicators, as of now.
    func organisation() throws -> Response {
        guard let rules = try log.currentRules() as? EmulationRules else {
            return .error(404, "this log does not run an emulation movement (its rules are \(log.rulesName))")
        }
        let today = SystemClock().now().vietnamDate
        let org = rules.org
        let keys: [JSON] = rules.keys.records.values.sorted { $0.registeredAt < $1.registeredAt }.map { r in
            [
                "keyid": r.publicKey.keyID.hex.json, "role": r.role.json, "scope": r.scope.json ?? nil,
                "name": r.name.json ?? nil, "revoked": (r.revokedAt != nil).json,
            ]
        }
        let units: [JSON] = org.units.keys.sorted().map { u in
            [
                "unit": u.json, "name": org.name(u).json, "active": org.isActive(u, on: today).json,
                "groups": org.groups(of: u, on: today).json, "pledged": (rules.pledged[u] ?? []).sorted().json,
            ]
        }
        let groups: [JSON] = org.groupOrder.compactMap { g in
            guard let info = org.groups[g] else { return nil }
            let rubric = rules.rubrics[g]
            let item = { (i: Rubric.Item) -> JSON in ["id": i.id.json, "name": i.name.json] }
            return [
                "group": g.json, "name": info.name.json, "kind": info.kind.rawValue.json,
                "members": info.members(on: today).json,
                "head": org.head(of: g, on: today)?.unit.json ?? nil,
                "deputy": org.head(of: g, on: today, deputy: true)?.unit.json ?? nil,
                "rubric": rubric?.id.json ?? nil,
                "criteria": .array(
                    (rubric?.criteria ?? []).map { c in
                        [
                            "id": c.id.json, "name": c.name.json, "kind": c.kind.name.json,
                            "indicator": c.kind.indicator.json ?? nil,
                        ]
                    }),
                "bonuses": .array((rubric?.bonuses ?? []).map(item)),
                "deductions": .array((rubric?.deductions ?? []).map(item)),
            ]
        }
        let movements: [JSON] = org.movements.values.sorted { $0.1 < $1.1 }.map { m, _ in
            ["movement": m.movement.json, "name": m.name.json]
        }
        let indicators: [JSON] = org.indicatorCodes.compactMap { code in
            org.indicator(code).map { i, _, _ in ["code": code.json, "name": i.name.json, "unit": i.unit.json] }
        }
        return .json(
            200,
            JSONWriter.string([
                "origin": log.origin.json, "rules": log.rulesName.json, "date": today.json, "keys": .array(keys),
                "units": .array(units), "groups": .array(groups), "movements": .array(movements),
                "indicators": .array(indicators),
            ]) + "\n")
    }
}
