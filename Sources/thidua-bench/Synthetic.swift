import Foundation
import ThiduaDomain
import ThiduaLog

/// A synthetic national emulation year: provinces × groups × units × events per unit,
/// signed with derived keys (`thidua-bench/<label>`), appended in batches.
struct Synthetic {
    let provinces: Int
    let groupsPerProvince: Int
    let unitsPerGroup: Int
    let eventsPerUnit: Int

    var groups: Int { provinces * groupsPerProvince }
    var units: Int { groups * unitsPerGroup }
    var events: Int { units * eventsPerUnit }

    static func key(_ label: String) -> PrivateKey { try! PrivateKey(seed: SHA256.hash(Array("thidua-bench/\(label)".utf8)).bytes) }

    static let rubric = Array("""
    {"rubric":"bench-2025","name":"Bảng điểm thử nghiệm hiệu năng","version":1,"inForce":{"from":"2025-01-01","to":"2025-12-31"},
     "groups":[{"id":"A","name":"Chỉ tiêu","max":60,"criteria":[
       {"id":"A1","name":"Chỉ tiêu 1","kind":"quantitative","indicator":"I1","max":20},
       {"id":"A2","name":"Chỉ tiêu 2","kind":"quantitative","indicator":"I2","max":20},
       {"id":"A3","name":"Chỉ tiêu 3","kind":"quantitative","indicator":"I3","max":20}]},
      {"id":"B","name":"Nhiệm vụ","max":40,"criteria":[
       {"id":"B1","name":"Mô hình","kind":"count","perItem":1,"max":20},
       {"id":"B2","name":"Tự chấm","kind":"assessed","max":20}]}],
     "bands":[{"id":"xs","vi":"Xuất sắc","en":"Excellent","minTotal":90,"floorPercent":50},{"id":"ht","vi":"Hoàn thành","en":"Completed","minTotal":0}],
     "tieBreak":["criteriaAtMax"]}
    """.utf8)

    func unit(_ g: Int, _ u: Int) -> String { "u\(g)-\(u)" }

    /// Builds the log into `store`. `progress` gets the number of entries so far.
    func build(store: any LogStore, progress: (Int) -> Void = { _ in }) throws -> Log {
        let clock = SteppingClock(start: Timestamp(rfc3339: "2025-01-02T08:00:00+07:00")!, stepMillis: 1)
        let council = Synthetic.key("council")
        let origin = "bench.thidua.vn/\(events)"
        let log = try Log.create(store: store, origin: origin, logKey: Synthetic.key("log"), rootKeys: [council],
                                 fields: [.init("rules", .string(EmulationRules.current))], clock: clock, catalog: EmulationRules.catalog)
        var pending: [([UInt8], [PrivateKey])] = []
        var n = 0
        func event(_ type: String, _ fields: [JSON.Member], by keys: [PrivateKey]) {
            n += 1
            let payload = Payload.make(type: type, id: "e\(n)", issuedAt: "2025-03-01T08:00:00+07:00", log: origin, fields: fields)
            pending.append((payload, keys))
        }
        func flush() throws {
            guard !pending.isEmpty else { return }
            let batch = pending
            var envs = [Envelope?](repeating: nil, count: batch.count)
            envs.withUnsafeMutableBufferPointer { buf in
                nonisolated(unsafe) let out = buf
                DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                    out[i] = try? Envelope.sign(payload: batch[i].0, keys: batch[i].1)
                }
            }
            _ = try log.append(envs.map { $0! })
            pending.removeAll(keepingCapacity: true)
            progress(try log.size())
        }
        event("MovementLaunched", [.init("movement", .string("pt")), .init("name", .string("Phong trào thi đua năm 2025")),
                                   .init("period", .object([.init("from", .string("2025-01-01")), .init("to", .string("2025-12-31"))])),
                                   .init("targets", .array([.object([.init("number", .number("1")), .init("text", .string("Chỉ tiêu")),
                                       .init("indicators", .array((1...3).map { .object([.init("code", .string("I\($0)")), .init("name", .string("Chỉ số \($0)")),
                                                                                        .init("unit", .string("tỷ đồng")), .init("value", .number("100"))]) }))])]))], by: [council])
        for g in 0..<groups {
            event("GroupFormed", [.init("group", .string("g\(g)")), .init("kind", .string(g % 2 == 0 ? "cluster" : "bloc")),
                                  .init("name", .string("Cụm/khối \(g) — tỉnh \(g / groupsPerProvince)")), .init("effective", .string("2025-01-01")),
                                  .init("members", .array((0..<unitsPerGroup).map { .object([.init("unit", .string(unit(g, $0)))]) }))], by: [council])
        }
        try flush()
        for g in 0..<groups {
            for u in 0..<unitsPerGroup {
                event("KeyRegistered", [.init("publicKey", .string(Synthetic.key(unit(g, u)).publicKey.base64)), .init("role", .string("unit")),
                                        .init("scope", .string(unit(g, u)))], by: [council])
            }
            if pending.count >= 2000 { try flush() }
        }
        try flush()
        let file = Synthetic.rubric
        event("RubricPublished", [.init("file", .string(Base64.encode(file))), .init("sha256", .string(Hex.encode(SHA256.hash(file).bytes))),
                                  .init("groups", .array((0..<groups).map { .string("g\($0)") }))], by: [council])
        try flush()
        // The year: each unit reports indicators, tasks and a self score, round by round.
        var keys: [String: PrivateKey] = [:]
        for g in 0..<groups { for u in 0..<unitsPerGroup { keys[unit(g, u)] = Synthetic.key(unit(g, u)) } }
        for round in 0..<eventsPerUnit {
            for g in 0..<groups {
                for u in 0..<unitsPerGroup {
                    let id = unit(g, u)
                    let k = keys[id]!
                    switch round % 5 {
                    case 0, 1, 2:
                        let v = 90 + (g * 7 + u * 13 + round) % 30
                        event("IndicatorReported", [.init("unit", .string(id)), .init("code", .string("I\(round % 5 + 1)")), .init("value", .number("\(v).5"))], by: [k])
                    case 3:
                        event("TaskCompleted", [.init("unit", .string(id)), .init("criterion", .string("B1"))], by: [k])
                    default:
                        event("SelfScoreSubmitted", [.init("unit", .string(id)), .init("scores", .array([.object([.init("criterion", .string("B2")), .init("points", .number("\(10 + (g + u) % 10)"))])]))], by: [k])
                    }
                    if pending.count >= 4000 { try flush() }
                }
            }
        }
        try flush()
        return log
    }
}
