import Foundation
import TestSupport
import Testing
import ThiduaDomain
import ThiduaLog

/// The architecture, checked: layers import only what is below them, the CLI writes no
/// payload by hand, lines fit 120 columns, and the docs' example payloads are what the
/// encoders write.
@Suite struct ArchitectureTests {
    static func sources(_ folder: String, ext: String = "swift") throws -> [(path: String, text: String)] {
        let root = Package.root.appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var out: [(String, String)] = []
        for case let url as URL in e where url.pathExtension == ext {
            out.append(
                (
                    url.path.replacingOccurrences(of: Package.root.path + "/", with: ""),
                    try String(contentsOf: url, encoding: .utf8)
                ))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    static func imports(_ text: String) -> Set<String> {
        Set(
            text.split(separator: "\n").compactMap { line in
                let l = line.trimmingCharacters(in: .whitespaces)
                return l.hasPrefix("import ") ? String(l.dropFirst(7)) : nil
            })
    }

    @Test func layersImportOnlyWhatIsBelowThem() throws {
        let allowed: [String: Set<String>] = [
            // The domain: pure values and functions, no Foundation, no SQL, no HTTP, no terminal.
            "Sources/ThiduaDomain": ["ThiduaLog"],
            // The log: no emulation, no database.
            "Sources/ThiduaLog": ["CLibCrypto", "Foundation", "Dispatch", "Glibc", "Darwin", "Musl"],
            "Sources/ThiduaSQLite": ["ThiduaLog", "CSQLite", "Glibc", "Darwin"],
            "Sources/ThiduaPostgres": ["ThiduaLog", "CPostgres", "Foundation", "Glibc", "Darwin"],
            // Office files of the domain's reports: no store, no server, no terminal.
            "Sources/ThiduaOffice": ["ThiduaDomain", "CZlib", "Foundation"],
        ]
        for (folder, ok) in allowed {
            for (path, text) in try Self.sources(folder) {
                let extra = Self.imports(text).subtracting(ok)
                #expect(extra.isEmpty, "\(path) imports \(extra.sorted())")
            }
        }
    }

    @Test func theCommandLineBuildsNoPayloadByHand() throws {
        for (path, text) in try Self.sources("Sources/thidua") {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let handMade =
                    line.contains("Payload.make(") || line.contains(#""issuedAt""#) || line.contains(#"("v", "#)
                #expect(
                    !handMade, "\(path):\(n + 1) builds a payload by hand; use an event's encoder (DomainEvent.payload)"
                )
            }
        }
    }

    @Test func noLinePassesOneHundredTwentyColumns() throws {
        for folder in ["Sources", "Tests"] {
            for (path, text) in try Self.sources(folder) {
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.count > 120 {
                    Issue.record("\(path):\(n + 1) is \(line.count) characters; the limit is 120")
                }
            }
        }
    }

    /// Every example payload in README.md and Events/README.md (a JSON object with `"v"` and
    /// `"type"`) reads under the strict rules and is written back the same by its encoder.
    @Test func theDocsExamplesAreWhatTheEncodersWrite() throws {
        var checked = 0
        for doc in ["README.md", "Events/README.md"] {
            let text = try String(contentsOf: Package.root.appendingPathComponent(doc), encoding: .utf8)
            for candidate in Self.jsonObjects(in: text) {
                guard let json = try? JSON.parse(candidate), json["v"] != nil, let type = json["type"]?.stringValue,
                    DomainEvent.types.contains(type)
                else { continue }
                let payload = try Payload(bytes: JSONWriter.write(json))
                let event = try DomainEvent(payload, mode: .strict)
                let again = try JSON.parse(
                    event.payload(
                        id: payload.id, issuedAt: json["issuedAt"]?.stringValue ?? "", log: json["log"]?.stringValue))
                #expect(again == json, "\(doc): the \(type) example is not what its encoder writes")
                checked += 1
            }
        }
        #expect(checked >= 3)
    }

    /// Balanced `{…}` spans that start with `{"v":` (possibly over several lines, in echo '…').
    static func jsonObjects(in text: String) -> [String] {
        var out: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "{", String(chars[i..<min(chars.count, i + 5)]) == #"{"v":"# {
                var depth = 0
                var j = i
                var inString = false
                while j < chars.count {
                    let c = chars[j]
                    if inString {
                        if c == "\\" { j += 1 } else if c == "\"" { inString = false }
                    } else if c == "\"" {
                        inString = true
                    } else if c == "{" {
                        depth += 1
                    } else if c == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                if j < chars.count { out.append(String(chars[i...j])) }
                i = j + 1
            } else {
                i += 1
            }
        }
        return out
    }
}
