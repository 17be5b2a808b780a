/// A protobuf wire-format problem: what went wrong and the byte offset in the decoded buffer.
struct ProtobufError: Error, Sendable {
    var offset: Int
    var message: String
}

/// A minimal, bounds-checked reader of the protobuf wire format (varints, zigzag, length-delimited
/// fields, fixed 32/64) over a raw buffer, enough for the OSM PBF messages.
///
/// Every read checks the remaining length and throws `ProtobufError` with the offset (relative to
/// `base`, the start of the outermost buffer) instead of reading past the end.
struct ProtobufReader {
    /// Wire types of protobuf fields.
    enum WireType: Int {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    let buffer: UnsafeRawBufferPointer
    /// Current read position inside `buffer`.
    var position: Int
    /// End of this (sub)message inside `buffer`.
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        self.position = 0
        self.end = buffer.count
    }

    init(buffer: UnsafeRawBufferPointer, start: Int, end: Int) {
        self.buffer = buffer
        self.position = start
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    /// Reads a base-128 varint (at most 10 bytes).
    @inline(__always)
    mutating func varint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else { throw ProtobufError(offset: start, message: "truncated varint") }
            let byte = buffer[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw ProtobufError(offset: start, message: "varint longer than 10 bytes") }
        }
    }

    /// Reads a zigzag-encoded signed varint (`sint32`/`sint64`).
    @inline(__always)
    mutating func signedVarint() throws(ProtobufError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// Reads a field key; returns nil at the end of the message.
    @inline(__always)
    mutating func fieldKey() throws(ProtobufError) -> (field: Int, wire: Int)? {
        guard position < end else { return nil }
        let key = try varint()
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0 else { throw ProtobufError(offset: position, message: "field number 0") }
        return (field, Int(key & 7))
    }

    /// Reads a length prefix and returns the byte range it covers, advancing past it.
    mutating func lengthDelimited() throws(ProtobufError) -> Range<Int> {
        let start = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw ProtobufError(offset: start, message: "length \(length) runs past the end of the message")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// A reader for an embedded message (length-delimited field).
    mutating func message() throws(ProtobufError) -> ProtobufReader {
        let range = try lengthDelimited()
        return ProtobufReader(buffer: buffer, start: range.lowerBound, end: range.upperBound)
    }

    /// The bytes of a length-delimited field.
    mutating func bytes() throws(ProtobufError) -> UnsafeRawBufferPointer {
        let range = try lengthDelimited()
        return UnsafeRawBufferPointer(rebasing: buffer[range])
    }

    /// Reads a length-delimited UTF-8 string (invalid sequences are repaired).
    mutating func string() throws(ProtobufError) -> String {
        let range = try lengthDelimited()
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Skips a field of the given wire type.
    mutating func skip(wire: Int) throws(ProtobufError) {
        switch wire {
        case 0: _ = try varint()
        case 1:
            guard end - position >= 8 else { throw ProtobufError(offset: position, message: "truncated fixed64") }
            position += 8
        case 2: _ = try lengthDelimited()
        case 5:
            guard end - position >= 4 else { throw ProtobufError(offset: position, message: "truncated fixed32") }
            position += 4
        default:
            throw ProtobufError(offset: position, message: "unsupported wire type \(wire)")
        }
    }

    /// Reads a repeated varint field, packed (wire type 2) or a single unpacked value (wire type 0),
    /// calling `body` with each value.
    @inline(__always)
    mutating func forEachVarint(wire: Int, _ body: (UInt64) -> Void) throws(ProtobufError) {
        if wire == 0 {
            body(try varint())
            return
        }
        guard wire == 2 else { throw ProtobufError(offset: position, message: "wire type \(wire) for a repeated varint") }
        var sub = try message()
        while !sub.isAtEnd { body(try sub.varint()) }
    }
}

extension UInt64 {
    /// The zigzag-decoded signed value.
    @inline(__always)
    var zigzagDecoded: Int64 { Int64(bitPattern: (self >> 1) ^ (0 &- (self & 1))) }
}
