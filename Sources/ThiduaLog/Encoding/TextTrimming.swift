import Foundation

extension String {
    func trimmingNewlines() -> String {
        var s = Substring(self)
        while let l = s.last, l == "\n" || l == "\r" || l == " " { s = s.dropLast() }
        while let f = s.first, f == "\n" || f == "\r" || f == " " { s = s.dropFirst() }
        return String(s)
    }
}
