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

    static func key(_ label: String) -> PrivateKey {
        try! PrivateKey(seed: SHA256.hash(Array("thidua-bench/\(label)".utf8)).bytes)
    }

    static let rubric = Array(
        """
        {"rubric":"bench-2025","name":"Bảng điểm thử nghiệm hiệu năng","version":1,
         "inForce":{"from":"2025-01-01","to":"2025-12-31"},
         "groups":[{"id":"A","name":"Chỉ tiêu","max":60,"criteria":[
           {"id":"A1","name":"Chỉ tiêu 1","kind":"quantitative","indicator":"I1","max":20},
           {"id":"A2","name":"Chỉ tiêu 2","kind":"quantitative","indicator":"I2","max":20},
           {"id":"A3","name":"Chỉ tiêu 3","kind":"quantitative","indicator":"I3","max":20}]},
          {"id":"B","name":"Nhiệm vụ","max":40,"criteria":[
           {"id":"B1","name":"Mô hình","kind":"count","perItem":1,"max":20},
           {"id":"B2","name":"Tự chấm","kind":"assessed","max":20}]}],
         "bands":[{"id":"xs","vi":"Xuất sắc","en":"Excellent","minTotal":90,"floorPercent":50},
                  {"id":"ht","vi":"Hoàn thành","en":"Completed","minTotal":0}],
         "tieBreak":["criteriaAtMax"]}
        """.utf8)

    func unit(_ g: Int, _ u: Int) -> String { "u\(g)-\(u)" }

    /// Builds the log into `store`. `progress` gets the number of entries so far.
    func build(store: any LogStore, progress: (Int) -> Void = { _ in }) throws -> Log {
        let clock = SteppingClock(start: Timestamp(rfc3339: "2025-01-02T08:00:00+07:00")!, stepMillis: 1)
        let council = Synthetic.key("council")
        let origin = "bench.thidua.vn/\(events)"
        let log = try Log.create(
            store: store, origin: origin, logKey: Synthetic.key("log"), rootKeys: [council],
            fields: [.init("rules", .string(EmulationRules.current))], clock: clock, catalog: EmulationRules.catalog)
        var pending: [([UInt8], [PrivateKey])] = []
        var n = 0
        func event(_ e: DomainEvent, by keys: [PrivateKey]) {
            n += 1
            pending.append((e.payload(id: "e\(n)", issuedAt: "2025-03-01T08:00:00+07:00", log: origin), keys))
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
        let indicators = (1...3).map {
            Indicator(code: "I\($0)", name: "Chỉ số \($0)", unit: "tỷ đồng", value: Fraction(100))
        }
        event(
            .movementLaunched(
                MovementLaunched(
                    movement: "pt", name: "Phong trào thi đua năm 2025",
                    period: DateSpan(from: "2025-01-01", to: "2025-12-31"),
                    targets: [Target(number: 1, text: "Chỉ tiêu", indicators: indicators)])), by: [council])
        for g in 0..<groups {
            event(
                .groupFormed(
                    GroupFormed(
                        group: "g\(g)", kind: g % 2 == 0 ? .cluster : .bloc,
                        name: "Cụm/khối \(g) — tỉnh \(g / groupsPerProvince)",
                        effective: "2025-01-01", members: (0..<unitsPerGroup).map { Member(unit: unit(g, $0)) })),
                by: [council])
        }
        try flush()
        for g in 0..<groups {
            for u in 0..<unitsPerGroup {
                event(
                    .keyRegistered(
                        KeyRegistered(
                            publicKey: Synthetic.key(unit(g, u)).publicKey.base64, role: "unit", scope: unit(g, u))),
                    by: [council])
            }
            if pending.count >= 2000 { try flush() }
        }
        try flush()
        event(
            .rubricPublished(try RubricPublished(file: Synthetic.rubric, groups: (0..<groups).map { "g\($0)" })),
            by: [council])
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
                        event(
                            .indicatorReported(
                                IndicatorReported(
                                    unit: id, code: "I\(round % 5 + 1)", value: Fraction(decimal: "\(v).5")!)), by: [k])
                    case 3:
                        event(.taskCompleted(TaskCompleted(unit: id, criterion: "B1")), by: [k])
                    default:
                        event(
                            .selfScoreSubmitted(
                                SelfScoreSubmitted(unit: id, scores: ["B2": Fraction(10 + (g + u) % 10)])), by: [k])
                    }
                    if pending.count >= 4000 { try flush() }
                }
            }
        }
        try flush()
        return log
    }
}
