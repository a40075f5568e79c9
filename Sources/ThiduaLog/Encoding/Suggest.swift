/// "Did you mean …?" for names a person typed: the closest known name within a small edit
/// distance (Levenshtein, case-insensitive).
public enum Suggest {
    /// The name in `candidates` within `max(2, word.count / 3)` edits of `word` (one edit
    /// for words of three characters or less), if any.
    public static func closest(_ word: String, among candidates: some Sequence<String>) -> String? {
        let limit = word.count <= 3 ? 1 : max(2, word.count / 3)
        return candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= limit }.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// `"; có phải là NAME?"`, or nothing: `hint` in Vietnamese.
    public static func hintVI(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(word, among: candidates).map { "; có phải là \($0)?" } ?? ""
    }

    /// `"; did you mean NAME?"`, or nothing.
    public static func hint(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(word, among: candidates).map { "; did you mean \($0)?" } ?? ""
    }

    /// The `limit` names of `candidates` nearest to `word`: those containing it (or
    /// contained in it) first, then by edit distance, then by name.
    public static func nearest(_ word: String, among candidates: some Sequence<String>, limit: Int = 5) -> [String] {
        let w = word.lowercased()
        var seen: Set<String> = []
        return candidates.filter { seen.insert($0).inserted }
            .map { c -> (String, Int, Int) in
                let l = c.lowercased()
                return (c, !w.isEmpty && (l.contains(w) || w.contains(l)) ? 0 : 1, distance(w, l))
            }
            .sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }.prefix(limit).map(\.0)
    }

    /// What a person who typed an unknown `word` should read: every known name when there
    /// are at most five, else the five nearest and how many there are.
    public static func listing(_ word: String, among candidates: [String], vi: Bool = false) -> String {
        if candidates.isEmpty { return vi ? "không có mã nào" : "none known" }
        if candidates.count <= 5 {
            return (vi ? "có: " : "known: ") + candidates.joined(separator: ", ")
        }
        let near = nearest(word, among: candidates).joined(separator: ", ")
        return vi
            ? "gần nhất trong \(candidates.count) mã: \(near)" : "the nearest of \(candidates.count) known: \(near)"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars.prefix(200))
        let b = Array(b.unicodeScalars.prefix(200))
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
