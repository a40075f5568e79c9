import Foundation

/// Splits an export (`.jsonl`: every line followed by one `\n`, nothing else) into lines.
public struct ExportLines: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    var i = 0
    var lineNo = 0
    public private(set) var error: EntryFault?

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// How many lines an export holds (its newlines), to tell progress against.
    public static func count(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b in
            var n = 0
            for c in b where c == 0x0A { n += 1 }
            return n
        }
    }

    public mutating func next() -> [UInt8]? {
        guard i < bytes.count, error == nil else { return nil }
        var j = i
        while j < bytes.count && bytes[j] != 0x0A { j += 1 }
        guard j < bytes.count else {
            error = EntryFault(
                index: lineNo, rule: .lineFormat, "the last line has no newline (the export was cut short)")
            return nil
        }
        let line = Array(bytes[i..<j])
        i = j + 1
        lineNo += 1
        return line
    }
}
