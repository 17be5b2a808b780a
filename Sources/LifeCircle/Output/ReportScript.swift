/// The report's one inline script and its controls: each category map (`figure.mapfig`) gets
/// wheel, pinch and +/− zoom, drag to pan and a reset (all by changing the SVG `viewBox`), a checkbox
/// per layer group (`g.l-streets`, `g.l-reach`, `g.l-uncovered`, `g.l-existing`, `g.l-planned`,
/// `g.l-proposals`, `g.l-labels`), and a click on a street (`path[data-street=i]`) scrolls to its row
/// (`tr#<figure's data-rows>i`) in the street table and highlights both.
///
/// Markers and labels keep their size on screen when zoomed (scaled by 1/zoom about their point),
/// strokes do not thicken (`vector-effect`), and street labels that would overlap a label drawn
/// before them are hidden, so more appear as one zooms in. The scale bar hides while zoomed.
/// Without the script the controls stay hidden and the maps read as before; print hides them.
enum ReportScript {
    /// The map layers with a checkbox, in the order shown: group class suffix and its label.
    static func layers(_ w: ReportWords) -> [(key: String, label: String)] {
        [("streets", w[.mapStreets]), ("reach", w[.legendReached]), ("uncovered", w[.legendUncovered]),
         ("existing", w[.legendExisting]), ("planned", w[.legendPlanned]), ("proposals", w[.legendProposed]),
         ("labels", w[.mapLabels])]
    }

    /// The controls above a map, hidden until the script shows them: a checkbox for each of
    /// `layers` (group class suffix and label; the category maps' layers by default).
    static func controls(_ w: ReportWords, layers: [(key: String, label: String)]? = nil) -> String {
        var out = "<div class=\"mapctl\" hidden><button type=\"button\" data-act=\"in\" title=\"\(w[.mapZoomIn])\">+</button>"
        out += "<button type=\"button\" data-act=\"out\" title=\"\(w[.mapZoomOut])\">−</button>"
        out += "<button type=\"button\" data-act=\"reset\">\(w[.mapReset])</button>"
        for l in layers ?? Self.layers(w) {
            out += "<label><input type=\"checkbox\" data-layer=\"\(l.key)\" checked>\(HTML.escape(l.label))</label>"
        }
        return out + "</div>\n"
    }

    static let css = """
        .mapctl{display:flex;flex-wrap:wrap;gap:2px 8px;align-items:center;font-size:.8em;margin:0 0 4px}.mapctl[hidden]{display:none}
        .mapctl button{min-width:2.2em;font:inherit}.mapctl label{display:flex;align-items:center;gap:2px}
        svg.live{touch-action:none;user-select:none;-webkit-user-select:none;cursor:grab}svg.live path{vector-effect:non-scaling-stroke}
        svg.live .l-labels,svg.live .l-reach,svg.live .l-uncovered{pointer-events:none}svg.live [data-street]:hover{stroke:#000}svg.live path.hit{stroke:#000;stroke-width:2.5}
        tr.hit td{background:#fff3b0}
        """

    /// The script (plain ES5-style JavaScript, no libraries, nothing fetched).
    static let source = #"""
        (function () {
          "use strict";
          var MAX_ZOOM = 40;
          function num(el, a) { return parseFloat(el.getAttribute(a)) || 0; }
          document.querySelectorAll("figure.mapfig").forEach(function (fig) {
            var svg = fig.querySelector("svg.map"), ctl = fig.querySelector(".mapctl");
            if (!svg || !ctl || !svg.viewBox || !svg.viewBox.baseVal) return;
            var W = svg.viewBox.baseVal.width, H = svg.viewBox.baseVal.height, v = { x: 0, y: 0, w: W, h: H };
            ctl.hidden = false;
            svg.classList.add("live");
            // Markers and texts keep their screen size: each scales by 1/zoom about its own point.
            var marks = [].map.call(svg.querySelectorAll(".l-existing circle, .l-planned circle, .l-proposals circle.plabel, .l-proposals text, .l-labels text"), function (el) {
              var c = el.tagName === "text" && el.previousElementSibling && el.previousElementSibling.classList.contains("plabel") ? el.previousElementSibling : el;
              return c.tagName === "circle" ? [el, num(c, "cx"), num(c, "cy")] : [el, num(el, "x"), num(el, "y")];
            });
            var labels = [].map.call(svg.querySelectorAll(".l-labels text"), function (t) {
              var b = t.getBBox();
              return { el: t, x: num(t, "x"), y: num(t, "y"), w: b.width, h: b.height };
            });
            function declutter(k) {
              var shown = [];
              labels.forEach(function (l) {
                var x = (l.x - v.x) * k - l.w / 2, y = (l.y - v.y) * k - l.h, free = true;
                for (var i = 0; i < shown.length && free; i++) {
                  var s = shown[i];
                  free = x + l.w < s[0] || s[0] + s[2] < x || y + l.h < s[1] || s[1] + s[3] < y;
                }
                l.el.style.visibility = free ? "" : "hidden";
                if (free) shown.push([x, y, l.w, l.h]);
              });
            }
            function draw() {
              var k = W / v.w;
              svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].map(function (d) { return Math.round(d * 100) / 100; }).join(" "));
              marks.forEach(function (m) {
                if (k === 1) m[0].removeAttribute("transform");
                else m[0].setAttribute("transform", "translate(" + m[1] + " " + m[2] + ") scale(" + 1 / k + ") translate(" + -m[1] + " " + -m[2] + ")");
              });
              svg.querySelectorAll(".scale").forEach(function (g) { g.style.display = k > 1 ? "none" : ""; });
              declutter(k);
            }
            function clamp() {
              v.x = Math.min(Math.max(v.x, 0), W - v.w);
              v.y = Math.min(Math.max(v.y, 0), H - v.h);
            }
            function zoom(f, cx, cy) {
              var w = Math.min(W, Math.max(W / MAX_ZOOM, v.w / f)), s = w / v.w;
              v.x = cx - (cx - v.x) * s; v.y = cy - (cy - v.y) * s; v.w = w; v.h = H * w / W;
              clamp(); draw();
            }
            function at(x, y) {
              var r = svg.getBoundingClientRect();
              return [v.x + (x - r.left) / r.width * v.w, v.y + (y - r.top) / r.height * v.h];
            }
            svg.addEventListener("wheel", function (e) {
              e.preventDefault();
              var p = at(e.clientX, e.clientY);
              zoom(Math.pow(1.0015, -e.deltaY), p[0], p[1]);
            }, { passive: false });
            // Drag with one pointer pans; two pointers (touch) pinch-zoom about their middle.
            var down = {}, moved = 0;
            svg.addEventListener("pointerdown", function (e) { down[e.pointerId] = [e.clientX, e.clientY]; moved = 0; });
            window.addEventListener("pointermove", function (e) {
              var p = down[e.pointerId];
              if (!p) return;
              var ids = Object.keys(down), r = svg.getBoundingClientRect();
              if (ids.length === 1) {
                v.x -= (e.clientX - p[0]) / r.width * v.w; v.y -= (e.clientY - p[1]) / r.height * v.h;
                moved += Math.abs(e.clientX - p[0]) + Math.abs(e.clientY - p[1]);
                clamp(); draw();
              } else {
                var o = down[ids[0] == e.pointerId ? ids[1] : ids[0]];
                var d0 = Math.hypot(p[0] - o[0], p[1] - o[1]), d1 = Math.hypot(e.clientX - o[0], e.clientY - o[1]);
                var c = at((e.clientX + o[0]) / 2, (e.clientY + o[1]) / 2);
                if (d0 > 0) zoom(d1 / d0, c[0], c[1]);
                moved += 10;
              }
              down[e.pointerId] = [e.clientX, e.clientY];
            });
            function up(e) { delete down[e.pointerId]; }
            window.addEventListener("pointerup", up);
            window.addEventListener("pointercancel", up);
            // A click on a street (not the end of a drag) highlights it and its row, scrolled into view.
            svg.addEventListener("click", function (e) {
              var s = moved > 4 ? null : e.target.closest("[data-street]");
              if (!s) return;
              document.querySelectorAll(".hit").forEach(function (h) { h.classList.remove("hit"); });
              s.classList.add("hit");
              var row = document.getElementById(fig.getAttribute("data-rows") + s.getAttribute("data-street"));
              if (row) { row.classList.add("hit"); row.scrollIntoView({ block: "center" }); }
            });
            ctl.querySelectorAll("button").forEach(function (b) {
              b.addEventListener("click", function () {
                var a = b.getAttribute("data-act");
                if (a === "reset") { v = { x: 0, y: 0, w: W, h: H }; draw(); }
                else zoom(a === "in" ? 1.5 : 1 / 1.5, v.x + v.w / 2, v.y + v.h / 2);
              });
            });
            ctl.querySelectorAll("input[data-layer]").forEach(function (c) {
              var groups = svg.querySelectorAll(".l-" + c.getAttribute("data-layer"));
              if (!svg.querySelector(".l-" + c.getAttribute("data-layer") + " > *")) c.parentNode.hidden = true;
              c.addEventListener("change", function () {
                groups.forEach(function (g) { g.style.display = c.checked ? "" : "none"; });
              });
            });
            draw();
          });
        })();

        """#
}
