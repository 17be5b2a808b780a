import Foundation
import Testing
@testable import LifeCircle

/// Decoding a features array in pieces on several threads (`FeatureChunks`) gives what one thread
/// gives: the same features in the same order, or the same error (file, feature, key, byte offset),
/// wherever the cuts fall: on real boundaries, inside strings, between the geometries of one feature.
@Suite struct FeatureChunksTests {
    /// Pieces so small that nearly every feature boundary (and every `},{` elsewhere) is a cut.
    static let policies = [
        FeatureChunks.Policy(chunkBytes: 1, lookahead: 1),
        FeatureChunks.Policy(chunkBytes: 1, lookahead: 3),
        FeatureChunks.Policy(chunkBytes: 40, lookahead: 2),
        FeatureChunks.Policy(chunkBytes: 300, lookahead: 2),
    ]

    /// The whole read on one thread, or its error.
    static func outcome(_ read: () throws -> GeoJSONObject) -> Result<GeoJSONObject, InputError> {
        do {
            return .success(try read())
        } catch let e as InputError {
            return .failure(e)
        } catch {
            return .failure(InputError(file: "?", message: "unexpected \(error)"))
        }
    }

    /// The streamed features and the error, if any.
    static func streamed(_ path: String, _ chunking: FeatureChunks.Policy?) -> ([Int], [Feature], InputError?) {
        var indices: [Int] = [], features: [Feature] = []
        do {
            try GeoJSONReader.forEachFeature(path: path, chunking: chunking) { i, f in
                indices.append(i)
                features.append(f)
            }
            return (indices, features, nil)
        } catch {
            return (indices, features, error as? InputError ?? InputError(file: "?", message: "unexpected \(error)"))
        }
    }

    @Test func everyFixtureReadsTheSameInPieces() throws {
        let root = TestSupport.fixture("")
        let files = (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".geojson") }.sorted()
        #expect(files.count >= 50)
        var collections = 0
        for file in files {
            let path = root + "/" + file
            let plain = Self.outcome { try GeoJSONReader.read(path: path, chunking: nil) }
            if case .success(.featureCollection(let c)) = plain, c.features.count > 1 { collections += 1 }
            for policy in Self.policies {
                let pieces = Self.outcome { try GeoJSONReader.read(path: path, chunking: policy) }
                #expect(pieces == plain, "\(file) with \(policy)")
            }
            let one = Self.streamed(path, nil)
            let many = Self.streamed(path, Self.policies[1])
            #expect(one.0 == many.0 && one.1 == many.1 && one.2 == many.2, "\(file) streamed")
        }
        #expect(collections >= 20)
    }

    /// Features whose strings hold `},{"type":"Feature"...`, a GeometryCollection (`},{` between
    /// its geometries), property arrays of objects and line breaks around the commas.
    static func trickyCollection(count: Int, brokenAt broken: Int? = nil) -> String {
        var parts: [String] = []
        for i in 0..<count {
            let text = #"a},{\"type\":\"Feature\",\"properties\":{},\"geometry\":null},{"#
            let geometry: String
            switch i % 3 {
            case 0: geometry = #"{"type":"Point","coordinates":[\#(i),\#(i + 1)]}"#
            case 1: geometry = #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[\#(i),1]]}]}"#
            default: geometry = #"{"coordinates":[[0,0],[1,\#(i)]],"type":"LineString"}"#
            }
            let coordinates = i == broken ? #"{"type":"Point","coordinates":[1]}"# : geometry
            parts.append(#"{"type":"Feature","id":\#(i),"properties":{"note":"\#(text)","list":[{"a":1},{"b":\#(i)}]},"geometry":\#(coordinates)}"#)
        }
        return #"{"type":"FeatureCollection","features":[ "# + parts.joined(separator: "\n ,\n  ") + "\n], \"name\": \"tricky\"}"
    }

    @Test func cutsInsideStringsAndGeometriesChangeNothing() throws {
        let folder = try TestSupport.temporaryFolder("chunks")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.geojson", bad = folder + "/bad.geojson"
        try AtomicFile.write(Self.trickyCollection(count: 60), to: good)
        try AtomicFile.write(Self.trickyCollection(count: 60, brokenAt: 41), to: bad)

        let plain = Self.outcome { try GeoJSONReader.read(path: good, chunking: nil) }
        guard case .success(.featureCollection(let c)) = plain else {
            Issue.record("the tricky collection does not read: \(plain)")
            return
        }
        #expect(c.features.count == 60)
        #expect(c.features.map { $0.id } == (0..<60).map { FeatureID.number(Double($0)) })
        #expect(c.foreignMembers["name"] == .string("tricky"))
        for policy in Self.policies {
            #expect(Self.outcome { try GeoJSONReader.read(path: good, chunking: policy) } == plain)
        }

        // The error is the one-thread error: feature 41, its coordinates, the same byte offset;
        // streaming hands over features 0…40 first.
        let expected = Self.outcome { try GeoJSONReader.read(path: bad, chunking: nil) }
        guard case .failure(let e) = expected else {
            Issue.record("the broken collection reads")
            return
        }
        #expect(e.featureIndex == 41)
        #expect(e.key == "coordinates")
        for policy in Self.policies {
            #expect(Self.outcome { try GeoJSONReader.read(path: bad, chunking: policy) } == expected)
            let (indices, _, error) = Self.streamed(bad, policy)
            #expect(indices == Array(0..<41))
            #expect(error == e)
        }
    }
}
