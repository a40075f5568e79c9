import Foundation

/// Prints an HTML document to PDF with headless Chromium's print-to-PDF (the page's own
/// `@page` rules: A4, margins, page numbers), in a temporary folder and a throwaway
/// profile, without network. The document is ours and has no scripts; the sandbox is off
/// because it cannot start as root or in most containers.
public enum Chromium {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `THIDUA_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on the path.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let c = environment["THIDUA_CHROMIUM"], FileManager.default.isExecutableFile(atPath: c) { return c }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    public static func printPDF(html: String, chromium: String, timeoutSeconds: Double = 120) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        let pdf = dir.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
            "--disable-background-networking", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read standard error while it runs, so a chatty browser never blocks on a full pipe.
        nonisolated(unsafe) var errText = Data()
        let reader = Thread { errText = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            throw Failure(description: "Chromium did not finish printing within \(Int(timeoutSeconds)) s")
        }
        p.waitUntilExit()
        guard let bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8))
        else {
            let last = String(decoding: errText, as: UTF8.self).split(separator: "\n").suffix(3).joined(
                separator: " | ")
            throw Failure(
                description: "Chromium (\(chromium)) exited \(p.terminationStatus) without writing a PDF: \(last)")
        }
        return [UInt8](bytes)
    }
}
