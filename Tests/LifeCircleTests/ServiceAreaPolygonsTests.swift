import Foundation
import Testing
@testable import LifeCircle

/// The service-area polygons made once by whichever thread asks first, possibly in the background
/// while the proposals are searched: the same polygons as made directly, each made once.
@Suite struct ServiceAreaPolygonsTests {
    static func tinyStudy() throws -> Study {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        return Study(data: try StudyLoader().load(plan))
    }

    /// `area` with its polygon made directly on this thread.
    static func direct(_ area: ServiceArea, _ metricCRS: String) throws -> ServiceArea {
        try area.withArea(toWGS84: try CoordinateTransformer.forThisThread(from: metricCRS, to: "EPSG:4326"))
    }

    @Test func theBackgroundThreadMakesEveryPolygonAsMadeDirectly() throws {
        let study = try Self.tinyStudy()
        let analysis = try study.prepare(naming: .edgesOnly).analyse()
        let areas = try ServiceArea.compute(analysis)
        let crs = analysis.prepared.metricCRS
        #expect(areas.count == 2)
        let polygons = ServiceAreaPolygons(areas, metricCRS: crs)
        #expect(areas.allSatisfy { !polygons.isDone($0.category) })
        polygons.startInBackground()
        // Wait (generously) for the background thread; nothing else asks for the polygons.
        let deadline = Date().addingTimeInterval(120)
        while !areas.allSatisfy({ polygons.isDone($0.category) }) && Date() < deadline { usleep(2_000) }
        #expect(areas.allSatisfy { polygons.isDone($0.category) }, "the background thread made every polygon")
        // Already made: nothing is left for another thread to make.
        #expect(areas.allSatisfy { !polygons.makeIfWaiting($0.category) })
        for area in areas {
            let made = try polygons.withArea(of: area)
            let expected = try Self.direct(area, crs)
            #expect(made.area == expected.area)
            #expect(made.areaSquareMeters == expected.areaSquareMeters)
        }
        // The health station reaches streets (a polygon); the canteen is only planned (none).
        #expect(try polygons.withArea(of: areas[0]).area != nil)
        #expect(try polygons.withArea(of: areas[0]).areaSquareMeters > 0)
        #expect(try polygons.withArea(of: areas[1]).area == nil)
    }

    @Test func anAreaNotAmongThePolygonsIsMadeDirectly() throws {
        let study = try Self.tinyStudy()
        let analysis = try study.prepare(naming: .edgesOnly).analyse()
        let areas = try ServiceArea.compute(analysis)
        let crs = analysis.prepared.metricCRS
        let polygons = ServiceAreaPolygons([areas[0]], metricCRS: crs)
        #expect(!polygons.makeIfWaiting(areas[1].category))
        #expect(!polygons.isDone(areas[1].category))
        let made = try polygons.withArea(of: areas[1])
        #expect(made.area == (try Self.direct(areas[1], crs)).area)
    }

    /// The asking thread makes its own polygon first when no thread has started it, and the later
    /// ones only while another thread makes its own (here none does: the later one stays unmade).
    @Test func anUnstartedPolygonIsMadeBeforeTheLaterOnes() throws {
        let study = try Self.tinyStudy()
        let analysis = try study.prepare(naming: .edgesOnly).analyse()
        let areas = try ServiceArea.compute(analysis)
        let crs = analysis.prepared.metricCRS
        let polygons = ServiceAreaPolygons(areas, metricCRS: crs)
        let made = try polygons.withArea(of: areas[0], meanwhile: [areas[1]])
        #expect(made.area == (try Self.direct(areas[0], crs)).area)
        #expect(polygons.isDone(areas[0].category))
        #expect(!polygons.isDone(areas[1].category), "the later polygon was made although nobody else made the first")
    }

    /// A write refused at once (a folder LifeCircle did not write) stops the background polygon
    /// thread and waits for it before it throws, so no GEOS call of it outlives the failed run
    /// (the process exits next): the thread, held before its first polygon until well after a
    /// write that did not wait would have returned, is gone when `write` returns and made none.
    @Test func aFailedWriteStopsTheBackgroundPolygonsBeforeItThrows() throws {
        let study = try Self.tinyStudy()
        let analysis = try study.prepare(naming: .edgesOnly).analyse()
        let areas = try ServiceArea.compute(analysis)
        let polygons = ServiceAreaPolygons(areas, metricCRS: analysis.prepared.metricCRS)
        let gate = DispatchSemaphore(value: 0)
        polygons.startInBackground(beforeEach: { _ in gate.wait() })
        let report = try StudyReport(analysis: analysis, serviceAreas: areas, polygons: polygons)
        let folder = try TestSupport.temporaryFolder("polygons-refused")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        #expect(polygons.isRunningInBackground)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { gate.signal() }
        #expect(throws: FileError.self) { try report.write(to: folder, pages: false) }
        #expect(!polygons.isRunningInBackground, "write returned while the background thread still ran")
        #expect(areas.allSatisfy { !polygons.isDone($0.category) }, "the stopped thread made a polygon")
        // Let a thread that was not stopped run to its end.
        for _ in areas { gate.signal() }
        #expect(try String(contentsOfFile: folder + "/notes.txt", encoding: .utf8) == "mine")
    }

    /// `report` with proposals starts the polygons before proposing; its files equal those of the
    /// same report whose polygons are made only when the files are made.
    @Test func aReportWithProposalsWritesThePolygonsOfOneMadeWithoutTheBackground() throws {
        let study = try Self.tinyStudy()
        let early = try study.report(siting: Study.reportSiting)
        let late = try StudyReport(analysis: early.analysis, serviceAreas: early.serviceAreas, proposals: early.proposals,
                                   proposalSummaries: early.proposalSummaries, circle: early.circle, equity: early.equity,
                                   joint: early.joint)
        let a = try early.layerFiles(), b = try late.layerFiles()
        #expect(a.map(\.name) == b.map(\.name))
        #expect(a.map(\.bytes) == b.map(\.bytes))
        #expect(a.contains { $0.name.hasPrefix("service-area-polygon-") })
    }
}
