import Testing
@testable import LifeCircle

@Suite struct GeoJSONModelTests {
    @Test func jsonObjectKeepsInsertionOrder() {
        var o = JSONObject()
        o["b"] = 1
        o["a"] = "x"
        o["b"] = 2
        #expect(o.keys == ["b", "a"])
        #expect(o["b"] == .number(2))
        o["b"] = nil
        #expect(o.keys == ["a"])
    }

    @Test func writerOrientsRingsByRightHandRule() {
        let cw: [Position] = [.init(x: 0, y: 0), .init(x: 0, y: 1), .init(x: 1, y: 1), .init(x: 1, y: 0), .init(x: 0, y: 0)]
        #expect(GeoJSONWriter.signedArea(cw) < 0)
        let text = GeoJSONWriter.encode(geometry: .polygon([cw]))
        #expect(text == "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}")
    }
}
