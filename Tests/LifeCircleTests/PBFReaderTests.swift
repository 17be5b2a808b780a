import Foundation
import Testing

@testable import LifeCircle

/// The PBF reader's pipeline (blobs decoded in parallel batches, largest first, handed over in file
/// order), the blob map that lets the import's later passes skip blobs and reuse the ones it kept
/// inflated, and libdeflate's errors.
@Suite struct PBFReaderTests {
    /// Every element a read hands over, as text (ids, coordinates, refs, members, tags), in order.
    struct Recorder: OSMVisitor {
        var lines: [String] = []
        mutating func visit(node: OSMNode) {
            lines.append("n\(node.id) \(node.latE7) \(node.lonE7) \(node.tags.map { "\($0.key)=\($0.value)" })")
        }
        mutating func visit(way: OSMWay) {
            lines.append("w\(way.id) \(way.refs) \(way.tags.map { "\($0.key)=\($0.value)" })")
        }
        mutating func visit(relation: OSMRelation) {
            let members = relation.members.map { "\($0.type.rawValue)\($0.ref)@\($0.role)" }
            lines.append("r\(relation.id) \(members) \(relation.tags.map { "\($0.key)=\($0.value)" })")
        }
    }

    /// The Helsinki fixture's OSMHeader blob followed by its data blobs `copies` times (ids repeat
    /// from copy to copy, which the reader does not mind: only the importer would), written to a
    /// temporary file; with its blob map from a complete read.
    static func repeatedHelsinki(copies: Int) throws -> (path: String, blobs: PBFBlobMap, bytes: [UInt8]) {
        let source = try GeoJSONReader.readBytes(path: OSMTestData.helsinki)
        var visitor = Recorder()
        var map = PBFBlobMap()
        try OSMReader.read(path: OSMTestData.helsinki, kinds: [], visitor: &visitor, blobs: &map)
        let firstData = try #require(map.entries.first).start
        var bytes = Array(source[0..<firstData])
        for _ in 0..<copies { bytes += source[firstData...] }
        let path = try OSMTestData.tempDir("pbf-repeated") + "/repeated.osm.pbf"
        try AtomicFile.write(bytes, to: path)
        var blobs = PBFBlobMap()
        var all = Recorder()
        try OSMReader.read(path: path, kinds: .all, visitor: &all, blobs: &blobs)
        return (path, blobs, bytes)
    }

    /// Decodes each data blob of `bytes` one after the other on this thread (no batches, no
    /// background work): the reference the pipeline must equal.
    static func sequentialDecode(_ bytes: [UInt8], blobs: PBFBlobMap, kinds: OSMElementKinds) throws -> [String] {
        var out = Recorder()
        let starts = blobs.entries.map(\.start) + [bytes.count]
        for k in 0..<(starts.count - 1) {
            let s = starts[k]
            let headerLength = Int(bytes[s]) << 24 | Int(bytes[s + 1]) << 16 | Int(bytes[s + 2]) << 8 | Int(bytes[s + 3])
            let blob = Array(bytes[(s + 4 + headerLength)..<starts[k + 1]])
            let data = try PBFReader.decompress(blob, path: "test", offset: s)
            let block = try PBFBlockDecoder.decode(data, kinds: kinds, path: "test", blobOffset: s)
            for n in block.nodes { out.visit(node: n) }
            for w in block.ways { out.visit(way: w) }
            for r in block.relations { out.visit(relation: r) }
        }
        return out.lines
    }

    @Test func theParallelPipelineHandsOverWhatASequentialDecodeOfEachBlobGivesInFileOrder() throws {
        // 5 copies of Helsinki's 4 data blobs: 20 blobs, three batches of up to 8.
        let (path, blobs, bytes) = try Self.repeatedHelsinki(copies: 5)
        #expect(blobs.isComplete)
        #expect(blobs.entries.count > 2 * PBFReader.batchSize)
        let expected = try Self.sequentialDecode(bytes, blobs: blobs, kinds: .all)
        var visitor = Recorder()
        let counts = try OSMReader.read(path: path, visitor: &visitor)
        let same = visitor.lines == expected  // a Bool: Testing would print both lists on failure
        #expect(same, "first difference at element \(firstDifference(visitor.lines, expected))")
        #expect(counts == OSMElementCounts(nodes: 5 * 24_260, ways: 5 * 5_130, relations: 5 * 620))
        #expect(visitor.lines.count == counts.total)
    }

    @Test func aReadOfOneBatchDecodedLargestFirstHandsOverTheSameInFileOrder() throws {
        // Helsinki's 4 data blobs fit in one batch, decoded on two threads from the largest (the
        // last: every way and relation) down; a mapped read of ways reads that one blob alone,
        // decoded on the calling thread.
        let (path, blobs, bytes) = try Self.repeatedHelsinki(copies: 1)
        #expect(blobs.entries.count == 4 && blobs.entries.count <= PBFReader.batchSize)
        for kinds in [OSMElementKinds.all, [.nodes, .skipTags], .ways] {
            let expected = try Self.sequentialDecode(bytes, blobs: blobs, kinds: kinds)
            var visitor = Recorder()
            var map = blobs
            let counts = try OSMReader.read(path: path, kinds: kinds, visitor: &visitor, blobs: &map)
            let same = visitor.lines == expected
            #expect(same, "first difference at element \(firstDifference(visitor.lines, expected))")
            #expect(counts.nodes == (kinds.contains(.nodes) ? 24_260 : 260) && !visitor.lines.isEmpty)
        }
    }

    @Test(arguments: [OSMElementKinds.nodes, .ways, .relations, [.ways, .skipTags], [.nodes, .skipTags]])
    func aReadWithTheBlobMapSkipsBlobsButHandsOverTheSameElements(kinds: OSMElementKinds) throws {
        let (path, blobs, _) = try Self.repeatedHelsinki(copies: 3)
        var plain = Recorder()
        try OSMReader.read(path: path, kinds: kinds, visitor: &plain)
        var mapped = Recorder()
        var map = blobs
        let counts = try OSMReader.read(path: path, kinds: kinds, visitor: &mapped, blobs: &map)
        let same = mapped.lines == plain.lines
        #expect(same, "first difference at element \(firstDifference(mapped.lines, plain.lines))")
        #expect(!mapped.lines.isEmpty)
        // Only the blobs holding the asked-for type were read. Helsinki's 4 data blobs all hold
        // nodes; its last one holds the last 260 nodes, every way and every relation. So a mapped
        // read of ways or relations reads one blob of four per copy and counts only its nodes.
        let holding = blobs.blobCount(holding: kinds)
        #expect(blobs.entries.count == 12)
        #expect(holding == (kinds.contains(.nodes) ? 12 : 3))
        #expect(counts.nodes == (kinds.contains(.nodes) ? 3 * 24_260 : 3 * 260))
        #expect(counts.ways == 3 * 5_130 && counts.relations == 3 * 620)
    }

    @Test func blobsKeptInflatedWithinTheBudgetGiveTheElementsTheFileGives() throws {
        let (path, _, _) = try Self.repeatedHelsinki(copies: 2)
        let kinds: [OSMElementKinds] = [[.nodes, .skipTags], [.ways, .skipTags], .relations, .all, [.all, .onlyTaggedNodes]]
        var plain: [[String]] = []
        for k in kinds {
            var visitor = Recorder()
            try OSMReader.read(path: path, kinds: k, visitor: &visitor)
            plain.append(visitor.lines)
        }
        // Each copy's 4 blobs inflate to 165,013, 173,740, 193,560 and 923,034 bytes (all hold
        // nodes): 200,000 bytes keep the first blob only, 3 MB all eight.
        for (budget, keptCount) in [(0, 0), (200_000, 1), (3_000_000, 8)] {
            var map = PBFBlobMap(keepingInflated: budget)
            var first = Recorder()
            try OSMReader.read(path: path, kinds: [.all, .onlyTaggedNodes], visitor: &first, blobs: &map)
            #expect(first.lines == plain[4])
            #expect(map.keptCount == keptCount)
            for (k, expected) in zip(kinds, plain) {
                var visitor = Recorder()
                var copy = map
                try OSMReader.read(path: path, kinds: k, visitor: &visitor, blobs: &copy)
                let same = visitor.lines == expected
                #expect(same, "budget \(budget), kinds \(k.rawValue): first difference at \(firstDifference(visitor.lines, expected))")
            }
        }
    }

    @Test func aKeptBlobIsDecodedInsteadOfTheFilesUntilTheFileChanges() throws {
        let (path, _, bytes) = try Self.repeatedHelsinki(copies: 1)
        var plain = Recorder()
        try OSMReader.read(path: path, kinds: [.nodes, .skipTags], visitor: &plain)
        var map = PBFBlobMap(keepingInflated: 3_000_000)
        var first = Recorder()
        try OSMReader.read(path: path, kinds: .all, visitor: &first, blobs: &map)
        // A map whose first blob is kept with the second blob's bytes: a read through it hands
        // over the second blob's 8,000 nodes in the first one's place, so the file was not read.
        let e = map.entries
        let second = try #require(map.inflated(start: e[1].start))
        var swapped = map
        swapped.dropInflated()
        swapped.keep(start: e[0].start, fileOffset: second.fileOffset, inflated: second.data)
        var visitor = Recorder()
        var copy = swapped
        try OSMReader.read(path: path, kinds: [.nodes, .skipTags], visitor: &visitor, blobs: &copy)
        #expect(visitor.lines.count == plain.lines.count)
        let shifted = Array(visitor.lines.prefix(8_000)) == Array(plain.lines[8_000..<16_000])
        #expect(shifted && Array(visitor.lines.dropFirst(8_000)) == Array(plain.lines.dropFirst(8_000)))
        // The same bytes written again (another inode, other times): the map is made anew from the
        // file, the swapped blob is not used.
        try AtomicFile.write(bytes, to: path)
        var again = Recorder()
        copy = swapped
        try OSMReader.read(path: path, kinds: [.nodes, .skipTags], visitor: &again, blobs: &copy)
        #expect(again.lines == plain.lines)
        #expect(copy.keptCount == 4 && copy.inflated(start: e[0].start)?.data != second.data)  // kept anew
    }

    @Test func aBlobMapOfAnotherFileSizeIsNotUsed() throws {
        let (path, blobs, bytes) = try Self.repeatedHelsinki(copies: 2)
        // The same blobs once more: the old map would stop after two copies.
        try AtomicFile.write(bytes + bytes[blobs.entries[0].start...], to: path)
        var map = blobs
        var visitor = Recorder()
        let counts = try OSMReader.read(path: path, kinds: .ways, visitor: &visitor, blobs: &map)
        #expect(counts.ways == 4 * 5_130)
        #expect(map.entries.count == 16)
    }

    @Test func relationsWithoutTypeMultipolygonComeWithoutMembersOnlyWhenAsked() throws {
        var full = Recorder(), hinted = Recorder()
        try OSMReader.read(path: OSMTestData.helsinki, kinds: .relations, visitor: &full)
        try OSMReader.read(path: OSMTestData.helsinki, kinds: [.relations, .multipolygonMembersOnly], visitor: &hinted)
        #expect(full.lines.count == 620 && hinted.lines.count == 620)
        var multipolygons = 0
        for (a, b) in zip(full.lines, hinted.lines) {
            if a.contains("\"type=multipolygon\"") {
                multipolygons += 1
                #expect(a == b)  // one relation: short
            } else {
                #expect(b.hasPrefix(a.prefix { $0 != " " } + " [] "), "\(b)")
            }
        }
        #expect(multipolygons > 0)
    }

    @Test func aCorruptZlibStreamInTheSecondDataBlobNamesThatBlob() throws {
        let (path, blobs, bytes) = try Self.repeatedHelsinki(copies: 2)
        let s = blobs.entries[1].start
        let headerLength = Int(bytes[s]) << 24 | Int(bytes[s + 1]) << 16 | Int(bytes[s + 2]) << 8 | Int(bytes[s + 3])
        let dataOffset = s + 4 + headerLength
        var corrupt = bytes
        // Past the blob's raw_size and zlib_data field keys, inside the deflate stream.
        corrupt[dataOffset + 200] ^= 0xFF
        try AtomicFile.write(corrupt, to: path)
        var visitor = Recorder()
        #expect {
            try OSMReader.read(path: path, visitor: &visitor)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.byteOffset == dataOffset && e.message.hasPrefix("corrupt PBF blob") && e.file == path
        }
    }

    @Test func aBlobWhoseRawSizeIsWrongIsRefused() throws {
        // A zlib stream of 3 bytes whose Blob claims 4 (raw_size 2, zlib_data 3).
        let compressed: [UInt8] = [0x78, 0x9C, 0x4B, 0x4C, 0x4A, 0x06, 0x00, 0x02, 0x4D, 0x01, 0x27]
        let blob: [UInt8] = [0x10, 0x04, 0x1A, UInt8(compressed.count)] + compressed
        #expect(throws: InputError.self) { try PBFReader.decompress(blob, path: "x.osm.pbf", offset: 7) }
        let right: [UInt8] = [0x10, 0x03, 0x1A, UInt8(compressed.count)] + compressed
        #expect(try PBFReader.decompress(right, path: "x.osm.pbf", offset: 7) == Array("abc".utf8))
    }
}
