/// What an open needs to rebuild the authority rules without reading the whole log: the
/// indices of the entries that shape them (the genesis, key events and, for a domain's
/// rules, the events its `shapes` names), up to a size, tagged with the root of the tree at
/// that size. The rules are a pure fold, so folding only these entries gives the same rules
/// as folding all of them.
///
/// Kept as the store snapshot `authority` (derived data, written in the same transaction as
/// the entries it covers), as ASCII text an auditor can read:
///
///     thidua-authority/1
///     rules thidua-emulation/2
///     size 104247
///     root <base64 of the tree's root at that size>
///     entries 0 1 2 5 9 …
///     sha256 <hex SHA-256 of the lines above, newlines included>
///
/// It is a cache, never evidence: `verify` recomputes the list from entry 0 and names any
/// difference; an open that finds it unreadable, with a wrong checksum or root, or listing
/// an entry that shapes nothing, ignores it and replays from entry 0.
public struct AuthorityJournal: Equatable, Sendable {
    public static let snapshotName = "authority"
    static let magic = "thidua-authority/1"
    /// An open reads at most this many entries after the journal's size before a write
    /// saves a newer journal.
    public static let maxLag = 1024

    public var rules: String
    public var size: Int
    public var root: Hash
    /// Increasing indices, all below `size`.
    public var entries: [Int]

    public init(rules: String, size: Int, root: Hash, entries: [Int]) {
        self.rules = rules
        self.size = size
        self.root = root
        self.entries = entries
    }

    public var data: [UInt8] {
        var text = "\(AuthorityJournal.magic)\nrules \(rules)\nsize \(size)\nroot \(root.base64)\nentries"
        for i in entries { text += " \(i)" }
        text += "\n"
        let sum = Hex.encode(SHA256.hash(Array(text.utf8)).bytes)
        return Array((text + "sha256 \(sum)\n").utf8)
    }

    /// Saves it as the store's snapshot `authority` (in the writer's transaction).
    public func save(to w: any LogWriter) throws {
        try w.saveSnapshot(AuthorityJournal.snapshotName, size: size, data: data)
    }

    /// Reads a saved journal; throws a sentence saying what is wrong with it.
    public init(data: [UInt8], snapshotSize: Int) throws(JournalError) {
        guard let text = String(bytes: data, encoding: .utf8) else { throw JournalError("it is not UTF-8 text") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 7, lines[6].isEmpty, lines[0] == AuthorityJournal.magic else {
            throw JournalError("it is not six lines starting \(AuthorityJournal.magic)")
        }
        let body = lines[0..<5].joined(separator: "\n") + "\n"
        let sum = Hex.encode(SHA256.hash(Array(body.utf8)).bytes)
        guard lines[5] == "sha256 \(sum)" else { throw JournalError("its checksum does not match its text") }
        func field(_ k: Int, _ name: String) throws(JournalError) -> String {
            guard lines[k].hasPrefix(name + " ") || lines[k] == name else {
                throw JournalError("line \(k + 1) is not \"\(name) …\"")
            }
            return String(lines[k].dropFirst(name.count + 1))
        }
        rules = try field(1, "rules")
        guard let s = Int(try field(2, "size")), s == snapshotSize else {
            throw JournalError("its size is not the snapshot's size \(snapshotSize)")
        }
        size = s
        guard let r = (try? Base64.decode(try field(3, "root"))).flatMap({ Hash(bytes: $0) }) else {
            throw JournalError("its root is not a base64 hash")
        }
        root = r
        var list: [Int] = []
        for t in try field(4, "entries").split(separator: " ") {
            guard let i = Int(t), i >= 0, s > i, i > (list.last ?? -1) else {
                throw JournalError("its entries are not increasing indices below \(s) (\"\(t)\")")
            }
            list.append(i)
        }
        guard list.first == 0 || s == 0 else { throw JournalError("its entries do not start with the genesis") }
        entries = list
    }
}

public struct JournalError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
