import Foundation
import Testing
@testable import LifeCircle

/// No number in a plan or a layer may crash the program: 2^63, ±1e300, 1e309 (beyond a double)
/// and tiny values in every numeric plan key and layer field each give a named error (exit 1) or a
/// complete report (exit 0), never a signal.
@Suite struct HugeNumberTests {
    /// A numeric field: the file, the path to it inside the JSON, and the key an error names.
    struct Field: CustomStringConvertible, Sendable {
        var file: String
        var path: [PathStep]
        var key: String

        var description: String { "\(file) \(key)" }
    }

    enum PathStep: Sendable {
        case key(String)
        case index(Int)
    }

    static func plan(_ key: String, _ steps: PathStep...) -> Field { Field(file: "plan.json", path: steps, key: key) }
    static func feature(_ file: String, _ index: Int, _ property: String) -> Field {
        Field(file: file, path: [.key("features"), .index(index), .key("properties"), .key(property)], key: property)
    }

    static let fields: [Field] = [
        plan("coverageGoal", .key("coverageGoal")),
        plan("walking.speed", .key("walking"), .key("speed")),
        plan("walking.elderSpeed", .key("walking"), .key("elderSpeed")),
        plan("walking.maxSnapDistance", .key("walking"), .key("maxSnapDistance")),
        plan("categories[0].walkMinutes", .key("categories"), .index(0), .key("walkMinutes")),
        plan("categories[1].walkMinutes", .key("categories"), .index(1), .key("walkMinutes")),
        plan("categories[0].target.count", .key("categories"), .index(0), .key("target"), .key("count")),
        plan("categories[1].target.coverage", .key("categories"), .index(1), .key("target"), .key("coverage")),
        plan("categories[1].capacity", .key("categories"), .index(1), .key("capacity")),
        feature("residents.geojson", 1, "population"),
        feature("residents.geojson", 1, "age60plus"),
        feature("facilities.geojson", 1, "capacity"),
        feature("streets.geojson", 0, "population"),
        feature("streets.geojson", 0, "population60plus"),
        Field(file: "residents.geojson", path: [.key("features"), .index(2), .key("geometry"), .key("coordinates"), .index(0)], key: "coordinates"),
    ]

    /// The numbers tried, as JSON text: 2^63, ±1e300, beyond a double, subnormal and the smallest double.
    static let values = ["9223372036854775808", "1e300", "-1e300", "1e309", "1e-320", "5e-324"]

    /// Placeholder written where the value goes, then replaced by its JSON text.
    static let placeholder = 987_654_321

    static func setting(_ value: Any, at path: ArraySlice<PathStep>, in json: Any) throws -> Any {
        guard let step = path.first else { return value }
        switch step {
        case .key(let k):
            var o = try #require(json as? [String: Any], "not an object at \(k)")
            o[k] = try setting(value, at: path.dropFirst(), in: o[k] as Any)
            return o
        case .index(let i):
            var a = try #require(json as? [Any], "not an array at \(i)")
            a[i] = try setting(value, at: path.dropFirst(), in: a[i])
            return a
        }
    }

    /// A copy of the tiny plan (with a facility capacity and street populations to vary) whose
    /// `field` holds `value`.
    static func prepare(_ field: Field, _ value: String) throws -> String {
        let folder = try TestSupport.temporaryFolder("huge")
        let tiny = TestSupport.fixture("plans/tiny")
        for f in try FileManager.default.contentsOfDirectory(atPath: tiny) {
            try FileManager.default.copyItem(atPath: tiny + "/" + f, toPath: folder + "/" + f)
        }
        func edit(_ file: String, _ change: (Any) throws -> Any) throws {
            let url = URL(fileURLWithPath: folder + "/" + file)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            try JSONSerialization.data(withJSONObject: change(json), options: [.sortedKeys]).write(to: url)
        }
        try edit("facilities.geojson") { try setting(150, at: feature("facilities.geojson", 1, "capacity").path[...], in: $0) }
        try edit("streets.geojson") { try setting(400, at: feature("streets.geojson", 0, "population").path[...], in: $0) }
        try edit("streets.geojson") { try setting(120, at: feature("streets.geojson", 0, "population60plus").path[...], in: $0) }
        try edit(field.file) { try setting(placeholder, at: field.path[...], in: $0) }
        let path = folder + "/" + field.file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.components(separatedBy: String(placeholder)).count == 2)
        try text.replacingOccurrences(of: String(placeholder), with: value).write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    @Test(arguments: fields)
    func everyValueGivesANamedErrorOrACompleteReport(_ field: Field) throws {
        for value in Self.values {
            let folder = try Self.prepare(field, value)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let exe = try #require(TestSupport.executable)
            let out = folder + "/report"
            let exit = TestSupport.wait(try TestSupport.spawn(exe, ["report", folder, "--out", out], stdout: folder + "/stdout", stderr: folder + "/stderr"))
            let stderr = (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? ""
            #expect(exit.signal == nil, "\(field) = \(value): killed by signal \(exit.signal ?? 0)\n\(stderr)")
            #expect(exit.status == 0 || exit.status == 1, "\(field) = \(value): exit \(exit.status.map(String.init) ?? "-")\n\(stderr)")
            if exit.status == 1 {
                #expect(stderr.contains(field.file), "\(field) = \(value): the error does not name the file\n\(stderr)")
                // A number beyond a double is a JSON syntax error, which names the byte, not the key.
                if value != "1e309" {
                    #expect(stderr.contains(field.key), "\(field) = \(value): the error does not name the key\n\(stderr)")
                }
                #expect(!FileManager.default.fileExists(atPath: out), "\(field) = \(value): partial output")
            } else if exit.status == 0 {
                #expect(FileManager.default.fileExists(atPath: out + "/report.md"), "\(field) = \(value): no report")
            }
        }
    }

    @Test func proposeRefusesPointlessNumbers() throws {
        let tiny = TestSupport.fixture("plans/tiny")
        for arguments in [["--spacing", "1e-300"], ["--spacing", "1e300"], ["--time-budget", "1e300"]] {
            let r = try TestSupport.run(["propose", tiny, "--category", "health-station"] + arguments)
            #expect(r.status == 2, "\(arguments): exit \(r.status)\n\(r.stderr)")
        }
    }

    @Test func formattingIsTotal() {
        #expect(Format.integer(1_057_700) == "1,057,700")
        #expect(Format.integer(-1234.4) == "-1,234")
        #expect(Format.integer(9_223_372_036_854_775_808) == "9.223e+18")
        #expect(Format.integer(1e300) == "1.000e+300")
        #expect(Format.integer(-1e300) == "-1.000e+300")
        #expect(Format.integer(.nan) == "–" && Format.integer(.infinity) == "–")
        #expect(Format.percent(1e300).hasSuffix("%"))
        #expect(Int(saturating: 1e300) == .max && Int(saturating: -1e300) == .min && Int(saturating: .nan) == 0)
        #expect(Int(saturating: 9_223_372_036_854_775_808) == .max && Int(saturating: -9_223_372_036_854_775_808) == .min)
        #expect(Int64(saturating: 12.9) == 12 && Int64(saturating: -.infinity) == .min)
    }
}
