import Foundation
import Testing
@testable import LifeCircle

/// The report's map script in headless Chromium, on the report of `sample jingan --seed 7 --scale 2`
/// made by the debug build under test (`CityReportMapTests` runs the same driver and checks on the
/// report of `sample jingan --scale 25` made by a release build): a wheel zooms the first map (its
/// viewBox shrinks about the pointer), labels keep their screen size, overlapping labels are hidden,
/// a drag pans, a layer checkbox hides its group, and a click on a street (found by hit-testing the
/// zoomed map) highlights exactly that street's table row.
@Suite(.enabled(if: ExternalTool.path("chromium") != nil, "chromium is not on PATH: map script checks skipped"))
struct ReportMapScriptTests {
    /// The test's driver, appended after the report's own script; it writes what it saw as JSON into
    /// `<pre id="test-out">`.
    static let driver = #"""
        <script>
        (function () {
          var out = {}, figs = document.querySelectorAll("figure.mapfig"), fig = figs[0], svg = fig.querySelector("svg.map");
          function visibleLabels(map) { return [].filter.call((map || svg).querySelectorAll(".l-labels text"), function (t) { return t.style.visibility !== "hidden"; }); }
          function overlaps(map) {
            var r = visibleLabels(map).map(function (t) { return t.getBoundingClientRect(); }), n = 0;
            for (var i = 0; i < r.length; i++) for (var j = i + 1; j < r.length; j++)
              if (r[i].left < r[j].right - 0.5 && r[j].left < r[i].right - 0.5 && r[i].top < r[j].bottom - 0.5 && r[j].top < r[i].bottom - 0.5) n++;
            return n;
          }
          svg.scrollIntoView({ block: "center" });  // elementFromPoint sees only the viewport
          out.controlsShown = !fig.querySelector(".mapctl").hidden;
          out.before = svg.getAttribute("viewBox");
          // The whole page: every map's labels as loaded, the first map's streets and its table's rows.
          out.maps = figs.length;
          out.liveMaps = document.querySelectorAll("svg.map.live").length;
          out.overlapsEveryMap = [].reduce.call(figs, function (n, f) { return n + overlaps(f.querySelector("svg.map")); }, 0);
          var ids = {};
          [].forEach.call(svg.querySelectorAll("[data-street]"), function (p) { ids[p.getAttribute("data-street")] = true; });
          out.streets = Object.keys(ids).length;
          out.rows = document.querySelectorAll("tr[id^='" + fig.getAttribute("data-rows") + "']").length;
          out.labels = svg.querySelectorAll(".l-labels text").length;
          out.visibleBefore = visibleLabels().length;
          out.overlapsBefore = overlaps();
          var label = svg.querySelector(".l-labels text"), h0 = label.getBoundingClientRect().height;
          var b = svg.getBoundingClientRect(), cx = b.left + b.width / 2, cy = b.top + b.height / 2;
          for (var k = 0; k < 3; k++)
            svg.dispatchEvent(new WheelEvent("wheel", { deltaY: -300, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
          out.zoomed = svg.getAttribute("viewBox");
          out.labelHeightRatio = label.getBoundingClientRect().height / h0;
          out.visibleZoomed = visibleLabels().length;
          out.overlapsZoomed = overlaps();
          svg.dispatchEvent(new PointerEvent("pointerdown", { pointerId: 1, clientX: cx, clientY: cy, bubbles: true }));
          window.dispatchEvent(new PointerEvent("pointermove", { pointerId: 1, clientX: cx + 40, clientY: cy, bubbles: true }));
          window.dispatchEvent(new PointerEvent("pointerup", { pointerId: 1, clientX: cx + 40, clientY: cy, bubbles: true }));
          out.panned = svg.getAttribute("viewBox");
          // A street under the pointer: scan the zoomed map for a point whose top element is a street.
          var target = null, px = 0, py = 0;
          for (var y = 0.3; y < 0.8 && !target; y += 0.05) for (var x = 0.3; x < 0.8 && !target; x += 0.05) {
            var e = document.elementFromPoint(b.left + x * b.width, b.top + y * b.height);
            if (e && e.hasAttribute("data-street")) { target = e; px = b.left + x * b.width; py = b.top + y * b.height; }
          }
          out.street = target ? target.getAttribute("data-street") : null;
          out.streetTitle = target ? target.querySelector("title").textContent : null;
          if (target) {  // a click as a browser delivers it: pointer down, up, then click
            var at = { pointerId: 2, clientX: px, clientY: py, bubbles: true };
            target.dispatchEvent(new PointerEvent("pointerdown", at));
            target.dispatchEvent(new PointerEvent("pointerup", at));
            target.dispatchEvent(new MouseEvent("click", at));
          }
          var rows = document.querySelectorAll("tr.hit");
          out.hitRows = rows.length;
          out.rowID = rows.length ? rows[0].id : null;
          out.rowName = rows.length ? rows[0].cells[1].textContent : null;
          out.rowsPrefix = fig.getAttribute("data-rows");
          out.pathHit = target ? target.classList.contains("hit") : false;
          var box = fig.querySelector("input[data-layer=streets]");
          box.checked = false; box.dispatchEvent(new Event("change"));
          out.streetsHidden = getComputedStyle(svg.querySelector(".l-streets")).display === "none";
          fig.querySelector("button[data-act=reset]").click();
          out.reset = svg.getAttribute("viewBox");
          out.buttons = [].map.call(fig.querySelectorAll(".mapctl button"), function (x) { return x.title || x.textContent; }).join("|");
          var pre = document.createElement("pre"); pre.id = "test-out"; pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        })();
        </script>
        """#

    /// `sample jingan --seed 7 --scale 2` (28 streets, twice the sample's residents), copied with its
    /// plan's language set, then `report`; returns the report.html path.
    static func report(language: String?) throws -> String {
        let work = try TestSupport.temporaryFolder("mapscript")
        let sample = try TestSupport.run(["sample", "jingan", "--seed", "7", "--scale", "2", "--out", work + "/sample"])
        try #require(sample.status == 0, "\(sample.stderr)")
        let plan = try ReportLanguageTests.plan("mapscript-plan", language: language, source: work + "/sample")
        try FileManager.default.moveItem(atPath: plan, toPath: work + "/plan")
        let run = try TestSupport.run(["report", work + "/plan", "--out", work + "/out"])
        try #require(run.status == 0, "\(run.stderr)")
        return work + "/out/report.html"
    }

    /// Runs the driver on a copy of `html` in headless Chromium; returns what it wrote. The driver
    /// goes just before the page's last `</body>`, so it runs, and writes, only once Chromium has
    /// parsed the whole page: on a page cut short there is nothing to read. Plain searches from the
    /// end, no regex: the report of `sample --scale 25` is about 27 MB.
    static func drive(_ html: String) throws -> [String: Any] {
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let end = try #require(page.range(of: "</body>", options: .backwards), "no </body> in \(html)")
        let copy = (html as NSString).deletingLastPathComponent + "/driven.html"
        try AtomicFile.write(page.replacingCharacters(in: end, with: driver + "\n</body>"), to: copy)
        let o = try ExternalTool.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                                                  "--virtual-time-budget=5000", "--dump-dom", "file://" + copy])
        try #require(o.status == 0, "\(o.stderr)")
        let open = try #require(o.stdout.range(of: "<pre id=\"test-out\">", options: .backwards), "the driver wrote nothing: \(o.stderr.suffix(2000))")
        let close = try #require(o.stdout.range(of: "</pre>", range: open.upperBound..<o.stdout.endIndex))
        let text = o.stdout[open.upperBound..<close.lowerBound].replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func viewBox(_ v: Any?) -> [Double] {
        ((v as? String) ?? "").split(separator: " ").compactMap { Double($0) }
    }

    /// One run (a debug `report` at scale 2 takes minutes), in Chinese: the controls' words come
    /// from ReportWords like the rest of the page.
    @Test func aWheelZoomsTheMapAndAClickOnAStreetHighlightsItsRow() throws {
        let html = try Self.report(language: "zh-CN")
        defer { try? FileManager.default.removeItem(atPath: ((html as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent) }
        // The sample's 14 streets on each of its 2 tiles.
        try Self.expectTheMapWorks(Self.drive(html), streets: 28, buttons: "放大|缩小|复位")
    }

    /// What the driver must have seen on any report: `streets` streets in the first map, each with
    /// its row; zoom, labels, pan, a click on a street, a layer toggle and the reset as they should be;
    /// `buttons` the controls' titles.
    static func expectTheMapWorks(_ out: [String: Any], streets: Int, buttons: String) throws {
        #expect(out["controlsShown"] as? Bool == true)
        // The page whole: every map live, the first map with each street once and its table a row per street.
        let maps = out["maps"] as? Int ?? 0
        #expect(maps > 0 && out["liveMaps"] as? Int == maps, "\(out)")
        #expect(out["streets"] as? Int == streets, "\(out)")
        #expect(out["rows"] as? Int == streets, "\(out)")
        // Zoom: three wheel steps of 1.0015^300 ≈ 1.568 each about the centre, so the view is 1/3.86
        // as wide and still centred.
        let before = Self.viewBox(out["before"]), zoomed = Self.viewBox(out["zoomed"])
        try #require(before.count == 4 && zoomed.count == 4, "\(out)")
        #expect(before[0] == 0 && before[1] == 0)
        let factor = pow(pow(1.0015, 300.0), 3)
        #expect(abs(zoomed[2] - before[2] / factor) < 0.05, "\(zoomed) vs \(before)")
        #expect(abs((zoomed[0] + zoomed[2] / 2) - before[2] / 2) < 1.5, "not centred: \(zoomed)")
        // Labels keep their size on screen (scaled by 1/zoom), and never overlap, in any map: more
        // show zoomed in.
        #expect(abs((out["labelHeightRatio"] as? Double ?? 0) - 1) < 0.05, "\(out)")
        #expect(out["overlapsEveryMap"] as? Int == 0)
        #expect(out["overlapsBefore"] as? Int == 0)
        #expect(out["overlapsZoomed"] as? Int == 0)
        let labels = out["labels"] as? Int ?? 0, shownBefore = out["visibleBefore"] as? Int ?? 0, shownZoomed = out["visibleZoomed"] as? Int ?? 0
        #expect(labels * 4 > streets * 3 && labels <= streets && shownBefore > 0 && shownBefore <= shownZoomed, "\(out)")
        // A drag 40 px right moves the view left by 40 px of screen in map units.
        let panned = Self.viewBox(out["panned"])
        try #require(panned.count == 4)
        #expect(panned[0] < zoomed[0] && panned[2] == zoomed[2], "\(panned) after \(zoomed)")
        // The click: exactly one row highlighted, the clicked street's, named as its map title says.
        let street = try #require(out["street"] as? String, "no street under the scanned points: \(out)")
        #expect(out["hitRows"] as? Int == 1)
        #expect(out["rowID"] as? String == (out["rowsPrefix"] as? String ?? "?") + street)
        let name = try #require(out["rowName"] as? String), title = try #require(out["streetTitle"] as? String)
        #expect(title.hasPrefix(name + ":") || title.hasPrefix(name + "："), "row \(name), street \(title)")
        #expect(out["pathHit"] as? Bool == true)
        #expect(out["streetsHidden"] as? Bool == true)
        #expect(out["reset"] as? String == out["before"] as? String)
        #expect(out["buttons"] as? String == buttons)
    }
}
