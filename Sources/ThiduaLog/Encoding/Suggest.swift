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
