import Foundation

/// Runs a program and returns its exit status and output.
@discardableResult
public func run(
    _ exe: String, _ args: [String], stdin: [UInt8]? = nil, cwd: String? = nil, environment: [String: String]? = nil
) throws
    -> (status: Int32, out: [UInt8], err: String)
{
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe.hasPrefix("/") ? exe : "/usr/bin/env")
    p.arguments = exe.hasPrefix("/") ? args : [exe] + args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    p.standardOutput = outPipe
    p.standardError = errPipe
    p.standardInput = inPipe
    try p.run()
    if let stdin { inPipe.fileHandleForWriting.write(Data(stdin)) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe never blocks the child.
    nonisolated(unsafe) var errData = Data()
    let g = DispatchGroup()
    g.enter()
    Thread {
        errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        g.leave()
    }.start()
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    g.wait()
    p.waitUntilExit()
    return (p.terminationStatus, [UInt8](outData), String(decoding: errData, as: UTF8.self))
}

/// The built `thidua` executable, beside the test bundle.
public let thiduaExe: String = {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let p = candidate.appendingPathComponent("thidua").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return dir.appendingPathComponent("thidua").path
}()

/// Runs `thidua` in `dir` and returns status, stdout text and stderr.
@discardableResult
public func thidua(_ args: [String], in dir: TempDir, stdin: [UInt8]? = nil, environment: [String: String]? = nil)
    throws
    -> (status: Int32, out: String, err: String)
{
    let r = try run(thiduaExe, args, stdin: stdin, cwd: dir.url.path, environment: environment)
    return (r.status, String(decoding: r.out, as: UTF8.self), r.err)
}

/// A deterministic generator, so a failing case can be replayed from its seed.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n.
    public mutating func next(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Runs SQL with the sqlite3 shell, behind thidua's back (tamper tests).
@discardableResult
public func rawSQL(_ db: String, _ sql: String) throws -> (status: Int32, out: String, err: String) {
    let r = try run("sqlite3", [db, sql])
    return (r.status, String(decoding: r.out, as: UTF8.self), r.err)
}
