import Foundation
import Testing
@testable import LifeCircle

/// Each thread's PROJ transformer is a copy of the process's first one of its pair: it must give
/// exactly the coordinates a transformer built from PROJ's database gives, including where PROJ
/// picks one of several operations by area, and fail the same way.
@Suite struct TransformerTemplatesTests {
    /// Positions in one pass, as the library projects layers.
    func projected(_ t: CoordinateTransformer, _ ps: [Position]) throws -> [Position] {
        try t.transform(ps)
    }

    @Test func aCopyProjectsBitForBitAsATransformerBuiltFromTheDatabase() throws {
        // The Jing'an pair both ways: one operation (inverse Gauss–Krüger, ballpark datum shift).
        let shanghai = [Position(lon: 121.4737, lat: 31.2304), Position(lon: 121.41, lat: 31.29), Position(lon: 121.52, lat: 31.21)]
        let fresh = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:4549")
        let copy = try TransformerTemplates.transformer(from: "EPSG:4326", to: "EPSG:4549")
        #expect(copy !== fresh)
        let metres = try projected(fresh, shanghai)
        #expect(try projected(copy, shanghai) == metres)
        // cs2cs EPSG:4326 EPSG:4549 on People's Square: easting first (normalized axis order).
        #expect(abs(metres[0].x - 640_412.315) < 0.01 && abs(metres[0].y - 3_457_455.489) < 0.01)
        let back = try TransformerTemplates.transformer(from: "EPSG:4549", to: "EPSG:4326")
        #expect(try back.transform(metres) == CoordinateTransformer(from: "EPSG:4549", to: "EPSG:4326").transform(metres))
    }

    @Test func aCopyKeepsEveryCandidateOperationPROJChoosesAmongByArea() throws {
        // NAD27 → WGS84 without grids: PROJ keeps several Helmert shifts, each for its region, and
        // picks by position. Alaska's and Texas's shifts differ by more than 100 m in longitude.
        let places = [Position(lon: -150, lat: 61), Position(lon: -97, lat: 31), Position(lon: -75, lat: 45),
                      Position(lon: -120, lat: 50), Position(lon: -80, lat: 25)]
        let fresh = try CoordinateTransformer(from: "EPSG:4267", to: "EPSG:4326")
        let expected = try places.map { try fresh.transform($0) }
        let alaskaShift = expected[0].lon - places[0].lon, texasShift = expected[1].lon - places[1].lon
        #expect(abs(alaskaShift - texasShift) > 0.001, "the regions should use different operations")
        var copies: [CoordinateTransformer] = []
        for _ in 0..<3 { copies.append(try TransformerTemplates.transformer(from: "EPSG:4267", to: "EPSG:4326")) }
        for copy in copies {
            #expect(try places.map { try copy.transform($0) } == expected)
        }
    }

    @Test func copiesMadeOnManyThreadsAtOnceAreAllExact() throws {
        let ps = (0..<200).map { Position(lon: 121.2 + Double($0) * 0.002, lat: 31.1 + Double($0 % 17) * 0.01) }
        let expected = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:4550").transform(ps)
        let results = Parallel.tasks(count: 8) { _ in
            (try? TransformerTemplates.transformer(from: "EPSG:4326", to: "EPSG:4550").transform(ps)) ?? []
        }
        for r in results { #expect(r == expected) }
    }

    @Test func aWarmUpMakesTheTemplateAheadAndTheThreadsTransformerMatches() throws {
        TransformerTemplates.warmUp(from: "EPSG:4326", to: "EPSG:32651")
        let deadline = Date().addingTimeInterval(30)
        while !TransformerTemplates.isMade(from: "EPSG:4326", to: "EPSG:32651") && Date() < deadline { usleep(2_000) }
        #expect(TransformerTemplates.isMade(from: "EPSG:4326", to: "EPSG:32651"))
        let p = Position(lon: 121.4737, lat: 31.2304)
        let t = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: "EPSG:32651")
        #expect(try t.transform(p) == CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32651").transform(p))
    }

    @Test func aPairPROJRefusesFailsWithPROJsMessageOnEveryRequest() throws {
        func message(_ make: () throws -> CoordinateTransformer) -> String? {
            do { _ = try make(); return nil } catch { return "\(error)" }
        }
        let direct = message { try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:999999") }
        TransformerTemplates.warmUp(from: "EPSG:4326", to: "EPSG:999999")
        let first = message { try TransformerTemplates.transformer(from: "EPSG:4326", to: "EPSG:999999") }
        let second = message { try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: "EPSG:999999") }
        #expect(direct != nil)
        #expect(direct?.contains("999999") == true, "\(direct ?? "")")
        #expect(first == direct)
        #expect(second == direct)
    }
}
