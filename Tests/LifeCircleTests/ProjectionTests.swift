import Foundation
import Testing
@testable import LifeCircle

@Suite struct ProjectionTests {
    /// People's Square, Shanghai (WGS84).
    let peoplesSquare = Position(lon: 121.4737, lat: 31.2304)

    @Test func shanghaiLandsInGaussKrugerZone120WithEastingFirst() throws {
        let box = BoundingBox(minX: 121.40, minY: 31.20, maxX: 121.50, maxY: 31.33)
        let code = MetricCRS.choose(forLonLat: box)
        #expect(code == "EPSG:4549")
        #expect(MetricCRS.gaussKrugerCentralMeridian(code) == 120)
        let t = try CoordinateTransformer(from: "EPSG:4326", to: code)
        let p = try t.transform(peoplesSquare)
        // Transverse Mercator, k = 1, CM 120°E, false easting 500 km: 1.47° east of the CM at 31°N is
        // about N·cosφ·Δλ ≈ 6383 km · 0.855 · 0.02572 ≈ 140.4 km. Exact values from `cs2cs EPSG:4326 EPSG:4549`.
        #expect(abs(p.x - 640_412.315) < 0.01)
        #expect(abs(p.y - 3_457_455.489) < 0.01)
        let back = try t.inverse(p)
        #expect(abs(back.lon - peoplesSquare.lon) < 1e-9)
        #expect(abs(back.lat - peoplesSquare.lat) < 1e-9)
    }

    @Test func everyGaussKrugerCodeHasItsCentralMeridian() throws {
        // On the central meridian the easting is exactly the 500 km false easting.
        for k in 0...20 {
            let cm = 75.0 + 3.0 * Double(k)
            let code = MetricCRS.gaussKrugerCode(longitude: cm + 1.2)
            #expect(code == "EPSG:\(4534 + k)")
            let t = try CoordinateTransformer(from: "WGS84", to: code)
            let p = try t.transform(Position(lon: cm, lat: 30))
            #expect(abs(p.x - 500_000) < 1e-6)
            #expect(abs(p.y - 3_320_000) < 10_000)
        }
    }

    @Test func gridDistanceMatchesGeodesicDistance() throws {
        let a = peoplesSquare
        let b = Position(lon: 121.6737, lat: 31.3304)
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:4549")
        let d = try t.transform(a).distance(to: t.transform(b))
        // Geodesic distance on WGS84 from PROJ's `geod +ellps=WGS84 -I` (Karney's algorithm).
        let geodesic = 22_037.075
        #expect(abs(d - geodesic) / geodesic < 0.001)
        #expect(abs(d - vincentyDistance(a, b)) / geodesic < 0.001)
    }

    @Test func metricCRSChoicesAroundTheWorld() {
        func point(_ lon: Double, _ lat: Double) -> BoundingBox { BoundingBox(minX: lon, minY: lat, maxX: lon, maxY: lat) }
        #expect(MetricCRS.choose(forLonLat: point(116.40, 39.90)) == "EPSG:4548")  // Beijing, CM 117
        #expect(MetricCRS.choose(forLonLat: point(87.60, 43.80)) == "EPSG:4538")   // Ürümqi, CM 87
        #expect(MetricCRS.choose(forLonLat: point(126.60, 45.75)) == "EPSG:4551")  // Harbin, CM 126
        #expect(MetricCRS.choose(forLonLat: point(110.33, 20.03)) == "EPSG:4546")  // Haikou, CM 111
        #expect(MetricCRS.choose(forLonLat: point(24.94, 60.17)) == "EPSG:32635")  // Helsinki
        #expect(MetricCRS.choose(forLonLat: point(151.21, -33.87)) == "EPSG:32756") // Sydney
        #expect(MetricCRS.choose(forLonLat: point(126.98, 37.57)) == "EPSG:32652")  // Seoul
        #expect(MetricCRS.choose(forLonLat: point(139.70, 35.69)) == "EPSG:32654")  // Tokyo
        #expect(MetricCRS.choose(forLonLat: point(105.85, 21.03)) == "EPSG:32648")  // Hanoi
        #expect(MetricCRS.choose(forLonLat: point(-122.42, 37.77)) == "EPSG:32610") // San Francisco
    }

    @Test func helsinkiUTMZone35() throws {
        let t = try CoordinateTransformer(from: "CRS84", to: "EPSG:32635")
        let p = try t.transform(Position(lon: 24.9384, lat: 60.1699))
        // From `cs2cs +proj=longlat +datum=WGS84 +to +proj=utm +zone=35`.
        #expect(abs(p.x - 385_611.317) < 0.01)
        #expect(abs(p.y - 6_672_118.380) < 0.01)
    }

    @Test func bulkTransformEqualsPointByPoint() throws {
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:4549")
        var rng = SplitMix64(seed: 11)
        let ps = (0..<500).map { _ in Position(lon: rng.uniform(118...122), lat: rng.uniform(28...34)) }
        let bulk = try t.transform(ps)
        #expect(bulk.count == ps.count)
        for (p, q) in zip(ps, bulk) { #expect(try t.transform(p) == q) }
        let back = try t.inverse(bulk)
        for (p, q) in zip(ps, back) { #expect(abs(p.lon - q.lon) < 1e-9 && abs(p.lat - q.lat) < 1e-9) }
        #expect(try t.transform([]) == [])
    }

    @Test func unknownCRSThrowsWithPROJMessage() throws {
        do {
            _ = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:999999")
            Issue.record("an unknown CRS was accepted")
        } catch let error as LibraryError {
            #expect(error.library == "PROJ")
            #expect(error.message == "proj_create: crs not found")
        }
        #expect(throws: LibraryError.self) { try CoordinateTransformer(from: "GCJ-02", to: "EPSG:4326") }
    }

    @Test func impossiblePointThrowsNamingIt() throws {
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:4549")
        #expect(throws: LibraryError.self) { try t.transform(Position(lon: 121, lat: 95)) }
        do {
            _ = try t.transform([peoplesSquare, Position(lon: 121, lat: 95)])
            Issue.record("a latitude of 95° was transformed")
        } catch let error as LibraryError {
            #expect(error.message.hasPrefix("point 1"))
        }
    }

    @Test func aliasesResolve() throws {
        #expect(CoordinateTransformer.resolve(" wgs84 ") == "EPSG:4326")
        #expect(CoordinateTransformer.resolve("CGCS2000") == "EPSG:4490")
        #expect(CoordinateTransformer.resolve("+proj=longlat +datum=WGS84") == "+proj=longlat +datum=WGS84")
        // CGCS2000 and WGS84 agree to well under a metre here (PROJ uses a null transformation).
        let t = try CoordinateTransformer(from: "WGS84", to: "CGCS2000")
        let p = try t.transform(peoplesSquare)
        #expect(abs(p.lon - peoplesSquare.lon) < 1e-5 && abs(p.lat - peoplesSquare.lat) < 1e-5)
    }

    @Test func projStringAndWKTAreAccepted() throws {
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs")
        let p = try t.transform(peoplesSquare)
        #expect(abs(p.x - 640_412.315) < 0.01)
        let wkt = #"GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],AXIS["latitude",north,ANGLEUNIT["degree",0.0174532925199433]],AXIS["longitude",east,ANGLEUNIT["degree",0.0174532925199433]]]"#
        let w = try CoordinateTransformer(from: wkt, to: "EPSG:4549")
        #expect(abs(try w.transform(peoplesSquare).x - 640_412.315) < 0.01)
    }

    @Test func crsConverterMethods() throws {
        #expect(try CRSConverter(crs: "EPSG:4326").method == .identity)
        #expect(try CRSConverter(crs: "OGC:CRS84").isIdentity)
        #expect(try CRSConverter(crs: "gcj-02").method == .gcj02)
        #expect(try CRSConverter(crs: "GCJ02").conversionNote?.contains("GCJ-02") == true)
        #expect(try CRSConverter(crs: "EPSG:4326").conversionNote == nil)
        #expect(try CRSConverter(crs: "BD09").method == .bd09)
        let gk = try CRSConverter(crs: "EPSG:4549")
        #expect(gk.method == .proj)
        let back = try gk.toWGS84(Position(x: 640_412.315, y: 3_457_455.489))
        #expect(abs(back.lon - peoplesSquare.lon) < 1e-7 && abs(back.lat - peoplesSquare.lat) < 1e-7)
        let line = try gk.toWGS84(Geometry.lineString([Position(x: 640_412.315, y: 3_457_455.489), Position(x: 500_000, y: 3_457_455.489)]))
        guard case .lineString(let ps) = line else { Issue.record("kind changed"); return }
        #expect(abs(ps[1].lon - 120) < 1e-9)
        #expect(throws: LibraryError.self) { try CRSConverter(crs: "EPSG:999999") }
    }
}

/// Vincenty's inverse formula on WGS84 (metres), an independent check of projected distances.
func vincentyDistance(_ p: Position, _ q: Position) -> Double {
    let a = 6_378_137.0, f = 1 / 298.257223563, b = a * (1 - f)
    let l = (q.lon - p.lon) * .pi / 180
    let u1 = atan((1 - f) * tan(p.lat * .pi / 180)), u2 = atan((1 - f) * tan(q.lat * .pi / 180))
    let sinU1 = sin(u1), cosU1 = cos(u1), sinU2 = sin(u2), cosU2 = cos(u2)
    var lambda = l
    var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cos2Alpha = 0.0, cos2SigmaM = 0.0
    for _ in 0..<200 {
        let sinLambda = sin(lambda), cosLambda = cos(lambda)
        sinSigma = ((cosU2 * sinLambda) * (cosU2 * sinLambda)
            + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) * (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)).squareRoot()
        if sinSigma == 0 { return 0 }
        cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
        sigma = atan2(sinSigma, cosSigma)
        let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
        cos2Alpha = 1 - sinAlpha * sinAlpha
        cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha
        let c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
        let previous = lambda
        lambda = l + (1 - c) * f * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
        if abs(lambda - previous) < 1e-12 { break }
    }
    let uSq = cos2Alpha * (a * a - b * b) / (b * b)
    let bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
    let bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
    let deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
        - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
    return b * bigA * (sigma - deltaSigma)
}
