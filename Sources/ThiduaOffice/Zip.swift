import CZlib

/// A zip archive with stored (uncompressed) entries, as Office Open XML packages are
/// (ECMA-376 Part 2 over PKWARE's APPNOTE): local headers, the data, a central directory,
/// the end record. CRC-32 comes from the system zlib. Entries carry a fixed date
/// (1980-01-01), so the same content gives the same bytes.
public struct ZipWriter {
    struct Record {
        let name: [UInt8]
        let crc: UInt32
        let size: UInt32
        let offset: UInt32
    }

    public private(set) var bytes: [UInt8] = []
    var records: [Record] = []

    public init() {}

    public enum ZipError: Error, CustomStringConvertible {
        case tooLarge
        public var description: String { "the workbook is over 4 GiB, more than a zip without ZIP64 holds" }
    }

    /// CRC-32 (ISO 3309, as zip uses it) of `data`.
    public static func crc32(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { b -> UInt32 in
            var crc = CZlib.crc32(0, nil, 0)
            var p = b.baseAddress
            var left = b.count
            while left > 0 {
                let n = min(left, Int(Int32.max))
                crc = CZlib.crc32(crc, p, uInt(n))
                p = p?.advanced(by: n)
                left -= n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    public mutating func add(_ name: String, _ data: [UInt8]) throws(ZipError) {
        guard bytes.count + data.count < Int(UInt32.max) - (1 << 20) else { throw ZipError.tooLarge }
        let r = Record(
            name: Array(name.utf8), crc: ZipWriter.crc32(data), size: UInt32(data.count), offset: UInt32(bytes.count))
        u32(0x0403_4b50)
        common(r)
        u16(0)  // extra field length
        bytes += r.name
        bytes += data
        records.append(r)
    }

    /// The archive: the entries added, then the central directory and its end record.
    public mutating func finish() -> [UInt8] {
        let start = bytes.count
        for r in records {
            u32(0x0201_4b50)
            u16(20)  // made by: version 2.0
            common(r)
            u16(0)  // extra field length
            u16(0)  // comment length
            u16(0)  // disk number
            u16(0)  // internal attributes
            u32(0)  // external attributes
            u32(r.offset)
            bytes += r.name
        }
        let size = bytes.count - start
        u32(0x0605_4b50)
        u16(0)
        u16(0)
        u16(UInt16(records.count))
        u16(UInt16(records.count))
        u32(UInt32(size))
        u32(UInt32(start))
        u16(0)  // comment length
        return bytes
    }

    /// The fields local and central headers share, from "version needed" to the name length.
    private mutating func common(_ r: Record) {
        u16(20)  // version needed: 2.0
        u16(0x0800)  // general purpose: names are UTF-8
        u16(0)  // stored
        u16(0)  // time 00:00
        u16(0x0021)  // date 1980-01-01
        u32(r.crc)
        u32(r.size)  // compressed size
        u32(r.size)  // uncompressed size
        u16(UInt16(r.name.count))
    }

    private mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private mutating func u32(_ v: UInt32) {
        bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }
}
