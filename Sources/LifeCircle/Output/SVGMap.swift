import Foundation

/// A small SVG map renderer for reports: polygons, lines and points in lon/lat drawn in a fixed
/// viewport with an equirectangular view scaled by cos(latitude), so shapes keep their proportions.
///
/// Output is deterministic (fixed decimals, layers in the order added).
package struct SVGMap: Sendable {
    package struct Style: Sendable, Equatable {
        package var fill: String = "none"
        package var stroke: String = "none"
        package var strokeWidth: Double = 1
        package var opacity: Double = 1
        package var radius: Double = 2
    }

    package let bounds: BoundingBox
    package let width: Double
    package let height: Double
    private let scaleX: Double
    private let scaleY: Double
    private let margin = 8.0
    private var body: [String] = []
    /// The boxes of the text labels added so far (x, y, width, height in pixels): markers placed
    /// later keep clear of them.
    private(set) var labelBoxes: [(x: Double, y: Double, w: Double, h: Double)] = []

    /// A map of `bounds` (lon/lat) at most `maxWidth` × `maxHeight` pixels.
    package init(bounds: BoundingBox, maxWidth: Double = 480, maxHeight: Double = 720) {
        self.bounds = bounds
        let k = cos(bounds.center.y * .pi / 180)
        let w = max(bounds.width * k, 1e-9), h = max(bounds.height, 1e-9)
        let s = min((maxWidth - 16) / w, (maxHeight - 16) / h)
        self.scaleX = s * k
        self.scaleY = s
        self.width = (w * s + 16).rounded()
        self.height = (h * s + 16).rounded()
    }

    func px(_ p: Position) -> (Double, Double) {
        ((p.x - bounds.minX) * scaleX + margin, (bounds.maxY - p.y) * scaleY + margin)
    }

    /// One decimal, trailing zero dropped ("12.5", "12"); integer arithmetic, no `String(format:)`.
    private static func f(_ d: Double) -> String { GeoJSONWriter.number(d, 1) }

    private func styleAttributes(_ s: Style) -> String {
        var a = "fill=\"\(s.fill)\" stroke=\"\(s.stroke)\""
        if s.stroke != "none" { a += " stroke-width=\"\(Format.fixed(s.strokeWidth, 2))\"" }
        if s.opacity < 1 { a += " opacity=\"\(Format.fixed(s.opacity, 2))\"" }
        return a
    }

    /// Starts a group `<g class="cls">` holding what is added until ``endGroup()`` (a map layer the
    /// report's script can toggle).
    package mutating func beginGroup(_ cls: String) { body.append("<g class=\"\(HTML.escape(cls))\">") }

    /// Ends the group started last.
    package mutating func endGroup() { body.append("</g>") }

    /// Adds a polygon or multipolygon (other geometry types are drawn as lines/points); a polygon's
    /// path gets `data-street="street"` when `street` is given.
    package mutating func add(_ geometry: Geometry, style: Style, title: String? = nil, street: Int? = nil) {
        let t = title.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        let data = street.map { " data-street=\"\($0)\"" } ?? ""
        switch geometry {
        case .polygon(let rings):
            body.append("<path\(data) \(styleAttributes(style)) fill-rule=\"evenodd\" d=\"\(path(rings, close: true))\">\(t)</path>")
        case .multiPolygon(let polys):
            body.append("<path\(data) \(styleAttributes(style)) fill-rule=\"evenodd\" d=\"\(path(polys.flatMap { $0 }, close: true))\">\(t)</path>")
        case .lineString(let ps):
            body.append("<path \(styleAttributes(style)) d=\"\(path([ps], close: false))\">\(t)</path>")
        case .multiLineString(let ls):
            body.append("<path \(styleAttributes(style)) d=\"\(path(ls, close: false))\">\(t)</path>")
        case .point(let p):
            addPoint(p, style: style, title: title)
        case .multiPoint(let ps):
            for p in ps { addPoint(p, style: style, title: title) }
        case .geometryCollection(let gs):
            for g in gs { add(g, style: style, title: title) }
        }
    }

    /// Adds many lines as one path element (e.g. a service area's edges).
    package mutating func addLines(_ lines: [[Position]], style: Style) {
        guard !lines.isEmpty else { return }
        body.append("<path \(styleAttributes(style)) d=\"\(path(lines, close: false))\"/>")
    }

    /// Adds many points as one path of small squares (cheap for thousands of residents).
    package mutating func addDots(_ points: [Position], size: Double, color: String, opacity: Double = 1) {
        guard !points.isEmpty else { return }
        var d = ""
        let h = size / 2
        for p in points {
            let (x, y) = px(p)
            d += "M\(Self.f(x - h)) \(Self.f(y - h))h\(Self.f(size))v\(Self.f(size))h-\(Self.f(size))z"
        }
        let o = opacity < 1 ? " opacity=\"\(Format.fixed(opacity, 2))\"" : ""
        body.append("<path fill=\"\(color)\"\(o) d=\"\(d)\"/>")
    }

    /// Adds a circle marker, optionally with a label drawn on it.
    package mutating func addPoint(_ p: Position, style: Style, title: String? = nil, label: String? = nil) {
        let (x, y) = px(p)
        let t = title.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        body.append("<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"\(Self.f(style.radius))\" \(styleAttributes(style))>\(t)</circle>")
        if let label {
            body.append("<text x=\"\(Self.f(x))\" y=\"\(Self.f(y + 3))\" font-size=\"9\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">\(HTML.escape(label))</text>")
        }
    }

    /// A numbered marker (a proposed site): where it is, the text drawn on it, its tooltip.
    package struct Marker: Sendable {
        package var position: Position
        package var label: String
        package var title: String

        package init(position: Position, label: String, title: String) {
            self.position = position
            self.label = label
            self.title = title
        }
    }

    /// The radius of a numbered marker's disc, in pixels.
    static let markerRadius = 7.0

    /// Adds numbered markers whose discs never overlap: each, in the order given (most important
    /// first), sits on its point when that is free, else at the nearest free spot on rings of
    /// growing radius around it (16 directions per ring, clockwise from north), joined to a small dot
    /// on the true point by a leader line. Every disc is a `<circle class="plabel">`.
    ///
    /// - Complexity: O(n² · k) for n markers and k tried spots per marker (at most 16 × 12).
    package mutating func addPlacedMarkers(_ markers: [Marker], color: String) {
        let r = Self.markerRadius, gap = 1.0
        var placed: [(Double, Double)] = []
        let boxes = labelBoxes
        func free(_ x: Double, _ y: Double) -> Bool {
            placed.allSatisfy { (($0.0 - x) * ($0.0 - x) + ($0.1 - y) * ($0.1 - y)).squareRoot() >= 2 * r + gap }
                && boxes.allSatisfy { b in
                    let dx = x - min(max(x, b.x), b.x + b.w), dy = y - min(max(y, b.y), b.y + b.h)
                    return (dx * dx + dy * dy).squareRoot() >= r + gap
                }
        }
        var leaders: [String] = [], discs: [String] = []
        for m in markers {
            let (x0, y0) = px(m.position)
            var spot = (x0, y0)
            if !free(x0, y0) {
                search: for ring in 1...12 {
                    let d = Double(ring) * (2 * r + gap) * 0.75
                    for k in 0..<16 {
                        let a = Double(k) * .pi / 8
                        let x = x0 + d * sin(a), y = y0 - d * cos(a)
                        if free(x, y) { spot = (x, y); break search }
                    }
                }
            }
            placed.append(spot)
            let t = "<title>\(HTML.escape(m.title))</title>"
            if spot != (x0, y0) {
                leaders.append("<path fill=\"none\" stroke=\"\(color)\" stroke-width=\"1\" d=\"M\(Self.f(x0)) \(Self.f(y0))L\(Self.f(spot.0)) \(Self.f(spot.1))\"/>"
                    + "<circle cx=\"\(Self.f(x0))\" cy=\"\(Self.f(y0))\" r=\"2\" fill=\"\(color)\"/>")
            }
            discs.append("<circle class=\"plabel\" cx=\"\(Self.f(spot.0))\" cy=\"\(Self.f(spot.1))\" r=\"\(Self.f(r))\" fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1.00\">\(t)</circle>"
                + "<text x=\"\(Self.f(spot.0))\" y=\"\(Self.f(spot.1 + 3))\" font-size=\"9\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">\(HTML.escape(m.label))</text>")
        }
        body.append(contentsOf: leaders)
        body.append(contentsOf: discs.reversed())
    }

    /// Adds a text label at a position.
    package mutating func addLabel(_ text: String, at p: Position, size: Double = 10, color: String = "#333") {
        let (x, y) = px(p)
        let w = Self.textWidth(text, size: size)
        labelBoxes.append((x - w / 2, y - size, w, size * 1.25))
        body.append("<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-size=\"\(Self.f(size))\" text-anchor=\"middle\" fill=\"\(color)\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"2\">\(HTML.escape(text))</text>")
    }

    /// The width of `text` at font size `size`, generously: CJK characters a full em, others 0.62 em.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.62) }
    }

    /// Metres per degree of latitude on the sphere of radius 6,371,008.8 m.
    static let metersPerDegree = 6_371_008.8 * .pi / 180

    /// Adds a scale bar in metres at the bottom left: a round length (1, 2 or 5 × 10ⁿ m) about
    /// `targetPixels` long.
    package mutating func addScaleBar(targetPixels: Double = 90) {
        let pxPerMeter = scaleY / Self.metersPerDegree
        guard pxPerMeter > 0, pxPerMeter.isFinite else { return }
        let raw = targetPixels / pxPerMeter
        let power = pow(10, floor(log10(raw)))
        let meters = [1.0, 2, 5, 10].map { $0 * power }.last { $0 <= raw } ?? power
        let w = meters * pxPerMeter
        let x = margin + 4, y = height - margin - 6
        let label = meters >= 1000 ? "\(GeoJSONWriter.plainNumber(meters / 1000)) km" : "\(GeoJSONWriter.plainNumber(meters)) m"
        body.append("<g class=\"scale\"><path fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\" d=\"M\(Self.f(x)) \(Self.f(y - 4))V\(Self.f(y))H\(Self.f(x + w))V\(Self.f(y - 4))\"/>"
            + "<text x=\"\(Self.f(x + w / 2))\" y=\"\(Self.f(y - 6))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#222\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"2\">\(label)</text></g>")
    }

    /// Adds a north arrow at the top right.
    package mutating func addNorthArrow() {
        let x = width - margin - 12, y = margin + 6
        body.append("<g class=\"north\"><path fill=\"#222\" d=\"M\(Self.f(x)) \(Self.f(y))L\(Self.f(x + 6)) \(Self.f(y + 18))L\(Self.f(x)) \(Self.f(y + 14))L\(Self.f(x - 6)) \(Self.f(y + 18))Z\"/>"
            + "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y + 30))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#222\">N</text></g>")
    }

    private func path(_ rings: [[Position]], close: Bool) -> String {
        var d = ""
        for ring in rings where !ring.isEmpty {
            for (i, p) in ring.enumerated() {
                let (x, y) = px(p)
                d += (i == 0 ? "M" : "L") + Self.f(x) + " " + Self.f(y)
            }
            if close { d += "Z" }
        }
        return d
    }

    /// The SVG element, with a title for accessibility.
    package func svg(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
            + body.joined() + "</svg>"
    }
}

/// HTML text escaping.
package enum HTML {
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
